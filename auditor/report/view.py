"""View records for the HTML report, built from an `AuditResult` (coverage.py's HtmlDataGeneration).

The templates only loop and branch over these records: every decision (ordering, labels,
what counts as flagged, which URLs may become links, which charts to draw) is made here, where
it can be tested without parsing HTML. Crawled strings stay plain `str`; the templates escape
them. Only SVG built by `_svg` arrives as `Markup`.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from markupsafe import Markup
from PIL import Image, UnidentifiedImageError

from auditor.fixes.names import is_draft_path
from auditor.models import (
    AuditResult,
    ClusterSummary,
    MeasureInfo,
    PhotoResult,
    Severity,
    Status,
)
from auditor.report._actions import MISSING_WHY, Action, build_actions, from_a_page
from auditor.report._colour import (
    colour_name,
    colour_names,
    median_hex,
    name_colours,
)
from auditor.report._glance import GlanceView, build_glance
from auditor.report._images import Framing, data_uri, house_crop, reaches_past_edges, recrop
from auditor.report._summary import FLAGGED_SEVERITIES, summarise
from auditor.report._svg import ChartPoint, silhouette_svg, strip_chart_svg
from auditor.report._text import (
    STATUS_LABELS,
    flag_title,
    format_time,
    group_label,
    measure_label,
    safe_href,
)
from auditor.report._units import format_measure, unit_of

__all__ = [
    "CROP_CODES",
    "CardView",
    "ChangesView",
    "ChartView",
    "ClusterView",
    "FixView",
    "FlagView",
    "MeasureRow",
    "ProblemView",
    "RecropView",
    "ReportView",
    "Tile",
    "build_view",
    "search_key",
]

# Flags whose fix is a different framing: they get a re-crop preview.
CROP_CODES = frozenset({"crop_too_tight", "crop_too_loose", "off_center"})
# Flags whose evidence is a colour: the card shows this photo's background beside the house's.
BACKGROUND_CODES = frozenset({"background_color_mismatch"})
# Team measure ids that override the framing learned from the face boxes (brand guidelines
# pinned in config reach the report through `TeamStyle.median`).
FACE_HEIGHT_MEASURE = "crop.face_height_ratio"
# The crop messages speak of the head (top of the hair to the chin): so does the caption.
HEAD_HEIGHT_MEASURE = "crop.head_height_ratio"
BACKGROUND_PIN = "background.color"
BACKGROUND_INFO = "background.hex"
# When nothing is known about the framing, draw a conventional shoulders-up headshot.
# Face-centre offsets from the frame centre (share of width/height, -0.5..0.5).
CENTER_X_MEASURE = "crop.face_center_x_offset"
CENTER_Y_MEASURE = "crop.face_center_y_offset"
MAX_CENTER_OFFSET = 0.5
# A team median within this factor of the face boxes' median is taken to measure the same thing.
SAME_MEASURE_FACTOR = 1.6
DEFAULT_FRAMING = Framing(face_height=0.34, center_x=0.5, center_y=0.39)
DEFAULT_ASPECT = 0.8  # 4:5 portrait
DEFAULT_BACKGROUND = "#e4e7ec"
BRAND_SOURCE = "set in the brand guidelines"
# Measures a reader most often asks about, charted (when present) after the flagged ones.
KEY_MEASURES = (
    "crop.face_height_ratio",
    "crop.face_center_x_offset",
    "background.lab_l",
    "background.clutter_pct",
    "color.colorfulness",
    "light.face_luminance",
    "quality.sharpness",
    "quality.jpeg_quality",
)
# Charts: at most this many, each needs this many photos with a value to be worth drawing.
MAX_CHARTS = 8
MIN_CHART_POINTS = 3
MIN_CHART_VALUES = 3
# Cluster rows show at most this many thumbnails, then "+N more".
MAX_CLUSTER_THUMBS = 14
# Score bands: (lowest score, verdict, what it means for the reader).
SCORE_BANDS: tuple[tuple[float, str, str], ...] = (
    (90, "Very consistent", "Almost every photo matches the team's house style."),
    (75, "Mostly consistent", "A few photos stand out; fixing the flagged ones lifts the score."),
    (50, "Mixed", "Many photos differ from the house style; visitors will notice."),
    (0, "Inconsistent", "The photos look like they come from many different shoots."),
)
SCORE_MEANING = (
    "The consistency score runs from 0 to 100. 100 means every audited photo matches the "
    "house style this team's own photos set; each photo that stands out, and how far, lowers it."
)
SCORE_MEANING_BRAND = (
    "The consistency score runs from 0 to 100. 100 means every audited photo matches the "
    "house style: the brand guidelines where they set a value, the team's own photos elsewhere. "
    "Each photo that stands out, and how far, lowers it."
)
_NO_SEVERITY = "none"
_WORST_FIRST = sorted(Severity, key=lambda s: -s.rank)
# Severity filter options: a photo is listed under its worst flag.
_SEVERITY_FILTER_LABELS = {
    Severity.ERROR: "Errors",
    Severity.WARNING: "Warnings (worst)",
    Severity.INFO: "Tips only",
}


@dataclass(frozen=True)
class Tile:
    """One headline count at the top of the report."""

    label: str
    value: int
    note: str = ""
    tone: str = "neutral"  # neutral | good | warning | error


@dataclass(frozen=True)
class FlagView:
    """One flag as the reader sees it."""

    code: str
    title: str
    severity: str
    message: str


@dataclass(frozen=True)
class MeasureRow:
    """One measure of one photo beside the team's typical value, both with their unit."""

    id: str
    label: str
    group: str
    value: str
    typical: str
    flagged: bool


