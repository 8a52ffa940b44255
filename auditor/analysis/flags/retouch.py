"""Retouching rule: skin smoothed far below the team's while the photo itself is sharp.

Judged against the team only (`retouch.skin_texture` on a log scale, its spread floored in
`analysis/style.py`: 3 spreads is under 0.47x the team's skin detail), and only when the loss
has no other cause: a photo much softer than the team's loses skin detail too (its problem is
`blurry`, read on `quality.softness` as that rule reads it), and so does one saved at a
visibly low JPEG quality (`heavy_compression`: JPEG drops the skin's faint detail first and
keeps the eyes' edges, so it reads as smoothing: GPO A000370, saved at quality 65, sits 3.9
spreads under its folder). A median of a few faces is
no house style: with fewer than MIN_MEASURED_FACES skins measured in the team the rule stays
silent.

Softness, not `quality.sharpness` (the Laplacian's variance), tells a soft photo: the
Laplacian also falls with the skin's own detail, so the smoother the skin, the "softer" the
photo read and the more likely the retouch excused itself. The skin edit
(`benchmarks/portrait_edits.py`) moves the softness by +0.02 (GPO median, +0.03 at the 90th
percentile), yet leaves 11 of the 74 GPO edited portraits (8 with their skin measured) 1.5
spreads under their folder's sharpness, which excused them.
"""

from __future__ import annotations

from auditor.analysis.flags.base import TeamContext, make_flag, severity_for
from auditor.analysis.flags.deviation import VISIBLE_COMPRESSION_QUALITY
from auditor.models import Flag

__all__ = ["MIN_MEASURED_FACES", "over_retouched_rule"]

TEXTURE = "retouch.skin_texture"
SOFTNESS = "quality.softness"
JPEG_QUALITY = "quality.jpeg_quality"
# The photo counts as sharp unless it is this many spreads softer than the team's: a blurred
# photo loses skin detail too, and its problem is the blur (`blurry`, from 3 spreads), not
# retouching. 2 spreads (0.12 at the measure's smallest spread): past how far any in-focus
# studio face sits above its folder's median softness (GPO 0.067, FRLL 0.057; set on those
# folders, checked on evaluate_flags.py), short of the blurry rule.
SOFT_Z = 2.0
# ... and as well saved unless its JPEG quality is under the quality where compression shows
# (VISIBLE_COMPRESSION_QUALITY) or this many spreads below the team's (12 quality points at
# the measure's smallest spread: a quality-85 file on a page saved at 99).
COMPRESSED_Z = -2.0
MIN_MEASURED_FACES = 5  # skins measured in the team (this photo included) to judge one


def _other_cause(ctx: TeamContext, person_id: str) -> bool:
    """A soft or heavily compressed photo: the skin lost its detail, not to a retouch."""
    soft = ctx.zscore(person_id, SOFTNESS)
    if soft is not None and soft > SOFT_Z:
        return True
    quality = ctx.value(person_id, JPEG_QUALITY)
    quality_z = ctx.zscore(person_id, JPEG_QUALITY)
    return (quality is not None and quality < VISIBLE_COMPRESSION_QUALITY) or (
        quality_z is not None and quality_z < COMPRESSED_Z
    )


def over_retouched_rule(ctx: TeamContext, person_id: str) -> Flag | None:
    """Skin texture far below the team's, on a photo that is neither soft nor compressed."""
    z = ctx.zscore(person_id, TEXTURE)
    value = ctx.value(person_id, TEXTURE)
    if z is None or value is None or _other_cause(ctx, person_id):
        return None
    measured = ctx.memo(("measured", TEXTURE), lambda: int(ctx.table[TEXTURE].notna().sum()))
    if measured < MIN_MEASURED_FACES:
        return None
    severity = severity_for(-z, ctx.config)
    if severity is None:
        return None
    median = ctx.median(TEXTURE) or 0.0
    share = value / median if median else 0.0
    return make_flag(
        "over_retouched",
        # A warning since the measure reads the skin's flattest quarter from 40 px between
        # the eyes (docs/analysis.md, "Retouching and attire": recall and on-style flags).
        severity,
        f"The skin looks airbrushed: it keeps {share:.0%} of the fine detail the team's faces "
        f"show (skin texture {value:.2f}, team {median:.2f}) while the eyes stay sharp. Use a "
        "lighter retouch or the unretouched original.",
        TEXTURE,
        value,
        median,
    )
