"""Technical quality: resolution of the face, sharpness, noise, JPEG compression."""

from __future__ import annotations

import math

import cv2
import numpy as np

from auditor.features.faces import Face
from auditor.features.registry import measure

__all__: list[str] = []

# Sharpness is judged on the face resized to this height, about its size on a team page. The
# Laplacian's variance depends on scale: at 128 px, faces under 128 px (enlarged) read soft and
# a loose crop came out "blurry"; at 80 px the score is independent of face size on the corpus
# (correlation 0.07, was 0.32) and still finds 96% of a mild blur (sigma 0.8% of the height).
FOCUS_HEIGHT = 80
# Softness (Crété's blur effect) is judged on the face shrunk to at most this height, never
# enlarged: enlarging a small face would itself blur it (a loose crop read "soft"), and above
# it the face's pixel count would make the same focus read sharper on a larger original.
SOFTNESS_MAX_HEIGHT = 120
SOFTNESS_FILTER = 11  # the re-blur's length in px (the method's default)
# libjpeg's standard luminance quantisation table (quality 50), natural order.
_STD_LUMA = np.array(
    [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
     14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
     18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
     49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99],
    np.float64,
)  # fmt: skip
_NOISE_KERNEL = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], np.float32)
# scikit-image's Sobel kernels (`filters.sobel(axis=...)`: [1, 0, -1] across the axis smoothed
# by [1, 2, 1] / 4 along the other), flipped for `cv2.filter2D`, which correlates where
# `ndimage.convolve` convolves.
_SOBEL = [
    (np.outer([1, 0, -1], [1, 2, 1]) / 4)[::-1, ::-1].copy(),
    (np.outer([1, 2, 1], [1, 0, -1]) / 4)[::-1, ::-1].copy(),
]
_EPSILON = np.spacing(np.float64(1))


@measure(
    id="quality.face_size_px",
    unit="px",
    description="Height of the face box in original-image pixels (under ~100 px looks soft "
    "on a modern team page).",
    needs=("face", "scale"),
    valid_range=(0, None),
)
def face_size_px(face: Face | None, scale: float) -> float | None:
    """Face resolution."""
    return None if face is None else face.h / scale


@measure(
    id="quality.sharpness",
    unit="var",
    description="Variance of the Laplacian on the face (or the frame centre without a face), "
    "after resizing it to 80 px high (about its size on a team page) so that neither photo "
    "size nor face size changes the score. Sharp faces score ~300–1,500; blurred or "
    "upscaled ones under ~100.",
    needs=("focus_region",),
    valid_range=(0, None),
)
def sharpness(focus_region: np.ndarray) -> float | None:
    """Focus / detail on the face."""
    if focus_region.size == 0 or min(focus_region.shape) < 8:
        return None
    factor = FOCUS_HEIGHT / focus_region.shape[0]
    patch = cv2.resize(
        focus_region,
        (max(8, round(focus_region.shape[1] * factor)), FOCUS_HEIGHT),
        interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR,
    )
    return float(cv2.Laplacian(patch, cv2.CV_64F).var())


@measure(
    id="quality.softness",
    unit="0..1",
    description="Crété et al.'s blur effect (2007) on the face (or the frame centre without a "
    "face), shrunk to at most 120 px high: how little detail a further blur removes, 0 sharp .. "
    "1 fully blurred. It compares the face with a re-blurred copy of itself, so smooth skin or "
    "low contrast (no glasses, no beard, a dark face) does not read as soft. In-focus faces "
    "~0.35–0.55; out of focus 0.7+.",
    needs=("focus_region",),
    valid_range=(0, 1),
)
def softness(focus_region: np.ndarray) -> float | None:
    """Focus on the face, independent of how much detail or contrast the face has."""
    if focus_region.size == 0 or min(focus_region.shape) < SOFTNESS_FILTER:
        return None
    height = min(SOFTNESS_MAX_HEIGHT, focus_region.shape[0])
    width = max(SOFTNESS_FILTER, round(focus_region.shape[1] * height / focus_region.shape[0]))
    patch = cv2.resize(focus_region, (width, height), interpolation=cv2.INTER_AREA)
    return _blur_effect(patch, SOFTNESS_FILTER)


