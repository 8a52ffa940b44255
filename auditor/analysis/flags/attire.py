"""Attire rules: clothes far more patterned, or of another colour, than the team's.

Judged against the team only: dark suits, polo shirts and colourful knits are each a house
style somewhere. The colour is judged on CIEDE2000's hue-and-chroma terms against the team's
own spread (`colour.team_colour_distances`), so an orange top among grey and navy suits stands
out; lightness alone is not judged (a light grey suit, a white shirt without a jacket are
formal teams' own variety). Saturation is judged on its own too: a vivid colour is what pulls
the eye, whatever its hue.

**A colour the team wears is not a mismatch**: no flag when members inside the house style
(MIN_WEARERS_SHARE of the others, at least MIN_WEARERS) show the same hue
(`attire.accent_hue` within
SAME_HUE_DEGREES: a tie, a shirt, a jacket). Ranked on
saturation alone, the vivid clothes of a formal team are its women's jackets (GPO H001054,
C001047: red, 0.75; the most saturated man's clothes 0.35), so the warning fired on 4 of 29
women's and none of 257 men's untouched on-style photos: a flag by gender. Their red is the
red of the team's ties (16-36 degrees, 19 of GPO's 68 men); the benchmark's orange (55-58) is
worn by no one (docs/analysis.md, "Attire colour: a colour the team wears").

Severity: a **warning** only for clothes both far more saturated than the team's (warning_z
spreads) *and* vivid on any page (`attire.saturation` at least VIVID_SATURATION: "a bright
T-shirt 0.5+", docs/measures.md), on a team that wears muted clothes (its upper quartile of
saturation under MUTED_TEAM_SATURATION: suits, shirts, dark knits). On a colourful informal
page (18F: upper quartile ~0.44, a red, a green and a purple top among its people) a bright
top is the house style's own variety and stays a tip. Short of that it is a tip too: a colour
far from the team's at a modest saturation is as often long hair on the shoulders read as
clothing (GPO B001228, 0.51, 4 spreads above its team) as a loud top.
"""

from __future__ import annotations

import math

import pandas as pd

from auditor.analysis.flags.base import TeamContext, make_flag, severity_for
from auditor.analysis.flags.colour import team_colour_distances
from auditor.models import Flag, Severity

__all__ = [
    "MIN_WEARERS",
    "MIN_WEARERS_SHARE",
    "MUTED_TEAM_SATURATION",
    "SAME_HUE_DEGREES",
    "VIVID_SATURATION",
    "attire_colour_rule",
]

ATTIRE_LAB = ["attire.lab_l", "attire.lab_a", "attire.lab_b"]
SATURATION = "attire.saturation"
# Smallest meaningful team spreads of the clothes' CIEDE2000 terms. Lightness varies a lot in
# any formal team (a light grey suit among charcoal ones is ΔE00 ~35 in lightness, and how
# much white shirt shows moves it too), so only a white or black top among the opposite
# (ΔE00 45+) counts on lightness alone; hue and chroma from ΔE00 30, a loud colour among
# neutral suits, not a coloured jacket (warning at 3 spreads).
ATTIRE_LIGHTNESS_MIN_SPREAD = 15.0
ATTIRE_HUE_MIN_SPREAD = 10.0
# HSV saturation of the clothes from which they are vivid on any page: the corpus's bright
# tops read 0.73-0.90 (18F red, green and purple tops; GPO H001054's red jacket 0.75), its
# dark suits and white shirts 0.05-0.3, long hair on the shoulders up to ~0.5.
VIVID_SATURATION = 0.6
# A team whose upper quartile of clothes saturation is under this wears muted clothes: fewer
# than a quarter in clearly coloured clothes (a red tie on a dark suit reads ~0.5). GPO's
# suits: 0.24 (teams of 11-53 drawn from it, a fifth of them edited: 0.16-0.36); the informal
# 18F page: 0.44 (its teams: 0.32-0.47).
MUTED_TEAM_SATURATION = 0.4
ACCENT = "attire.accent_hue"
# Two clothes show the same colour when their accent hues are this close: GPO's red ties span
# 16-36 degrees (h_ab), one colour name a band of ~20 degrees.
SAME_HUE_DEGREES = 10.0
# ... worn by at least this share of the other members, and at least MIN_WEARERS of them: on a
# page of 1,000 some tie shows almost any hue, so there a colour needs 20 other wearers to be
# the team's; one other person is no house style (GPO B001228's gold tweed, 61 degrees, made
# the benchmark's burnt orange top, 55-58, "the team's colour" in every team she was in).
MIN_WEARERS_SHARE = 0.02
MIN_WEARERS = 2


