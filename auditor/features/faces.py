"""Face and eye detection with OpenCV's bundled Haar cascades (no model download).

Detection runs on a small copy (`detect_size` on the long side) with a minimum face size that
suits headshots, then boxes are scaled back to working-copy pixels. Cascades are loaded once per
process.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

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

ROTATED_SEARCH_DEGREES = 20  # last resort: look for heads tilted this much either way
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


def _find_eyes(
    gray: np.ndarray, x: float, y: float, w: float, h: float
) -> tuple[Eyes, float | None]:
    """Eye centres (both, or None) and the eye-line y inside a working-copy face box.

    Runs on the working copy, not the detection copy: at 240 px an eye is ~10 px and the eye
    cascade misses most of them. One plausible eye still fixes the eye line (not the roll).
    """
    x0, y0 = max(0, int(x)), max(0, int(y + EYE_SEARCH_BAND[0] * h))
    upper = gray[y0 : int(y + EYE_SEARCH_BAND[1] * h), x0 : int(x + w)]
    if upper.size == 0 or min(upper.shape) < 12:
        return None, None
    zoom = EYE_SEARCH_WIDTH / upper.shape[1]
    if zoom < 1:  # only ever shrink: enlarging adds pixels, not eyes
        size = (EYE_SEARCH_WIDTH, max(12, round(upper.shape[0] * zoom)))
        upper = cv2.resize(upper, size, interpolation=cv2.INTER_AREA)
    else:
        zoom = 1.0
    face_w = w * zoom
    min_eye, max_eye = max(6, int(face_w / 10)), max(8, int(face_w / 2))
    found = _cascade("haarcascade_eye.xml").detectMultiScale(
        upper, EYE_SCALE_FACTOR, 3, minSize=(min_eye, min_eye), maxSize=(max_eye, max_eye)
    )
    found = [(ex / zoom, ey / zoom, ew / zoom, eh / zoom) for ex, ey, ew, eh in found]
    centres = [
        (float(x0 + ex + ew / 2), float(y0 + ey + eh / 2))
        for ex, ey, ew, eh in found
        if EYE_BAND[0] * h <= y0 + ey + eh / 2 - y <= EYE_BAND[1] * h
    ]
    if not centres:
        return None, None
    middle = x + w / 2
    left = [c for c in centres if c[0] < middle]
    right = [c for c in centres if c[0] >= middle]
    if left and right:
        # The pair nearest the face's centre line on each side (outer hits are brows or hair).
        pair = (max(left, key=lambda c: c[0]), min(right, key=lambda c: c[0]))
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


def detect_faces(gray: np.ndarray, detect_size: int) -> list[Face]:
    """Faces in a working-copy luma image, largest first, in working-copy pixels."""
    height, width = gray.shape
    factor = min(1.0, detect_size / max(height, width))
    small = gray
    if factor < 1:
        size = (round(width * factor), round(height * factor))
        small = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    scored = _search(small)
    if not scored:
        return []
    faces = []
    for index, box in enumerate(_distinct_faces(scored)):
        x, y, w, h = (v / factor for v in box)
        eyes, eye_line = _find_eyes(gray, x, y, w, h) if index == 0 else (None, None)
        faces.append(Face(x, y, w, h, eyes, eye_line))
    return faces
