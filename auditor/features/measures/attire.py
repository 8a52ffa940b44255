"""Attire: how busy and what colour the clothes are, on the person mask's torso.

The clothes are the segmented person below the neck (`PhotoContext.torso_mask`, issue 14),
shrunk by OUTLINE_MARGIN inter-eye distances so the silhouette's own outline (clothes against
the backdrop) is not read as a pattern. Without a face there is no torso mask and the measures
are empty ("not applicable"): a box-shaped guess would read the backdrop or the scene.
"""

from __future__ import annotations

import cv2
import numpy as np

from auditor.features.geometry import FaceGeometry
from auditor.features.measures.color import colour_hsv, skin_colour
from auditor.features.memo import same_inputs
from auditor.features.person import SKIN_AB, SKIN_L, like_hair, near_colour
from auditor.features.registry import measure

__all__ = ["accent_hue", "clothes_colour_sample", "clothes_region"]

OUTLINE_MARGIN = 0.12  # IED the torso is shrunk by: the silhouette's edge is not clothing
MIN_TORSO_SHARE = 0.01  # under 1% of the frame there is no torso to judge (a face-only crop)
# The pattern is read on a copy with this many px between the eyes (a 250 px headshot's own
# scale).
PATTERN_IED = 44.0
# Only strong edges are pattern: a straight edge starts (Canny's upper threshold, L1 gradient
# after the 3x3 blur) at a step of ~100 grey levels, 40% of the range, and runs on down to ~50.
# A pattern pulls the eye by its contrast: black-and-white or navy-and-white checks, bold
# stripes (steps of 100-200 levels; a check's corners count double). With `PhotoContext.edges`'
# 60/160 (a step of 54) long hair's strands on the shoulders, knits, tweed and pale checks
# counted as fully as a bold check: GPO B001228's hair read 21.3%, 2.7 spreads over her team
# (the cause that reverted the busy share), now 7.3%; 18F mike-hsu's pale grey gingham 35.7%,
# now 18.3% (2.7 spreads; the blind labels left it unmarked), while jeremiak's navy-and-white
# gingham keeps 29.6% and the benchmark's check (45% black and white) 32% (median). Checked
# on validate_measures.py (check found 92.7% -> 95.3%) and evaluate_flags.py (docs/analysis.md,
# "Busy clothes are strong edges").
CANNY_LOW, CANNY_HIGH = 150, 300
DARK_VALUE = 0.15  # HSV value (0..1) below which a clothing pixel shows no colour (~L* 12)
# A clothing pixel within `person.SKIN_AB` / `SKIN_L` of the face's median skin colour is skin
# (a neckline). Long hair on the shoulders is not clothing either: a clothing pixel of long
# hair's colour in its light or shade (`person.like_hair` of `PhotoContext.hair_colour`, read
# beside the jaw) where long hair falls (not out on the shoulders' ends nor low on the chest)
# is left out. Red, auburn and blond hair read as an orange or brown top
# otherwise (18F kimberdowsett's red hair: saturation 0.82 and an "accent" at 49 degrees, the
# benchmark's orange top's own hue), and only long hair does it: a measure that read women's
# clothes through their hair more often than men's.
# Long hair falls within HAIR_FALL_WIDTH IED either side of the eyes' midpoint (over the
# shoulders and often in front), down to HAIR_FALL_DEPTH IED below the chin (shoulder- to
# chest-length hair).
HAIR_FALL_WIDTH = 2.2
HAIR_FALL_DEPTH = 3.0
MIN_CLOTHES_BESIDE_HAIR = 0.2
MIN_CLOTHES_KEPT = 0.5  # under half the torso left: mostly skin, the colour is not measured
# The clothes' accent: pixels of at least this C*ab are clearly coloured (a red tie ~45, a
# coloured jacket 35-75; a navy or charcoal suit under 10, a white shirt ~2).
ACCENT_CHROMA = 25.0
# ... when at least this share of the clothes is: a tie (5-11% of a suit's torso, GPO) or more;
# less is a sliver of neck, hand or hair the outline kept (skin and blond hair: hue 50-70).
ACCENT_MIN_SHARE = 0.05
ACCENT_BIN_DEGREES = 15  # hue histogram bins; the accent is the fullest bin and its neighbours