def _muted_team(ctx: TeamContext) -> bool:
    """Whether the team wears muted clothes (see module doc)."""
    upper = ctx.memo(("upper quartile", SATURATION), lambda: ctx.table[SATURATION].quantile(0.75))
    return bool(upper < MUTED_TEAM_SATURATION)  # NaN (nothing measured): not muted


def _spreads_from_team(ctx: TeamContext) -> pd.DataFrame:
    """Every member's clothes' distance from the team's, in spreads: colour (hue and chroma,
    ΔE00) and saturation (robust z; negative is more muted), 0 where not measured."""

    def compute() -> pd.DataFrame:
        distances = team_colour_distances(
            ctx, ATTIRE_LAB, (ATTIRE_LIGHTNESS_MIN_SPREAD, ATTIRE_HUE_MIN_SPREAD)
        )
        # Hue and chroma only: lightness is how much white shirt shows and whether the jacket
        # is charcoal or light grey, which formal teams mix (the congress-gpo on-style photos
        # drew most of this rule's false flags from it).
        colour = distances.chromatic / distances.chromatic_spread
        vivid = ctx.z[SATURATION] if SATURATION in ctx.z else pd.Series(dtype=float)
        frame = pd.DataFrame({"colour": colour, "vivid": vivid}).reindex(ctx.table.index)
        return frame.fillna(0.0)

    return ctx.memo("attire_spreads", compute)


def _colour_worn_by_the_team(ctx: TeamContext, person_id: str, spreads: pd.DataFrame) -> bool:
    """Whether members within the house style show this person's colour: a tie, a shirt, a
    jacket. Another outlier in the same colour (two people in orange among suits) does not
    make it the team's."""
    hue = ctx.value(person_id, ACCENT)
    if hue is None or ACCENT not in ctx.table:
        return False
    inside = spreads.max(axis=1) < ctx.config.warning_z
    others = ctx.table.loc[inside, ACCENT].drop(index=person_id, errors="ignore").dropna()
    gap = ((others - hue + 180) % 360 - 180).abs()
    wearers_needed = max(MIN_WEARERS, math.ceil(MIN_WEARERS_SHARE * (len(ctx.table) - 1)))
    return int((gap <= SAME_HUE_DEGREES).sum()) >= wearers_needed


def attire_colour_rule(ctx: TeamContext, person_id: str) -> Flag | None:
    """Clothing colour (perceptual) or saturation far from the team's, on the person mask's
    torso (any team: the clothes are segmented, no longer a box that takes in the scene)."""
    spreads = _spreads_from_team(ctx)
    if person_id not in spreads.index:
        return None
    colour, vivid = (float(v) for v in spreads.loc[person_id, ["colour", "vivid"]])
    if severity_for(max(colour, vivid), ctx.config) is None:
        return None
    if _colour_worn_by_the_team(ctx, person_id, spreads):
        return None  # the team's own colour (a red jacket where red ties are worn): module doc
    value = ctx.value(person_id, SATURATION)
    loud = value is not None and value >= VIVID_SATURATION and _muted_team(ctx)
    severity = (severity_for(vivid, ctx.config) if loud else None) or Severity.INFO
    median = ctx.median(SATURATION)
    if vivid >= colour:
        what = f"far more saturated (saturation {value:.2f}; the team's {median:.2f})"
    else:
        what = "a very different colour from the team's"
    return make_flag(
        "attire_mismatch",
        # Warning or error only for vivid clothes far above the team (module doc): recall and
        # on-style flags in docs/analysis.md, "Retouching and attire".
        severity,
        f"The clothes are {what}: they draw the eye away from the face on this page. Choose "
        "clothes in the team's usual colours (or re-shoot) so the page reads as one team.",
        SATURATION,
        value,
        median,
    )
