"""Move a plain backdrop toward the house colour, only where the backdrop can be told apart.

The backdrop is found by colour, not by the person outline guessed from the face box: pixels
close (ΔE) to the backdrop's own mean colour, connected to the part of the frame that is
surely background. The mask is *clean* when that colour key finds nearly all of the sure
background (the backdrop is plain) and almost none of the face (the person does not share its
colour); otherwise the backdrop is left alone and the photo needs a new one. The shift is a
feathered offset in CIELAB, so the person keeps their colours and the edge stays soft.

`backdrop_mask` is the boundary to a real person segmentation: when the features stage
provides one, the colour key gives way to it there and nothing else changes.
"""

from __future__ import annotations

import cv2
import numpy as np

from auditor.features.context import PhotoContext

__all__ = ["backdrop_mask", "shift_backdrop"]

KEY_MIN_DE = 10.0  # ΔE from the backdrop's mean colour that still counts as backdrop ...
KEY_SPREAD_FACTOR = 3.0  # ... or this many times its own L* spread, whichever is larger
MIN_BACKGROUND_FOUND = 0.85  # the key must find this share of the sure background (plain)
MAX_FACE_KEYED = 0.02  # ... and at most this share of the face (the person stands apart)
FEATHER_SHARE = 0.004  # feather radius as a share of the long side (~2 px on a 512 px copy)


def backdrop_mask(ctx: PhotoContext) -> np.ndarray | None:
    """A 0..1 float mask of the backdrop on the working copy, or None when it is not clean."""
    stats = ctx.background_stats
    if stats is None or ctx.face_mask is None:
        return None
    mean = np.array(stats[:3], np.float32)
    rgb = ctx.rgb.astype(np.float32) / 255.0
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB)
    distance = np.linalg.norm(lab - mean, axis=2)
    keyed = distance < max(KEY_MIN_DE, KEY_SPREAD_FACTOR * stats[3])
    sure = ctx.background_mask
    _, labels = cv2.connectedComponents(keyed.astype(np.uint8), connectivity=8)
    touching = np.unique(labels[keyed & sure])
    keyed = np.isin(labels, touching[touching > 0])
    if keyed[sure].mean() < MIN_BACKGROUND_FOUND or keyed[ctx.face_mask].mean() > MAX_FACE_KEYED:
        return None
    keyed &= ~ctx.face_mask  # the face is never recoloured, whatever its colour
    radius = max(1.0, FEATHER_SHARE * max(keyed.shape))
    return cv2.GaussianBlur(keyed.astype(np.float32), (0, 0), radius)


def shift_backdrop(
    rgb: np.ndarray, mask: np.ndarray, shift_lab: tuple[float, float, float]
) -> np.ndarray:
    """`rgb` with `shift_lab` added to L*, a*, b* in proportion to `mask` (resized to fit)."""
    height, width = rgb.shape[:2]
    if mask.shape != (height, width):
        mask = cv2.resize(mask, (width, height), interpolation=cv2.INTER_LINEAR)
    lab = cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)
    lab += mask[..., None] * np.asarray(shift_lab, np.float32)
    out = cv2.cvtColor(lab, cv2.COLOR_LAB2RGB)
    return np.clip(np.round(out * 255.0), 0, 255).astype(np.uint8)
