"""Face and eye detection with OpenCV's bundled Haar cascades (no model download).

Detection runs on a small copy (`detect_size` on the long side) with a minimum face size that
suits headshots, then boxes are scaled back to working-copy pixels. A main box with no eye in
it, or no box at all, gets a second look (see `detect_faces`), which includes copies turned
for a tilted head (`auditor.features.upright`). Cascades are loaded once per process.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cache

import cv2
import numpy as np

from auditor.features.upright import Upright

__all__ = ["Eyes", "Face", "detect_faces"]

# Smallest face searched for, as a share of the detect copy's short side. A headshot's face
# box is 20-50% of it; 12.5% still finds a waist-up shot and is 20% faster than 8% (Haar's
# cost is in the small scales), with the same detection rate on ../shared/corpus.
MIN_FACE_SHARE = 0.125
FRONTAL = "haarcascade_frontalface_default.xml"  # the frontal-face cascade OpenCV bundles
# The profile and tilted-head fallbacks search from this larger share: they look for the head
# of a headshot seen side-on or tilted, which is large, and cost 40% less than from 12.5%
# (same faces found on the corpus photos that need them).
FALLBACK_MIN_FACE_SHARE = 0.2
SCALE_FACTOR = 1.1
HAAR_WINDOW = 24  # the frontal cascade's own window: the smallest face it can report
COARSE_SHARE = 0.5  # the coarse pass runs on a copy this share of the detection size
REFINE_MARGIN = 0.5  # face widths around a coarse hit searched again at full size
REFINE_SIZE_RANGE = 1.33  # ... for faces from 1/1.33 to 1.33 times the coarse hit's size
MIN_NEIGHBORS = 5
# A second face counts only if it is at least this share of the main face's height; smaller
# boxes on headshots are nearly always false positives (ties, collars, background texture).
SECONDARY_FACE_SHARE = 0.6
# Cascade confidence (the final stage's summed weight) below which a box is a likely false
# positive: on `skimage.data.astronaut()` the real face scores 5.5 and a patch of spacesuit
# 0.97. Weak boxes are dropped unless nothing stronger was found.
MIN_FACE_WEIGHT = 2.0
EYE_SEARCH_BAND = (0.15, 0.62)  # eyes are searched 15-62% down the face box (EYE_BAND + margin)
EYE_SCALE_FACTOR = 1.15
EYE_SEARCH_WIDTH = 120  # the face is resized to this width first: eyes ~25 px, a fixed cost
EYE_BAND = (0.2, 0.6)  # an eye centre lies 20-60% down the Haar face box; others are brows/nostrils

# Plausibility of the main box: a box in which no eye is found, even with the upper face
# enlarged to PLAUSIBLE_EYE_WIDTH (eyes ~30 px, above the eye cascade's 20 px window) at the
# eye cascade's most sensitive, gets a second look. No eye is found in the false faces on
# 18f-team/dave.jpg's kite mural and on the fur of `skimage.data.chelsea()` (at 512 px), nor
# in 7 of the other 158 real faces of ../shared/corpus (glasses, tilted heads), which keep
# their box when nothing better is found.
PLAUSIBLE_EYE_WIDTH = 160
PLAUSIBLE_EYE_NEIGHBORS = 1
# A box found by the second look replaces it only with an eye on each side of its centre line
# at the eye measures' own sensitivity (3 neighbours): 118 of the 158 corpus faces show such
# a pair, 1 of 35 Haar false positives on the scenes skimage and scikit-learn ship (coins).
PAIR_EYE_NEIGHBORS = 3
# ... as far apart as a face's eyes: 0.27-0.43 box widths in those 118 faces; a patterned
# shirt's "pair" (18f-team/mark-trammell.jpg with a border) was 0.22.
PAIR_EYE_SPACING = (0.25, 0.5)
# The second look searches the working copy itself (finer than the detection copy), from a
# third of the rejected box's height (dave.jpg's real face is 0.6 of the mural's false one;
# Haar's cost is in the small scales, so this costs about half a pass from 20 px) but not
# under 20 px ...
RESCUE_SIZE_SHARE = 1 / 3
RESCUE_MIN_FACE = 20
# With no box at all there is no false face to look past, only a face too small for the
# detection copy (a full-length shot): from 30 px, 6% of a 512 px frame, the pass costs half
# as much (Haar's cost goes with 1 / min size squared); a smaller face is a crowd, not a person.
RESCUE_MIN_FACE_WITHOUT_BOX = 30
# ... when the working copy has more to show: at least 1.25x the detection copy. Photos up to
# ~300 px were searched at about their own size already (the pass cost ~30 ms for nothing
# on the corpus's 250 px photos).
RESCUE_MAX_SCALE = 0.8
# Failing that, the photo is searched with a border of this share of its size on each side
# (edge pixels repeated): a face cropped so tight that it is larger than the frame (crown and
# chin cut) fits a detection window again. Of the corpus photos cropped to their middle 60%
# (50%), 32 (98) had no face found; 9 (22) with the border.
PAD_SHARE = 0.25
# ... and what it finds counts only as large as that: a face box of at least 80% of the
# frame's short side (the corpus's largest face found without a border is 0.78), with an eye.
PAD_MIN_FACE_SHARE = 0.8

ROTATED_SEARCH_DEGREES = 20  # last resort: look for heads tilted this much either way
# A main box without an eye may be a false hit on a head tilted past the frontal cascade's
# reach (~20°): its lower face, with no eye in it. The photo is searched again turned by
# these angles (degrees, + levels a clockwise roll): with the cascade's own ±15° of tolerance
# they cover heads tilted ~15-45° either way. A face found there counts with an eye pair
# (PAIR_EYE_NEIGHBORS, PAIR_EYE_SPACING, checked on the turned copy) and at least
# SECONDARY_FACE_SHARE of the rejected box's height (smaller is not the main face).
TILT_SEARCH_DEGREES = (30.0, -30.0)
MAX_FACE_OVERLAP = 0.3  # a box covering >30% of a larger face's box is that face again

Eyes = tuple[tuple[float, float], tuple[float, float]] | None
Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Face:
    """A face box in working-copy pixels, with the eye centres where both were found."""

    x: float
    y: float
    w: float
    h: float
    eyes: Eyes = None
    eye_line_y: float | None = None  # y of the eye line, from one or both detected eyes
    # The turn under which the face was found upright (degrees, + = a clockwise roll, see
    # `auditor.features.upright`); x, y, w, h are then that upright box, centred where the
    # face is in the photo. 0 for a face found in the photo as it is.
    tilt_degrees: float = 0.0

    @property
    def roll_degrees(self) -> float | None:
        """Head roll from the eye line (positive = clockwise in the image), or None."""
        if self.eyes is None:
            return None
        (x1, y1), (x2, y2) = self.eyes
        return math.degrees(math.atan2(y2 - y1, x2 - x1))


@cache
def _cascade(name: str) -> cv2.CascadeClassifier:
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + name)
    if cascade.empty():
        raise RuntimeError(f"OpenCV cascade {name} is missing from this OpenCV build")
    return cascade


def _eye_centres(
    gray: np.ndarray, box: tuple[float, float, float, float], width: int, neighbours: int
) -> list[tuple[float, float]]:
    """Centres of the eyes found in the eye band of a working-copy face box.

    The upper face is resized to `width`, down always and up only when `width` is above
    EYE_SEARCH_WIDTH: the eye cascade's window is 20 px, so a small face's eyes need enlarging
    to be seen at all (the plausibility check does that; the eye measures do not).
    """
    x, y, w, h = box
    x0, y0 = max(0, int(x)), max(0, int(y + EYE_SEARCH_BAND[0] * h))
    y1, x1 = max(0, int(y + EYE_SEARCH_BAND[1] * h)), max(0, int(x + w))  # boxes may overhang
    upper = gray[y0:y1, x0:x1]
    if upper.size == 0 or min(upper.shape) < 12:
        return []
    zoom = width / upper.shape[1]
    if zoom < 1 or width > EYE_SEARCH_WIDTH:
        size = (width, max(12, round(upper.shape[0] * zoom)))
        shrink = cv2.INTER_AREA if zoom < 1 else cv2.INTER_LINEAR
        upper = cv2.resize(upper, size, interpolation=shrink)
    else:  # enlarging to EYE_SEARCH_WIDTH adds pixels, not eyes, to eyes already above 20 px
        zoom = 1.0
    face_w = w * zoom
    min_eye, max_eye = max(6, int(face_w / 10)), max(8, int(face_w / 2))
    found = _cascade("haarcascade_eye.xml").detectMultiScale(
        upper, EYE_SCALE_FACTOR, neighbours, minSize=(min_eye, min_eye), maxSize=(max_eye, max_eye)
    )
    found = [(ex / zoom, ey / zoom, ew / zoom, eh / zoom) for ex, ey, ew, eh in found]
    return [
        (float(x0 + ex + ew / 2), float(y0 + ey + eh / 2))
        for ex, ey, ew, eh in found
        if EYE_BAND[0] * h <= y0 + ey + eh / 2 - y <= EYE_BAND[1] * h
    ]


def _eye_pair(centres: list[tuple[float, float]], x: float, w: float) -> Eyes:
    """The pair nearest the face's centre line on each side (outer hits are brows or hair)."""
    middle = x + w / 2
    left = [c for c in centres if c[0] < middle]
    right = [c for c in centres if c[0] >= middle]
    if left and right:
        return max(left, key=lambda c: c[0]), min(right, key=lambda c: c[0])
    return None


