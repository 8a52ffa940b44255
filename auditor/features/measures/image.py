"""Image size, shape and overall detail."""

from __future__ import annotations

import numpy as np

from auditor.features.registry import measure

__all__: list[str] = []


@measure(
    id="image.width_px",
    unit="px",
    description="Width of the original photo (after EXIF orientation).",
    needs=("original_size",),
    valid_range=(1, None),
)
def width_px(original_size: tuple[int, int]) -> float:
    """Original width."""
    return float(original_size[0])


@measure(
    id="image.height_px",
    unit="px",
    description="Height of the original photo (after EXIF orientation).",
    needs=("original_size",),
    valid_range=(1, None),
)
def height_px(original_size: tuple[int, int]) -> float:
    """Original height."""
    return float(original_size[1])


@measure(
    id="image.aspect_ratio",
    unit="ratio",
    description="Width / height: 0.8 is a 4:5 portrait, 1.0 square, 1.33 a 4:3 landscape.",
    needs=("original_size",),
    valid_range=(0, None),
)
def aspect_ratio(original_size: tuple[int, int]) -> float:
    """Width over height."""
    return original_size[0] / original_size[1]


@measure(
    id="image.detail_pct",
    unit="%",
    description="Share of all pixels that are edges (Canny on the working copy). Flat "
    "placeholders and initials avatars score near 0; photos typically 3–15%.",
    needs=("edges",),
    valid_range=(0, 100),
)
def detail_pct(edges: np.ndarray) -> float:
    """Edge density of the whole image."""
    return 100.0 * float(edges.mean())
