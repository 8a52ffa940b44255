"""Every number the report shows says its unit: Details tables, chart labels and chart axes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from auditor.config import ReportConfig
from auditor.features import list_measures
from auditor.models import MeasureInfo
from auditor.report import render_reports
from auditor.report._svg import ChartPoint, TrendPoint, strip_chart_svg, trend_svg
from auditor.report._units import format_measure, unit_of
from auditor.report.view import build_view
from tests.report.conftest import MEASURES
from tests.wording import jargon_in

BARE_NUMBER = re.compile(r"^-?[\d.,]+$")
# Units whose numbers need no symbol: a year reads as a year, yes/no as words.
SELF_EXPLAINING = {"year", "0/1"}


def _example(measure: MeasureInfo) -> float:
    low, high = measure.valid_range
    if low is not None and high is not None:
        return low + (high - low) * 0.37
    return (low or 0) + 12.5


@pytest.mark.parametrize("measure", list_measures(), ids=lambda m: m.id)
def test_every_registered_measure_shows_its_unit_in_the_details(measure):
    text = format_measure(_example(measure), unit_of(measure))
    if measure.unit in SELF_EXPLAINING:
        assert BARE_NUMBER.match(text) or text in ("yes", "no"), text
    else:
        assert not BARE_NUMBER.match(text), f"{measure.id} ({measure.unit!r}) reads bare: {text}"


def test_the_same_number_on_different_scales_never_reads_alike():
    units = {
        MeasureInfo("crop.face_height_ratio", "ratio", ""): "46% of frame",
        MeasureInfo("expression.smile", "0..1", ""): "0.46 of 1",
        MeasureInfo("background.clutter_pct", "%", ""): "0.5%",
        MeasureInfo("quality.jpeg_quality", "1..100", ""): "0 of 100",
        MeasureInfo("light.face_luminance", "L*", ""): "0.46 L*",
        MeasureInfo("image.aspect_ratio", "ratio", ""): "0.46×",
        MeasureInfo("quality.face_size_px", "px", ""): "0 px",
        MeasureInfo("color.grayscale", "0/1", ""): "no",
    }
    for measure, expected in units.items():
        assert format_measure(0.46, unit_of(measure)) == expected, measure.id
    # Shares are whole percentages: no "-0%" for a centred face.
    offset = MeasureInfo("crop.face_center_x_offset", "ratio", "")
    assert format_measure(-0.003, unit_of(offset)) == "0% of frame"


class _Cells(HTMLParser):
    """The value cells (<td>) of every Details table."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.in_td, self.cells = 0, False, []

    def handle_starttag(self, tag, attrs):
        if tag == "details" and ("class", "measures") in attrs:
            self.depth += 1
        elif tag == "td" and self.depth:
            self.in_td = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag == "details" and self.depth:
            self.depth -= 1
        elif tag == "td":
            self.in_td = False

    def handle_data(self, data):
        if self.in_td:
            self.cells[-1] += data


def test_every_details_value_carries_its_unit(audit_result):
    html = dict(render_reports(audit_result, ReportConfig(), MEASURES).values())["report.html"]
    parser = _Cells()
    parser.feed(html)
    assert len(parser.cells) > 50
    bare = [c for c in parser.cells if BARE_NUMBER.match(c.strip())]
    assert not bare, bare[:5]
    assert "56% of frame" in parser.cells and "0.35 of 1" in parser.cells
    # The one jargon unit of the hand-built team (L*) is explained under each table.
    assert "Units: L*: lightness, 0 black to 100 white." in html


def _axis_titles(svg: str) -> list[str]:
    return re.findall(r'class="[^"]*axis-title[^"]*"[^>]*>([^<]+)<', svg)


def test_every_chart_axis_states_its_unit_in_plain_words(audit_result):
    view = build_view(audit_result, MEASURES, "x")
    assert view.charts
    by_id = {m.id: m for m in MEASURES}
    for chart in view.charts:
        titles = _axis_titles(str(chart.svg))
        expected = unit_of(by_id[chart.id]).axis
        assert titles == [expected[:1].upper() + expected[1:]], chart.id
    # Every registered measure's chart: one axis title, in words a marketing reader knows.
    points = [ChartPoint(v, f"p{v}") for v in (1.0, 2.0, 3.0, 4.0)]
    for measure in list_measures():
        svg = str(strip_chart_svg(points, 2.5, unit_of(measure), "t", measure.valid_range))
        (title,) = _axis_titles(svg)
        assert title.strip() and not jargon_in(svg), (measure.id, title)


def test_the_trend_chart_titles_both_of_its_axes():
    svg = str(trend_svg([TrendPoint("1 Nov", 60.0, 4), TrendPoint("8 Nov", 70.0, 2)]))
    assert _axis_titles(svg) == ["Team score (points, 0–100)", "Photos needing changes (count)"]
    assert 'class="trend-axis" fill="#475467">4</text>' in svg  # the bars' scale: 0 to 4