def _find_eyes(
    gray: np.ndarray, x: float, y: float, w: float, h: float
) -> tuple[Eyes, float | None]:
    """Eye centres (both, or None) and the eye-line y inside a working-copy face box.

    Runs on the working copy, not the detection copy: at 240 px an eye is ~10 px and the eye
    cascade misses most of them. One plausible eye still fixes the eye line (not the roll).
    """
    centres = _eye_centres(gray, (x, y, w, h), EYE_SEARCH_WIDTH, 3)
    if not centres:
        return None, None
    pair = _eye_pair(centres, x, w)
    if pair is not None:
        return pair, (pair[0][1] + pair[1][1]) / 2
    return None, float(np.median([c[1] for c in centres]))


def _boxes(
    cascade: str, image: np.ndarray, min_side: int, max_side: int = 0
) -> list[tuple[Box, float]]:
    """Detections of one cascade with their confidence (the last stage's summed weight)."""
    found, _levels, weights = _cascade(cascade).detectMultiScale3(
        image,
        SCALE_FACTOR,
        MIN_NEIGHBORS,
        minSize=(min_side, min_side),
        maxSize=(max_side, max_side),
        outputRejectLevels=True,
    )
    return [
        (tuple(int(v) for v in box), float(weight))  # type: ignore[misc]
        for box, weight in zip(found, np.ravel(weights), strict=True)
    ]