@dataclass(frozen=True)
class RecropView:
    """The photo now and re-cropped to the house framing."""

    before_uri: str
    after_uri: str
    needs_original: bool  # the house framing reaches past the photo's edges


@dataclass(frozen=True)
class FixView:
    """The photo now beside its corrected draft, with what changed and where the file is."""

    before_uri: str
    after_uri: str
    href: str  # the draft beside report.html ("fixes/..."), for the download link
    changes: tuple[str, ...]


@dataclass(frozen=True)
class CardView:
    """One photo on the contact sheet."""

    anchor: str
    name: str
    title: str | None
    status: str
    status_label: str
    thumbnail: str | None
    alt: str
    worst: str  # a severity value, or "none"
    flags: tuple[FlagView, ...]
    flag_codes: str  # space-separated, for the filter script
    search_text: str  # lower-cased name and title, for the search box
    measures: tuple[MeasureRow, ...]
    units_legend: tuple[str, ...]  # what the Details table's jargon units mean, one line each
    recrop: RecropView | None
    page_href: str | None
    image_href: str | None
    outlier: str
    outdated: str
    cluster_label: str | None
    # (hex for the swatch, colour name): this photo's background, then the house's.
    background_compare: tuple[tuple[str, str], ...] = ()
    fix: FixView | None = None  # a corrected draft that passes the audit
    fix_note: str | None = None  # why there is no draft (a new photo is needed, ...)
    needs_new_photo: bool = False
    notes: tuple[str, ...] = ()  # what the crawler noticed finding this person


@dataclass(frozen=True)
class ProblemView:
    """A person without an audited photo: missing, failed, with the reason and source."""

    name: str
    title: str | None
    status: str
    status_label: str
    reason: str
    page_href: str | None
    page_text: str | None
    image_href: str | None
    image_text: str | None


@dataclass(frozen=True)
class ClusterView:
    """One style cluster as a row of thumbnails."""

    label: str
    description: str
    size: int
    is_house_style: bool
    thumbs: tuple[tuple[str, str, str], ...]  # (data URI, alt text, card anchor)
    more: int


