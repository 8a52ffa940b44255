"""Rules that flag one measure far from the house style (crop, exposure, sharpness, ...).

Each rule is one `DeviationRule`: the measure, which side of the house style is a problem, a
failure title, and a message template with the fix. Severity comes from how many spreads the
photo sits outside the house style (or outside a pinned brand range).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from auditor.analysis.flags.base import (
    TeamContext,
    format_range,
    format_value,
    make_flag,
    severity_for,
)
from auditor.analysis.style import LOG_MEASURES, HouseStyle
from auditor.features.geometry import hair_allowance
from auditor.models import Flag, Severity

__all__ = ["DEVIATION_RULES", "PLAIN_TEAM_CLUTTER_PCT", "DeviationRule", "plain_team"]


def plain_team(ctx: TeamContext) -> bool:
    """Whether the team's backdrops are plain (see `DeviationRule.plain_teams_only`)."""
    median = ctx.median("background.clutter_pct")
    return median is not None and median <= PLAIN_TEAM_CLUTTER_PCT


HIGH, LOW, BOTH = 1, -1, 0

# Limits that hold whatever the team looks like (the team may be uniformly fine or poor).
# Exposure limits apply to the face *and* the whole photo (see `companion`): both beyond.
# In 160 published headshots the lowest "darker of the two" is L* 40.7 and the highest
# "brighter of the two" L* 65.9; the limits keep a margin of ~5 L* beyond both.
DARK_EXPOSURE_L = 35.0  # face and photo both under this: underexposed on any page
BRIGHT_EXPOSURE_L = 70.0  # face and photo both over this: overexposed on any page
VISIBLE_COMPRESSION_QUALITY = 70  # JPEG quality at or above this shows no visible artefacts
TINY_FACE_PX = 80.0  # a face this small is low resolution on any page
# Head share (top of the hair to the chin / frame height, see docs/measures.md) above which
# the head all but touches the frame edges: the top of the ICAO passport band (0.80 of the
# height, chin to the top of the skull, hair left out), tighter than any team headshot style,
# taken to the measure's own crown, which has the hair (x ~1.05: 0.84).
ICAO_MAX_HEAD_SHARE = 0.80
TIGHT_HEAD_SHARE = ICAO_MAX_HEAD_SHARE * hair_allowance()
# Share of background pixels that are edges above the top of the "office, shelves or foliage"
# range (5-20%, docs/measures.md): busy on any page, even one where busy backdrops are common
# (3 of the 160 corpus headshots are above it; all three are visibly busy).
BUSY_BACKGROUND_PCT = 20.0
# A team whose median background has at most this share of edge pixels is a plain-backdrop
# (studio) team: congress-gpo's median is 1%, the informal 18F page's 6%.
PLAIN_TEAM_CLUTTER_PCT = 3.0
COMPANION_MIN_Z = 1.0  # main and companion must each be this many spreads on the problem side


# "2.5 times", but "21 times": a decimal on a big factor is noise to the reader.
WHOLE_TIMES_FROM = 10.0


def _times(ratio: float) -> str:
    """How many times larger or smaller, as the reader says it (a ratio below 1 is inverted)."""
    if not ratio or not math.isfinite(ratio):
        return "many"
    factor = ratio if ratio >= 1 else 1 / ratio
    return f"{factor:.0f}" if factor >= WHOLE_TIMES_FROM else f"{factor:.1f}"