def _mirrored(boxes: list[tuple[Box, float]], width: int) -> list[tuple[Box, float]]:
    return [((width - x - w, y, w, h), weight) for (x, y, w, h), weight in boxes]


def _coarse_to_fine(small: np.ndarray) -> list[tuple[Box, float]]:
    """Frontal faces found on a COARSE_SHARE copy, each re-detected at full size near itself.

    Haar's cost is in its smallest scales; a headshot's face is large, so a pass on a copy
    half the size finds it for ~30% of the cost, and a pass limited to the neighbourhood and
    size of each hit gives back the full-size box. Empty when the coarse pass finds nothing
    (faces under ~20% of the frame: waist-up or group shots) or no hit is confirmed: the
    caller then runs the full-size pass, so this never loses a face the full pass would find.
    """
    height, width = small.shape
    size = (round(width * COARSE_SHARE), round(height * COARSE_SHARE))
    if min(size) < 2 * HAAR_WINDOW:
        return []
    coarse = cv2.resize(small, size, interpolation=cv2.INTER_AREA)
    min_side = max(HAAR_WINDOW, int(MIN_FACE_SHARE * min(coarse.shape)))
    hits = _boxes(FRONTAL, coarse, min_side)
    refined = []
    for x, y, w, _h in _distinct_faces(hits) if hits else []:
        x, y, w = x / COARSE_SHARE, y / COARSE_SHARE, w / COARSE_SHARE
        margin = REFINE_MARGIN * w
        left, top = max(0, int(x - margin)), max(0, int(y - margin))
        right, bottom = min(width, int(x + w + margin)), min(height, int(y + w + margin))
        near = _boxes(
            FRONTAL,
            small[top:bottom, left:right],
            max(20, int(w / REFINE_SIZE_RANGE)),
            max_side=int(w * REFINE_SIZE_RANGE),
        )
        if near:
            (bx, by, bw, bh), weight = max(near, key=lambda item: item[1])
            refined.append(((bx + left, by + top, bw, bh), weight))
    if refined:
        # A second person counts from SECONDARY_FACE_SHARE of the main face's size; faces
        # between that and the smallest the coarse copy can show are looked for at full size
        # (a few large scales: a fraction of a full pass).
        smallest = SECONDARY_FACE_SHARE * max(box[3] for box, _ in refined)
        visible = min_side / COARSE_SHARE
        if smallest < visible:
            refined += _boxes(
                FRONTAL,
                small,
                max(20, int(smallest)),
                max_side=int(visible * REFINE_SIZE_RANGE),
            )
    return refined


