"""What a new marketing reader stumbled on, checked in a real headless Chromium.

The demo team audited end to end through the CLI (real photos, flags and fix verdicts), and
the hand-built gold team (which has a recorded trend). In the rendered page: every chart axis
is titled with its unit, every Details value carries its unit, backdrop colours are named (no
hex code is visible anywhere), each action's to-do follows from its reason, and a photo that
can be corrected says so in the reader's words (no command-line option). Skips cleanly
without the `playwright` package or a system Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from chromium import CHROMIUM

from auditor.cli import main
from auditor.config import ReportConfig
from auditor.report import write_reports
from tests.report.conftest import MEASURES

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")
if CHROMIUM is None:
    pytest.skip("no chromium on PATH", allow_module_level=True)

HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
BARE_NUMBER = re.compile(r"^-?[\d.,]+$")


@pytest.fixture(scope="module")
def demo_report(demo_site_template, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reader") / "run"
    photos = demo_site_template / "photos"
    assert main(["audit", str(photos), "--out", str(out), "--quiet", "--no-history"]) == 0
    return out / "report.html"


@pytest.fixture(scope="module")
def gold_report(audit_result, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reader-gold")
    return write_reports(audit_result, out, ReportConfig(title="Gold"), MEASURES)["html"]


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.problems = []
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.goto(path.resolve().as_uri())
    return page


def test_every_chart_axis_is_titled_with_its_unit(browser, demo_report, gold_report):
    page = _open(browser, demo_report)
    charts = page.locator("svg.chart")
    assert charts.count() >= 6
    for i in range(charts.count()):
        title = charts.nth(i).locator("text.axis-title")
        assert title.count() == 1 and title.is_visible()
        assert title.text_content().strip(), i  # SVG text: no innerText
    titles = page.locator("svg.chart text.axis-title").all_text_contents()
    assert "% of the frame" in titles and "Lightness (0 black – 100 white)" in titles
    # The title sits inside the drawing, under the tick labels (not clipped by the viewBox).
    box = charts.first.bounding_box()
    label = charts.first.locator("text.axis-title").bounding_box()
    assert box["y"] < label["y"] and label["y"] + label["height"] <= box["y"] + box["height"]
    page.close()
    page = _open(browser, gold_report)
    trend = page.locator("svg.trend text.axis-title").all_text_contents()
    assert trend == ["Team score (points, 0–100)", "Photos needing changes (count)"]
    assert page.problems == []
    page.close()


def test_every_details_value_shows_its_unit(browser, demo_report):
    page = _open(browser, demo_report)
    card = page.locator("li.card", has_text="Underexposed")
    card.locator("details.measures summary").click()
    cells = card.locator("details.measures td").all_inner_texts()
    assert len(cells) > 40
    bare = [c for c in cells if BARE_NUMBER.match(c.strip()) and not re.match(r"^(19|20)\d\d$", c)]
    assert bare == []
    assert any(c.endswith("% of frame") for c in cells) and any(c.endswith(" of 1") for c in cells)
    legend = card.locator(".units-legend")
    assert legend.is_visible() and "L*: lightness, 0 black to 100 white" in legend.inner_text()
    assert page.problems == []
    page.close()


def test_backdrops_are_named_and_no_hex_code_is_visible(browser, demo_report):
    page = _open(browser, demo_report)
    card = page.locator("li.card", has_text="Teal Backdrop")
    names = card.locator(".bg-compare .colour-name").all_inner_texts()
    assert names == ["teal", "light grey"]
    assert "The background (teal) is a very different colour" in card.inner_text()
    assert page.locator("section.house figcaption strong").first.inner_text() == (
        "Background: light grey"
    )
    # Open every disclosure: not even the Details tables show a hex code.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    text = page.evaluate("document.body.innerText")
    assert HEX.findall(text) == []
    assert page.problems == []
    page.close()


def test_each_action_does_what_its_reason_asks(browser, demo_report):
    page = _open(browser, demo_report)
    rows = {}
    for row in page.locator("table.action-table tbody tr").all():
        cells = row.locator("td").all_inner_texts()
        rows[row.locator("th").inner_text()] = (cells[2], cells[3])  # (what to do, why)
    todo, why = rows["Tight Crop"]
    assert why.startswith("The head fills") and todo.startswith(
        "New photo needed: Ask for the uncropped original"
    )
    todo, why = rows["Webcam 2012"]
    assert why.startswith("The face is only") and todo == (
        "New photo needed: Ask for a larger original of the photo."
    )
    todo, why = rows["Teal Backdrop"]
    assert "(teal)" in why and todo.startswith("Reshoot against the team's backdrop")
    # A new photo's to-do is a thing to do, never the list of reasons ("Busy background.").
    assert all(not t.endswith(("Busy background.", "Too few pixels.")) for t, _ in rows.values())
    page.close()


def test_a_correctable_photo_says_so_without_a_command_line_option(browser, demo_report):
    """The previous commit's card note, as the reader sees it."""
    page = _open(browser, demo_report)
    note = page.locator("li.card", has_text="Underexposed").locator(".fix-note")
    assert note.is_visible()
    assert "whoever runs the audit can make a corrected draft" in note.inner_text()
    assert "--fixes" not in page.evaluate("document.body.innerText")
    page.close()
