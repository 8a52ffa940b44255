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

MIN_FACE_SHARE = 0.08  # smallest face searched for, as a share of the detect copy's short side
SCALE_FACTOR = 1.1
MIN_NEIGHBORS = 5
# A second face counts only if it is at least this share of the main face's height; smaller
# boxes on headshots are nearly always false positives (ties, collars, background texture).
SECONDARY_FACE_SHARE = 0.5
# Cascade confidence (the final stage's summed weight) below which a box is a likely false
# positive: on `skimage.data.astronaut()` the real face scores 5.5 and a patch of spacesuit
# 0.97. Weak boxes are dropped unless nothing stronger was found.
MIN_FACE_WEIGHT = 2.0
EYE_SEARCH_DEPTH = 0.65  # eyes are searched in the top 65% of the face box
EYE_BAND = (0.2, 0.6)  # an eye centre lies 20-60% down the Haar face box; others are brows/nostrils

Eyes = tuple[tuple[float, float], tuple[float, float]] | None


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
    x0, y0 = max(0, int(x)), max(0, int(y))
    upper = gray[y0 : int(y + EYE_SEARCH_DEPTH * h), x0 : int(x + w)]
    if upper.size == 0 or min(upper.shape) < 12:
        return None, None
    min_eye, max_eye = max(6, int(w / 10)), max(8, int(w / 2))
    found = _cascade("haarcascade_eye.xml").detectMultiScale(
        upper, 1.1, 3, minSize=(min_eye, min_eye), maxSize=(max_eye, max_eye)
    )
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


def detect_faces(gray: np.ndarray, detect_size: int) -> list[Face]:
    """Faces in a working-copy luma image, largest first, in working-copy pixels."""
    height, width = gray.shape
    factor = min(1.0, detect_size / max(height, width))
    small = (
        cv2.resize(
            gray, (round(width * factor), round(height * factor)), interpolation=cv2.INTER_AREA
        )
        if factor < 1
        else gray
    )
    small = cv2.equalizeHist(small)
    min_side = max(20, int(MIN_FACE_SHARE * min(small.shape)))
    found, _levels, weights = _cascade("haarcascade_frontalface_default.xml").detectMultiScale3(
        small, SCALE_FACTOR, MIN_NEIGHBORS, minSize=(min_side, min_side), outputRejectLevels=True
    )
    if len(found) == 0:
        return []
    scored = [
        (tuple(int(v) for v in b), float(w)) for b, w in zip(found, np.ravel(weights), strict=True)
    ]
    confident = [item for item in scored if item[1] >= MIN_FACE_WEIGHT]
    if not confident:  # keep the single most face-like box rather than lose a real face
        confident = [max(scored, key=lambda item: item[1])]
    boxes = sorted((box for box, _ in confident), key=lambda b: -b[3])
    main_h = boxes[0][3]
    faces = []
    for index, box in enumerate(boxes):
        if index and box[3] < SECONDARY_FACE_SHARE * main_h:
            continue
        x, y, w, h = (v / factor for v in box)
        eyes, eye_line = _find_eyes(gray, x, y, w, h) if index == 0 else (None, None)
        faces.append(Face(x, y, w, h, eyes, eye_line))
    return faces