@dataclass(frozen=True)
class DeviationRule:
    """Flag `code` when `measure` is too far on the `direction` side of the house style.

    `message` is a template with {value}, {abs_value}, {range}, {median}, {ratio}, {side},
    {companion} (the companion measure's value) and {reference}: "the team's photos are 47–51%",
    or "the brand guideline is 45–60%" when a brand value is pinned. It must say what is wrong
    in words a non-photographer understands (no colour-science or algorithm terms: a test
    checks), give numbers only where they help, and end with the fix as its last sentence.
    """

    code: str
    measure: str
    direction: int
    title: str
    failure_title: str
    message: str
    pinned_key: str | None = None  # brand-config key that can pin this measure's range
    absolute_floor: float | None = None  # values below this always count (e.g. tiny faces)
    absolute_ceiling: float | None = None  # values above this always count (e.g. burnt-out faces)
    # A limit on a *style* choice (crop, backdrop), not on quality: when most of the team is
    # beyond it, that is the house style, and flagging every photo would hide the odd ones out.
    # The limit then yields to the team's own spread (and the analysis says so in a note).
    limit_yields_to_team: bool = False
    limit_words: str = ""  # what the limit is on, for the team note ("the head's share of ...")
    # Only values beyond this limit count at all: differences inside it are invisible to the
    # reader however unusual they are in a very uniform team (JPEG quality 80 next to 99).
    only_below: float | None = None
    # Judged only on a team of plain backdrops (median `background.clutter_pct` at most
    # PLAIN_TEAM_CLUTTER_PCT): on a page of busy scenes the background's "other colours" are
    # the scene's, and the team's spread of them says nothing about the person.
    plain_teams_only: bool = False
    # A second measure (same units) the problem must show as well: the photo is judged on the
    # mean of both, against the team's own spread of that mean, only when each of the two is
    # at least `COMPANION_MIN_Z` spreads on the problem side; an absolute limit holds only
    # when both values are beyond it. Underexposure darkens the face *and* the frame: a face
    # that reads dark on its own is a beard or a shadowed detail, a frame that is dark on its
    # own is a dark backdrop. Without the main measure (no face found), the companion decides.
    companion: str | None = None
    message_without_main: str | None = None  # the message when only the companion is measured
    # On a team of plain backdrops: a measure that must be off on the problem side too (at
    # least `COMPANION_MIN_Z` spreads) when it is measured, or the photo is not judged by this
    # rule. Exposure: the face and the frame are darker on dark skin and dark clothes, a
    # studio backdrop is not; under- or overexposure moves the backdrop with them. Behind
    # busy scenes the backdrops differ too much to tell (the face and frame decide there).
    guard: str | None = None
    team_words: str = "the team's photos are"  # how {reference} names the team's range
    # A tip only (severity info: no score lost, not counted as flagged) for a rule whose
    # measured precision cannot carry a warning yet (see docs/analysis.md).
    tip_only: bool = False

    def _shown(self, ctx: TeamContext, person_id: str) -> tuple[str, float | None]:
        """The measure this photo is judged on: the main one, else the companion."""
        value = ctx.value(person_id, self.measure)
        if value is None and self.companion is not None:
            return self.companion, ctx.value(person_id, self.companion)
        return self.measure, value

    def _combined(self, ctx: TeamContext) -> tuple[pd.Series, float, float]:
        """The team's mean of main and companion measure: values, median, robust spread.

        The spread is that of the mean itself (floored like the main measure): the two move
        together on most photos, so the mean varies less than either and a photo that is off
        on both stands out more clearly than on either alone.
        """
        both = [self.measure, self.companion]
        values = ctx.table[both].mean(axis=1, skipna=False).rename(self.measure)
        style = HouseStyle().fit(values.to_frame())
        return values, float(style.center_[self.measure]), float(style.scale_[self.measure])

    def team_is_beyond_limit(self, ctx: TeamContext) -> bool:
        """A style limit the team's own median is beyond (so it yields, see above)."""
        if not self.limit_yields_to_team:
            return False
        median = ctx.median(self.measure)
        if median is None:
            return False
        return (self.absolute_ceiling is not None and median > self.absolute_ceiling) or (
            self.absolute_floor is not None and median < self.absolute_floor
        )

    def distance(self, ctx: TeamContext, person_id: str) -> float:
        """How many spreads outside the house style the photo is, on the problem side."""
        if self.plain_teams_only and not plain_team(ctx):
            return math.nan
        measure, value = self._shown(ctx, person_id)
        if value is None or measure not in ctx.z.columns:
            return math.nan
        main = measure == self.measure  # a brand range pins the main measure only
        pinned = ctx.pinned.get(self.pinned_key or self.measure) if main else None
        spread = float(ctx.style.scale_[measure])
        is_pinned = isinstance(pinned, (list, tuple)) and len(pinned) == 2
        if is_pinned:
            low, high = (float(v) for v in pinned)
            if measure in LOG_MEASURES:
                value, low, high = math.log(max(value, 1e-6)), math.log(low), math.log(high)
            over = (value - high) / spread if value > high else 0.0
            under = (low - value) / spread if value < low else 0.0
            signed = over if over > 0 else -under
            # Outside a brand range at all is a warning; how far decides error.
            signed = math.copysign(abs(signed) + ctx.config.warning_z, signed) if signed else 0.0
        else:
            signed = ctx.zscore(person_id, measure)
            if signed is None:
                return math.nan
        raw = ctx.value(person_id, measure)
        low_raw = high_raw = raw
        other = ctx.value(person_id, self.companion) if measure != self.companion else None
        if self.companion and other is not None:
            low_raw, high_raw = min(raw, other), max(raw, other)
            if not is_pinned:
                values, centre, both_spread = ctx.memo(
                    ("combined", self.measure, self.companion), lambda: self._combined(ctx)
                )
                signed = (float(values[person_id]) - centre) / both_spread
                side = self.direction or math.copysign(1.0, signed)
                own = ((ctx.zscore(person_id, m) or 0.0) * side for m in (measure, self.companion))
                if min(own) < COMPANION_MIN_Z:
                    signed = 0.0  # only one of the two is off: not this problem
        if self.only_below is not None and raw >= self.only_below:
            return math.nan
        if self.guard is not None and not is_pinned and plain_team(ctx):
            guard_z = ctx.zscore(person_id, self.guard)
            side = self.direction or math.copysign(1.0, signed or 1.0)
            if guard_z is not None and guard_z * side < COMPANION_MIN_Z:
                return math.nan  # the backdrop is as the team's: not this problem
        if not self.team_is_beyond_limit(ctx):
            if self.absolute_floor is not None and high_raw < self.absolute_floor:
                signed = min(signed, -ctx.config.warning_z)
            if self.absolute_ceiling is not None and low_raw > self.absolute_ceiling:
                signed = max(signed, ctx.config.warning_z)
        if self.direction == HIGH:
            return signed
        if self.direction == LOW:
            return -signed
        return abs(signed)

    def evaluate(self, ctx: TeamContext, person_id: str) -> Flag | None:
        """A flag when this photo breaks the rule, else None."""
        severity = severity_for(self.distance(ctx, person_id), ctx.config)
        if severity is None:
            return None
        if self.tip_only:
            severity = Severity.INFO
        measure, value = self._shown(ctx, person_id)
        median = ctx.median(measure)
        low, high = ctx.typical(measure)
        pinned = ctx.pinned.get(self.pinned_key or self.measure)
        brand = measure == self.measure and isinstance(pinned, (list, tuple)) and len(pinned) == 2
        if brand:
            low, high = (float(v) for v in pinned)
        range_text = format_range(measure, low, high)
        reference = (
            f"the brand guideline is {range_text}" if brand else f"{self.team_words} {range_text}"
        )
        ratio = value / median if median else math.inf
        side = "right" if value > 0 else "left"  # {side} is "of centre": the sign says
        template = self.message
        if measure != self.measure:
            template = self.message_without_main or template
        other = ctx.value(person_id, self.companion) if self.companion else None
        times = _times(ratio)
        if times == "many":  # no factor to round: "many times busier", not "about many times"
            template = template.replace("about {ratio}", "{ratio}")
        message = template.format(
            companion=format_value(self.companion, other) if other is not None else "n/a",
            value=format_value(measure, value),
            abs_value=format_value(measure, abs(value)),
            range=range_text,
            reference=reference,
            median=format_value(measure, median) if median is not None else "n/a",
            ratio=times,
            side=side,
        )
        return make_flag(self.code, severity, message, measure, value, median)


