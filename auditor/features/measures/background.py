"""Background: colour, uniformity and clutter of everything outside the head-and-shoulders."""

from __future__ import annotations

import numpy as np

from auditor.features.registry import measure

__all__: list[str] = []

# a*b* distance from the backdrop's median colour beyond which a pixel is "another colour":
# a flag's red or blue stripes are 30-60 units from a blue-grey backdrop, the mottling of the
# cloth itself under 10 (on the corpus, congress-gpo photos without a flag behind the person
# have at most 7% of their background this far, those with one 11-22%).
OFF_COLOR_AB = 20.0
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


@measure(
    id="background.off_color_pct",
    unit="%",
    description="Share of background pixels far in colour (more than 20 a*b* units) from the "
    "backdrop's median colour: flags, banners, posters or a second backdrop at the edge of the "
    "frame. ~0% on a studio backdrop, however mottled (its variation is lightness); 10–25% "
    "with a flag beside the person.",
    needs=("lab", "background_mask", "colour_step"),
    valid_range=(0, 100),
)
def off_color_pct(lab: np.ndarray, background_mask: np.ndarray, colour_step: int) -> float | None:
    """Colourful objects in the background that its edge density may miss."""
    pixels = lab[background_mask[::colour_step, ::colour_step]]
    if len(pixels) == 0:
        return None
    ab = pixels[:, 1:]
    offset = ab - np.median(ab, axis=0)
    far = np.einsum("ij,ij->i", offset, offset) > OFF_COLOR_AB**2
    return 100.0 * float(far.mean())