@dataclass(frozen=True)
class ChartView:
    """One measure's distribution across the team."""

    id: str
    label: str
    group: str
    svg: Markup  # the registry's technical description is in the appendix, not here
    flagged: int


@dataclass(frozen=True)
class ChangesView:
    """What changed since the previous run."""

    previous_run: str | None
    new_people: tuple[str, ...]
    departed_people: tuple[str, ...]
    changed_photos: tuple[str, ...]
    new_flags: tuple[tuple[str, str], ...]  # (name, flag title)
    resolved_flags: tuple[tuple[str, str], ...]  # fixed: the photo changed and the flag is gone
    # The flag is gone but the photo is the same file: the team around it changed.
    no_longer_flagged: tuple[tuple[str, str], ...] = ()
    not_checked: tuple[tuple[str, str], ...] = ()  # flags of photos that failed this time
    baseline_note: str | None = None  # why this run will not be compared against next time

    @property
    def first_run(self) -> bool:
        """True when there was no earlier run of these sources to compare with."""
        return self.previous_run is None and self.empty

    @property
    def empty(self) -> bool:
        """True when nothing changed."""
        return not (
            self.new_people
            or self.departed_people
            or self.changed_photos
            or self.new_flags
            or self.resolved_flags
            or self.no_longer_flagged
            or self.not_checked
        )


@dataclass(frozen=True)
class ReportView:
    """Everything the HTML template renders."""

    title: str
    tool: str
    started: str
    finished: str
    sources: tuple[tuple[str, str | None], ...]  # (text, href or None)
    score: int | None
    score_verdict: str
    score_note: str
    score_meaning: str
    tiles: tuple[Tile, ...]
    top_issues: tuple[tuple[str, str, int, str], ...]  # (code, title, photos, worst severity)
    house_hex: str  # the swatch's fill; readers see `house_colour_name`
    house_colour_name: str
    house_source: str
    silhouette: Markup
    framing_note: str
    clusters: tuple[ClusterView, ...]
    changes: ChangesView | None
    cards: tuple[CardView, ...]
    problems: tuple[ProblemView, ...]
    charts: tuple[ChartView, ...]
    flag_options: tuple[tuple[str, str, int], ...]  # (code, title, photos)
    severity_options: tuple[tuple[str, str, int], ...]  # (value, label, photos)
    pages: tuple[dict[str, Any], ...]
    notes: tuple[str, ...]
    measures: tuple[MeasureInfo, ...]
    summary: dict[str, Any] = field(default_factory=dict)
    actions: tuple[Action, ...] = ()  # the action list, most urgent first
    glance: GlanceView | None = None  # the one-page summary at the top
    house_is_brand: bool = False  # the backdrop colour is the brand's (pinned), not learned
    excluded: tuple[dict[str, Any], ...] = ()  # crawl candidates left out, with reasons


def search_key(text: str) -> str:
    """Text as the search box matches it: lower case, accents dropped ("Zoë" -> "zoe").

    report.js normalises the query the same way (NFD, drop Unicode marks, toLowerCase).
    """
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()


def _sort_key(indexed: tuple[int, PhotoResult]) -> tuple[float, ...]:
    index, photo = indexed
    worst = photo.worst_severity
    serious = sum(f.severity in FLAGGED_SEVERITIES for f in photo.flags)
    outlier = photo.scores.get("outlier") or 0.0
    return (-(worst.rank if worst else -1), -serious, -len(photo.flags), -outlier, index)


def _percent(score: float | None) -> str:
    return f"{score:.0%}" if _finite(score) else "—"


