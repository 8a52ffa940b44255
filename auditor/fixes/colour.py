"""Colour corrections: white balance, exposure and contrast as one per-channel tone curve.

A white-balance error scales the three channels of linear light (a von Kries gain), and an
exposure error scales all three alike, so both corrections are gains in linear light (the
exact inverse of a wrong white balance or exposure); contrast is a stretch around the photo's
own mid level on the sRGB values. Together they are one 256-entry
curve per channel (`ToneEdit.lut`): solved on the small working copy, where the features
stage's own measures (the same `PhotoContext` code) say how far each target still is, then
applied to the full-resolution pixels in one table look-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import cv2
import numpy as np

from auditor.features.context import PhotoContext

__all__ = ["ToneEdit", "solve_contrast", "solve_exposure", "solve_tone", "solve_white_balance"]

WB_ROUNDS = 5  # gain updates: the neutral-tone selection moves with the correction
WB_REFERENCE_L = 65.0  # lightness at which the neutral colour is converted to channel gains
WB_CLOSE_ENOUGH = 0.5  # a*b* units from the target: stop
EXPOSURE_RANGE = (0.25, 4.0)  # 2 stops either way: beyond it the photo needs a retake
CONTRAST_RANGE = (0.6, 2.5)
BISECTION_STEPS = 18
TONE_ROUNDS = 3  # exposure and contrast are solved in turn: each moves the other a little


def _srgb_to_linear(x: np.ndarray) -> np.ndarray:
    return np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4)


def _linear_to_srgb(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return np.where(x <= 0.0031308, 12.92 * x, 1.055 * x ** (1 / 2.4) - 0.055)


def _lab_to_linear(lab: tuple[float, float, float]) -> np.ndarray:
    pixel = np.array(lab, np.float32).reshape(1, 1, 3)
    rgb = cv2.cvtColor(pixel, cv2.COLOR_LAB2RGB)[0, 0].astype(np.float64)
    return np.maximum(_srgb_to_linear(np.clip(rgb, 0.0, 1.0)), 1e-4)


@dataclass(frozen=True)
class ToneEdit:
    """Per-channel white-balance gains and an exposure gain (linear light), then contrast (sRGB)."""

    gains: tuple[float, float, float] = (1.0, 1.0, 1.0)
    exposure: float = 1.0
    contrast: float = 1.0
    pivot: float = 0.5  # sRGB level the contrast stretch turns around

    @property
    def is_identity(self) -> bool:
        """True when the edit changes nothing."""
        return self.gains == (1.0, 1.0, 1.0) and self.exposure == 1.0 and self.contrast == 1.0

    def lut(self) -> np.ndarray:
        """The edit as a (1, 256, 3) uint8 table for `cv2.LUT`."""
        x = np.arange(256, dtype=np.float64) / 255.0
        channels = []
        for gain in self.gains:
            y = _linear_to_srgb(_srgb_to_linear(x) * gain * self.exposure)
            y = self.pivot + self.contrast * (y - self.pivot)
            channels.append(np.clip(np.round(255.0 * y), 0, 255))
        return np.stack(channels, axis=-1).astype(np.uint8).reshape(1, 256, 3)

    def apply(self, rgb: np.ndarray) -> np.ndarray:
        """The edited pixels (HxWx3 uint8 in, HxWx3 uint8 out)."""
        return rgb if self.is_identity else cv2.LUT(rgb, self.lut())


# An edit -> the measuring context of the working copy with the edit applied (the maker may
# apply it only to the pixels a measure reads: the table maps each pixel alone).
Measure = Callable[["ToneEdit"], PhotoContext]


def solve_white_balance(
    rgb: np.ndarray, edit: ToneEdit, target_ab: tuple[float, float], context: Measure
) -> ToneEdit:
    """Gains that move the neutral tones' (a*, b*) onto the house's, overall lightness kept."""
    gains = np.array(edit.gains, np.float64)
    luma = np.array([0.2126, 0.7152, 0.0722])  # linear-light luminance weights (sRGB)
    for _ in range(WB_ROUNDS):
        a, b = context(replace(edit, gains=tuple(gains))).neutral_ab
        if np.hypot(a - target_ab[0], b - target_ab[1]) < WB_CLOSE_ENOUGH:
            break
        now = _lab_to_linear((WB_REFERENCE_L, a, b))
        want = _lab_to_linear((WB_REFERENCE_L, *target_ab))
        gains = gains * want / now
        gains = gains / float(luma @ gains)  # a colour change, not an exposure change
    return replace(edit, gains=tuple(float(g) for g in gains))


def _exposure_of(ctx: PhotoContext) -> float:
    """Mean of face L* and photo L*: what the exposure rules judge."""
    photo = float(ctx.lab[..., 0].mean())
    face = ctx.face_lab
    return photo if face is None or len(face) == 0 else (float(face[:, 0].mean()) + photo) / 2


def _bisect(low: float, high: float, needs_more: Callable[[float], bool]) -> float:
    """The parameter in [low, high] where a monotone measure crosses its target."""
    for _ in range(BISECTION_STEPS):
        middle = (low * high) ** 0.5  # geometric: gains and contrast are ratios
        if needs_more(middle):
            low = middle
        else:
            high = middle
    return (low * high) ** 0.5


def solve_exposure(rgb: np.ndarray, edit: ToneEdit, target_l: float, context: Measure) -> ToneEdit:
    """The exposure gain that brings the exposure (face and photo L*) to the house's."""

    def too_dark(gain: float) -> bool:  # a larger gain brightens
        return _exposure_of(context(replace(edit, exposure=gain))) < target_l

    return replace(edit, exposure=_bisect(*EXPOSURE_RANGE, too_dark))


def solve_contrast(rgb: np.ndarray, edit: ToneEdit, target_l: float, context: Measure) -> ToneEdit:
    """The stretch around the photo's mid level that brings its RMS contrast to the house's."""
    pivot = float(replace(edit, contrast=1.0).apply(rgb).mean()) / 255.0

    def too_flat(contrast: float) -> bool:  # a larger stretch adds contrast
        trial = replace(edit, contrast=contrast, pivot=pivot)
        return float(context(trial).lab[..., 0].std()) < target_l

    found = _bisect(*CONTRAST_RANGE, too_flat)
    return replace(edit, contrast=found, pivot=pivot)


def solve_tone(
    rgb: np.ndarray,
    edit: ToneEdit,
    *,
    exposure_l: float | None,
    contrast_l: float | None,
    context: Measure,
) -> ToneEdit:
    """Exposure and contrast solved in turn (each moves the other a little)."""
    for _ in range(TONE_ROUNDS if exposure_l is not None and contrast_l is not None else 1):
        if exposure_l is not None:
            edit = solve_exposure(rgb, edit, exposure_l, context)
        if contrast_l is not None:
            edit = solve_contrast(rgb, edit, contrast_l, context)
    return edit
