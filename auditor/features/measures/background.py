"""Background: colour, uniformity and clutter of everything outside the head-and-shoulders."""

from __future__ import annotations

import numpy as np

from auditor.features.registry import measure

__all__: list[str] = []


@measure(
    id="background.lab_l",
    unit="L*",
    description="Mean CIELAB lightness of the background (0 black .. 100 white).",
    needs=("background_lab",),
    valid_range=(0, 100),
)
def lab_l(background_lab: np.ndarray) -> float:
    """Background lightness."""
    return float(background_lab[:, 0].mean())


@measure(
    id="background.lab_a",
    unit="a*",
    description="Mean CIELAB a* of the background (+ magenta/red, - green).",
    needs=("background_lab",),
    valid_range=(-128, 128),
)
def lab_a(background_lab: np.ndarray) -> float:
    """Background red-green."""
    return float(background_lab[:, 1].mean())


@measure(
    id="background.lab_b",
    unit="b*",
    description="Mean CIELAB b* of the background (+ yellow, - blue).",
    needs=("background_lab",),
    valid_range=(-128, 128),
)
def lab_b(background_lab: np.ndarray) -> float:
    """Background yellow-blue."""
    return float(background_lab[:, 2].mean())


@measure(
    id="background.spread_l",
    unit="L*",
    description="Standard deviation of L* over the background: ~2–6 for a studio backdrop, "
    "15+ for a scene.",
    needs=("background_lab",),
    valid_range=(0, 100),
)
def spread_l(background_lab: np.ndarray) -> float:
    """Background uniformity (lower = more uniform)."""
    return float(background_lab[:, 0].std())


@measure(
    id="background.clutter_pct",
    unit="%",
    description="Share of background pixels that are edges (Canny on the working copy): "
    "~0–1% for a plain backdrop, 5–20% for an office, shelves or foliage.",
    needs=("edges", "background_mask"),
    valid_range=(0, 100),
)
def clutter_pct(edges: np.ndarray, background_mask: np.ndarray) -> float:
    """Background edge density."""
    return 100.0 * float(edges[background_mask].mean())