DEVIATION_RULES: tuple[DeviationRule, ...] = (
    DeviationRule(
        "crop_too_tight",
        "crop.head_height_ratio",
        HIGH,
        "Crop matches the team",
        "Cropped too tight",
        "The head fills {value} of the photo's height; {reference}. "
        "Crop looser: show the shoulders and a little space above the head.",
        pinned_key="crop.head_share",
        absolute_ceiling=TIGHT_HEAD_SHARE,
        limit_yields_to_team=True,
        limit_words="how much of the photo's height the head fills",
    ),
    DeviationRule(
        "crop_too_loose",
        "crop.head_height_ratio",
        LOW,
        "Crop matches the team",
        "Cropped too loose",
        "The head fills only {value} of the photo's height; {reference}. "
        "Crop tighter, from the shoulders up.",
        pinned_key="crop.head_share",
    ),
    DeviationRule(
        "off_center",
        "crop.face_center_x_offset",
        BOTH,
        "Face centred like the team",
        "Face off-centre",
        "The face sits {abs_value} of the photo's width {side} of centre; {reference}. "
        "Crop the photo so the face is in the middle.",
        team_words="the team's faces sit",
    ),
    DeviationRule(
        "background_busy",
        "background.clutter_pct",
        HIGH,
        "Background as plain as the team's",
        "Busy background",
        "The background is about {ratio} times busier than the team's typical background "
        "(things, patterns or people behind the person draw the eye). "
        "Use a plain backdrop, or blur the background.",
        absolute_ceiling=BUSY_BACKGROUND_PCT,
        limit_yields_to_team=True,
        limit_words="how busy the background is",
    ),
    DeviationRule(
        "background_busy",
        "background.off_color_pct",
        HIGH,
        "Background as plain as the team's",
        "Busy background",
        "Other colours fill {value} of the background (a flag, banner or poster at the edge "
        "of the frame?); the team's backgrounds are {range}. Use a plain backdrop or crop "
        "them out.",
        plain_teams_only=True,
        # 13 false flags in 555 on-style photos (evaluate_flags seed 7 x 24): hair the person
        # mask misses (voluminous brown hair on a blue backdrop) reads as another colour.
        tip_only=True,
    ),
    DeviationRule(
        "busy_attire",
        "attire.pattern_pct",
        HIGH,
        "Clothes as plain as the team's",
        "Busy pattern on the clothes",
        "The clothes are {ratio}x busier than the team's ({value} of the torso is pattern "
        "edges; the team's {range}); checks and stripes pull the eye from the face. Choose "
        "plain clothes for the headshot.",
        # A warning on any team since the torso is the person mask's (issue 14): recall 9/9 on
        # the check-pattern edit (evaluate_flags seed 7 x 24, 18F teams included); its 9 flags
        # on on-style photos are two check shirts (18F mike-hsu, jeremiak; docs/analysis.md).
    ),
    DeviationRule(
        "too_dark",
        "light.face_luminance",
        LOW,
        "Exposure matches the team",
        "Too dark",
        "The photo is noticeably darker than the rest of the team: the face's brightness is "
        "{value}; {reference}. Brighten the photo, or retake it with more light on the face.",
        absolute_floor=DARK_EXPOSURE_L,
        companion="light.luminance_mean",
        guard="background.lab_l",  # dark skin is not underexposure (FRLL 137, skin tone 10)
        message_without_main="The photo is noticeably darker than the rest of the team "
        "(brightness {value}; {reference}). Brighten it, or retake it with more light.",
        team_words="the team's faces are",
    ),
    DeviationRule(
        "too_bright",
        "light.face_luminance",
        HIGH,
        "Exposure matches the team",
        "Too bright",
        "The photo is noticeably brighter than the rest of the team: the face's brightness is "
        "{value}; {reference}. Darken the photo, or retake it with less light.",
        absolute_ceiling=BRIGHT_EXPOSURE_L,
        companion="light.luminance_mean",
        guard="background.lab_l",  # pale skin and a white shirt are not overexposure
        message_without_main="The photo is noticeably brighter than the rest of the team "
        "(brightness {value}; {reference}). Darken it, or retake it with less light.",
        team_words="the team's faces are",
    ),
    DeviationRule(
        "low_contrast",
        "light.rms_contrast",
        LOW,
        "Contrast matches the team",
        "Flat, low contrast",
        "The photo looks flat and greyish next to the team's: about {ratio} times less "
        "contrast than a typical team photo. Add contrast in a photo editor, or retake it "
        "with light from one side.",
    ),
    DeviationRule(
        "uneven_lighting",
        "light.illumination_balance",
        LOW,
        "Face evenly lit",
        "Uneven lighting on the face",
        "One side of the face is much darker than the other, more than in the team's photos "
        "(evenness {value}, where 1 is perfectly even; {reference}). Retake with the light "
        "from the front, or add a second light or a reflector on the dark side.",
    ),
    DeviationRule(
        # On the face's softness, not the Laplacian's variance (`quality.sharpness`): that
        # also measures how much detail and contrast the face has, so a smooth-skinned face
        # without glasses or beard read "4 times softer" than a bearded one at the same focus.
        "blurry",
        "quality.softness",
        HIGH,
        "As sharp as the team",
        "Blurry",
        "The face looks soft next to the team's photos (softness {value}, where 0 is "
        "perfectly sharp; {reference}): out of focus, shaken, or enlarged from a small "
        "original. Use a sharper original, or retake the photo in focus.",
    ),
    DeviationRule(
        "low_resolution",
        "quality.face_size_px",
        LOW,
        "Resolution matches the team",
        "Low resolution",
        "The face is only {value} high in the original file; {reference}. "
        "Ask for a larger original of the photo.",
        absolute_floor=TINY_FACE_PX,
        team_words="the team's faces are",
    ),
    DeviationRule(
        "heavy_compression",
        "quality.jpeg_quality",
        LOW,
        "Compression matches the team",
        "Heavily compressed",
        "The file was saved at low quality (about {value} out of 100; {reference}), which "
        "leaves blotchy patches. Export it again from the original at quality 85 or more.",
        only_below=VISIBLE_COMPRESSION_QUALITY,
    ),
)
