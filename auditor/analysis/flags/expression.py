"""Expression rules: a smile (or a serious face) unlike the team's, and closed eyes.

There is no "right" expression: a law firm's serious faces and a start-up's broad smiles are
both house styles. `expression_mismatch` therefore compares each photo with the team's own
norm, in either direction. The smile score is a logistic (0..1), so it is compared on its
logit, where the evidence adds up linearly and a confident smile and a confident neutral face
are as far apart as the evidence says. Closed eyes are wrong on any page: `eyes_closed` has an
absolute limit, yielding only to a team whose eyes mostly read closed (then the measure, not
the photos, is off: glasses, a very low camera).
"""

from __future__ import annotations

import math

import numpy as np

from auditor.analysis.flags.base import TeamContext, make_flag, severity_for
from auditor.analysis.style import MAD_TO_SIGMA
from auditor.models import Flag, Severity

__all__ = ["expression_rule", "eyes_closed_rule"]

SMILE = "expression.smile"
EYES = "expression.eyes_open"
# Smallest meaningful spread of the smile's logit: with a warning at 3 spreads, a photo must
# be 3 logit units (odds 20x) from the team's typical expression to count as different.
SMILE_LOGIT_MIN_SPREAD = 1.0
SMILE_CLIP = 1e-3  # scores are clipped to [0.001, 0.999] before the logit
MIXED_TEAM_SHARE = 0.25  # more than this share beyond the limit on one side: a mixed team
SMILING_TEAM = 0.5  # a team whose median smile is above this is a smiling team
EYES_CLOSED_BELOW = 0.35  # eyes_open under this: the eyes read closed (open eyes are ~1)
EYES_OPEN_TEAM = 0.6  # ... when the team's median shows open eyes, as it does on any real page


def _logit(p: float) -> float:
    p = min(max(p, SMILE_CLIP), 1 - SMILE_CLIP)
    return math.log(p / (1 - p))


def _team_smile(ctx: TeamContext) -> tuple[float, float, set[int]] | None:
    """The team's median smile logit, its robust spread (floored) and the sides with a norm.

    A side (+1 more smiling, -1 more serious) has no norm to break when more than
    MIXED_TEAM_SHARE of the team is beyond the warning distance on it: half serious and half
    smiling is a mixed page, not a page with odd ones out.
    """
    values = ctx.table[SMILE].dropna() if SMILE in ctx.table.columns else []
    if len(values) < 3:
        return None
    logits = np.array([_logit(float(v)) for v in values])
    centre = float(np.median(logits))
    spread = max(MAD_TO_SIGMA * float(np.median(np.abs(logits - centre))), SMILE_LOGIT_MIN_SPREAD)
    z = (logits - centre) / spread
    limit = ctx.config.warning_z
    sides = {side for side in (1, -1) if np.mean(side * z >= limit) <= MIXED_TEAM_SHARE}
    return centre, spread, sides


def expression_rule(ctx: TeamContext, person_id: str) -> Flag | None:
    """A smile in a serious team, or a serious face in a smiling team."""
    team = ctx.memo("team_smile", lambda: _team_smile(ctx))
    value = ctx.value(person_id, SMILE)
    if team is None or value is None:
        return None
    centre, spread, sides = team
    z = (_logit(value) - centre) / spread
    if (1 if z > 0 else -1) not in sides:
        return None
    if severity_for(abs(z), ctx.config) is None:
        return None
    median = ctx.median(SMILE) or 0.0
    norm = "smiling" if median > SMILING_TEAM else "serious, closed-mouth"
    if z > 0:
        what, fix = "smile clearly more than", "a take with the team's calmer expression"
    else:
        what, fix = "look more serious than", "a take with a smile like the rest of the team's"
    return make_flag(
        "expression_mismatch",
        # A tip, not a warning: the smile measure separates smiling from neutral takes of
        # unseen people at AUC 0.91-0.94 only, a little less well for darker skin
        # (docs/analysis.md, Expression).
        Severity.INFO,
        f"The person seems to {what} the rest of the team, whose expressions are mostly {norm} "
        f"(smile {value:.2f}; the team's typical {median:.2f}). Use {fix}.",
        SMILE,
        value,
        median,
    )


def eyes_closed_rule(ctx: TeamContext, person_id: str) -> Flag | None:
    """The eyes read closed (a blink), on a team whose eyes read open."""
    value = ctx.value(person_id, EYES)
    median = ctx.median(EYES)
    if value is None or median is None or median < EYES_OPEN_TEAM:
        return None
    if value >= EYES_CLOSED_BELOW:
        return None
    return make_flag(
        "eyes_closed",
        Severity.WARNING,
        f"The eyes look closed or half-closed (eyes open {value:.2f}; the team's photos are "
        f"around {median:.2f}). Use another take from the same shoot with the eyes open.",
        EYES,
        value,
        median,
    )
