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

__all__ = ["Face", "detect_faces"]

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


@dataclass(frozen=True)
class Face:
    """A face box in working-copy pixels, with the eye centres where both were found."""

    x: float
    y: float
    w: float
    h: float
    eyes: tuple[tuple[float, float], tuple[float, float]] | None = None

    @property
    def eye_line_y(self) -> float | None:
        """Mean y of the two eye centres, or None when the eyes were not both found."""
        return None if self.eyes is None else (self.eyes[0][1] + self.eyes[1][1]) / 2

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


def _find_eyes(gray: np.ndarray, box: tuple[int, int, int, int]):
    """Two eye centres inside the upper half of the face box (detect-copy pixels), or None."""
    x, y, w, h = box
    upper = gray[y : y + h // 2 + h // 8, x : x + w]
    if upper.size == 0:
        return None
    min_eye = max(6, w // 8)
    found = _cascade("haarcascade_eye.xml").detectMultiScale(
        upper, 1.1, 4, minSize=(min_eye, min_eye), maxSize=(w // 2, w // 2)
    )
    if len(found) < 2:
        return None
    # The two largest detections, one on each side of the face's centre line.
    ranked = sorted(found, key=lambda e: -e[2] * e[3])
    left = [e for e in ranked if e[0] + e[2] / 2 < w / 2]
    right = [e for e in ranked if e[0] + e[2] / 2 >= w / 2]
    if not left or not right:
        return None
    centres = sorted((x + ex + ew / 2, y + ey + eh / 2) for ex, ey, ew, eh in (left[0], right[0]))
    return centres[0], centres[1]


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
        eyes = _find_eyes(small, box) if index == 0 else None
        x, y, w, h = (v / factor for v in box)
        scaled_eyes = None
        if eyes is not None:
            scaled_eyes = tuple((ex / factor, ey / factor) for ex, ey in eyes)
        faces.append(Face(x, y, w, h, scaled_eyes))
    return faces
