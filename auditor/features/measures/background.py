"""Background: colour, uniformity and clutter of everything outside the head-and-shoulders."""

from __future__ import annotations

import numpy as np

from auditor.features.registry import measure

__all__: list[str] = []

BackgroundStats = tuple[float, float, float, float] | None  # mean L*, a*, b*, std L*


@measure(
    id="background.lab_l",
    unit="L*",
    description="Mean CIELAB lightness of the background (0 black .. 100 white).",
    needs=("background_stats",),
    valid_range=(0, 100),
)
def lab_l(background_stats: BackgroundStats) -> float | None:
    """Background lightness."""
    return None if background_stats is None else background_stats[0]


@measure(
    id="background.lab_a",
    unit="a*",
    description="Mean CIELAB a* of the background (+ magenta/red, - green).",
    needs=("background_stats",),
    valid_range=(-128, 128),
)
def lab_a(background_stats: BackgroundStats) -> float | None:
    """Background red-green."""
    return None if background_stats is None else background_stats[1]


@measure(
    id="background.lab_b",
    unit="b*",
    description="Mean CIELAB b* of the background (+ yellow, - blue).",
    needs=("background_stats",),
    valid_range=(-128, 128),
)
def lab_b(background_stats: BackgroundStats) -> float | None:
    """Background yellow-blue."""
    return None if background_stats is None else background_stats[2]


@measure(
    id="background.spread_l",
    unit="L*",
    description="Standard deviation of L* over the background: ~2–6 for a studio backdrop, "
    "15+ for a scene.",
    needs=("background_stats",),
    valid_range=(0, 100),
)
def spread_l(background_stats: BackgroundStats) -> float | None:
    """Background uniformity (lower = more uniform)."""
    return None if background_stats is None else background_stats[3]


@measure(
    id="background.clutter_pct",
    unit="%",
    description="Share of background pixels that are edges (Canny on the working copy): "
    "~0–1% for a plain backdrop, 5–20% for an office, shelves or foliage.",
    needs=("edges", "background_mask"),
    valid_range=(0, 100),
)
def clutter_pct(edges: np.ndarray, background_mask: np.ndarray) -> float | None:
    """Background edge density."""
    if not background_mask.any():
        return None
    return 100.0 * float(
        np.count_nonzero(edges & background_mask) / np.count_nonzero(background_mask)
    )