def _search(small: np.ndarray) -> list[tuple[Box, float]]:
    """Frontal faces; failing that on the equalised image, then profiles, then tilted heads.

    The fallbacks cost time only on photos where the plain pass found nothing: equalising
    helps dark or flat photos but adds false positives on normal ones, and the profile cascade
    finds three-quarter and side views the frontal one misses.
    """
    found = _coarse_to_fine(small)
    if found:
        return found
    min_side = max(20, int(MIN_FACE_SHARE * min(small.shape)))
    found = _boxes(FRONTAL, small, min_side)
    if found:
        return found
    equalised = cv2.equalizeHist(small)
    found = _boxes(FRONTAL, equalised, min_side)
    if found:
        return found
    min_side = max(20, int(FALLBACK_MIN_FACE_SHARE * min(small.shape)))
    found = _boxes("haarcascade_profileface.xml", equalised, min_side)
    found += _mirrored(
        _boxes("haarcascade_profileface.xml", equalised[:, ::-1], min_side), small.shape[1]
    )
    return found or _rotated_search(equalised, min_side)


def _overlap(a: Box, b: Box) -> float:
    """Intersection area / the smaller box's area."""
    ix = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    return ix * iy / min(a[2] * a[3], b[2] * b[3])


def _below(box: Box, main: Box) -> bool:
    """Whether `box` starts below the middle of `main` and is centred within its width."""
    centre_x = box[0] + box[2] / 2
    return box[1] > main[1] + main[3] / 2 and main[0] <= centre_x <= main[0] + main[2]


def _rotated_search(small: np.ndarray, min_side: int) -> list[tuple[Box, float]]:
    """Frontal faces on the image turned by ±ROTATED_SEARCH_DEGREES (tilted heads, selfies).

    Boxes are mapped back by their centre and keep their size: good enough for the framing
    measures of a head tilted by 20°.
    """
    height, width = small.shape
    centre = (width / 2, height / 2)
    for angle in (ROTATED_SEARCH_DEGREES, -ROTATED_SEARCH_DEGREES):
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(small, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE)
        found = _boxes(FRONTAL, turned, min_side)
        if found:
            back = cv2.invertAffineTransform(matrix)
            out = []
            for (x, y, w, h), weight in found:
                cx, cy = back @ np.array([x + w / 2, y + h / 2, 1.0])
                out.append(((round(cx - w / 2), round(cy - h / 2), w, h), weight))
            return out
    return []


def _distinct_faces(scored: list[tuple[Box, float]]) -> list[Box]:
    """Confident boxes, largest first, without boxes that overlap a larger one or are tiny."""
    confident = [item for item in scored if item[1] >= MIN_FACE_WEIGHT]
    if not confident:  # keep the single most face-like box rather than lose a real face
        confident = [max(scored, key=lambda item: item[1])]
    kept: list[Box] = []
    for box in sorted((box for box, _ in confident), key=lambda b: -b[3]):
        if kept and box[3] < SECONDARY_FACE_SHARE * kept[0][3]:
            continue
        # Two people's faces do not overlap; a box on the chin or neck of a face is the same
        # face found again (seen on 4 of 159 corpus headshots).
        if any(_overlap(box, other) > MAX_FACE_OVERLAP for other in kept):
            continue
        # Nor does a second person stand on the first one's shoulders: a box below the main
        # face and in its column is a tie, collar or chin (2 of the 80 GPO portraits).
        if kept and _below(box, kept[0]):
            continue
        kept.append(box)
    return kept


