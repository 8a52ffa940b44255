"""The photographer brief: the house style as a specification for the next shoot.

Built from the same `AuditResult` as the report, and only from `TeamStyle` for its numbers
(the medians `report.json` carries under `team.median`, or the brand's pins), so the brief and
the report can never disagree. Each number keeps its measure id and raw value beside the
words (`SpecRow.measure`, `SpecRow.value`): the template writes them as data attributes, and a
test checks them against `report.json`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from auditor.models import AuditResult, PhotoResult, Severity, Status, TeamStyle
from auditor.report._colour import colour_name, lab_to_hex, readable_text_on
from auditor.report._images import data_uri
from auditor.report._text import format_time, measure_label

__all__ = ["BriefView", "ExampleView", "RetakeView", "SpecRow", "build_brief"]

MAX_EXAMPLES = 4
BACKGROUND_MEASURES = ("background.lab_l", "background.lab_a", "background.lab_b")
BACKGROUND_PIN = "background.color"
HEAD_SHARE_PIN = "crop.head_share"
# Measure groups other stages may add (expression, attire): listed as norms when present.
NORM_GROUPS = ("expression", "attire")
# Style measures an example photo should sit close to (robust z, summed).
EXAMPLE_MEASURES = (
    "crop.head_height_ratio",
    "crop.eye_line_ratio",
    "crop.face_center_x_offset",
    "background.lab_l",
    "background.lab_a",
    "background.lab_b",
    "color.cast_a",
    "color.cast_b",
    "light.face_luminance",
    "light.rms_contrast",
)
COMMON_ASPECTS = (
    (1.0, "1:1 square"),
    (0.8, "4:5 portrait"),
    (0.75, "3:4 portrait"),
    (2 / 3, "2:3 portrait"),
    (1.25, "5:4 landscape"),
    (4 / 3, "4:3 landscape"),
)
ASPECT_MATCH = 0.02


@dataclass(frozen=True)
class SpecRow:
    """One line of the specification: what, the target in words, and the number behind it."""

    label: str
    target: str
    note: str = ""
    measure: str | None = None  # the team.median key the number comes from
    value: float | None = None  # its raw value (or the pinned one)


@dataclass(frozen=True)
class ExampleView:
    """A team photo that shows the house style well."""

    name: str
    uri: str


@dataclass(frozen=True)
class RetakeView:
    """A person who needs a new photo, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class BriefView:
    """Everything brief.html renders."""

    title: str
    made: str
    n_photos: int
    backdrop_hex: str | None  # kept beside the name: the photographer matches the exact colour
    backdrop_name: str  # "light grey": what the reader calls it
    backdrop_text: str
    backdrop_source: str
    backdrop_lab: tuple[float, float, float] | None
    framing: tuple[SpecRow, ...]
    lighting: tuple[SpecRow, ...]
    norms: tuple[SpecRow, ...]
    examples: tuple[ExampleView, ...]
    retakes: tuple[RetakeView, ...]
    drafts: int


def _median(team: TeamStyle, measure: str) -> float | None:
    value = team.median.get(measure)
    return value if value is not None and math.isfinite(value) else None


def _row(team: TeamStyle, label: str, measure: str, words, note: str = "") -> SpecRow | None:
    value = _median(team, measure)
    if value is None:
        return None
    return SpecRow(label, words(value), note, measure, value)


def _aspect_words(aspect: float) -> str:
    for ratio, words in COMMON_ASPECTS:
        if abs(aspect - ratio) <= ASPECT_MATCH:
            return f"{words} (width/height {aspect:.2f})"
    return f"width/height {aspect:.2f}"


def _framing(team: TeamStyle) -> list[SpecRow]:
    rows = []
    pinned = team.pinned.get(HEAD_SHARE_PIN)
    if isinstance(pinned, (list, tuple)) and len(pinned) == 2:
        low, high = (float(v) for v in pinned)
        rows.append(
            SpecRow(
                "Head size",
                f"top of the head to the chin fills {low:.0%}–{high:.0%} of the frame height",
                "set in the brand guidelines",
                HEAD_SHARE_PIN,
                (low + high) / 2,
            )
        )
    else:
        rows.append(
            _row(
                team,
                "Head size",
                "crop.head_height_ratio",
                lambda v: f"top of the head to the chin fills {v:.0%} of the frame height",
            )
        )
    rows += [
        _row(team, "Eye line", "crop.eye_line_ratio", lambda v: f"{v:.0%} down from the top edge"),
        _row(
            team,
            "Shoulders",
            "crop.shoulders_in_frame_ratio",
            lambda v: (
                f"the frame runs {v:.1f} face-heights below the chin"
                + (" (shoulders in)" if v >= 0.8 else " (chin near the bottom edge)")
            ),
        ),
        _row(
            team,
            "Horizontal position",
            "crop.face_center_x_offset",
            lambda v: (
                "face centred"
                if abs(v) < 0.02
                else f"face {abs(v):.0%} of the width "
                + ("right" if v > 0 else "left")
                + " of centre"
            ),
        ),
        _row(team, "Aspect ratio", "image.aspect_ratio", _aspect_words),
        _row(
            team,
            "Minimum size",
            "image.width_px",
            lambda v: f"at least {v:.0f} px wide",
            "the team's typical photo; deliver this or larger",
        ),
        _row(team, "", "image.height_px", lambda v: f"at least {v:.0f} px high"),
        _row(
            team,
            "Face size in the file",
            "quality.face_size_px",
            lambda v: f"the face about {v:.0f} px high or more",
        ),
    ]
    return [r for r in rows if r is not None]


