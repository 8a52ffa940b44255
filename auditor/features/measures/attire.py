"""Attire: how busy and what colour the clothes are, on the torso below the neck."""

from __future__ import annotations

import cv2
import numpy as np

from auditor.features.faces import Face
from auditor.features.registry import measure

__all__ = ["torso_region"]

# The torso starts this many face-box heights below the box's top (the chin is at ~1.0): the
# shoulders of a tight studio crop are in. The neck (a column NECK_HALF_WIDTH face widths
# either side of the face's centre, down to NECK_BOTTOM box heights) stays out: it is skin.
TORSO_TOP = 1.12
NECK_HALF_WIDTH = 0.32
NECK_BOTTOM = 1.4
MIN_TORSO_SHARE = 0.01  # under 1% of the frame there is no torso to judge (a face-only crop)

Region = tuple[np.ndarray, np.ndarray] | None  # (working-copy mask, colour-sample mask)


def torso_region(face: Face | None, person_mask: np.ndarray) -> np.ndarray | None:
    """Person pixels below the collar (working copy), or None when too little is in frame."""
    if face is None:
        return None
    torso = person_mask.copy()
    torso[: int(face.y + TORSO_TOP * face.h)] = False
    centre = face.x + face.w / 2
    left, right = int(centre - NECK_HALF_WIDTH * face.w), int(centre + NECK_HALF_WIDTH * face.w)
    torso[: int(face.y + NECK_BOTTOM * face.h), max(0, left) : max(0, right)] = False
    return torso if torso.mean() >= MIN_TORSO_SHARE else None


def _sample(mask: np.ndarray, step: int) -> np.ndarray:
    return mask[::step, ::step]


@measure(
    id="attire.pattern_pct",
    unit="%",
    description="Share of torso pixels that are edges (Canny): how busy the clothes are. A plain "
    "suit, shirt and tie ~5–12% (lapels, collar, tie edges); checks, stripes and loud prints "
    "20%+. Empty when the torso is not in the frame.",
    needs=("face", "person_mask", "edges"),
    valid_range=(0, 100),
)
def pattern_pct(face: Face | None, person_mask: np.ndarray, edges: np.ndarray) -> float | None:
    """Busy clothes."""
    torso = torso_region(face, person_mask)
    return None if torso is None else 100.0 * float(edges[torso].mean())


@measure(
    id="attire.saturation",
    unit="0..1",
    description="Mean HSV saturation of the clothes (torso below the collar): dark suits and "
    "white shirts ~0.1–0.3, a bright T-shirt 0.5+.",
    needs=("face", "person_mask", "colour_rgb", "colour_step"),
    valid_range=(0, 1),
)
def saturation(
    face: Face | None, person_mask: np.ndarray, colour_rgb: np.ndarray, colour_step: int
) -> float | None:
    """Colourfulness of the clothes."""
    torso = torso_region(face, person_mask)
    if torso is None:
        return None
    hsv = cv2.cvtColor(colour_rgb, cv2.COLOR_RGB2HSV)
    return float(hsv[..., 1][_sample(torso, colour_step)].mean() / 255.0)


def _torso_lab(face, person_mask, lab, colour_step, channel: int) -> float | None:
    torso = torso_region(face, person_mask)
    if torso is None:
        return None
    return float(np.median(lab[..., channel][_sample(torso, colour_step)]))


@measure(
    id="attire.lab_l",
    unit="L*",
    description="Median CIELAB lightness of the clothes (torso below the collar).",
    needs=("face", "person_mask", "lab", "colour_step"),
    valid_range=(0, 100),
)
def lab_l(face, person_mask, lab, colour_step) -> float | None:
    """Clothes lightness."""
    return _torso_lab(face, person_mask, lab, colour_step, 0)


@measure(
    id="attire.lab_a",
    unit="a*",
    description="Median CIELAB a* of the clothes (+ red, - green).",
    needs=("face", "person_mask", "lab", "colour_step"),
    valid_range=(-128, 128),
)
def lab_a(face, person_mask, lab, colour_step) -> float | None:
    """Clothes red-green."""
    return _torso_lab(face, person_mask, lab, colour_step, 1)


@measure(
    id="attire.lab_b",
    unit="b*",
    description="Median CIELAB b* of the clothes (+ yellow, - blue).",
    needs=("face", "person_mask", "lab", "colour_step"),
    valid_range=(-128, 128),
)
def lab_b(face, person_mask, lab, colour_step) -> float | None:
    """Clothes yellow-blue."""
    return _torso_lab(face, person_mask, lab, colour_step, 2)