def _has_eyes(gray: np.ndarray, box: tuple[float, ...]) -> bool:
    """Whether any eye is found in the box, enlarged and at the eye cascade's most sensitive."""
    return bool(_eye_centres(gray, box, PLAUSIBLE_EYE_WIDTH, PLAUSIBLE_EYE_NEIGHBORS))


def _has_eye_pair(gray: np.ndarray, box: tuple[float, ...]) -> bool:
    """Whether an eye is found on each side of the box's centre line, a face's eyes apart."""
    centres = _eye_centres(gray, box, PLAUSIBLE_EYE_WIDTH, PAIR_EYE_NEIGHBORS)
    pair = _eye_pair(centres, box[0], box[2])
    if pair is None:
        return False
    spacing = (pair[1][0] - pair[0][0]) / box[2]
    return PAIR_EYE_SPACING[0] <= spacing <= PAIR_EYE_SPACING[1]


def _detection_copy(gray: np.ndarray, detect_size: int) -> tuple[np.ndarray, float]:
    """The copy faces are searched on (`detect_size` on the long side), and its scale."""
    height, width = gray.shape
    factor = min(1.0, detect_size / max(height, width))
    if factor == 1:
        return gray, factor
    size = (round(width * factor), round(height * factor))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA), factor


def _scaled(box: Box, factor: float) -> Box:
    """A box scaled by `factor`, in whole pixels."""
    x, y, w, h = (round(v * factor) for v in box)
    return x, y, w, h


def _second_look(
    gray: np.ndarray, candidates: list[tuple[Box, float]], scale: float, rejected_height: float
) -> list[Box]:
    """Faces with a pair of eyes among `candidates` and a search of the working copy.

    A confident false face on a busy background (a mural, a poster, fur) can hide a real face
    too small for the detection copy (`scale` times the working copy). Working-copy boxes,
    largest first; empty when none has both eyes.
    """
    if scale < RESCUE_MAX_SCALE:
        smallest = RESCUE_MIN_FACE if rejected_height else RESCUE_MIN_FACE_WITHOUT_BOX
        min_side = max(smallest, int(RESCUE_SIZE_SHARE * rejected_height))
        candidates = candidates + _boxes(FRONTAL, gray, min_side)
    with_eyes = [item for item in candidates if _has_eye_pair(gray, item[0])]
    return _distinct_faces(with_eyes) if with_eyes else []


def _padded_look(gray: np.ndarray, detect_size: int) -> list[Box]:
    """Faces found with a border around the photo, when the main one fills the frame.

    Working-copy boxes centred in the frame, which may overhang it; empty unless the main one
    is at least PAD_MIN_FACE_SHARE of the frame's short side and shows an eye.
    """
    height, width = gray.shape
    top, left = round(PAD_SHARE * height), round(PAD_SHARE * width)
    padded = cv2.copyMakeBorder(gray, top, top, left, left, cv2.BORDER_REPLICATE)
    small, factor = _detection_copy(padded, detect_size)
    scored = _coarse_to_fine(small)  # the face sought is large: the coarse pass sees it
    found = [_scaled(box, 1 / factor) for box in _distinct_faces(scored)] if scored else []
    boxes = [
        (x - left, y - top, w, h)
        for x, y, w, h in found
        if left <= x + w / 2 < left + width and top <= y + h / 2 < top + height
    ]
    if not boxes or boxes[0][3] < PAD_MIN_FACE_SHARE * min(height, width):
        return []
    if _find_eyes(gray, *boxes[0])[1] is None and not _has_eyes(gray, boxes[0]):
        return []
    return boxes


