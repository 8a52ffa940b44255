"""A tilted face seen upright: the photo turned about a point, and points mapped back.

OpenCV's frontal-face cascade and dlib's landmark predictors were trained on upright faces:
the cascade misses a head tilted past ~20° and the predictor drifts off the eyes of one
tilted 30°. Both are run on a copy turned so the face is level, and what they find is mapped
back to the photo's own pixels. A tilt is a face's roll in degrees (+ = clockwise in the
image, as `crop.roll_degrees`); turning the copy by the same angle anticlockwise levels it.
"""

from __future__ import annotations

import cv2
import numpy as np

__all__ = ["Upright"]


class Upright:
    """A copy of a luma image turned by `tilt_degrees` about `centre`, and the maps both ways.

    The copy keeps the image's size (edge pixels repeated where the corners turn in): a tilted
    headshot's face is near the middle, which the turn keeps in frame.
    """

    def __init__(self, gray: np.ndarray, centre: tuple[float, float], tilt_degrees: float) -> None:
        self.tilt_degrees = tilt_degrees
        # OpenCV's positive angle turns the content anticlockwise: it levels a clockwise roll.
        self.forward = cv2.getRotationMatrix2D(centre, tilt_degrees, 1.0)
        self.back = cv2.invertAffineTransform(self.forward)
        height, width = gray.shape[:2]
        self.image = cv2.warpAffine(
            gray, self.forward, (width, height), borderMode=cv2.BORDER_REPLICATE
        )

    def to_photo(self, points: np.ndarray) -> np.ndarray:
        """Points (N x 2) of the upright copy in the photo's pixels."""
        points = np.asarray(points, np.float64).reshape(-1, 2)
        return points @ self.back[:, :2].T + self.back[:, 2]