def _thumb_size(thumbnail: bytes | None) -> tuple[int, int] | None:
    if not thumbnail:
        return None
    try:
        with Image.open(io.BytesIO(thumbnail)) as image:
            return image.size
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def _house_framing(result: AuditResult) -> tuple[Framing, float, bool]:
    """The team's typical framing (from the face boxes), frame aspect, and whether it's learned."""
    boxes = [
        p.measurement.face_box
        for p in result.photos
        if p.status is Status.OK
        and p.measurement.face_box is not None
        and all(_finite(v) for v in p.measurement.face_box)
        and 0 < p.measurement.face_box[3] <= 1
    ]
    sizes = [s for s in (_thumb_size(p.measurement.thumbnail) for p in result.photos) if s]
    aspect = median(w / h for w, h in sizes) if sizes else DEFAULT_ASPECT
    team_height = result.team.median.get(FACE_HEIGHT_MEASURE)
    if not (_finite(team_height) and 0 < team_height <= 1):  # type: ignore[operator]
        team_height = None
    if not boxes:
        if team_height:
            return (
                Framing(team_height, DEFAULT_FRAMING.center_x, DEFAULT_FRAMING.center_y),
                aspect,
                True,
            )
        return DEFAULT_FRAMING, aspect, False
    box_height = median(b[3] for b in boxes)
    # The team's median (which a brand guideline may have pinned) wins, as long as it plainly
    # measures the same thing as the face boxes; a value far off means a different definition,
    # and the boxes are what the preview crops by.
    if team_height and not (
        box_height / SAME_MEASURE_FACTOR <= team_height <= box_height * SAME_MEASURE_FACTOR
    ):
        team_height = None
    framing = Framing(
        face_height=team_height or box_height,
        center_x=_team_center(result, CENTER_X_MEASURE, median(b[0] + b[2] / 2 for b in boxes)),
        center_y=_team_center(result, CENTER_Y_MEASURE, median(b[1] + b[3] / 2 for b in boxes)),
    )
    return framing, aspect, True


def _team_center(result: AuditResult, measure_id: str, from_boxes: float) -> float:
    """The team's face-centre position (0.5 + median offset) when measured, else the boxes'."""
    offset = result.team.median.get(measure_id)
    if _finite(offset) and abs(offset) <= MAX_CENTER_OFFSET:  # type: ignore[arg-type]
        return 0.5 + offset  # type: ignore[operator]
    return from_boxes


def _house_background(result: AuditResult) -> tuple[str, str]:
    """The house background colour and where it comes from (brand pin or team median)."""
    pinned = result.team.pinned.get(BACKGROUND_PIN)
    if isinstance(pinned, str) and median_hex([pinned]):
        return median_hex([pinned]) or DEFAULT_BACKGROUND, BRAND_SOURCE
    learned = median_hex(
        p.measurement.info[BACKGROUND_INFO]
        for p in result.photos
        if p.status is Status.OK and BACKGROUND_INFO in p.measurement.info
    )
    if learned:
        return learned, "the typical background of the team's photos"
    return DEFAULT_BACKGROUND, "not measured"


def _score(result: AuditResult) -> tuple[int | None, str, str]:
    if result.score is None or not math.isfinite(result.score):
        return None, "Not scored", "Too few photos could be audited to score the team."
    score = round(max(0.0, min(100.0, result.score)))
    for floor, verdict, note in SCORE_BANDS:
        if score >= floor:
            return score, verdict, note
    return score, SCORE_BANDS[-1][1], SCORE_BANDS[-1][2]


def _flagged_note(audited: int, flagged: int) -> str:
    """What the rest of the audited photos are, in words that stay true at 0 and at all."""
    if not audited:
        return ""
    if flagged == 0:
        return "every photo looks fine"
    if flagged == audited:
        return "every audited photo"
    return f"the other {audited - flagged} look fine"


def _tiles(summary: dict[str, Any]) -> tuple[Tile, ...]:
    by_status = summary["by_status"]
    audited, flagged = summary["audited"], summary["flagged"]
    missing, failed = by_status[Status.NO_PHOTO.value], by_status[Status.FAILED.value]
    flagged_tone = (
        "error" if summary["flagged_by_severity"]["error"] else "warning" if flagged else "good"
    )
    return (
        Tile("People found", summary["people"], f"{audited} photos audited"),
        Tile(
            "Photos flagged",
            flagged,
            _flagged_note(audited, flagged),
            flagged_tone,
        ),
        Tile("Missing photo", missing, "a name with no photo", "warning" if missing else "good"),
        Tile(
            "Could not be audited",
            failed,
            "download or decoding failed",
            "error" if failed else "good",
        ),
    )


