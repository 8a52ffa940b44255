"""Colour differences as people see them: CIEDE2000, split into lightness and hue/chroma.

On a mottled studio backdrop most of the variation between photos is lightness (how the cloth
was lit), while a different backdrop is most visible as a different *hue*. Plain ΔE76 adds the
two up, so the cloth's lightness noise hides a hue change of the same size: a purple backdrop
among blue-grey ones (a* +9 at the same L*) is ΔE76 9, well inside a team whose lightness
varies by ±5 L*. CIEDE2000 (CIE 142-2001) weighs hue differences at low chroma more, as the
eye does, and splitting it into its lightness term and its chromatic terms lets each be judged
against the team's own spread of that term.
"""

from __future__ import annotations

import numpy as np
from skimage.color import deltaE_ciede2000

__all__ = ["chromatic_difference", "lightness_difference"]


def lightness_difference(lab: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """CIEDE2000's lightness term |ΔL'| / S_L of each row of `lab` (Nx3) to `reference` (3,)."""
    lab = np.atleast_2d(np.asarray(lab, float))
    mean_l = (lab[:, 0] + float(reference[0])) / 2
    weight = 1 + 0.015 * (mean_l - 50) ** 2 / np.sqrt(20 + (mean_l - 50) ** 2)
    return np.abs(lab[:, 0] - float(reference[0])) / weight


def chromatic_difference(lab: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """CIEDE2000 with the lightness difference taken out: hue and chroma (incl. rotation term).

    Computed as ΔE00 between each colour and the reference moved to that colour's lightness,
    so ΔL' = 0 and only ΔC', ΔH' and their rotation term remain.
    """
    lab = np.atleast_2d(np.asarray(lab, float))
    same_lightness = np.repeat(np.asarray(reference, float)[None, :], len(lab), axis=0)
    same_lightness[:, 0] = lab[:, 0]
    return np.asarray(deltaE_ciede2000(lab, same_lightness), float)
