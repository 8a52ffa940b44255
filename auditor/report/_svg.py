"""Static inline SVG: measure distributions (a strip chart per measure) and the crop silhouette.

Every string placed in the SVG passes through `markupsafe.escape`; the result is `Markup`, so
the autoescaping templates embed it as is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median, quantiles

from markupsafe import Markup, escape

from auditor.report._colour import readable_text_on
from auditor.report._units import Unit, format_measure

__all__ = ["ChartPoint", "TrendPoint", "silhouette_svg", "strip_chart_svg", "trend_svg"]

# Chart geometry, px (the SVG scales to its container through viewBox).
CHART_WIDTH = 560
CHART_HEIGHT = 168
_MARGIN_X = 18
_AXIS_Y = 120
_AXIS_TITLE_Y = 160  # under the tick labels: what the axis measures, in which unit
_PLOT_TOP = 22  # the typical-value label sits above this line
_POINT_R = 6
_MAX_STACK = 4  # points stacked this many rows above and below the midline, then overlap
_TICKS = 5
# Colours with >= 4.5:1 contrast on white (WCAG AA) for text, marks that read in greyscale print.
_INK = "#344054"
_MUTED = "#475467"
_BAND = "#dbe7f6"
_SEVERITY_FILL = {"error": "#b42318", "warning": "#b54708", "info": "#175cd3"}


@dataclass(frozen=True)
class ChartPoint:
    """One photo on a strip chart: its value, who it is, and its flag severity on this measure."""

    value: float
    name: str
    severity: str | None = None  # "error"/"warning"/"info" when flagged on this measure


def _fmt(number: float) -> str:
    return f"{number:.1f}".rstrip("0").rstrip(".")


def _label_anchor(x: float) -> str:
    """Keep a label inside the chart near its edges."""
    if x < CHART_WIDTH * 0.12:
        return "start"
    if x > CHART_WIDTH * 0.88:
        return "end"
    return "middle"


def _domain(values: Sequence[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    if high - low < 1e-12:
        pad = abs(low) * 0.1 or 1.0
        return low - pad, high + pad
    pad = (high - low) * 0.06
    return low - pad, high + pad


def strip_chart_svg(
    points: Sequence[ChartPoint],
    typical: float | None,
    unit: Unit,
    title: str,
    valid_range: tuple[float | None, float | None] = (None, None),
) -> Markup:
    """One measure across the team: the middle half shaded, the typical value, every photo.

    Every value label carries `unit`, and the axis is titled with it. `valid_range` clips the
    axis to values the measure can take (no "-0.03" on a share).
    """
    values = [p.value for p in points]
    center = typical if typical is not None and math.isfinite(typical) else median(values)
    low, high = _domain([*values, center])
    if valid_range[0] is not None:
        low = max(low, min(valid_range[0], *values, center))
    if valid_range[1] is not None:
        high = min(high, max(valid_range[1], *values, center))
    span = CHART_WIDTH - 2 * _MARGIN_X

    def x_of(value: float) -> float:
        return _MARGIN_X + (value - low) / (high - low) * span

    parts = [
        f'<svg class="chart" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    if len(values) >= 4:
        q1, _, q3 = quantiles(values, n=4, method="inclusive")
        parts.append(
            f'<rect x="{_fmt(x_of(q1))}" y="{_PLOT_TOP}" '
            f'width="{_fmt(max(x_of(q3) - x_of(q1), 1))}" '
            f'height="{_AXIS_Y - _PLOT_TOP}" fill="{_BAND}"><title>Middle half of the team: '
            f"{escape(format_measure(q1, unit, plain=True))} to "
            f"{escape(format_measure(q3, unit, plain=True))}"
            "</title></rect>"
        )
    parts.append(
        f'<line x1="{_MARGIN_X}" y1="{_AXIS_Y}" x2="{CHART_WIDTH - _MARGIN_X}" y2="{_AXIS_Y}" '
        f'stroke="{_MUTED}" stroke-width="1"/>'
    )
    for i in range(_TICKS):
        value = low + (high - low) * i / (_TICKS - 1)
        x = _fmt(x_of(value))
        anchor = "start" if i == 0 else "end" if i == _TICKS - 1 else "middle"
        parts.append(
            f'<line x1="{x}" y1="{_AXIS_Y}" x2="{x}" y2="{_AXIS_Y + 4}" stroke="{_MUTED}"/>'
            f'<text x="{x}" y="{_AXIS_Y + 18}" text-anchor="{anchor}" class="tick">'
            f"{escape(format_measure(value, unit, short=True))}</text>"
        )
    parts.append(
        f'<text x="{CHART_WIDTH / 2:.0f}" y="{_AXIS_TITLE_Y}" text-anchor="middle" '
        f'class="axis-title">{escape(unit.axis[:1].upper() + unit.axis[1:])}</text>'
    )
    cx = _fmt(x_of(center))
    parts.append(
        f'<line x1="{cx}" y1="{_PLOT_TOP - 4}" x2="{cx}" y2="{_AXIS_Y}" stroke="{_INK}" '
        f'stroke-width="2" stroke-dasharray="4 3"/>'
        f'<text x="{cx}" y="{_PLOT_TOP - 8}" text-anchor="{_label_anchor(x_of(center))}" '
        f'class="typical">typical {escape(format_measure(center, unit, plain=True))}</text>'
    )
    # Beeswarm: points that would overlap are stacked alternately above and below the midline.
    # Placed points are filed by x cell (one minimum distance wide), so a point is checked only
    # against its neighbours: linear in the team size (a 5,000-person directory draws 5,000).
    gap = 1.8 * _POINT_R
    placed: dict[int, list[tuple[float, float]]] = {}
    mid = (_AXIS_Y + _PLOT_TOP) / 2
    row = (_AXIS_Y - _PLOT_TOP - 2 * _POINT_R) / (2 * _MAX_STACK)
    ordered = sorted(points, key=lambda p: (p.severity is not None, p.value))
    for point in ordered:
        x = x_of(point.value)
        cell = math.floor(x / gap)
        near = [q for c in (cell - 1, cell, cell + 1) for q in placed.get(c, ())]
        y = mid
        # A neighbourhood this crowded has no free slot left: draw on the midline, unsearched.
        crowded = len(near) > 3 * (2 * _MAX_STACK + 1)
        for step in range(1, 0 if crowded else 2 * _MAX_STACK + 1):
            if all((x - px) ** 2 + (y - py) ** 2 >= gap**2 for px, py in near):
                break
            offset = (step + 1) // 2 * row
            y = mid - offset if step % 2 else mid + offset
        placed.setdefault(cell, []).append((x, y))
        fill = _SEVERITY_FILL.get(point.severity or "", "#98a2b3")
        stroke = "#ffffff" if point.severity else _MUTED
        label = f"{point.name}: {format_measure(point.value, unit, plain=True)}"
        if point.severity:
            label += f" ({point.severity})"
        parts.append(
            f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_POINT_R}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.5"><title>{escape(label)}</title></circle>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def silhouette_svg(
    face_height: float, center_x: float, center_y: float, aspect: float, background: str
) -> Markup:
    """The typical crop: a head-and-shoulders figure framed the way the team's photos are.

    `face_height` is face-box height / frame height; the centre is the face-box centre as
    frame fractions; `aspect` is frame width / height; `background` fills the frame.
    """
    height = 150.0
    width = height * aspect
    face = face_height * height
    cx, cy = center_x * width, center_y * height
    ink = readable_text_on(background)
    # Head and shoulders in face-box units: a head ~1.25 face boxes tall, shoulders ~3.4 wide.
    head_rx, head_ry = 0.56 * face, 0.74 * face
    neck_top, shoulder_y = cy + 0.45 * face, cy + 0.95 * face
    half = 1.7 * face
    body = (
        f"M{_fmt(cx - 0.26 * face)},{_fmt(neck_top)} L{_fmt(cx - 0.26 * face)},{_fmt(shoulder_y)} "
        f"C{_fmt(cx - half)},{_fmt(shoulder_y + 0.05 * face)} {_fmt(cx - half)},"
        f"{_fmt(shoulder_y + 0.5 * face)} {_fmt(cx - half)},{_fmt(height + face)} "
        f"L{_fmt(cx + half)},{_fmt(height + face)} "
        f"C{_fmt(cx + half)},{_fmt(shoulder_y + 0.5 * face)} {_fmt(cx + half)},"
        f"{_fmt(shoulder_y + 0.05 * face)} {_fmt(cx + 0.26 * face)},{_fmt(shoulder_y)} "
        f"L{_fmt(cx + 0.26 * face)},{_fmt(neck_top)} Z"
    )
    return Markup(
        f'<svg class="silhouette" viewBox="0 0 {_fmt(width)} {_fmt(height)}" role="img" '
        f'aria-label="Typical crop: the face fills {face_height:.0%} of the frame height" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<rect width="{_fmt(width)}" height="{_fmt(height)}" fill="{escape(background)}"/>'
        f'<path d="{body}" fill="{ink}" fill-opacity="0.45"/>'
        f'<ellipse cx="{_fmt(cx)}" cy="{_fmt(cy - 0.08 * face)}" rx="{_fmt(head_rx)}" '
        f'ry="{_fmt(head_ry)}" fill="{ink}" fill-opacity="0.55"/>'
        f'<rect x="{_fmt(cx - face / 2)}" y="{_fmt(cy - face / 2)}" width="{_fmt(face)}" '
        f'height="{_fmt(face)}" fill="none" stroke="{ink}" stroke-dasharray="3 2" '
        f'stroke-width="1"/></svg>'
    )


# Trend chart geometry, px: score line on a 0..100 scale above, flagged-photo bars below.
TREND_WIDTH = 360
TREND_HEIGHT = 172
_TREND_MARGIN = 26
# Each band has its axis title above it, and its scale (0 and the top value) on the left.
_TREND_SCORE_TITLE_Y = 10
_TREND_SCORE_TOP, _TREND_SCORE_BOTTOM = 24, 82
_TREND_BAR_TITLE_Y = 100
_TREND_BAR_TOP, _TREND_BAR_BOTTOM = 112, 148
_TREND_LINE = "#175cd3"
_TREND_BAR = "#98a2b3"


@dataclass(frozen=True)
class TrendPoint:
    """One recorded run: its date label, team score (0..100) and flagged-photo count."""

    label: str
    score: float | None
    flagged: int | None


def trend_svg(points: Sequence[TrendPoint]) -> Markup:
    """The score and the flagged count over the recorded runs, oldest left; static SVG."""
    n = len(points)
    step = (TREND_WIDTH - 2 * _TREND_MARGIN) / max(n - 1, 1)
    xs = [_TREND_MARGIN + i * step if n > 1 else TREND_WIDTH / 2 for i in range(n)]
    # The date labels sit under the first and last point: start/end-anchored from there.
    most = max((p.flagged or 0 for p in points), default=0) or 1
    bar_width = max(4.0, min(18.0, step * 0.5))
    parts = [
        f'<svg class="trend" viewBox="0 0 {TREND_WIDTH} {TREND_HEIGHT}" role="img" '
        'aria-label="Team score and flagged photos over the recorded audits" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{_TREND_MARGIN}" x2="{TREND_WIDTH - _TREND_MARGIN}" y1="{_TREND_SCORE_BOTTOM}" '
        f'y2="{_TREND_SCORE_BOTTOM}" stroke="#e4e7ec"/>',
        f'<text x="2" y="{_TREND_SCORE_TITLE_Y}" class="trend-axis axis-title" fill="{_MUTED}">'
        "Team score (points, 0–100)</text>",
        f'<text x="2" y="{_TREND_SCORE_TOP + 4}" class="trend-axis" fill="{_MUTED}">100</text>',
        f'<text x="2" y="{_TREND_SCORE_BOTTOM}" class="trend-axis" fill="{_MUTED}">0</text>',
    ]
    if any(p.flagged is not None for p in points):
        parts += [
            f'<text x="2" y="{_TREND_BAR_TITLE_Y}" class="trend-axis axis-title" '
            f'fill="{_MUTED}">Photos needing changes (count)</text>',
            f'<text x="2" y="{_TREND_BAR_TOP + 4}" class="trend-axis" fill="{_MUTED}">'
            f"{most}</text>",
            f'<text x="2" y="{_TREND_BAR_BOTTOM}" class="trend-axis" fill="{_MUTED}">0</text>',
        ]
    scored = [
        (x, p)
        for x, p in zip(xs, points, strict=True)
        if p.score is not None and math.isfinite(p.score)
    ]

    def y_of(score: float) -> float:
        share = max(0.0, min(100.0, score)) / 100
        return _TREND_SCORE_BOTTOM - share * (_TREND_SCORE_BOTTOM - _TREND_SCORE_TOP)

    if len(scored) > 1:
        path = " ".join(f"{x:.1f},{y_of(p.score):.1f}" for x, p in scored)  # type: ignore[arg-type]
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{_TREND_LINE}" stroke-width="2.5"/>'
        )
    for x, p in scored:
        score = round(p.score)  # type: ignore[arg-type]
        parts.append(
            f'<circle class="trend-score" cx="{x:.1f}" cy="{y_of(p.score):.1f}" r="4" '  # type: ignore[arg-type]
            f'fill="{_TREND_LINE}"><title>{escape(p.label)}: score {score}</title></circle>'
        )
    for x, p in zip(xs, points, strict=True):
        if p.flagged is None:
            continue
        height = (_TREND_BAR_BOTTOM - _TREND_BAR_TOP) * p.flagged / most
        parts.append(
            f'<rect class="trend-flagged" x="{x - bar_width / 2:.1f}" '
            f'y="{_TREND_BAR_BOTTOM - height:.1f}" width="{bar_width:.1f}" height="{height:.1f}" '
            f'fill="{_TREND_BAR}"><title>{escape(p.label)}: {p.flagged} photos flagged</title>'
            "</rect>"
        )
    # Dates of the first and last run under the ends of the chart, kept inside its edges.
    ends = ((xs[0], points[0], "start"), (xs[-1], points[-1], "end")) if n > 1 else ()
    for x, p, anchor in ends:
        parts.append(
            f'<text x="{x:.1f}" y="{TREND_HEIGHT - 6}" text-anchor="{anchor}" class="trend-axis" '
            f'fill="{_MUTED}">{escape(p.label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
