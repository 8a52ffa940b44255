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
from auditor.report._text import format_value

__all__ = ["ChartPoint", "silhouette_svg", "strip_chart_svg"]

# Chart geometry, px (the SVG scales to its container through viewBox).
CHART_WIDTH = 560
CHART_HEIGHT = 150
_MARGIN_X = 18
_AXIS_Y = 120
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
    unit: str,
    title: str,
    valid_range: tuple[float | None, float | None] = (None, None),
) -> Markup:
    """One measure across the team: the middle half shaded, the typical value, every photo.

    `valid_range` clips the axis to values the measure can take (no "-0.03" on a share).
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
            f"{escape(format_value(q1, unit))} to {escape(format_value(q3, unit))}</title></rect>"
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
            f"{escape(format_value(value, unit))}</text>"
        )
    cx = _fmt(x_of(center))
    parts.append(
        f'<line x1="{cx}" y1="{_PLOT_TOP - 4}" x2="{cx}" y2="{_AXIS_Y}" stroke="{_INK}" '
        f'stroke-width="2" stroke-dasharray="4 3"/>'
        f'<text x="{cx}" y="{_PLOT_TOP - 8}" text-anchor="{_label_anchor(x_of(center))}" '
        f'class="typical">typical {escape(format_value(center, unit))}</text>'
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
        label = f"{point.name}: {format_value(point.value, unit)}"
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
