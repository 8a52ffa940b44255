"""Pose rule: a head turned to the side, unlike the team's.

Some teams are shot three-quarter on purpose, so the team's own pose is the norm: a photo is
judged by how far its yaw is from the team's median, in the team's robust spread floored at
YAW_MIN_SPREAD_DEGREES. The floor is wide because the 5-point yaw is noisy on real photos:
faces a person calls frontal read up to ~25 degrees on the corpus's 160 headshots (a smile,
glasses, a slight body turn move the nose point), and the one head a blind reviewer called
"turned to the side" reads 36. So the warning starts at 3 x 12 = 36 degrees from the team,
and on any page whose median faces the camera a yaw of YAW_LIMIT_DEGREES or more counts.

Pitch is not judged: read from the nose's drop below the eyes, it puts frontal, level faces
of the corpus anywhere from -44 to +22 degrees (noses and smiles differ), so it cannot tell a
raised chin from a long nose.
"""

from __future__ import annotations

from auditor.analysis.flags.base import TeamContext, make_flag, severity_for
from auditor.analysis.style import MAD_TO_SIGMA
from auditor.models import Flag, Severity

__all__ = ["YAW_LIMIT_DEGREES", "YAW_MIN_SPREAD_DEGREES", "head_turned_rule"]

YAW = "pose.yaw_degrees"
YAW_MIN_SPREAD_DEGREES = 12.0  # smallest team spread of yaw the rule uses (noise, see above)
# |yaw| at or above this is a turned head on any page whose median yaw is inside it: beyond
# the largest reading of a frontal face in the corpus (~25) with a margin for unseen photos.
YAW_LIMIT_DEGREES = 40.0


def _team_yaw(ctx: TeamContext) -> tuple[float, float] | None:
    """The team's median yaw and its robust spread (floored), or None without 3 readings."""
    if YAW not in ctx.table.columns:
        return None
    values = ctx.table[YAW].dropna()
    if len(values) < 3:
        return None
    centre = float(values.median())
    spread = MAD_TO_SIGMA * float((values - centre).abs().median())
    return centre, max(spread, YAW_MIN_SPREAD_DEGREES)


def head_turned_rule(ctx: TeamContext, person_id: str) -> Flag | None:
    """Yaw far from the team's, or past the documented limit on a frontal team."""
    yaw = ctx.value(person_id, YAW)
    team = ctx.memo("team_yaw", lambda: _team_yaw(ctx))
    if yaw is None or team is None:
        return None
    centre, spread = team
    severity = severity_for(abs(yaw - centre) / spread, ctx.config)
    if severity is None and abs(yaw) >= YAW_LIMIT_DEGREES > abs(centre):
        severity = Severity.WARNING
    if severity is None:
        return None
    return make_flag(
        "head_turned",
        severity,
        f"The head is turned to the side (about {abs(yaw):.0f} degrees; the team's faces "
        f"about {abs(centre):.0f}), so the person does not look at the viewer like the rest of "
        "the team. Retake the photo facing the camera.",
        YAW,
        yaw,
        centre,
    )
