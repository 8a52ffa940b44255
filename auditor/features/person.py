"""The person in the photo: a segmentation seeded by the landmarks, and the regions cut from it.

`segment_person` runs OpenCV's GrabCut (colour models of person and backdrop, iterated with a
graph cut) on a SEGMENT_SIZE copy of the photo. It is seeded from the face's axes, not from a
fixed box multiple: the face between the eyes and the chin and a strip down the neck and chest
are certainly the person; a tight outline (skull, neck, chest) is probably the person; the
rest of a generous head-and-shoulders outline (where hair and shoulders may be) is probably
backdrop until the colour models claim it, and what lies far from it is certainly backdrop.
The crown (top of the head with its hair, a tall bun or top-knot left out) and the top of the
shoulders are then read off the mask (`crown_and_shoulders`; on a plain backdrop, hair the mask
left out is followed up at full resolution, and so is hair above a mask that stopped at the
hairline), and the regions the measures use are cut from it:

- `background_region`: pixels at least BACKGROUND_MARGIN IED clear of the person;
- `face_region`: the face's skin from the landmarks (brow line to chin, cheek to cheek);
- `torso_region`: the person below the neck (NECK_LENGTH IED under the chin): clothing;
- `hair_side_regions`: beside the jaw and the temples, where long hair shows the colour it
  brings down onto the clothes.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import cv2
import numpy as np

from auditor.features.geometry import CROWN_ABOVE_EYES, SHOULDER_WIDTH, HeadAxes

__all__ = [
    "background_region",
    "crown_and_shoulders",
    "face_region",
    "geometric_person",
    "hair_side_regions",
    "like_hair",
    "long_hair_colour",
    "near_colour",
    "segment_person",
    "torso_region",
    "with_lost_hair",
]

# GrabCut runs on a copy with the eyes SEGMENT_IED px apart (a headshot: ~85 px long side),
# its long side within SEGMENT_SIZE (its cost grows with the pixel count). 15 px (18 before:
# 31% more pixels, GrabCut a third dearer) kept every validation of docs/scale.md's sixth pass;
# 14 px made the head share worse (second pass).
SEGMENT_IED = 15
SEGMENT_SIZE = (64, 160)
# Three rounds of colour models and graph cut. Two would save a quarter of GrabCut's time (its
# set-up and each round cost about the same) and left the crown, chin and on-style flags as
# they were, but the torso's edge is looser after two: the clothes' pattern of plain suits
# rose (8.8% -> 10.3% on one congress-gpo portrait) and a check shirt no longer stood out
# (tests/analysis/test_new_kinds.py).
GRABCUT_ITERATIONS = 3
GRABCUT_SEED = 14
# The tight outline: the skull's top this many IED above the eyes, half as wide as this...
TIGHT_TOP = 1.6
TIGHT_HALF_WIDTH = 0.9
BACKDROP_COLOURS = 4  # k-means centres describing the certain backdrop
# IED above the chin below which nothing is certain backdrop nor teaches its colours (about
# the mouth: the chin is 1.2-1.5 IED below the eyes). Set on GPO portraits whose suit
# shoulders reach above the chin at the frame's edges (0.3 IED on T000326); a higher line
# (1 IED) also freed the backdrop beside the hair of frll 123, whose mask then lost its curls.
# Checked on the 160 18F and GPO portraits and the 50 frll ones (docs/analysis.md).
BACKDROP_ABOVE_CHIN = 0.5
# A backdrop colour held by under this share of the learned pixels is stray pixels, not the
# backdrop (a suit's shoulder reaching the learned rows at the frame's edge: GPO M000933,
# head bowed, 0.6 IED above its chin).
MIN_BACKDROP_COLOUR_SHARE = 0.05
MIN_BACKDROP_SAMPLES = 30  # pixels of certain backdrop needed to learn its colours
# A pixel is person-like when it is this many times farther from the backdrop's colours than
# the backdrop's own pixels typically are (at least MIN_BACKDROP_SPREAD Lab units).
BACKDROP_DISTANCE = 3.0
MIN_BACKDROP_SPREAD = 3.0
SURE_BACKGROUND_BEYOND = 0.6  # IED outside the probable outline: certainly backdrop
BACKGROUND_MARGIN = 0.12  # IED between the segmented person and the background pixels
NECK_LENGTH = 0.6  # IED from the chin to where clothing starts
CROWN_BAND = 0.25  # IED either side of the face's axis where the crown is read
# The top of the skull is ~1.75 IED above the eyes in adults (~110 mm over a 63 mm inter-pupil
# distance; 1.47 on the closest-cropped GPO head, C001049, checked by eye); a "crown" lower than
# this is the mask missing the hair, whatever the hairstyle.
MIN_CROWN_ABOVE_EYES = 1.35
# ... and hair more than this many IED above the eyes is not the head's outline but what
# stands out of it (a tall bun or top-knot): the crown is capped there ("capped"), so such a
# bun does not make the head bigger. Set above every head whose hair lies on it in the 160
# 18F and GPO portraits (up to 2.29: short hair, a head tilted towards a camera above it;
# teased volume 2.37) and in frll (the skull 1.52-1.74 on its bald heads). A lower cap matches
# frll's crown better (2.1: head share rho 0.92 on its held-out half) but cut short-haired
# GPO heads by up to 0.2 IED (docs/measures.md, "Why headroom misses").
MAX_CROWN_ABOVE_EYES = 2.4
# A head whose mask touches the top edge: the edge's rows (EDGE_ROWS IED deep) beside the head
# (beyond EDGE_BESIDE IED of its axis, wider than most hair) show the backdrop's colour.
EDGE_ROWS = 0.1
EDGE_BESIDE = 1.6
CROWN_REFINE = 0.1  # IED either side of the mask's edge searched at full resolution
MIN_CROWN_CONTRAST = 12.0  # RGB distance hair-to-backdrop below which the mask's edge stands
# Walking up from the mask's top through hair it left out (`_hair_above`): a row is hair when
# this share of the crown band is unlike the backdrop, and the hair ends under HAIR_RUN IED of
# backdrop rows (~7 mm, more than the gap between strands at the top of the hair).
HAIR_SHARE = 0.5
HAIR_RUN = 0.12
MAX_BACKDROP_SAMPLES = 1500  # full-resolution backdrop pixels k-means learns from
# ... on a plain backdrop only: one whose pixels lie within this many Lab units of its colours
# (median). Set on the corpus by eye: studio backdrops, gradients included, read 3-5 (GPO's
# blue-grey, 18F victor's brown wall; frll 3), flags, offices and street scenes 8-13 (GPO
# R000600, S001198; 18F ericronne, shawnique, where the walk climbed a monitor or stopped
# inside the hair).
PLAIN_BACKDROP_SPREAD = 6.0
MIN_BACKGROUND_SHARE = 0.02  # below this the top corners stand in for the background
# The face-box outline that every background pixel must also clear (face-box heights): where
# GrabCut loses half a head of hair or a jacket near the backdrop's colour, the box outline
# still keeps them out of the background measures, as it did before the segmentation.
BOX_HAIR_ABOVE = 0.45
BOX_BELOW = 0.05
BOX_BACKGROUND_MARGIN = 0.15


def _outline(
    shape: tuple[int, int], axes: HeadAxes, grow: float = 0.0, tight: bool = False
) -> np.ndarray:
    """Head-and-shoulders outline from the axes (uint8 0/1), grown by `grow` IED.

    Generous (the most hair and shoulders a person has), or `tight`: the skull without hair
    volume and the neck and chest without the shoulders' width, all of which is person.
    """
    height, width = shape
    mask = np.zeros((height, width), np.uint8)
    chin_t = _chin_t(axes)
    top_t = (-TIGHT_TOP if tight else -CROWN_ABOVE_EYES - 0.35) - grow
    half_w = (TIGHT_HALF_WIDTH if tight else 1.3) + grow
    centre = axes.along((top_t + chin_t + 0.15) / 2)
    half_h = (chin_t + 0.15 - top_t) / 2 + grow
    angle = np.degrees(np.arctan2(-axes.down[0], axes.down[1]))
    axes_px = (max(1, round(half_w * axes.ied)), max(1, round(half_h * axes.ied)))
    cv2.ellipse(mask, (round(centre[0]), round(centre[1])), axes_px, -angle, 0, 360, 1, -1)
    bottom_t = chin_t + (height + width) / axes.ied  # far past the frame's bottom
    spread = 0.45 if tight else 1.0  # the tight outline keeps to the neck and chest
    polygon = [
        axes.along(chin_t - 0.3, -0.6 * spread - grow),
        axes.along(chin_t - 0.3, 0.6 * spread + grow),
        axes.along(chin_t + 0.4, 1.2 * spread + grow),
        axes.along(chin_t + 1.0, 3.0 * spread + grow),
        axes.along(chin_t + 4.0, 5.0 * spread + grow),  # arms and bulky clothes, waist-up
        axes.along(bottom_t, 5.0 * spread + grow),
        axes.along(bottom_t, -5.0 * spread - grow),
        axes.along(chin_t + 4.0, -5.0 * spread - grow),
        axes.along(chin_t + 1.0, -3.0 * spread - grow),
        axes.along(chin_t + 0.4, -1.2 * spread - grow),
    ]
    cv2.fillPoly(mask, [np.round(polygon).astype(np.int32)], 1)
    return mask


def _chin_t(axes: HeadAxes) -> float:
    """Distance from the eyes to the chin along the axis, in IED."""
    dx, dy = axes.chin[0] - axes.eye_mid[0], axes.chin[1] - axes.eye_mid[1]
    return (dx * axes.down[0] + dy * axes.down[1]) / axes.ied


def geometric_person(shape: tuple[int, int], axes: HeadAxes) -> np.ndarray:
    """The probable outline itself (bool): the person when segmentation cannot run."""
    return _outline(shape, axes).astype(bool)


def _scaled(axes: HeadAxes, factor: float) -> HeadAxes:
    return HeadAxes(
        (axes.eye_mid[0] * factor, axes.eye_mid[1] * factor),
        axes.down,
        axes.ied * factor,
        (axes.chin[0] * factor, axes.chin[1] * factor),
    )


def _nearest_centre(pixels: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Each pixel's (N x 3) distance to the nearest of the colour centres (K x 3).

    One centre at a time, the squares summed in the channels' order as a norm over them is:
    the same values as broadcasting all pairs (an N x K x 3 array) at a third of its cost.
    """
    nearest = None
    for centre in centres:
        offset = pixels - centre
        squares = offset[:, 0] * offset[:, 0] + offset[:, 1] * offset[:, 1]
        squares += offset[:, 2] * offset[:, 2]
        nearest = squares if nearest is None else np.minimum(nearest, squares)
    return np.sqrt(nearest)