@same_inputs  # five measures cut the same clothes: once a photo
def clothes_region(
    torso_mask: np.ndarray | None, geometry: FaceGeometry | None
) -> np.ndarray | None:
    """The clothes (bool, working copy): the torso mask inside its outline, or None when the
    photo has no face or too little torso in frame (see module doc)."""
    if torso_mask is None:
        return None
    if geometry is not None:
        radius = max(1, round(OUTLINE_MARGIN * geometry.inter_eye_px))
        torso_mask = _eroded(torso_mask, radius)
    return torso_mask if torso_mask.mean() >= MIN_TORSO_SHARE else None


def _eroded(mask: np.ndarray, radius: int) -> np.ndarray:
    """`mask` eroded by a disc of `radius` px, computed on its bounding box only.

    The box is grown by the radius (within the frame), so every pixel of the mask sees its
    whole disc in it and the frame's own edges are the same edges: the same pixels as an
    erosion of the whole frame, at the cost of the torso's box (often half the frame).
    """
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return mask.copy()
    top, bottom = max(0, rows[0] - radius), min(mask.shape[0], rows[-1] + radius + 1)
    left, right = max(0, cols[0] - radius), min(mask.shape[1], cols[-1] + radius + 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    eroded = np.zeros_like(mask)
    eroded[top:bottom, left:right] = (
        cv2.erode(mask[top:bottom, left:right].astype(np.uint8), kernel) > 0
    )
    return eroded


def _sample(mask: np.ndarray, step: int) -> np.ndarray:
    return mask[::step, ::step]


def _edges_at_face_scale(
    gray: np.ndarray, clothes: np.ndarray, geometry: FaceGeometry | None
) -> np.ndarray:
    """Strong Canny edges (CANNY_LOW/HIGH) of the clothes on a copy scaled to PATTERN_IED px
    between the eyes.

    Edges are one pixel wide at any resolution, so their share of an area falls as the
    resolution rises: the same check shirt is ~28% edges at 50 px between the eyes and ~19%
    at 76 px. Scaled to the face, a pattern reads the same on a thumbnail and on a large file.
    """
    factor = 1.0 if geometry is None else PATTERN_IED / max(geometry.inter_eye_px, 1.0)
    if abs(factor - 1.0) > 0.05:
        size = (max(8, round(gray.shape[1] * factor)), max(8, round(gray.shape[0] * factor)))
        shrink = factor < 1.0
        gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR)
        mask = cv2.resize(clothes.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST) > 0
    else:
        mask = clothes
    smooth = cv2.GaussianBlur(gray, (3, 3), 0)
    edges = cv2.Canny(smooth, CANNY_LOW, CANNY_HIGH) > 0
    return edges[mask]


@measure(
    id="attire.pattern_pct",
    unit="%",
    description="Share of clothing pixels (the person mask below the neck, inside its outline) "
    "that are strong edges (Canny 150/300: a step of ~40% of the grey range, on a copy scaled "
    "to 44 px between the eyes, so the share does not depend on the file's resolution): how "
    "busy the clothes are. A plain suit, shirt and tie ~2–5% (lapels, collar, tie edges); "
    "hair, knits and tweed add little; bold checks, stripes and loud prints 25%+. Empty "
    "without a face or when the torso is not in the frame.",
    needs=("torso_mask", "geometry", "gray"),
    valid_range=(0, 100),
)
def pattern_pct(
    torso_mask: np.ndarray | None, geometry: FaceGeometry | None, gray: np.ndarray
) -> float | None:
    """Busy clothes."""
    clothes = clothes_region(torso_mask, geometry)
    if clothes is None:
        return None
    edges = _edges_at_face_scale(gray, clothes, geometry)
    return 100.0 * float(edges.mean()) if edges.size else None


