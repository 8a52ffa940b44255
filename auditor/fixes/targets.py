"""The house style as correction targets: what a draft is moved toward.

Read from the team's fitted context, so a draft aims at exactly the medians the report shows
(or at the brand's pinned values where the brand config sets them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from auditor.analysis.flags import TeamContext
from auditor.analysis.flags.colour import hex_to_lab
from auditor.fixes.geometry import HouseFraming

__all__ = ["HouseTargets", "house_targets", "toward"]

HEAD_SHARE_PIN = "crop.head_share"
BACKGROUND_PIN = "background.color"
BACKGROUND_MEASURES = ("background.lab_l", "background.lab_a", "background.lab_b")
# How far from the house value a correction stops, in team spreads: inside the team's natural
# variation, not on its median. Drafts all landing exactly on the median would shrink the
# spread the team learns when they replace their originals, and flag photos that were fine.
RESIDUAL_SPREADS = 1.0
DEFAULT_ASPECT = 0.8  # 4:5 portrait, when the team has no aspect (never: every photo has one)


@dataclass(frozen=True)
class HouseTargets:
    """Everything a correction aims at: framing, white balance, exposure, contrast, backdrop."""

    framing: HouseFraming | None
    neutral_ab: tuple[float, float] | None  # the team's white balance (neutral tones' a*, b*)
    exposure_l: float | None  # mean of face L* and photo L*: what too_dark/too_bright judge
    contrast_l: float | None  # RMS contrast, L*
    backdrop_lab: tuple[float, float, float] | None
    spreads: dict[str, float] = field(default_factory=dict)  # team spread of each target


def _median(ctx: TeamContext, measure: str) -> float | None:
    value = ctx.median(measure)
    return value if value is not None and math.isfinite(value) else None


def _spread(ctx: TeamContext, measure: str) -> float:
    return float(ctx.style.scale_.get(measure, math.nan))


def _framing(ctx: TeamContext) -> HouseFraming | None:
    head = _median(ctx, "crop.head_height_ratio")
    pinned = ctx.pinned.get(HEAD_SHARE_PIN)
    if isinstance(pinned, (list, tuple)) and len(pinned) == 2:
        head = (float(pinned[0]) + float(pinned[1])) / 2
    eye = _median(ctx, "crop.eye_line_ratio")
    offset = _median(ctx, "crop.face_center_x_offset")
    aspect = _median(ctx, "image.aspect_ratio") or DEFAULT_ASPECT
    if head is None or eye is None or offset is None:
        return None
    return HouseFraming(
        head_share=head,
        eye_line=eye,
        centre_offset=offset,
        aspect=aspect,
        head_share_spread=_spread(ctx, "crop.head_height_ratio"),
        eye_line_spread=_spread(ctx, "crop.eye_line_ratio"),
        centre_spread=_spread(ctx, "crop.face_center_x_offset"),
    )


def house_targets(ctx: TeamContext) -> HouseTargets:
    """The correction targets of this team (medians, or the brand's pins)."""
    cast = (_median(ctx, "color.cast_a"), _median(ctx, "color.cast_b"))
    face, photo = _median(ctx, "light.face_luminance"), _median(ctx, "light.luminance_mean")
    backdrop = tuple(_median(ctx, m) for m in BACKGROUND_MEASURES)
    pinned = ctx.pinned.get(BACKGROUND_PIN)
    if isinstance(pinned, str):
        backdrop = tuple(float(v) for v in np.asarray(hex_to_lab(pinned)))
    return HouseTargets(
        framing=_framing(ctx),
        neutral_ab=None if None in cast else cast,  # type: ignore[arg-type]
        exposure_l=None if face is None or photo is None else (face + photo) / 2,
        contrast_l=_median(ctx, "light.rms_contrast"),
        backdrop_lab=None if None in backdrop else backdrop,  # type: ignore[arg-type]
        spreads={
            m: _spread(ctx, m)
            for m in ("color.cast_a", "color.cast_b", "light.face_luminance", "light.rms_contrast")
        },
    )


def toward(own: float | None, house: float, spread: float) -> float:
    """The house value moved back toward the photo's own by up to RESIDUAL_SPREADS spreads."""
    if own is None or not math.isfinite(own) or not math.isfinite(spread):
        return house
    reach = RESIDUAL_SPREADS * spread
    return house + min(max(own - house, -reach), reach)