def _lighting(team: TeamStyle) -> list[SpecRow]:
    rows = [
        _row(
            team,
            "Exposure",
            "light.face_luminance",
            lambda v: f"face at L* {v:.0f} (0 black, 100 white)",
        ),
        _row(team, "", "light.luminance_mean", lambda v: f"whole photo at L* {v:.0f}"),
        _row(
            team,
            "Contrast",
            "light.rms_contrast",
            lambda v: f"RMS contrast {v:.0f} L* over the photo",
        ),
        _row(
            team,
            "Evenness",
            "light.illumination_balance",
            lambda v: (
                f"left/right balance of the face {v:.2f} (1 = perfectly even)"
                + (": light from the front" if v >= 0.6 else ": directional light")
            ),
        ),
        _row(
            team,
            "White balance",
            "color.cast_b",
            lambda v: (
                f"neutral greys at b* {v:.0f}"
                + (" (neutral)" if abs(v) < 4 else " (warm)" if v > 0 else " (cool)")
            ),
        ),
        _row(
            team,
            "Colour",
            "color.grayscale",
            lambda v: "black-and-white" if v >= 0.5 else "in colour",
        ),
    ]
    return [r for r in rows if r is not None]


def _norms(team: TeamStyle) -> list[SpecRow]:
    """Expression and attire measures, when the features stage measures them."""
    return [
        SpecRow(measure_label(m), f"{v:.2f}", "the team's typical value", m, v)
        for m, v in sorted(team.median.items())
        if m.split(".", 1)[0] in NORM_GROUPS and math.isfinite(v)
    ]


def _backdrop(team: TeamStyle) -> tuple[str | None, str, tuple[float, float, float] | None]:
    pinned = team.pinned.get(BACKGROUND_PIN)
    if isinstance(pinned, str) and pinned.startswith("#") and len(pinned) == 7:
        return pinned.lower(), "set in the brand guidelines", None
    lab = tuple(_median(team, m) for m in BACKGROUND_MEASURES)
    if None in lab:
        return None, "not measured", None
    return lab_to_hex(lab), "the team's typical background", lab  # type: ignore[arg-type]


def _serious(photo: PhotoResult) -> bool:
    return any(f.severity is not Severity.INFO for f in photo.flags)


def _distance(photo: PhotoResult, team: TeamStyle) -> float:
    """How far a photo sits from the house style on the look measures (sum of |z|)."""
    total = 0.0
    for measure in EXAMPLE_MEASURES:
        value, centre = photo.measurement.features.get(measure), team.median.get(measure)
        spread = team.spread.get(measure)
        if value is None or centre is None or not spread:
            total += 1.0  # unknown counts as a little off
            continue
        total += abs(value - centre) / spread
    return total


def _examples(result: AuditResult) -> list[ExampleView]:
    """The 3-4 team photos closest to the house style, with no warning or error."""
    candidates = [
        p
        for p in result.photos
        if p.status is Status.OK and not _serious(p) and data_uri(p.measurement.thumbnail)
    ]
    house = {pid for c in result.team.clusters if c.is_house_style for pid in c.person_ids}
    candidates.sort(
        key=lambda p: (
            bool(house) and p.person.id not in house,
            _distance(p, result.team) + (p.scores.get("outlier") or 0.0),
        )
    )
    return [
        ExampleView(p.person.name, data_uri(p.measurement.thumbnail) or "")
        for p in candidates[:MAX_EXAMPLES]
    ]


def _retakes(result: AuditResult) -> list[RetakeView]:
    views = []
    for photo in result.photos:
        fix = photo.fix
        if fix is not None and fix.needs_new_photo:
            views.append(RetakeView(photo.person.name, fix.reason or "See the report."))
        elif photo.status in (Status.NO_PHOTO, Status.FAILED):
            views.append(RetakeView(photo.person.name, "No usable photo on the page."))
    return views


def build_brief(result: AuditResult, title: str) -> BriefView:
    """The brief's records, from the audit result's house style and photos."""
    team = result.team
    hex_colour, source, lab = _backdrop(team)
    return BriefView(
        title=title,
        made=format_time(result.run.finished),
        n_photos=team.n_photos,
        backdrop_hex=hex_colour,
        backdrop_name=colour_name(hex_colour) if hex_colour else "",
        backdrop_text=readable_text_on(hex_colour) if hex_colour else "#000000",
        backdrop_source=source,
        backdrop_lab=lab,
        framing=tuple(_framing(team)),
        lighting=tuple(_lighting(team)),
        norms=tuple(_norms(team)),
        examples=tuple(_examples(result)),
        retakes=tuple(_retakes(result)),
        drafts=sum(1 for p in result.photos if p.fix is not None and p.fix.path),
    )