@measure(
    id="attire.saturation",
    unit="0..1",
    description="Mean HSV saturation of the clothes (the person mask below the neck, without "
    "pixels of the face's skin colour), near-black pixels (HSV value under 0.15) counted as "
    "grey: dark suits and white shirts ~0.05–0.3, a bright T-shirt 0.5+. Empty without a face, "
    "without torso in the frame, or when the torso seen is mostly skin.",
    needs=("torso_mask", "geometry", "colour_rgb", "colour_step", "lab", "face_lab", "hair_colour"),
    valid_range=(0, 1),
)
def saturation(
    torso_mask: np.ndarray | None,
    geometry: FaceGeometry | None,
    colour_rgb: np.ndarray,
    colour_step: int,
    lab: np.ndarray,
    face_lab: np.ndarray | None,
    hair_colour: np.ndarray | None,
) -> float | None:
    """Colourfulness of the clothes."""
    sample = clothes_colour_sample(torso_mask, geometry, lab, colour_step, face_lab, hair_colour)
    if sample is None:
        return None
    hsv = colour_hsv(colour_rgb)
    value, chroma = hsv[..., 2][sample], hsv[..., 1][sample] / 255.0
    # HSV saturation is (max - min) / max: on near-black pixels it is noise divided by
    # noise (a navy or charcoal suit read 0.5-0.8), so they count as grey.
    return float(np.where(value >= DARK_VALUE * 255, chroma, 0.0).mean())


@same_inputs  # four measures read the same colour sample: once a photo
def clothes_colour_sample(
    torso_mask: np.ndarray | None,
    geometry: FaceGeometry | None,
    lab: np.ndarray,
    colour_step: int,
    face_lab: np.ndarray | None,
    hair_colour: np.ndarray | None,
) -> np.ndarray | None:
    """The clothes in the colour sample's pixels, without the skin a neckline shows.

    Pixels within SKIN_AB a*b* units (and SKIN_L lightness) of the face's median skin colour
    are left out: an open collar or a V-neck would otherwise make the clothes read as
    skin-coloured, more so for some skin tones and for women's necklines than for a shirt and
    tie. When that leaves under MIN_CLOTHES_KEPT of the torso, the colour is not measured
    (None): the torso seen is mostly skin, typically a white top lost to a white backdrop by
    the segmentation (FRLL 025: her chest read as dark clothes among white T-shirts), and a
    top of the skin's own colour cannot be told from it. Long hair's colour is left out where
    it falls (module constants); the clothes are then measured on what the hair leaves if
    that is at least MIN_CLOTHES_BESIDE_HAIR of the torso (the neckline between two curtains
    of hair is clothing), else not at all (the torso seen is hair).
    """
    clothes = clothes_region(torso_mask, geometry)
    if clothes is None:
        return None
    sample = _sample(clothes, colour_step)
    if not sample.any():
        return None
    skin = skin_colour(face_lab)
    if skin is None:
        return sample
    pixels = lab[sample]  # the sample's pixels only: the rest of the frame is not kept anyway
    clothes = ~near_colour(pixels, skin, SKIN_AB, SKIN_L)
    if clothes.sum() < MIN_CLOTHES_KEPT * len(pixels):
        return None
    if hair_colour is not None and geometry is not None:
        rows, cols = np.nonzero(sample)
        hair = like_hair(pixels, hair_colour) & _where_hair_falls(
            rows * colour_step, cols * colour_step, geometry
        )
        clothes &= ~hair
        if clothes.sum() < MIN_CLOTHES_BESIDE_HAIR * len(pixels):
            return None
    kept = sample.copy()
    kept[sample] = clothes
    return kept


def _where_hair_falls(rows: np.ndarray, cols: np.ndarray, geometry: FaceGeometry) -> np.ndarray:
    """Whether working-copy pixels lie where long hair falls over the clothes (within
    HAIR_FALL_WIDTH IED either side, down to HAIR_FALL_DEPTH IED below the chin)."""
    ied = max(geometry.inter_eye_px, 1.0)
    across = np.abs(cols - geometry.eye_mid[0]) <= HAIR_FALL_WIDTH * ied
    return across & (rows <= geometry.chin[1] + HAIR_FALL_DEPTH * ied)


