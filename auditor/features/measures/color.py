"""Colour: colourfulness, saturation, black-and-white and colour cast."""

from __future__ import annotations

import cv2
import numpy as np

from auditor.features.memo import same_inputs
from auditor.features.registry import measure

__all__ = ["colour_hsv", "skin_colour"]

GRAYSCALE_MAX_CHROMA = 6.0  # 99th-percentile chroma (C*ab) below this = black-and-white


@measure(
    id="color.colorfulness",
    unit="M",
    description="Hasler–Süsstrunk colourfulness M (2003): 0 greyscale, ~15 muted, ~33 "
    "moderately colourful, 60+ vivid.",
    needs=("colour_rgb",),
    valid_range=(0, None),
)
def colorfulness(colour_rgb: np.ndarray) -> float:
    """Colourfulness metric."""
    r, g, b = (colour_rgb[..., i].astype(np.float32) for i in range(3))
    rg = r - g
    yb = 0.5 * (r + g) - b
    return float(np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean()))


@measure(
    id="color.saturation_mean",
    unit="0..1",
    description="Mean HSV saturation of the whole photo.",
    needs=("colour_rgb",),
    valid_range=(0, 1),
)
def saturation_mean(colour_rgb: np.ndarray) -> float:
    """Mean saturation."""
    return float(colour_hsv(colour_rgb)[..., 1].mean() / 255.0)


def _chroma(lab: np.ndarray) -> np.ndarray:
    return np.hypot(lab[..., 1], lab[..., 2])


@measure(
    id="color.grayscale",
    unit="0/1",
    description="1 when the photo is black-and-white (99th-percentile chroma C*ab below 6: no "
    "meaningful colour anywhere), else 0.",
    needs=("lab",),
    valid_range=(0, 1),
)
def grayscale(lab: np.ndarray) -> float:
    """Black-and-white detection."""
    # Every 4th pixel: the same 99th percentile at a quarter of the cost.
    return float(np.percentile(_chroma(lab[::2, ::2]), 99) < GRAYSCALE_MAX_CHROMA)


@measure(
    id="color.cast_a",
    unit="a*",
    description="Mean a* of near-neutral pixels (within 25 a*b* units of the photo's median "
    "colour, L* 10–97): white balance check, + magenta/red cast, - green cast; near 0 "
    "when greys are grey.",
    needs=("neutral_ab",),
    valid_range=(-128, 128),
)
def cast_a(neutral_ab: tuple[float, float]) -> float:
    """Red-green cast."""
    return neutral_ab[0]


@measure(
    id="color.cast_b",
    unit="b*",
    description="Mean b* of near-neutral pixels (within 25 a*b* units of the photo's median "
    "colour, L* 10–97): + yellow/orange cast, - blue cast.",
    needs=("neutral_ab",),
    valid_range=(-128, 128),
)
def cast_b(neutral_ab: tuple[float, float]) -> float:
    """Yellow-blue cast."""
    return neutral_ab[1]


@same_inputs  # the photo's saturation and the clothes': once a photo
def colour_hsv(colour_rgb: np.ndarray) -> np.ndarray:
    """The colour copy in HSV (OpenCV's 8-bit coding)."""
    return cv2.cvtColor(colour_rgb, cv2.COLOR_RGB2HSV)


@same_inputs  # three skin measures and the clothes' skin exclusion: once a photo
def skin_colour(face_lab: np.ndarray | None) -> np.ndarray | None:
    """Median L*, a*, b* of the inner face, or None without face pixels."""
    return None if face_lab is None or len(face_lab) == 0 else np.median(face_lab, axis=0)


@measure(
    id="color.skin_luminance",
    unit="L*",
    description="Median L* of the inner face region (skin tone lightness as photographed).",
    needs=("face_lab",),
    valid_range=(0, 100),
)
def skin_luminance(face_lab: np.ndarray | None) -> float | None:
    """Skin lightness."""
    skin = skin_colour(face_lab)
    return None if skin is None else float(skin[0])


@measure(
    id="color.skin_a",
    unit="a*",
    description="Median a* of the inner face region: skin hue as photographed. A colour cast "
    "moves it; a coloured backdrop does not.",
    needs=("face_lab",),
    valid_range=(-128, 128),
)
def skin_a(face_lab: np.ndarray | None) -> float | None:
    """Skin red-green."""
    skin = skin_colour(face_lab)
    return None if skin is None else float(skin[1])


@measure(
    id="color.skin_b",
    unit="b*",
    description="Median b* of the inner face region: skin hue as photographed (+ yellow).",
    needs=("face_lab",),
    valid_range=(-128, 128),
)
def skin_b(face_lab: np.ndarray | None) -> float | None:
    """Skin yellow-blue."""
    skin = skin_colour(face_lab)
    return None if skin is None else float(skin[2])
