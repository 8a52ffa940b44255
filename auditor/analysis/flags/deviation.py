"""Rules that flag one measure far from the house style (crop, exposure, sharpness, ...).

Each rule is one `DeviationRule`: the measure, which side of the house style is a problem, a
failure title, and a message template with the fix. Severity comes from how many spreads the
photo sits outside the house style (or outside a pinned brand range).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from auditor.analysis.flags.base import (
    TeamContext,
    format_range,
    format_value,
    make_flag,
    severity_for,
)
from auditor.analysis.style import LOG_MEASURES
from auditor.models import Flag

__all__ = ["DEVIATION_RULES", "DeviationRule"]

HIGH, LOW, BOTH = 1, -1, 0

# Limits that hold whatever the team looks like (the team may be uniformly fine or poor).
DARK_FACE_L = 30.0  # face L* below this reads as underexposed on any page
BRIGHT_FACE_L = 85.0  # face L* above this reads as burnt out on any page
VISIBLE_COMPRESSION_QUALITY = 70  # JPEG quality at or above this shows no visible artefacts
TINY_FACE_PX = 80.0  # a face this small is low resolution on any page


@dataclass(frozen=True)
class DeviationRule:
    """Flag `code` when `measure` is too far on the `direction` side of the house style.

    `message` is a template with {value}, {abs_value}, {range}, {median}, {ratio}, {side}; it must
    name the measure in plain words, give both numbers and end with a fix.
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
    # Only values beyond this limit count at all: differences inside it are invisible to the
    # reader however unusual they are in a very uniform team (JPEG quality 80 next to 99).
    only_below: float | None = None

    def distance(self, ctx: TeamContext, person_id: str) -> float:
        """How many spreads outside the house style the photo is, on the problem side."""
        value = ctx.value(person_id, self.measure)
        if value is None or self.measure not in ctx.z.columns:
            return math.nan
        pinned = ctx.pinned.get(self.pinned_key or self.measure)
        spread = float(ctx.style.scale_[self.measure])
        if isinstance(pinned, (list, tuple)) and len(pinned) == 2:
            low, high = (float(v) for v in pinned)
            if self.measure in LOG_MEASURES:
                value, low, high = math.log(max(value, 1e-6)), math.log(low), math.log(high)
            over = (value - high) / spread if value > high else 0.0
            under = (low - value) / spread if value < low else 0.0
            signed = over if over > 0 else -under
            # Outside a brand range at all is a warning; how far decides error.
            signed = math.copysign(abs(signed) + ctx.config.warning_z, signed) if signed else 0.0
        else:
            signed = float(ctx.z.at[person_id, self.measure])
        raw = ctx.value(person_id, self.measure)
        if self.only_below is not None and raw >= self.only_below:
            return math.nan
        if self.absolute_floor is not None and raw < self.absolute_floor:
            signed = min(signed, -ctx.config.warning_z)
        if self.absolute_ceiling is not None and raw > self.absolute_ceiling:
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
        value = ctx.value(person_id, self.measure)
        median = ctx.median(self.measure)
        low, high = ctx.typical(self.measure)
        pinned = ctx.pinned.get(self.pinned_key or self.measure)
        if isinstance(pinned, (list, tuple)) and len(pinned) == 2:
            low, high = (float(v) for v in pinned)
        ratio = value / median if median else math.inf
        side = "right" if value > (median or 0) else "left"
        message = self.message.format(
            value=format_value(self.measure, value),
            abs_value=format_value(self.measure, abs(value)),
            range=format_range(self.measure, low, high),
            median=format_value(self.measure, median) if median is not None else "n/a",
            ratio=f"{ratio:.1f}" if ratio >= 1 else f"{1 / ratio:.1f}" if ratio else "many",
            side=side,
        )
        return make_flag(self.code, severity, message, self.measure, value, median)


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
    ),
    DeviationRule(
        "too_dark",
        "light.face_luminance",
        LOW,
        "Exposure matches the team",
        "Too dark",
        "The face is too dark ({value}); the team's faces are {range}. Brighten the "
        "photo, or retake it with more light on the face.",
        absolute_floor=DARK_FACE_L,
    ),
    DeviationRule(
        "too_bright",
        "light.face_luminance",
        HIGH,
        "Exposure matches the team",
        "Too bright",
        "The face is too bright ({value}); the team's faces are {range}. Darken the "
        "photo, or retake it with less light.",
        absolute_ceiling=BRIGHT_FACE_L,
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