def _clothes_lab(
    torso_mask, geometry, lab, colour_step, face_lab, hair_colour, channel: int
) -> float | None:
    sample = clothes_colour_sample(torso_mask, geometry, lab, colour_step, face_lab, hair_colour)
    return None if sample is None else float(np.median(lab[..., channel][sample]))


@measure(
    id="attire.lab_l",
    unit="L*",
    description="Median CIELAB lightness of the clothes (the person mask below the neck, "
    "without pixels of the face's skin colour).",
    needs=("torso_mask", "geometry", "lab", "colour_step", "face_lab", "hair_colour"),
    valid_range=(0, 100),
)
def lab_l(torso_mask, geometry, lab, colour_step, face_lab, hair_colour) -> float | None:
    """Clothes lightness."""
    return _clothes_lab(torso_mask, geometry, lab, colour_step, face_lab, hair_colour, 0)


@measure(
    id="attire.lab_a",
    unit="a*",
    description="Median CIELAB a* of the clothes (+ red, - green).",
    needs=("torso_mask", "geometry", "lab", "colour_step", "face_lab", "hair_colour"),
    valid_range=(-128, 128),
)
def lab_a(torso_mask, geometry, lab, colour_step, face_lab, hair_colour) -> float | None:
    """Clothes red-green."""
    return _clothes_lab(torso_mask, geometry, lab, colour_step, face_lab, hair_colour, 1)


@measure(
    id="attire.lab_b",
    unit="b*",
    description="Median CIELAB b* of the clothes (+ yellow, - blue).",
    needs=("torso_mask", "geometry", "lab", "colour_step", "face_lab", "hair_colour"),
    valid_range=(-128, 128),
)
def lab_b(torso_mask, geometry, lab, colour_step, face_lab, hair_colour) -> float | None:
    """Clothes yellow-blue."""
    return _clothes_lab(torso_mask, geometry, lab, colour_step, face_lab, hair_colour, 2)


@measure(
    id="attire.accent_hue",
    unit="degrees",
    description="Hue angle (CIELAB h_ab, 0 = red, 90 = yellow, 180 = green, 270 = blue) of the "
    "clothes' clearly coloured pixels (C*ab at least 25: a tie, a coloured shirt or jacket), "
    "the fullest 15-degree bin and its neighbours: which colour the clothes show besides "
    "grey, navy, black and white. Empty when under 5% of the clothes are coloured (a plain "
    "suit, a white shirt), without a face, or when the torso seen is mostly skin.",
    needs=("torso_mask", "geometry", "lab", "colour_step", "face_lab", "hair_colour"),
    valid_range=(0, 360),
)
def accent_hue(torso_mask, geometry, lab, colour_step, face_lab, hair_colour) -> float | None:
    """The colour the clothes show, a tie's or a jacket's: the team's palette of worn colours."""
    sample = clothes_colour_sample(torso_mask, geometry, lab, colour_step, face_lab, hair_colour)
    if sample is None:
        return None
    a, b = lab[..., 1][sample], lab[..., 2][sample]
    coloured = np.hypot(a, b) >= ACCENT_CHROMA
    if coloured.mean() < ACCENT_MIN_SHARE:
        return None
    hue = np.degrees(np.arctan2(b[coloured], a[coloured])) % 360
    bins = 360 // ACCENT_BIN_DEGREES
    counts = np.bincount((hue // ACCENT_BIN_DEGREES).astype(int) % bins, minlength=bins)
    # A red tie and a blue shirt are two colours, not their purple average: take the fullest
    # bin (with its neighbours, so a hue on a bin's edge is not split) and average only there.
    peak = int(np.argmax(counts + np.roll(counts, 1) + np.roll(counts, -1)))
    centre = (peak + 0.5) * ACCENT_BIN_DEGREES
    near = np.abs((hue - centre + 180) % 360 - 180) <= 1.5 * ACCENT_BIN_DEGREES
    angles = np.radians(hue[near])
    return float(np.degrees(np.arctan2(np.sin(angles).mean(), np.cos(angles).mean())) % 360)
