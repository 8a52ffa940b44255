"""Lighting: exposure, contrast, clipping and evenness of the face (landmark face region).

These are in the spirit of OFIQ's face measures but not computed as OFIQ defines them (OFIQ
reads luminance over its face-parsing mask and maps values to its own 0-100 quality scores):
8-bit Rec. 601 luma and CIELAB L* over the landmark face region (`PhotoContext.face_mask`).
"""

from __future__ import annotations

import numpy as np

from auditor.features.registry import measure

__all__: list[str] = []

SHADOW_MAX = 25  # face luma 0..25 counts as crushed shadow
HIGHLIGHT_MIN = 247  # face luma 247..255 counts as blown highlight
BALANCE_BINS = 32


@measure(
    id="light.face_luminance",
    unit="L*",
    description="Mean L* of the inner face region (0 black .. 100 white); well-exposed "
    "faces are typically 50–75.",
    needs=("face_lab",),
    valid_range=(0, 100),
)
def face_luminance(face_lab: np.ndarray | None) -> float | None:
    """Face exposure."""
    return None if face_lab is None or len(face_lab) == 0 else float(face_lab[:, 0].mean())


@measure(
    id="light.luminance_mean",
    unit="L*",
    description="Mean L* of the whole photo.",
    needs=("lab",),
    valid_range=(0, 100),
)
def luminance_mean(lab: np.ndarray) -> float:
    """Overall exposure."""
    return float(lab[..., 0].mean())


@measure(
    id="light.rms_contrast",
    unit="L*",
    description="RMS contrast: standard deviation of L* over the whole photo.",
    needs=("lab",),
    valid_range=(0, 100),
)
def rms_contrast(lab: np.ndarray) -> float:
    """Global contrast."""
    return float(lab[..., 0].std())


@measure(
    id="light.clipped_shadows_pct",
    unit="%",
    description="Share of face pixels with 8-bit luma 0–25 (crushed shadows).",
    needs=("face_gray",),
    valid_range=(0, 100),
)
def clipped_shadows_pct(face_gray: np.ndarray | None) -> float | None:
    """Crushed shadows on the face."""
    if face_gray is None or face_gray.size == 0:
        return None
    return 100.0 * float((face_gray <= SHADOW_MAX).mean())


@measure(
    id="light.clipped_highlights_pct",
    unit="%",
    description="Share of face pixels with 8-bit luma 247–255 (blown highlights).",
    needs=("face_gray",),
    valid_range=(0, 100),
)
def clipped_highlights_pct(face_gray: np.ndarray | None) -> float | None:
    """Blown highlights on the face."""
    if face_gray is None or face_gray.size == 0:
        return None
    return 100.0 * float((face_gray >= HIGHLIGHT_MIN).mean())


@measure(
    id="light.face_background_contrast",
    unit="L*",
    description="Face L* minus background L* (negative = face darker than the backdrop).",
    needs=("face_lab", "background_stats"),
    valid_range=(-100, 100),
)
def face_background_contrast(
    face_lab: np.ndarray | None, background_stats: tuple[float, float, float, float] | None
) -> float | None:
    """Subject separation."""
    if face_lab is None or len(face_lab) == 0:
        return None
    if background_stats is None:
        return None
    return float(face_lab[:, 0].mean() - background_stats[0])


@measure(
    id="light.illumination_balance",
    unit="0..1",
    description="Illumination evenness: overlap of the luma histograms of the "
    "left and right halves of the face (1 = evenly lit, ~0.3 = strong side light).",
    needs=("face", "gray"),
    valid_range=(0, 1),
)
def illumination_balance(face, gray: np.ndarray) -> float | None:
    """Left/right evenness of the face lighting."""
    if face is None:
        return None
    top, bottom = int(face.y + 0.2 * face.h), int(face.y + 0.9 * face.h)
    left, mid, right = (
        int(face.x + 0.15 * face.w),
        int(face.x + face.w / 2),
        int(face.x + 0.85 * face.w),
    )
    halves = [gray[top:bottom, left:mid], gray[top:bottom, mid:right]]
    if any(h.size == 0 for h in halves):
        return None
    hists = [np.histogram(h, bins=BALANCE_BINS, range=(0, 256))[0] / h.size for h in halves]
    return float(np.minimum(*hists).sum())


@measure(
    id="light.dynamic_range_bits",
    unit="bits",
    description="Entropy of the face's luma histogram: ~7 bits for a "
    "well-exposed face, under 5 for a flat or clipped one.",
    needs=("face_gray",),
    valid_range=(0, 8),
)
def dynamic_range_bits(face_gray: np.ndarray | None) -> float | None:
    """Tonal range on the face."""
    if face_gray is None or face_gray.size == 0:
        return None
    counts = np.bincount(face_gray.ravel(), minlength=256).astype(np.float64)
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log2(p)).sum())