def _blur_effect(gray: np.ndarray, h_size: int) -> float:
    """`skimage.measure.blur_effect` of a uint8 image (Crété et al.), its filters run by OpenCV.

    The same arithmetic on the same float64 values (scikit-image's `img_as_float`, its Sobel
    kernels, the mean over `h_size` px, 'reflect' borders, the 2 px margin), but 4x faster: its
    scipy filters cost ~2 ms a photo. Equal to scikit-image's to ~1e-15 on the corpus (the
    filters sum in another order), checked by tests/features/test_windowed.py.
    """
    image = np.multiply(gray, 1 / 255, dtype=np.float64)  # img_as_float's scaling of uint8
    inner = (slice(2, image.shape[0] - 1), slice(2, image.shape[1] - 1))
    effects = []
    for axis, kernel in enumerate(_SOBEL):
        size = (1, h_size) if axis == 0 else (h_size, 1)  # (width, height): along `axis`
        blurred = cv2.blur(image, size, borderType=cv2.BORDER_REFLECT)
        sharp = np.abs(cv2.filter2D(image, -1, kernel, borderType=cv2.BORDER_REFLECT))
        reblurred = np.abs(cv2.filter2D(blurred, -1, kernel, borderType=cv2.BORDER_REFLECT))
        sharp = np.maximum(_EPSILON, sharp)
        reblurred = np.maximum(_EPSILON, reblurred)
        lost = np.maximum(0, sharp - reblurred)
        total = np.sum(sharp[inner])
        effects.append(abs(total - np.sum(lost[inner])) / total)
    return float(max(effects))


@measure(
    id="quality.noise",
    unit="σ (8-bit)",
    description="Noise standard deviation estimated with Immerkær's method (1996) on the "
    "working copy; clean photos ~1–3, grainy or high-ISO ones 5+.",
    needs=("gray",),
    valid_range=(0, None),
)
def noise(gray: np.ndarray) -> float | None:
    """Sensor/grain noise."""
    height, width = gray.shape
    if height < 3 or width < 3:
        return None
    response = cv2.filter2D(gray.astype(np.float32), -1, _NOISE_KERNEL)[1:-1, 1:-1]
    return float(math.sqrt(math.pi / 2) * np.abs(response).sum() / (6 * (width - 2) * (height - 2)))


@measure(
    id="quality.jpeg_quality",
    unit="1..100",
    description="JPEG quality 1..100 estimated as the libjpeg quality whose luminance "
    "quantisation table is nearest the file's (exact for libjpeg/Pillow/most web encoders; "
    "under ~40 shows visible artefacts). Empty for other formats.",
    needs=("quantization",),
    valid_range=(1, 100),
)
def jpeg_quality(quantization: dict[int, list[int]] | None) -> float | None:
    """Compression level."""
    if not quantization or 0 not in quantization:
        return None
    table = np.sort(np.asarray(quantization[0], np.float64))
    if table.size != 64:
        return None
    # Sorted, so the comparison does not depend on zigzag vs natural order.
    distances = np.abs(_LIBJPEG_TABLES - table).sum(axis=1)
    return float(np.argmin(distances) + 1)


def _libjpeg_tables() -> np.ndarray:
    """libjpeg's luminance table at every quality 1..100 (jcparam.c scaling), each sorted."""
    tables = []
    for quality in range(1, 101):
        scale = 5000 / quality if quality < 50 else 200 - 2 * quality
        tables.append(np.sort(np.clip(np.floor((_STD_LUMA * scale + 50) / 100), 1, 255)))
    return np.array(tables)


_LIBJPEG_TABLES = _libjpeg_tables()


@measure(
    id="quality.blockiness",
    unit="ratio",
    description="JPEG 8×8 block artefacts: mean luma step across block boundaries / mean step "
    "elsewhere (≈1 none, 1.5+ visible blocks). Only when the working copy is at the original "
    "resolution (the block grid is lost once the photo is scaled).",
    needs=("gray", "scale", "quantization"),
    valid_range=(0, None),
)
def blockiness(gray: np.ndarray, scale: float, quantization) -> float | None:
    """Visible block grid."""
    if not quantization or abs(scale - 1.0) > 1e-6 or min(gray.shape) < 32:
        return None
    steps = np.abs(np.diff(gray.astype(np.float32), axis=1))
    columns = np.arange(steps.shape[1])
    at_boundary = steps[:, columns % 8 == 7].mean()
    inside = steps[:, columns % 8 != 7].mean()
    return float(at_boundary / max(inside, 1e-3))
