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
from auditor.models import Flag

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
# Head share (top-of-head-to-chin estimate / frame height, see docs/measures.md) above which
# the head all but touches the frame edges: the top of the ICAO passport band, tighter than
# any team headshot style.
TIGHT_HEAD_SHARE = 0.82
# Share of background pixels that are edges above the top of the "office, shelves or foliage"
# range (5-20%, docs/measures.md): busy on any page, even one where busy backdrops are common
# (3 of the 160 corpus headshots are above it; all three are visibly busy).
BUSY_BACKGROUND_PCT = 20.0
# A team whose median background has at most this share of edge pixels is a plain-backdrop
# (studio) team: congress-gpo's median is 1%, the informal 18F page's 6%.
PLAIN_TEAM_CLUTTER_PCT = 3.0
COMPANION_MIN_Z = 1.0  # main and companion must each be this many spreads on the problem side


@dataclass(frozen=True)
class DeviationRule:
    """Flag `code` when `measure` is too far on the `direction` side of the house style.

    `message` is a template with {value}, {abs_value}, {range}, {median}, {ratio}, {side} and
    {companion} (the companion measure's value); it must name the measure in plain words, give
    both numbers and end with a fix.
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
    # PLAIN_TEAM_CLUTTER_PCT): the regions behind these rules are estimated from the face box,
    # so on a page of busy scenes the "torso" and the background's "other colours" are the
    # scene's, and the team's spread of them says nothing about the person.
    plain_teams_only: bool = False
    # A second measure (same units) the problem must show as well: the photo is judged on the
    # mean of both, against the team's own spread of that mean, only when each of the two is
    # at least `COMPANION_MIN_Z` spreads on the problem side; an absolute limit holds only
    # when both values are beyond it. Underexposure darkens the face *and* the frame: a face
    # that reads dark on its own is a beard or a shadowed detail, a frame that is dark on its
    # own is a dark backdrop. Without the main measure (no face found), the companion decides.
    companion: str | None = None
    message_without_main: str | None = None  # the message when only the companion is measured

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
        measure, value = self._shown(ctx, person_id)
        median = ctx.median(measure)
        low, high = ctx.typical(measure)
        pinned = ctx.pinned.get(self.pinned_key or self.measure)
        if measure == self.measure and isinstance(pinned, (list, tuple)) and len(pinned) == 2:
            low, high = (float(v) for v in pinned)
        ratio = value / median if median else math.inf
        side = "right" if value > (median or 0) else "left"
        template = self.message
        if measure != self.measure:
            template = self.message_without_main or template
        other = ctx.value(person_id, self.companion) if self.companion else None
        message = template.format(
            companion=format_value(self.companion, other) if other is not None else "n/a",
            value=format_value(measure, value),
            abs_value=format_value(measure, abs(value)),
            range=format_range(measure, low, high),
            median=format_value(measure, median) if median is not None else "n/a",
            ratio=f"{ratio:.1f}" if ratio >= 1 else f"{1 / ratio:.1f}" if ratio else "many",
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
        "Head fills {value} of the frame height; the team's photos are {range}. "
        "Re-crop looser: show the shoulders and a little space above the head.",
        pinned_key="crop.head_share",
        absolute_ceiling=TIGHT_HEAD_SHARE,
        limit_yields_to_team=True,
        limit_words="the share of the frame height the head fills",
    ),
    DeviationRule(
        "crop_too_loose",
        "crop.head_height_ratio",
        LOW,
        "Crop matches the team",
        "Cropped too loose",
        "Head fills only {value} of the frame height; the team's photos are {range}. "
        "Re-crop tighter: shoulders up.",
        pinned_key="crop.head_share",
    ),
    DeviationRule(
        "off_center",
        "crop.face_center_x_offset",
        BOTH,
        "Face centred like the team",
        "Face off-centre",
        "The face sits {abs_value} of the frame width to the {side} of centre; the team's "
        "faces sit at {range} (0% = centred). Re-crop so the face is centred.",
    ),
    DeviationRule(
        "background_busy",
        "background.clutter_pct",
        HIGH,
        "Background as plain as the team's",
        "Busy background",
        "The background is {ratio}x busier than the team median ({value} of background "
        "pixels are edges, team {median}). Use a plain backdrop or blur the background.",
        absolute_ceiling=BUSY_BACKGROUND_PCT,
        limit_yields_to_team=True,
        limit_words="the share of background pixels that are edges",
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
    ),
    DeviationRule(
        "busy_attire",
        "attire.pattern_pct",
        HIGH,
        "Clothes as plain as the team's",
        "Busy pattern on the clothes",
        "The clothes are {ratio}x busier than the team's ({value} of the torso is pattern "
        "edges; the team's {range}). Checks and stripes pull the eye from the face: choose "
        "plain clothes for the headshot.",
        plain_teams_only=True,
    ),
    DeviationRule(
        "too_dark",
        "light.face_luminance",
        LOW,
        "Exposure matches the team",
        "Too dark",
        "The photo is too dark: the face is {value} and the whole photo {companion}; the "
        "team's faces are {range}. Brighten the photo, or retake it with more light on the face.",
        absolute_floor=DARK_EXPOSURE_L,
        companion="light.luminance_mean",
        message_without_main="The photo is too dark ({value}; the team's photos are {range}). "
        "Brighten it, or retake it with more light.",
    ),
    DeviationRule(
        "too_bright",
        "light.face_luminance",
        HIGH,
        "Exposure matches the team",
        "Too bright",
        "The photo is too bright: the face is {value} and the whole photo {companion}; the "
        "team's faces are {range}. Darken the photo, or retake it with less light.",
        absolute_ceiling=BRIGHT_EXPOSURE_L,
        companion="light.luminance_mean",
        message_without_main="The photo is too bright ({value}; the team's photos are "
        "{range}). Darken it, or retake it with less light.",
    ),
    DeviationRule(
        "low_contrast",
        "light.rms_contrast",
        LOW,
        "Contrast matches the team",
        "Flat, low contrast",
        "The photo looks flat (contrast {value} L*; the team's photos are {range}). "
        "Increase contrast, or retake with more directional light.",
    ),
    DeviationRule(
        "uneven_lighting",
        "light.illumination_balance",
        LOW,
        "Face evenly lit",
        "Uneven lighting on the face",
        "One side of the face is much darker than the other (balance {value}; the team's "
        "photos are {range}). Retake with light from the front or add fill light.",
    ),
    DeviationRule(
        "blurry",
        "quality.sharpness",
        LOW,
        "As sharp as the team",
        "Blurry",
        "The face is {ratio}x softer than the team median (sharpness {value}, team "
        "{median}). Use a sharper original or retake the photo in focus.",
    ),
    DeviationRule(
        "low_resolution",
        "quality.face_size_px",
        LOW,
        "Resolution matches the team",
        "Low resolution",
        "The face is only {value} high in the original; the team's faces are {range}. "
        "Ask for a higher-resolution original.",
        absolute_floor=TINY_FACE_PX,
    ),
    DeviationRule(
        "heavy_compression",
        "quality.jpeg_quality",
        LOW,
        "Compression matches the team",
        "Heavily compressed",
        "JPEG quality is about {value}; the team's photos are {range}. Export again "
        "from the original at quality 85 or more.",
        only_below=VISIBLE_COMPRESSION_QUALITY,
    ),
)