def _backdrop_colours(samples: np.ndarray) -> tuple[np.ndarray, float] | None:
    """The backdrop's colours (k-means centres of Lab samples, N x 3 float32, stray colours
    dropped) and the distance from them beyond which a pixel is person-like (BACKDROP_DISTANCE
    times the samples' own median distance); None with fewer than MIN_BACKDROP_SAMPLES."""
    if len(samples) < MIN_BACKDROP_SAMPLES:
        return None
    count = min(BACKDROP_COLOURS, len(samples))
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 10, 1.0)
    _, labels, centres = cv2.kmeans(samples, count, None, criteria, 1, cv2.KMEANS_PP_CENTERS)
    # A colour a few stray pixels hold is not the backdrop's (a suit's shoulder reaching into
    # the learned rows at the frame's edge, GPO M000933).
    shares = np.bincount(labels.ravel(), minlength=count) / len(labels)
    centres = centres[shares >= MIN_BACKDROP_COLOUR_SHARE]
    spread = float(np.median(_nearest_centre(samples, centres)))
    return centres, BACKDROP_DISTANCE * max(spread, MIN_BACKDROP_SPREAD)


def _seeds(small_rgb: np.ndarray, axes: HeadAxes) -> np.ndarray:
    """GrabCut's initial labels: sure/probable person and backdrop (module docstring).

    Where hair and shoulders may be (the generous outline outside the tight one) the label
    comes from colour: probably person when a pixel is far from every colour of the certain
    backdrop (k-means centres of the pixels outside the grown outline, or of the ring between
    the outlines when the frame has nothing outside), else probably backdrop. Seeding that
    zone all one way teaches one colour model the other's colours (hair as backdrop, or
    backdrop as person) and GrabCut never recovers. Only what lies above the mouth is certain
    backdrop and teaches its colours; below it the frame's sides and corners outside the
    generous outline are labelled by colour the same way (shoulders reach them).
    """
    shape = small_rgb.shape[:2]
    grown = _outline(shape, axes, SURE_BACKGROUND_BEYOND) > 0
    generous = _outline(shape, axes) > 0
    tight = _outline(shape, axes, tight=True) > 0
    seeds = np.full(shape, cv2.GC_BGD, np.uint8)
    rows = np.arange(shape[0])[:, None]
    above_chin = np.broadcast_to(rows < axes.chin[1], shape)
    # Below the mouth the frame's sides are as often shoulders and arms as backdrop (in a
    # close crop the shoulders rise above the chin at the frame's edges: GPO T000326): they
    # are never certain backdrop and teach nothing about the backdrop's colours.
    above_mouth = np.broadcast_to(rows < axes.chin[1] - BACKDROP_ABOVE_CHIN * axes.ied, shape)
    seeds[~above_mouth] = cv2.GC_PR_BGD
    lab = cv2.cvtColor(small_rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
    samples = lab[~grown & above_mouth]
    if len(samples) < MIN_BACKDROP_SAMPLES:
        samples = lab[~generous & above_mouth]
    zone = grown & ~tight
    # ... and those sides and lower corners outside the generous outline are labelled by
    # colour like the zone (below).
    corners = ~above_mouth & ~generous
    backdrop = _backdrop_colours(samples)
    if backdrop is not None:
        # Only the zone and the corners are labelled by colour, so only their pixels are
        # compared with the centres.
        centres, threshold = backdrop
        person_like = _nearest_centre(lab[zone], centres) > threshold
        # A dark suit's shoulders at the frame's sides, seeded backdrop, taught the backdrop's
        # colour model the suit's colour and GrabCut gave the whole jacket to the backdrop
        # (GPO T000326: the background read L* 27 for a backdrop of ~50, the clothes were
        # read on the shirt alone). Corners far from every colour of the backdrop above the
        # mouth are probably person, for GrabCut to carve.
        corner_like = _nearest_centre(lab[corners], centres) > threshold
        seeds[corners] = np.where(corner_like, cv2.GC_PR_FGD, cv2.GC_PR_BGD)
    else:  # the outline covers the frame: no backdrop to learn from, trust the outline
        person_like = np.ones(int(np.count_nonzero(zone)), bool)
    seeds[zone] = np.where(person_like, cv2.GC_PR_FGD, cv2.GC_PR_BGD)
    # Below the chin, inside the generous outline, shoulders are the rule: probably person,
    # whatever their colour (a dark jacket in front of a dark scene), for GrabCut to carve.
    seeds[generous & ~above_chin] = cv2.GC_PR_FGD
    seeds[tight] = cv2.GC_PR_FGD
    chin_t = _chin_t(axes)
    core = [
        axes.along(-0.15, -0.55),
        axes.along(-0.15, 0.55),
        axes.along(chin_t - 0.25, 0.35),
        axes.along(chin_t - 0.25, -0.35),
    ]
    chest = [  # from the chin down the neck to the chest, so the person is one piece
        axes.along(chin_t - 0.3, -0.15),
        axes.along(chin_t - 0.3, 0.15),
        axes.along(chin_t + 0.6, 0.2),
        axes.along(chin_t + 2.5, 0.5),
        axes.along(chin_t + 2.5, -0.5),
        axes.along(chin_t + 0.6, -0.2),
    ]
    sure = np.zeros(shape, np.uint8)
    cv2.fillPoly(sure, [np.round(core).astype(np.int32), np.round(chest).astype(np.int32)], 1)
    seeds[sure > 0] = cv2.GC_FGD
    return seeds


def _component_with(mask: np.ndarray, point: tuple[float, float]) -> np.ndarray:
    """The connected part of `mask` containing `point` (the face), holes filled.

    Two flood fills on a copy with a 1 px border: from the point, the face's part (4-connected,
    as `cv2.connectedComponents` would label it, without labelling the rest); then, from the
    border, whatever the backdrop reaches outside that part. The rest is the person.
    """
    x = min(mask.shape[1] - 1, max(0, round(point[0])))
    y = min(mask.shape[0] - 1, max(0, round(point[1])))
    if not mask[y, x]:
        return mask
    grid = cv2.copyMakeBorder(mask.astype(np.uint8), 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    cv2.floodFill(grid, None, (x + 1, y + 1), 2, flags=4)  # the part: 1 -> 2
    grid[grid != 2] = 0
    cv2.floodFill(grid, None, (0, 0), 3, flags=4)  # the backdrop around it: 0 -> 3
    return grid[1:-1, 1:-1] != 3


def segment_person(rgb: np.ndarray, axes: HeadAxes) -> np.ndarray:
    """Person mask (bool, the working copy's shape): GrabCut seeded from the face's axes."""
    height, width = rgb.shape[:2]
    # The copy is scaled to the face: SEGMENT_IED px between the eyes, within the size limits.
    long_side = min(
        max(height, width), max(SEGMENT_SIZE[0], SEGMENT_IED / axes.ied * max(height, width))
    )
    factor = min(1.0, min(SEGMENT_SIZE[1], long_side) / max(height, width))
    size = (max(8, round(width * factor)), max(8, round(height * factor)))
    small = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
    small_axes = _scaled(axes, size[0] / width)
    # GrabCut and the backdrop's k-means draw from OpenCV's per-thread random generator: a
    # fixed seed makes a photo's mask the same whichever photos this thread measured before.
    cv2.setRNGSeed(GRABCUT_SEED)
    seeds = _seeds(small, small_axes)
    # GrabCut's labels: backdrop ones are even (GC_BGD 0, GC_PR_BGD 2), person ones odd.
    if not (seeds == cv2.GC_FGD).any() or (seeds & 1).all():
        return geometric_person((height, width), axes)
    background_model = np.zeros((1, 65), np.float64)
    foreground_model = np.zeros((1, 65), np.float64)
    bgr = cv2.cvtColor(small, cv2.COLOR_RGB2BGR)
    try:
        cv2.grabCut(
            bgr,
            seeds,
            None,
            background_model,
            foreground_model,
            GRABCUT_ITERATIONS,
            cv2.GC_INIT_WITH_MASK,
        )
    except cv2.error:  # too few pixels of one kind for a colour model
        return geometric_person((height, width), axes)
    person = (seeds & 1).astype(np.float32)  # GC_FGD or GC_PR_FGD
    # Back to full size through a smooth mask, so the outline is not a staircase of 5 px steps.
    full = cv2.resize(person, (width, height), interpolation=cv2.INTER_LINEAR) >= 0.5
    return _component_with(full, axes.along(0.6))


def _refined_crown(
    rgb: np.ndarray, person: np.ndarray, columns: range, tops: list[int], axes: HeadAxes
) -> float:
    """The crown at full resolution: where each column's colour leaves the backdrop's.

    The mask comes from a SEGMENT_SIZE copy, so its edge is only good to a few pixels. Near it,
    each column's first row whose colour is at least half as far from the backdrop (median of
    the background just above the head) as the hair is (median just inside the mask) is the
    top of the hair there; the crown is the median over the columns.
    """
    height = rgb.shape[0]
    window = max(2, round(CROWN_REFINE * axes.ied))
    coarse = round(float(np.median(tops)))
    left, right = columns.start, columns.stop
    above = rgb[max(0, coarse - 3 * window) : max(0, coarse - window), left:right]
    above_mask = ~person[max(0, coarse - 3 * window) : max(0, coarse - window), left:right]
    inside = rgb[min(height, coarse + window) : min(height, coarse + 3 * window), left:right]
    if not above_mask.any() or inside.size == 0:
        return float(coarse)
    backdrop = np.median(above[above_mask].reshape(-1, 3).astype(np.float32), axis=0)
    hair = np.median(inside.reshape(-1, 3).astype(np.float32), axis=0)
    threshold = 0.5 * float(np.linalg.norm(hair - backdrop))
    if threshold < MIN_CROWN_CONTRAST:  # hair the backdrop's colour: keep the mask's edge
        return float(coarse)
    top, bottom = max(0, coarse - window), min(height, coarse + window + 1)
    band = rgb[top:bottom, left:right].astype(np.float32)
    far = np.linalg.norm(band - backdrop, axis=2) >= threshold
    found = _first_rows(far)
    return float(np.median(top + found)) if len(found) else float(coarse)


def _first_rows(mask: np.ndarray) -> np.ndarray:
    """Each column's first True row, for the columns that have one (all columns at once)."""
    if mask.shape[0] == 0:
        return np.zeros(0, np.intp)
    return np.argmax(mask, axis=0)[mask.any(axis=0)]


def _last_rows(mask: np.ndarray) -> np.ndarray:
    """Each column's last True row, -1 where it has none (all columns at once)."""
    if mask.shape[0] == 0:
        return np.full(mask.shape[1], -1, np.intp)
    last = mask.shape[0] - 1 - np.argmax(mask[::-1], axis=0)
    return np.where(mask.any(axis=0), last, -1)


def _row_above_eyes(height_ied: float, axes: HeadAxes) -> float:
    """The row, above the eye midpoint, that lies `height_ied` IED up the face's axis.

    The crown is read straight above the eyes, but the head's limits (MIN_CROWN_ABOVE_EYES,
    MAX_CROWN_ABOVE_EYES) hold in its own frame: on a head tilted by `a`, the line across the
    axis at that height meets the vertical 1/cos(a) times as high (18f-team/mhz, tilted 37
    degrees: the mask's edge at her hairline read 1.39 IED up, 1.2 along her face). Upright,
    the same row as before.
    """
    return axes.eye_mid[1] - height_ied * axes.ied / max(0.5, axes.down[1])


def _hair_over_hairline(
    rgb: np.ndarray, columns: range, start: float, axes: HeadAxes
) -> float | None:
    """The top of the hair above a mask whose top is the hairline; None without an edge.

    GrabCut gives away dark hair on a dark, busy scene (its colour model of the person is
    mostly skin), and the mask then stops at the forehead. Above that edge the crown band is
    hair: its colour is learned just above the edge (beyond the blend of HAIR_RUN IED), the
    forehead's just below it, and the backdrop's over the band where the crown is capped
    (MAX_CROWN_ABOVE_EYES: what lies there is above the head). Each column's hair ends at its
    first run of HAIR_RUN IED that is backdrop: at least half as far from the hair's colour as
    the forehead is (the refinement's test), and nearer the backdrop's colour than the hair's.
    A lit or shadowed patch of the hair differs from the hair as much, but is no nearer the
    backdrop (18f-team/ericronne's highlight, 0.28 IED under his hair's top, in front of a
    blue panel). The top is the median over the columns that show such an end, when at least
    half of them do and it lies HAIR_RUN above the edge and MIN_CROWN_ABOVE_EYES above the
    eyes, no higher than MAX_CROWN_ABOVE_EYES (there the crown is capped, as a mask's is). Hair
    the colour of what lies above it shows no end: None.
    """
    height = rgb.shape[0]
    run = max(2, round(HAIR_RUN * axes.ied))
    edge = round(start)
    band = rgb[:, columns.start : columns.stop].astype(np.float32)
    hair_rows = band[max(0, edge - 3 * run) : max(0, edge - run)]
    skin_rows = band[min(height, edge + run) : min(height, edge + 3 * run)]
    reach = max(run, round(_row_above_eyes(MAX_CROWN_ABOVE_EYES, axes)))
    backdrop_rows = band[reach - run : min(reach, max(0, edge - 3 * run))]
    if hair_rows.size == 0 or skin_rows.size == 0 or backdrop_rows.size == 0:
        return None
    hair = np.median(hair_rows.reshape(-1, 3), axis=0)
    backdrop = np.median(backdrop_rows.reshape(-1, 3), axis=0)
    threshold = 0.5 * float(np.linalg.norm(np.median(skin_rows.reshape(-1, 3), axis=0) - hair))
    if threshold < MIN_CROWN_CONTRAST:  # no hairline: hair (or backdrop) the forehead's colour
        return None
    above = band[: max(0, edge - run)]
    from_hair = np.linalg.norm(above - hair, axis=2)
    far = (from_hair >= threshold) & (np.linalg.norm(above - backdrop, axis=2) < from_hair)
    # A row ends the hair in a column when it and the `run` rows above it are all far.
    kernel = np.ones((run, 1), np.float32)
    ends = cv2.filter2D(far.astype(np.float32), -1, kernel, anchor=(0, run - 1),
                        borderType=cv2.BORDER_CONSTANT) >= run - 0.5  # fmt: skip
    last = _last_rows(ends)
    tops = last[last >= 0] + 1  # each column's lowest end: hair from there down to the edge
    if 2 * len(tops) < ends.shape[1]:
        return None
    hair_top = float(np.median(tops))
    # An end below the skull's lowest top is inside the hair (a parting, a highlight, or a
    # mask that stopped at the brows, 18f-team/ericronne), not its top: no evidence.
    if hair_top > min(start - HAIR_RUN * axes.ied, _row_above_eyes(MIN_CROWN_ABOVE_EYES, axes)):
        return None
    return max(hair_top, _row_above_eyes(MAX_CROWN_ABOVE_EYES, axes))


def _lab(rgb: np.ndarray) -> np.ndarray:
    """OpenCV's 8-bit Lab of an RGB array, as float32 (the seeds' colour space)."""
    return cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2LAB).astype(np.float32)


def _hair_above(rgb: np.ndarray, columns: range, start: float, axes: HeadAxes) -> float | None:
    """The top of hair the mask left out above `start`, found at full resolution (no higher
    than MAX_CROWN_ABOVE_EYES above the eyes); None without clear evidence of it.

    GrabCut on the small copy can give away hair that is close to the backdrop in colour but
    still stands out from it (blond on light grey, brown on blue-grey, grey in a black-and-white
    portrait; the colour model of the person is mostly skin). Walking up the crown band from
    `start`, a row is hair when at least HAIR_SHARE of its pixels are unlike the certain
    backdrop (the seeds' test, `_backdrop_colours`, on full-resolution pixels outside the grown
    outline above the eyes). The hair's top is the highest such row, when the hair rows reach
    it from `start` without HAIR_RUN IED of backdrop between them, HAIR_RUN IED of backdrop lie
    above it, and it is an edge of MIN_CROWN_CONTRAST. A scene behind the head (a backdrop
    that is not plain, PLAIN_BACKDROP_SPREAD) is no evidence: there the mask's edge (or the
    prior) stands.
    """
    height, width = rgb.shape[:2]
    start_row = min(height, max(0, round(start)))
    highest = _row_above_eyes(MAX_CROWN_ABOVE_EYES, axes)
    run = max(2, round(HAIR_RUN * axes.ied))
    top = max(0, math.floor(highest) - run)
    # The backdrop around the top of the head: above the eyes (lower, the frame's sides are
    # as often shoulders, a suit or long hair as backdrop).
    eye_row = max(0, min(height, round(axes.eye_mid[1])))
    if start_row <= top or eye_row == 0:
        return None
    ys, xs = np.nonzero(_outline((height, width), axes, SURE_BACKGROUND_BEYOND)[:eye_row] == 0)
    if len(ys) < MIN_BACKDROP_SAMPLES:  # a face filling the frame: no backdrop to learn from
        return None
    step = max(1, len(ys) // MAX_BACKDROP_SAMPLES)  # a regular subsample: k-means' cost
    cv2.setRNGSeed(GRABCUT_SEED)
    backdrop = _backdrop_colours(_lab(rgb[ys[::step], xs[::step]][:, None]).reshape(-1, 3))
    if backdrop is None:
        return None
    centres, threshold = backdrop
    if threshold > BACKDROP_DISTANCE * PLAIN_BACKDROP_SPREAD:  # a scene, not a backdrop
        return None
    band = _lab(rgb[top:start_row, columns.start : columns.stop])
    unlike = _nearest_centre(band.reshape(-1, 3), centres).reshape(band.shape[:2]) > threshold
    rows = np.flatnonzero(unlike.mean(axis=1) >= HAIR_SHARE)
    # The hair is one piece from `start` up to its highest row, and nothing above it up to
    # the reach is hair-like: a gap of backdrop under more "hair" is the backdrop's own
    # pattern (or hair of its colour), and then the walk is no evidence.
    if len(rows) == 0 or rows[0] < run:
        return None
    gaps = np.diff(np.append(rows, start_row - top)) - 1
    if gaps.max() >= run:
        return None
    hair_top = top + int(rows[0])
    # The hair's top is an edge: hair below it, backdrop above, as far apart in colour as the
    # refinement asks of the mask's edge (hair of the backdrop's colour breaks the walk).
    sides = [rgb[a:b, columns.start : columns.stop].reshape(-1, 3) for a, b in
             ((hair_top - run, hair_top), (hair_top, hair_top + run))]  # fmt: skip
    contrast = np.linalg.norm(np.median(sides[0], axis=0) - np.median(sides[1], axis=0))
    return float(hair_top) if 0.5 * contrast >= MIN_CROWN_CONTRAST else None


def with_lost_hair(person: np.ndarray, crown_source: str, axes: HeadAxes) -> np.ndarray:
    """The person mask, with the generous head outline added when the crown was not in it.

    A mask that lost the hair (hair of the backdrop's colour, or a head cut off at the top)
    would put that hair in the background measures; the generous outline keeps it out, as
    the geometric regions did before the segmentation.
    """
    if crown_source in ("mask", "capped"):
        return person
    head = _outline(person.shape, axes) > 0
    rows = np.arange(person.shape[0])[:, None]
    return person | (head & (rows <= axes.chin[1]))


def _crown_below_top_edge(rgb: np.ndarray, columns: range, axes: HeadAxes) -> float | None:
    """The crown of a head whose mask touches the top edge, if the edge is really backdrop.

    The mask can run up to the edge over a few rows of backdrop (hair that nearly touches it).
    When the top rows above the head have the colour of the top rows beside it (the backdrop,
    beyond the widest hair), each column's first row as far from that colour as half the hair
    is, is the top of the hair; None when the head does reach the edge.
    """
    rows = max(2, round(EDGE_ROWS * axes.ied))
    beside = round(EDGE_BESIDE * axes.ied)
    mid_x = round(axes.eye_mid[0])
    left, right = rgb[:rows, : max(0, mid_x - beside)], rgb[:rows, mid_x + beside :]
    corners = np.concatenate([left.reshape(-1, 3), right.reshape(-1, 3)]).astype(np.float32)
    hair_top = max(0, round(axes.eye_mid[1] - MIN_CROWN_ABOVE_EYES * axes.ied))
    hair = rgb[hair_top : hair_top + rows, columns.start : columns.stop].reshape(-1, 3)
    if len(corners) < MIN_BACKDROP_SAMPLES or len(hair) == 0:
        return None
    backdrop = np.median(corners, axis=0)
    threshold = 0.5 * float(np.linalg.norm(np.median(hair.astype(np.float32), axis=0) - backdrop))
    if threshold < MIN_CROWN_CONTRAST:
        return None
    band = rgb[: hair_top + 1, columns.start : columns.stop].astype(np.float32)
    far = np.linalg.norm(band - backdrop, axis=2) >= threshold
    found = _first_rows(far)
    if not len(found) or np.median(found) < 1:
        return None
    return float(np.median(found))


def crown_and_shoulders(
    person: np.ndarray, axes: HeadAxes, rgb: np.ndarray | None = None
) -> tuple[float, str, float | None]:
    """(crown y, "mask", "image", "capped" or "prior", shoulders y or None) off the person mask.

    Crown: the median top of the person in the columns within CROWN_BAND of the face's axis,
    above the eyes, or the top of hair the mask left out above it ("image", `_hair_above`),
    but no higher than MAX_CROWN_ABOVE_EYES above them ("capped": a bun or
    tall hair stands out of the head's outline). A head that reaches the top edge is cut off:
    its crown is estimated CROWN_ABOVE_EYES above the eyes (above the frame, so headroom reads
    negative); so is a crown under MIN_CROWN_ABOVE_EYES above them (the mask lost hair of the
    backdrop's colour).
    Shoulders: the first row below the chin where the person is SHOULDER_WIDTH times as wide as
    the head at the eye line.
    """
    height, width = person.shape
    mid_x, mid_y = axes.eye_mid
    half = max(1, round(CROWN_BAND * axes.ied))
    columns = range(max(0, round(mid_x) - half), min(width, round(mid_x) + half + 1))
    eye_row = min(height - 1, max(0, round(mid_y)))
    # Each column's top: the row under its last backdrop pixel above the eyes (0: none).
    tops = (_last_rows(~person[: eye_row + 1, columns.start : columns.stop]) + 1).tolist()
    prior = mid_y - CROWN_ABOVE_EYES * axes.ied
    if not tops:
        return prior, "prior", None
    crown = float(np.median(tops))
    source = "mask"
    if crown <= 1:
        below_edge = None if rgb is None else _crown_below_top_edge(rgb, columns, axes)
        if below_edge is None:
            crown, source = min(0.0, prior), "prior"
        else:
            crown = below_edge
    elif rgb is not None:
        crown = _refined_crown(rgb, person, columns, tops, axes)
        hair_top = _hair_above(rgb, columns, crown, axes)
        # Less than HAIR_RUN higher is the mask's own edge, which the refinement placed.
        if hair_top is not None and hair_top < crown - HAIR_RUN * axes.ied:
            crown, source = hair_top, "image"
    if source in ("mask", "image") and crown > _row_above_eyes(MIN_CROWN_ABOVE_EYES, axes):
        # The skull alone reaches higher: the mask lost hair of the backdrop's colour (grey
        # hair on a grey backdrop, dark hair on a dark one). The top of that hair above the
        # hairline, or else the usual top of the hair, stands ... and no higher than the
        # frame: had the head reached the edge, so would the mask.
        hair_top = None if rgb is None else _hair_over_hairline(rgb, columns, crown, axes)
        if hair_top is not None and hair_top >= 1:
            crown, source = hair_top, "image"
        else:
            crown, source = max(0.0, prior), "prior"
    highest = _row_above_eyes(MAX_CROWN_ABOVE_EYES, axes)
    if source == "mask" and crown < highest:
        crown, source = highest, "capped"
    row = person[eye_row]
    head_width = float(np.count_nonzero(row))
    chin_row = round(axes.chin[1])
    shoulders = None
    if head_width > 0 and chin_row < height - 1:
        widths = np.count_nonzero(person[chin_row:], axis=1)
        wide = np.flatnonzero(widths >= SHOULDER_WIDTH * head_width)
        if len(wide):
            shoulders = float(chin_row + wide[0])
    return crown, source, shoulders


def background_region(
    person: np.ndarray, ied: float, box: tuple[float, float, float, float] | None = None
) -> np.ndarray:
    """Background pixels: BACKGROUND_MARGIN IED clear of the person (top corners at least),
    and clear of the face box's head-and-shoulders outline (`box_outline`) when it leaves
    enough of the frame."""
    margin = max(1, round(BACKGROUND_MARGIN * ied))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * margin + 1, 2 * margin + 1))
    mask = cv2.dilate(person.astype(np.uint8), kernel) == 0
    if box is not None:
        guarded = mask & ~box_outline(mask.shape, box)
        if guarded.mean() >= MIN_BACKGROUND_SHARE:
            mask = guarded
    if mask.mean() < MIN_BACKGROUND_SHARE:  # a face filling the frame
        height, width = mask.shape
        mask = np.zeros_like(mask)
        mask[: height // 8, : width // 8] = True
        mask[: height // 8, -width // 8 :] = True
    return mask


def box_outline(shape: tuple[int, int], box: tuple[float, float, float, float]) -> np.ndarray:
    """Head-and-shoulders shapes around a face box (x, y, w, h), grown by a margin (bool).

    The geometric region the background measures used before the segmentation; now a second
    guard on it (see BOX_BACKGROUND_MARGIN).
    """
    height, width = shape
    x, y, w, h = box
    mask = np.zeros((height, width), np.uint8)
    margin = max(1, round(BOX_BACKGROUND_MARGIN * h))
    cx = x + w / 2
    crown = y - BOX_HAIR_ABOVE * h
    chin = y + (1 + BOX_BELOW) * h
    centre = (round(cx), round((crown + chin) / 2))
    axes = (round(0.72 * w), round((chin - crown) / 2 + 0.05 * h))
    neck_top = round(chin - 0.2 * h)
    shoulders_top = round(chin + 0.35 * h)
    polygon = np.array(
        [
            (cx - 0.45 * w, neck_top),
            (cx + 0.45 * w, neck_top),
            (cx + 0.55 * w, shoulders_top - 0.15 * h),
            (cx + 1.7 * w, shoulders_top + 0.4 * h),
            (cx + 1.9 * w, height),
            (cx - 1.9 * w, height),
            (cx - 1.7 * w, shoulders_top + 0.4 * h),
            (cx - 0.55 * w, shoulders_top - 0.15 * h),
        ],
        np.int32,
    )
    cv2.ellipse(mask, centre, axes, 0, 0, 360, 1, -1)
    cv2.fillPoly(mask, [polygon], 1)
    cv2.ellipse(mask, centre, axes, 0, 0, 360, 1, 2 * margin)
    cv2.polylines(mask, [polygon], True, 1, 2 * margin)
    return mask.astype(bool)


def face_region(shape: tuple[int, int], axes: HeadAxes) -> np.ndarray:
    """The face's skin (bool): brow line to just above the chin, within the cheeks.

    A polygon on the face's axes, clear of hair, eyebrows' tops and the backdrop: the region the
    light and skin-colour measures read.
    """
    chin_t = _chin_t(axes)
    polygon = [
        axes.along(-0.3, -0.75),
        axes.along(-0.3, 0.75),
        axes.along(0.7, 0.8),
        axes.along(chin_t - 0.45, 0.6),
        axes.along(chin_t - 0.1, 0.25),
        axes.along(chin_t - 0.1, -0.25),
        axes.along(chin_t - 0.45, -0.6),
        axes.along(0.7, -0.8),
    ]
    mask = np.zeros(shape, np.uint8)
    cv2.fillPoly(mask, [np.round(polygon).astype(np.int32)], 1)
    return mask > 0


def torso_region(person: np.ndarray, axes: HeadAxes) -> np.ndarray:
    """The person below the neck (bool): clothing; empty when the frame ends at the neck."""
    neck = axes.along(_chin_t(axes) + NECK_LENGTH)
    rows = np.arange(person.shape[0])[:, None]
    return person & (rows >= neck[1])


# Where long hair frames the face on its way to the shoulders: beside the jaw, from this many
# IED below the eyes to the chin's level, from just outside the widest cheeks (a broad face
# spans ~1.15 IED either side of its centre) to the hair's outer edge; and the same hair
# above it, beside the temples (TEMPLE_ROWS, the same columns). Long hair runs on from the
# temple to the jaw in one colour; short hair leaves the backdrop beside the jaw while the
# temple shows hair. Both boxes are read without the face's skin, in light or in shade (a
# broad or turned face's cheek, an ear, the forehead's side).
BESIDE_JAW_ROWS = (0.3, 1.3)
TEMPLE_ROWS = (-0.9, -0.1)
HAIR_COLUMNS = (1.2, 1.7)


def _box(
    shape: tuple[int, int],
    axes: HeadAxes,
    rows: tuple[float, float],
    columns: tuple[float, float],
) -> np.ndarray:
    """A box on the face's axes (`rows` down it, `columns` across it, in IED), as a mask."""
    (top, bottom), (left, right) = rows, columns
    corners = [axes.along(top, left), axes.along(top, right), axes.along(bottom, right),
               axes.along(bottom, left)]  # fmt: skip
    mask = np.zeros(shape, np.uint8)
    cv2.fillPoly(mask, [np.round(corners).astype(np.int32)], 1)
    return mask > 0


def hair_side_regions(
    shape: tuple[int, int], axes: HeadAxes, side: int
) -> tuple[np.ndarray, np.ndarray]:
    """Beside the jaw and beside the temple on one side (`side` -1 or 1) of the face (bool
    masks): where long hair shows its colour before it falls on the clothes. Purely geometric:
    the segmentation often leaves long hair out of the person (red hair on a grey wall), so the
    caller judges the pixels (`long_hair_colour`)."""
    near, far = HAIR_COLUMNS
    columns = (side * near, side * far)
    return _box(shape, axes, BESIDE_JAW_ROWS, columns), _box(shape, axes, TEMPLE_ROWS, columns)


# Long hair's colour (`long_hair_colour`), each side on its own (a tilted head or hair over one
# shoulder shows the backdrop on the other): pixels of the face's skin colour are dropped (as
# the clothes' neckline, and the skin's hue in shade: `like_hair` with SKIN_L), then the
# hair is their median when at least MIN_HAIR_PIXELS are left, HAIR_UNIFORM of them show its
# colour in light or shade (`like_hair`: one colour, not hair and backdrop mixed), it has a
# colour (C*ab of HAIR_MIN_CHROMA, L* of HAIR_MIN_LIGHTNESS: black, grey and white hair do not
# colour the clothes' measures, and a near-black's a*b* is noise), it is not the backdrop's
# (under HAIR_BACKDROP_SHARE of the background's pixels show it: 18F egoodman's gold wall
# beside her dark hair, 0.92) and at least HAIR_ON_TEMPLE of the temple beside it shows it.
SKIN_AB = 10.0
SKIN_L = 25.0  # the chest and neck are lit differently from the face
HAIR_HUE_DEGREES = 15.0
HAIR_CHROMA_RATIO = 2.0
HAIR_L = 35.0  # hair in light and in shade
MIN_HAIR_PIXELS = 20
HAIR_UNIFORM = 0.5
HAIR_MIN_CHROMA = 10.0
HAIR_MIN_LIGHTNESS = 12.0
HAIR_BACKDROP_SHARE = 0.5
HAIR_ON_TEMPLE = 0.3


def like_hair(pixels: np.ndarray, hair: np.ndarray, lightness: float = HAIR_L) -> np.ndarray:
    """Lab pixels (Nx3) of the hair's colour in its own light and shade (bool, N): a hue
    within HAIR_HUE_DEGREES of the hair's, a chroma between 1/HAIR_CHROMA_RATIO and
    HAIR_CHROMA_RATIO times its chroma, and a lightness within `lightness`. A coloured
    material's hue holds across its highlights and shadows while its chroma and lightness move
    together (red hair in shade reads C*ab ~28, in light ~55), so a fixed a*b* radius keeps
    only part. The same test finds the face's skin in shade (a cheek, an ear), with SKIN_L."""
    chroma = np.hypot(pixels[:, 1], pixels[:, 2])
    hue = np.degrees(np.arctan2(pixels[:, 2], pixels[:, 1]))
    hair_chroma = math.hypot(hair[1], hair[2])
    hair_hue = math.degrees(math.atan2(hair[2], hair[1]))
    same_hue = np.abs((hue - hair_hue + 180) % 360 - 180) <= HAIR_HUE_DEGREES
    ratio = chroma / max(hair_chroma, 1e-6)
    similar_chroma = (ratio >= 1 / HAIR_CHROMA_RATIO) & (ratio <= HAIR_CHROMA_RATIO)
    return same_hue & similar_chroma & (np.abs(pixels[:, 0] - hair[0]) <= lightness)


def near_colour(pixels: np.ndarray, colour: np.ndarray, ab: float, lightness: float) -> np.ndarray:
    """Lab pixels (Nx3) within `ab` a*b* units and `lightness` L* of `colour` (bool, N)."""
    near_ab = np.hypot(pixels[:, 1] - colour[1], pixels[:, 2] - colour[2]) <= ab
    return near_ab & (np.abs(pixels[:, 0] - colour[0]) <= lightness)


def long_hair_colour(
    sides: list[tuple[np.ndarray, np.ndarray]],
    skin: np.ndarray | None,
    backdrop: Callable[[], np.ndarray],
) -> np.ndarray | None:
    """Median Lab of long hair from the Lab pixels (Nx3) beside the jaw and the temple on each
    side, or None where neither side shows any (the rules above); the more colourful side's
    when both do. `backdrop` gives the background's Lab pixels, read only for a side that
    shows hair of a colour (most photos have none: short, black, grey or white hair)."""
    found = [_side_hair_colour(*side, skin) for side in sides]
    found = [colour for colour in found if colour is not None]
    if found:
        pixels = backdrop()
        found = [
            c for c in found if not len(pixels) or like_hair(pixels, c).mean() < HAIR_BACKDROP_SHARE
        ]
    return max(found, key=lambda c: math.hypot(c[1], c[2])) if found else None


def _side_hair_colour(
    jaw: np.ndarray, temple: np.ndarray, skin: np.ndarray | None
) -> np.ndarray | None:
    if skin is not None:
        jaw, temple = (p[~(near_colour(p, skin, SKIN_AB, SKIN_L) | like_hair(p, skin, SKIN_L))]
                       for p in (jaw, temple))  # fmt: skip
    if len(jaw) < MIN_HAIR_PIXELS or len(temple) < MIN_HAIR_PIXELS:
        return None
    hair = np.median(jaw, axis=0)
    if hair[0] < HAIR_MIN_LIGHTNESS or math.hypot(hair[1], hair[2]) < HAIR_MIN_CHROMA:
        return None
    if like_hair(jaw, hair).mean() < HAIR_UNIFORM:
        return None
    return hair if like_hair(temple, hair).mean() >= HAIR_ON_TEMPLE else None
