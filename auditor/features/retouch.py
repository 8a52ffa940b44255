"""Skin texture relative to the face's sharp features: how much retouching smoothed the skin.

A light retouch keeps the skin's fine detail (pores, fine lines, stubble); heavy smoothing
(a "beauty" filter, frequency separation overdone) removes it while the eyes, brows and lashes
stay sharp. So the measure is a ratio, in the working copy's own pixels: the fine detail
(luma minus its Gaussian blur at ~1/32 of the inter-eye distance, median absolute value) on
the cheeks, over the same on the eyes-and-brows band. Blur and resolution lower both, so the
ratio stays; smoothing the skin only lowers the numerator. Regions are fixed rectangles of the
canonical face view (`face_frame`) mapped back to the working copy.
"""

from __future__ import annotations

import cv2
import numpy as np

from auditor.features.face_frame import CANON_EYES, CANON_IED, CANON_SIZE, FaceFrame

__all__ = ["skin_texture"]

_EYE_Y = round(CANON_EYES[0][1])
_MIDDLE_X = round((CANON_EYES[0][0] + CANON_EYES[1][0]) / 2)
# Cheeks: 0.44-0.78 IED below the eye line, 0.34-0.72 IED either side of the centre line
# (below the eyes, beside the nose, inside the jaw). Features: 0.47 IED above to 0.19 below
# the eye line, 0.88 IED either side: brows, eyes and lashes.
CHEEK_ROWS = (_EYE_Y + round(0.44 * CANON_IED), _EYE_Y + round(0.78 * CANON_IED))
CHEEK_COLUMNS = (round(0.34 * CANON_IED), round(0.72 * CANON_IED))
FEATURE_ROWS = (_EYE_Y - round(0.47 * CANON_IED), _EYE_Y + round(0.19 * CANON_IED))
FEATURE_HALF_WIDTH = round(0.88 * CANON_IED)
DETAIL_SCALE = 1 / 32  # Gaussian sigma of the detail layer, in inter-eye distances ...
MIN_DETAIL_SIGMA = 0.8  # ... but at least this many pixels
MIN_REGION_PIXELS = 30


def _regions(frame: FaceFrame, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Cheek and feature masks in working-copy pixels."""
    cheeks = np.zeros(CANON_SIZE[::-1], np.uint8)
    near, far = CHEEK_COLUMNS
    cheeks[slice(*CHEEK_ROWS), _MIDDLE_X - far : _MIDDLE_X - near] = 1
    cheeks[slice(*CHEEK_ROWS), _MIDDLE_X + near : _MIDDLE_X + far] = 1
    features = np.zeros_like(cheeks)
    half = FEATURE_HALF_WIDTH
    features[slice(*FEATURE_ROWS), _MIDDLE_X - half : _MIDDLE_X + half] = 1
    back = cv2.invertAffineTransform(frame.matrix())
    size = (shape[1], shape[0])
    return tuple(
        cv2.warpAffine(m, back, size, flags=cv2.INTER_NEAREST) > 0 for m in (cheeks, features)
    )


def skin_texture(gray: np.ndarray, frame: FaceFrame) -> float | None:
    """Fine detail on the cheeks over fine detail on the eyes and brows (see module doc)."""
    cheeks, features = _regions(frame, gray.shape)
    if cheeks.sum() < MIN_REGION_PIXELS or features.sum() < MIN_REGION_PIXELS:
        return None
    luma = gray.astype(np.float32)
    sigma = max(MIN_DETAIL_SIGMA, DETAIL_SCALE * frame.inter_eye_px)
    detail = np.abs(luma - cv2.GaussianBlur(luma, (0, 0), sigma))
    reference = float(np.median(detail[features]))
    if reference <= 0:
        return None
    return float(np.median(detail[cheeks])) / reference