def _tilted_look(
    gray: np.ndarray, detect_size: int, rejected_height: float
) -> tuple[tuple[float, ...], float, Eyes, float | None] | None:
    """A tilted head's face, found on copies of the photo turned by TILT_SEARCH_DEGREES.

    Returns the upright box centred on the face in working-copy pixels, its tilt, and its
    eyes and eye line mapped back to the photo; None when no turned copy shows a face with an
    eye pair. Costs two frontal passes from FALLBACK_MIN_FACE_SHARE, only on photos whose main
    box shows no eye.
    """
    height, width = gray.shape
    for tilt in TILT_SEARCH_DEGREES:
        turned = Upright(gray, (width / 2, height / 2), tilt)
        small, factor = _detection_copy(turned.image, detect_size)
        # Smaller faces would not count (below): not searching for them halves the cost.
        smallest = SECONDARY_FACE_SHARE * rejected_height * factor
        min_side = max(20, int(FALLBACK_MIN_FACE_SHARE * min(small.shape)), int(smallest))
        found = _boxes(FRONTAL, small, min_side)
        boxes = [_scaled(box, 1 / factor) for box in _distinct_faces(found)] if found else []
        boxes = [
            box
            for box in boxes
            if box[3] >= SECONDARY_FACE_SHARE * rejected_height and _has_eye_pair(turned.image, box)
        ]
        if not boxes:
            continue
        x, y, w, h = boxes[0]
        ((cx, cy),) = turned.to_photo(np.array([[x + w / 2, y + h / 2]]))
        eyes, eye_line = _find_eyes(turned.image, x, y, w, h)
        if eyes is not None:
            left, right = turned.to_photo(np.array(eyes))
            eyes = (float(left[0]), float(left[1])), (float(right[0]), float(right[1]))
            eye_line = (eyes[0][1] + eyes[1][1]) / 2
        elif eye_line is not None:  # one eye: its line through the face's centre, turned back
            eye_line = float(turned.to_photo(np.array([[x + w / 2, eye_line]]))[0, 1])
        return (float(cx - w / 2), float(cy - h / 2), float(w), float(h)), tilt, eyes, eye_line
    return None


def _in_frame(box: tuple[float, ...], shape: tuple[int, ...]) -> tuple[float, ...]:
    """The part of a box inside the frame: the face regions are cut from the image by it."""
    x, y, w, h = box
    if x >= 0 and y >= 0 and x + w <= shape[1] and y + h <= shape[0]:
        return box
    left, top = max(0.0, x), max(0.0, y)
    return left, top, min(shape[1], x + w) - left, min(shape[0], y + h) - top


def detect_faces(gray: np.ndarray, detect_size: int) -> list[Face]:
    """Faces in a working-copy luma image, largest first, in working-copy pixels.

    When nothing is found or no eye is found in the main box, the photo gets a second look:
    the working copy is searched for a face with both eyes (a false face on a busy background
    can hide a real one too small for the detection copy), then the photo with a border for a
    face larger than the frame, then the photo turned for a tilted head (`_tilted_look`).
    Without a better face the box stays, and photos whose main face shows an eye (151 of the
    corpus's 160) pay for nothing more.
    """
    small, factor = _detection_copy(gray, detect_size)
    scored = _search(small)
    distinct = _distinct_faces(scored) if scored else []
    boxes = [tuple(v / factor for v in box) for box in distinct]
    eyes, eye_line = _find_eyes(gray, *boxes[0]) if boxes else (None, None)
    if eye_line is None and not (boxes and _has_eyes(gray, boxes[0])):
        others = [
            (_scaled(box, 1 / factor), weight) for box, weight in scored if box != distinct[0]
        ]
        rejected_height = boxes[0][3] if boxes else 0.0
        better = _second_look(gray, others, factor, rejected_height)
        better = better or _padded_look(gray, detect_size)
        if better:
            boxes = [tuple(map(float, box)) for box in better]
            eyes, eye_line = _find_eyes(gray, *boxes[0])
        elif (tilted := _tilted_look(gray, detect_size, rejected_height)) is not None:
            box, tilt, eyes, eye_line = tilted
            others = [b for b in boxes[1:] if _overlap(_whole(b), _whole(box)) <= MAX_FACE_OVERLAP]
            face = Face(*_in_frame(box, gray.shape), eyes, eye_line, tilt)
            return [face] + [Face(*_in_frame(b, gray.shape)) for b in others]
    faces = [Face(*_in_frame(box, gray.shape)) for box in boxes]
    if faces:
        faces[0] = replace(faces[0], eyes=eyes, eye_line_y=eye_line)
    return faces


def _whole(box: tuple[float, ...]) -> Box:
    """A working-copy box in whole pixels (for `_overlap`)."""
    x, y, w, h = (round(v) for v in box)
    return x, y, w, h