def _measure_rows(
    photo: PhotoResult, measures: Sequence[MeasureInfo], typical: dict[str, float]
) -> tuple[MeasureRow, ...]:
    flagged_ids = {f.measure for f in photo.flags if f.measure}
    rows = [
        MeasureRow(
            id=m.id,
            label=measure_label(m.id),
            group=group_label(m.group),
            value=format_measure(photo.measurement.features.get(m.id), unit_of(m)),
            typical=format_measure(typical.get(m.id), unit_of(m)),
            flagged=m.id in flagged_ids,
        )
        for m in measures
        if photo.measurement.features.get(m.id) is not None
    ]
    # The measures behind this photo's flags first: they are the evidence the reader wants.
    return tuple(sorted(rows, key=lambda r: not r.flagged))


def _units_legend(rows: Sequence[MeasureRow], measures: Sequence[MeasureInfo]) -> tuple[str, ...]:
    """The meanings of the units in a Details table that are not everyday ones (L*, ×, ...)."""
    shown = {r.id for r in rows}
    meanings = (unit_of(m).meaning for m in measures if m.id in shown)
    return tuple(dict.fromkeys(m for m in meanings if m))


def _recrop(photo: PhotoResult, framing: Framing) -> RecropView | None:
    measurement = photo.measurement
    if not any(f.code in CROP_CODES for f in photo.flags):
        return None
    if measurement.thumbnail is None or measurement.face_box is None:
        return None
    before = data_uri(measurement.thumbnail)
    preview = recrop(
        measurement.thumbnail, measurement.face_box, framing, measurement.info.get(BACKGROUND_INFO)
    )
    after = data_uri(preview)
    if before is None or after is None:
        return None
    needs_original = reaches_past_edges(house_crop(measurement.face_box, framing))
    return RecropView(before_uri=before, after_uri=after, needs_original=needs_original)


def _fix(photo: PhotoResult) -> FixView | None:
    fix = photo.fix
    if fix is None or fix.path is None or not is_draft_path(fix.path):
        return None
    before, after = data_uri(photo.measurement.thumbnail), data_uri(fix.thumbnail)
    if before is None or after is None:
        return None
    changes = tuple(name_colours(change) for change in fix.changes)
    return FixView(before_uri=before, after_uri=after, href=fix.path, changes=changes)


def _cluster_labels(result: AuditResult) -> dict[int, str]:
    """Reader names of the clusters; none when there is only one (it says nothing then)."""
    labels: dict[int, str] = {}
    if len(result.team.clusters) < 2:
        return labels
    others = 0
    for cluster in result.team.clusters:
        if cluster.is_house_style:
            labels[cluster.id] = "House style"
        else:
            others += 1
            labels[cluster.id] = f"Look {chr(ord('A') + others - 1)}" if others <= 26 else "Other"
    return labels


