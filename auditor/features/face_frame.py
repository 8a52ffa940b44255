"""The face in its own frame: the eyes put at fixed places, so face parts sit at fixed places.

Expression, eye and skin measures look at parts of the face (mouth, eyes, cheeks) whose place
and size follow the eyes: the mouth is ~1.1 inter-eye distances (IED) below the eye line, the
chin ~1.8. Warping the luma so the eye centres land on fixed pixels (`CANON_EYES`, an IED of
`CANON_IED` px) removes size, position and roll at once: one affine warp per photo, and every
region is a fixed rectangle of the canonical view.

The eye centres come from the landmark model when it ran (dlib-5 by default: each eye the
midpoint of its two corners, found in closed eyes too), else from the Haar eye pair, else from
the face box (eyes 30% and 70% across, on the eye line). With landmarks the frame also carries
the bottom of the nose, which places the mouth (it sits between the nose and the chin, and the
nose-to-eye distance varies more between faces than the face's width does).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from auditor.features.faces import Face
from auditor.features.landmarks import Landmarks

__all__ = ["CANON_IED", "CANON_SIZE", "FaceFrame", "face_frame"]

CANON_IED = 64  # px between the eye centres in the canonical view
CANON_SIZE = (192, 256)  # width, height of the canonical view: forehead to below the chin
CANON_EYES = ((64.0, 88.0), (128.0, 88.0))  # where the eye centres land
BOX_EYE_LINE = 0.38  # eye line ~38% down the Haar box, when the eyes are not detected
BOX_EYE_X = (0.3, 0.7)  # ... and the eyes 30% and 70% across it
HAAR_STAND_IN = "haar"  # the model name of landmarks guessed from the Haar box and eyes

Point = tuple[float, float]


@dataclass(frozen=True)
class FaceFrame:
    """Eye centres (working-copy pixels, left and right as seen) and where they came from."""

    eye_left: Point
    eye_right: Point
    source: str  # "landmarks", "haar-eyes" or "box"
    nose: Point | None = None  # bottom of the nose, with landmarks only

    @property
    def inter_eye_px(self) -> float:
        """Distance between the eye centres in working-copy pixels."""
        return math.dist(self.eye_left, self.eye_right)

    def matrix(self) -> np.ndarray:
        """2x3 affine map from working-copy pixels to the canonical view."""
        (lx, ly), (rx, ry) = self.eye_left, self.eye_right
        angle = math.atan2(ry - ly, rx - lx)
        scale = CANON_IED / max(self.inter_eye_px, 1e-6)
        cos, sin = math.cos(-angle) * scale, math.sin(-angle) * scale
        rotation = np.array([[cos, -sin], [sin, cos]])
        middle = np.array([(lx + rx) / 2, (ly + ry) / 2])
        target = np.mean(CANON_EYES, axis=0)
        return np.hstack([rotation, (target - rotation @ middle)[:, None]])

    def to_canonical(self, point: Point) -> Point:
        """A working-copy point in canonical-view pixels."""
        x, y = self.matrix() @ np.array([point[0], point[1], 1.0])
        return float(x), float(y)

    @property
    def canonical_nose(self) -> Point | None:
        """The bottom of the nose in the canonical view, or None without landmarks."""
        return None if self.nose is None else self.to_canonical(self.nose)

    def canonical(self, image: np.ndarray) -> np.ndarray:
        """The image warped into the canonical view (area-averaged when shrinking)."""
        shrink = self.inter_eye_px > CANON_IED
        return cv2.warpAffine(
            image,
            self.matrix(),
            CANON_SIZE,
            flags=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_REPLICATE,
        )


def face_frame(face: Face | None, landmarks: Landmarks | None = None) -> FaceFrame | None:
    """The face's frame from landmark eyes, the Haar eye pair or the box; None without a face.

    `landmarks` of the "haar" stand-in (`geometry.haar_landmarks`) add nothing to the face's
    own eyes and box, so they are ignored.
    """
    if landmarks is not None and landmarks.model != HAAR_STAND_IN:
        return FaceFrame(landmarks.eye_left, landmarks.eye_right, "landmarks", landmarks.nose)
    if face is None:
        return None
    if face.eyes is not None:
        left, right = sorted(face.eyes)
        return FaceFrame(left, right, "haar-eyes")
    y = face.eye_line_y if face.eye_line_y is not None else face.y + BOX_EYE_LINE * face.h
    return FaceFrame(
        (face.x + BOX_EYE_X[0] * face.w, y), (face.x + BOX_EYE_X[1] * face.w, y), "box"
    )
