"""Controlled edits of real portraits for the new measures (skin, clothes), shared by
validate_measures.py and evaluate_flags.py.

Each edit touches one part of the photo only, located with the features stage's own regions
(the canonical face frame for the skin, the person mask below the neck for the clothes), so the
truth of the edit is known: the skin was smoothed, the clothes got a pattern or a colour.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
from PIL import Image

__all__ = ["check_pattern_clothes", "saturated_clothes", "smooth_skin"]

SKIN_PASSES = 3  # bilateral passes of the "beauty filter" ...
SKIN_SIGMA_COLOUR = 30  # ... colour sigma (8-bit levels): edges of eyes and lips survive
SKIN_SIGMA_SPACE = 0.015  # ... spatial sigma, share of the photo height
PATTERN_PERIOD = 0.02  # check pattern: one square per this share of the photo height (~1 cm)
PATTERN_STRENGTH = 0.45  # blend of the pattern over the clothes' own shading
CLOTHES_HUE = 12  # OpenCV hue (0-180): a bright orange, unlike any corpus team's clothes
CLOTHES_SATURATION = 200  # the clothes' HSV saturation after the shift (0-255)
CLOTHES_MIN_VALUE = 110  # ... and at least this value, so dark suits become coloured too
MIN_TORSO_SHARE = 0.01  # less torso than this share of the frame: nothing to edit


def _context(rgb: np.ndarray):
    from auditor.config import FeaturesConfig
    from auditor.features.context import PhotoContext
    from auditor.features.decode import decode

    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=95)
    config = FeaturesConfig()
    return PhotoContext(decode(buf.getvalue(), config.working_size, config.max_pixels), 240, None)


def _full_size(mask: np.ndarray, rgb: np.ndarray, feather: float) -> np.ndarray:
    mask = cv2.resize(mask.astype(np.float32), (rgb.shape[1], rgb.shape[0]))
    return cv2.GaussianBlur(mask, (0, 0), max(0.5, feather))[..., None]


def smooth_skin(rgb: np.ndarray) -> np.ndarray:
    """Edge-preserving smoothing (bilateral) of the face's skin only: eyes, brows, lips kept."""
    from auditor.features.face_frame import CANON_EYES, CANON_IED, CANON_SIZE

    ctx = _context(rgb)
    if ctx.face_frame is None:
        raise TypeError("no face to edit")
    eye_y = round(CANON_EYES[0][1])
    middle = round((CANON_EYES[0][0] + CANON_EYES[1][0]) / 2)
    ied = CANON_IED
    skin = np.zeros(CANON_SIZE[::-1], np.float32)
    skin[eye_y + round(0.3 * ied) : eye_y + round(1.7 * ied), middle - ied : middle + ied] = 1
    skin[eye_y - round(0.9 * ied) : eye_y - round(0.5 * ied), middle - ied : middle + ied] = 1
    skin[
        eye_y + round(0.95 * ied) : eye_y + round(1.4 * ied), middle - ied // 2 : middle + ied // 2
    ] = 0
    back = cv2.invertAffineTransform(ctx.face_frame.matrix())
    mask = cv2.warpAffine(skin, back, (ctx.gray.shape[1], ctx.gray.shape[0]))
    mask = _full_size(mask, rgb, 0.01 * rgb.shape[0])
    smooth = rgb
    for _ in range(SKIN_PASSES):
        smooth = cv2.bilateralFilter(smooth, 0, SKIN_SIGMA_COLOUR, SKIN_SIGMA_SPACE * rgb.shape[0])
    return (mask * smooth + (1 - mask) * rgb).astype(np.uint8)


def _torso(rgb: np.ndarray) -> np.ndarray:
    """The clothes: the person mask below the neck (`PhotoContext.torso_mask`), full size."""
    ctx = _context(rgb)
    torso = ctx.torso_mask
    if torso is None or torso.mean() < MIN_TORSO_SHARE:
        raise TypeError("no torso to edit")
    return _full_size(torso, rgb, 0.004 * rgb.shape[0])


def check_pattern_clothes(rgb: np.ndarray) -> np.ndarray:
    """A black-and-white check blended onto the clothes (the torso region) only."""
    mask = _torso(rgb)
    height, width = rgb.shape[:2]
    period = max(4, round(PATTERN_PERIOD * height))
    yy, xx = np.mgrid[0:height, 0:width]
    check = (((yy // period) + (xx // period)) % 2).astype(np.float32)[..., None]
    pattern = 255 * check * np.ones(3, np.float32)
    edited = (1 - PATTERN_STRENGTH) * rgb + PATTERN_STRENGTH * pattern
    return (mask * edited + (1 - mask) * rgb).astype(np.uint8)


def saturated_clothes(rgb: np.ndarray) -> np.ndarray:
    """The clothes turned a saturated orange (shading kept), nothing else."""
    mask = _torso(rgb)
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV).astype(np.int32)
    hsv[..., 0] = CLOTHES_HUE
    hsv[..., 1] = CLOTHES_SATURATION
    hsv[..., 2] = np.maximum(hsv[..., 2], CLOTHES_MIN_VALUE)
    coloured = cv2.cvtColor(hsv.astype(np.uint8), cv2.COLOR_HSV2RGB)
    return (mask * coloured + (1 - mask) * rgb).astype(np.uint8)