def _card(
    index: int,
    photo: PhotoResult,
    measures: Sequence[MeasureInfo],
    result: AuditResult,
    framing: Framing,
    cluster_labels: dict[int, str],
    house_hex: str,
) -> CardView:
    person = photo.person
    photo_hex = median_hex([photo.measurement.info.get(BACKGROUND_INFO, "")])
    compare: tuple[tuple[str, str], ...] = ()
    if photo_hex and any(f.code in BACKGROUND_CODES for f in photo.flags):
        names = colour_names((photo_hex, house_hex))
        compare = ((photo_hex, names[0]), (house_hex, names[1]))
    worst = photo.worst_severity
    fix = _fix(photo)
    rows = _measure_rows(photo, measures, result.team.median)
    flags = tuple(
        FlagView(f.code, flag_title(f.code), f.severity.value, name_colours(f.message))
        for f in sorted(photo.flags, key=lambda f: -f.severity.rank)
    )
    return CardView(
        anchor=f"photo-{index}",
        name=person.name,
        title=person.title,
        status=photo.status.value,
        status_label=STATUS_LABELS.get(photo.status.value, photo.status.value),
        thumbnail=data_uri(photo.measurement.thumbnail),
        alt=f"Headshot of {person.name}",
        worst=worst.value if worst else _NO_SEVERITY,
        flags=flags,
        flag_codes=" ".join(sorted({f.code for f in photo.flags})),
        search_text=search_key(" ".join(filter(None, (person.name, person.title)))),
        measures=rows,
        units_legend=_units_legend(rows, measures),
        recrop=None if fix else _recrop(photo, framing),
        page_href=safe_href(person.page_url),
        image_href=safe_href(person.image_url),
        outlier=_percent(photo.scores.get("outlier")),
        outdated=_percent(photo.scores.get("outdated")),
        cluster_label=cluster_labels.get(photo.cluster) if photo.cluster is not None else None,
        background_compare=compare,
        fix=fix,
        fix_note=photo.fix.reason if photo.fix and fix is None else None,
        needs_new_photo=bool(photo.fix and photo.fix.needs_new_photo),
        notes=person.notes,
    )


def _problem(photo: PhotoResult) -> ProblemView:
    person = photo.person
    reason = photo.measurement.error or person.error
    if not reason:
        reason = (
            MISSING_WHY[from_a_page(person)]
            if photo.status is Status.NO_PHOTO
            else "No reason was recorded."
        )
    return ProblemView(
        name=person.name,
        title=person.title,
        status=photo.status.value,
        status_label=STATUS_LABELS.get(photo.status.value, photo.status.value),
        reason=reason,
        page_href=safe_href(person.page_url),
        page_text=person.page_url,
        image_href=safe_href(person.image_url),
        image_text=person.image_url,
    )


def _cluster_description(cluster: ClusterSummary, flagged: set[str]) -> str:
    """The cluster's look, and how many of its photos still have something to fix.

    Belonging to the team's most common look does not make a photo fine: it can still be
    blurry or cropped too tight. Saying "N photos share the typical look" beside flagged
    photos of that group would not be true, so the count of flagged members is always given.
    """
    need = sum(pid in flagged for pid in cluster.person_ids)
    look = (
        f"The team's most common look ({cluster.size} photos)."
        if cluster.is_house_style
        else cluster.description
    )
    if need == 0:
        return f"{look} None of them is flagged."
    if need == cluster.size:
        return f"{look} All of them have something to fix."
    return f"{look} {need} of them {'has' if need == 1 else 'have'} something to fix."


def _clusters(
    result: AuditResult, anchors: dict[str, tuple[str, str | None, str]], labels: dict[int, str]
) -> tuple[ClusterView, ...]:
    flagged = {
        p.person.id
        for p in result.photos
        if p.worst_severity is not None and p.worst_severity in FLAGGED_SEVERITIES
    }
    views = []
    for cluster in sorted(result.team.clusters, key=lambda c: (not c.is_house_style, -c.size)):
        thumbs = []
        for person_id in cluster.person_ids:
            name, uri, anchor = anchors.get(person_id, ("", None, ""))
            if uri:
                thumbs.append((uri, f"Headshot of {name}", anchor))
        views.append(
            ClusterView(
                label=labels.get(cluster.id)
                or ("House style" if cluster.is_house_style else f"Group {cluster.id}"),
                description=_cluster_description(cluster, flagged),
                size=cluster.size,
                is_house_style=cluster.is_house_style,
                thumbs=tuple(thumbs[:MAX_CLUSTER_THUMBS]),
                more=max(0, len(thumbs) - MAX_CLUSTER_THUMBS),
            )
        )
    return tuple(views)


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def _chart_measures(
    result: AuditResult, measures: Sequence[MeasureInfo], audited: Sequence[PhotoResult]
) -> list[MeasureInfo]:
    """Key measures: those behind flags (most flagged first), the usual suspects, one per group."""
    by_id = {m.id: m for m in measures}
    # A measure is worth a chart when enough photos have it and it takes several values
    # (a yes/no measure such as "is black-and-white" reads better in the flag than as dots).
    drawable = {
        m.id
        for m in measures
        if sum(_finite(p.measurement.features.get(m.id)) for p in audited) >= MIN_CHART_POINTS
        and len({p.measurement.features.get(m.id) for p in audited} - {None}) >= MIN_CHART_VALUES
    }
    flagged = Counter(f.measure for p in audited for f in p.flags if f.measure in drawable)
    chosen = [by_id[mid] for mid, _ in flagged.most_common()]
    candidates = [by_id[mid] for mid in KEY_MEASURES if mid in drawable]
    # Registries without the usual ids still get a cross-section: one measure per group.
    groups_seen = {m.group for m in chosen + candidates}
    for m in measures:
        if m.id in drawable and m.group not in groups_seen:
            candidates.append(m)
            groups_seen.add(m.group)
    for m in candidates:
        if len(chosen) >= MAX_CHARTS:
            break
        if m not in chosen:
            chosen.append(m)
    return chosen[:MAX_CHARTS]


def _charts(
    result: AuditResult, measures: Sequence[MeasureInfo], audited: Sequence[PhotoResult]
) -> tuple[ChartView, ...]:
    charts = []
    for m in _chart_measures(result, measures, audited):
        points = []
        for photo in audited:
            value = photo.measurement.features.get(m.id)
            if value is None or not math.isfinite(value):  # not measured, or a broken measure
                continue
            worst = max(
                (f.severity for f in photo.flags if f.measure == m.id),
                key=lambda s: s.rank,
                default=None,
            )
            points.append(ChartPoint(value, photo.person.name, worst.value if worst else None))
        label = measure_label(m.id)
        charts.append(
            ChartView(
                id=m.id,
                label=label,
                group=group_label(m.group),
                svg=strip_chart_svg(
                    points, result.team.median.get(m.id), unit_of(m), label, m.valid_range
                ),
                flagged=sum(p.severity is not None for p in points),
            )
        )
    return tuple(charts)


def _changes(result: AuditResult) -> ChangesView | None:
    changes = result.changes
    if not changes:
        return None

    def names(key: str) -> tuple[str, ...]:
        return tuple(str(n) for n in changes.get(key) or ())

    def flags(key: str, photo_changed: bool | None = None) -> tuple[tuple[str, str], ...]:
        return tuple(
            (str(item.get("name", "")), flag_title(str(item.get("code", ""))))
            for item in changes.get(key) or ()
            if isinstance(item, dict)
            # Older histories did not say; without the fact, nothing is called fixed.
            and (photo_changed is None or bool(item.get("photo_changed")) is photo_changed)
        )

    previous = changes.get("previous_run")
    return ChangesView(
        previous_run=format_time(str(previous)) if previous else None,
        new_people=names("new_people"),
        departed_people=names("departed_people"),
        changed_photos=names("changed_photos"),
        new_flags=flags("new_flags"),
        resolved_flags=flags("resolved_flags", photo_changed=True),
        no_longer_flagged=flags("resolved_flags", photo_changed=False),
        not_checked=flags("not_checked"),
        baseline_note=str(changes["baseline_note"]) if changes.get("baseline_note") else None,
    )


def _framing_note(framing: Framing, head_height: float | None) -> str:
    """The typical crop in words, with the head share the crop flags quote when it is known."""
    where = f"centred {framing.center_y:.0%} of the way down."
    if _finite(head_height) and 0 < head_height <= 1:  # type: ignore[operator]
        return (
            f"The head (top of the hair to the chin) fills about {head_height:.0%} of the frame "
            f"height, the face {where}"
        )
    return f"Face fills about {framing.face_height:.0%} of the frame height, {where}"


def build_view(result: AuditResult, measures: Sequence[MeasureInfo], title: str) -> ReportView:
    """Build every record the HTML template needs from one audit result."""
    summary = summarise(result)
    measures = tuple(measures)
    framing, aspect, framing_learned = _house_framing(result)
    house_hex, house_source = _house_background(result)
    score, verdict, note = _score(result)
    labels = _cluster_labels(result)
    actions = build_actions(result)

    audited = [p for p in result.photos if p.status in (Status.OK, Status.NO_FACE)]
    ordered = sorted(enumerate(result.photos), key=_sort_key)
    cards = tuple(
        _card(i, p, measures, result, framing, labels, house_hex)
        for i, p in ordered
        if p.status in (Status.OK, Status.NO_FACE)
    )
    anchors = {
        p.person.id: (p.person.name, data_uri(p.measurement.thumbnail), f"photo-{i}")
        for i, p in enumerate(result.photos)
    }
    problems = tuple(
        _problem(p) for p in result.photos if p.status in (Status.NO_PHOTO, Status.FAILED)
    )
    by_flag = summary["by_flag"]
    flag_options = tuple((code, flag_title(code), n) for code, n in by_flag.items())
    worst_by_code: dict[str, Severity] = {}
    for photo in result.photos:
        for f in photo.flags:
            if f.code not in worst_by_code or f.severity.rank > worst_by_code[f.code].rank:
                worst_by_code[f.code] = f.severity
    top_issues = tuple(
        sorted(
            ((code, title, n, worst_by_code[code].value) for code, title, n in flag_options),
            key=lambda item: (-Severity(item[3]).rank, -item[2], item[1]),
        )
    )
    worst_counts = Counter(c.worst for c in cards)
    severity_options = (
        *((s.value, _SEVERITY_FILTER_LABELS[s], worst_counts[s.value]) for s in _WORST_FIRST),
        (_NO_SEVERITY, "No flags", worst_counts[_NO_SEVERITY]),
    )
    framing_note = (
        _framing_note(framing, result.team.median.get(HEAD_HEIGHT_MEASURE))
        if framing_learned
        else "No faces were measured, so this is a conventional shoulders-up crop."
    )
    return ReportView(
        title=title,
        tool=f"{result.tool_name} {result.tool_version}",
        started=format_time(result.run.started),
        finished=format_time(result.run.finished),
        sources=tuple((s, safe_href(s)) for s in result.run.sources),
        score=score,
        score_verdict=verdict,
        score_note=note,
        score_meaning=SCORE_MEANING_BRAND if result.team.pinned else SCORE_MEANING,
        tiles=_tiles(summary),
        top_issues=top_issues,
        house_hex=house_hex,
        house_colour_name=colour_name(house_hex),
        house_source=house_source,
        silhouette=silhouette_svg(
            framing.face_height, framing.center_x, framing.center_y, aspect, house_hex
        ),
        framing_note=framing_note,
        clusters=_clusters(result, anchors, labels),
        changes=_changes(result),
        cards=cards,
        problems=problems,
        charts=_charts(result, measures, audited),
        flag_options=flag_options,
        severity_options=severity_options,
        pages=tuple(
            {
                "url": page.url,
                "href": safe_href(page.url),
                "status_code": page.status_code,
                "people_found": page.people_found,
                "error": page.error,
            }
            for page in result.run.pages
        ),
        notes=tuple(result.team.notes),
        measures=measures,
        summary=summary,
        actions=actions,
        glance=build_glance(result, summary, actions, score, verdict, top_issues),
        house_is_brand=house_source == BRAND_SOURCE,
        excluded=tuple(
            {
                "text": item.text,
                "reason": item.reason,
                "page_href": safe_href(item.page_url),
                "image_href": safe_href(item.image_url),
                "image_url": item.image_url,
            }
            for item in result.run.excluded
        ),
    )
