"""The report as it is handed on, in a real headless Chromium: a shared link keeps its filters,
the data downloads work from the e-mailed file alone, the trend after three recorded runs,
and printing (report.pdf is tested in test_pdf.py: Playwright's sync API runs once per thread).

Skips cleanly without Playwright or a system Chromium (Debian `chromium`).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from chromium import CHROMIUM

from auditor.config import ReportConfig
from auditor.history import History
from auditor.report import render_reports, write_reports
from auditor.report._actions import build_actions
from tests.report.conftest import MEASURES, SCRIPT_NAME, build_result

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")
if CHROMIUM is None:
    pytest.skip("no chromium on PATH", allow_module_level=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "reports" / "screenshots"


@pytest.fixture(scope="module")
def emailed(audit_result, tmp_path_factory) -> Path:
    """report.html alone in a folder, as an e-mail attachment arrives: no CSV or JSON beside it."""
    out = tmp_path_factory.mktemp("written")
    html = write_reports(audit_result, out, ReportConfig(title="Acme"), MEASURES)["html"]
    inbox = tmp_path_factory.mktemp("inbox")
    return Path(shutil.copy(html, inbox / "report.html"))


def _page(browser, url: str, **context_args):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_args)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on(
        "console",
        lambda m: page.problems.append(m.text) if m.type == "error" else None,
    )
    page.goto(url)
    return page


def _visible_names(page) -> list[str]:
    return page.locator("li.card:visible h3.name").all_inner_texts()


def test_a_shared_link_opens_with_the_same_filters(browser, emailed):
    page = _page(browser, emailed.as_uri())
    page.select_option("#filter-severity", "warning")
    page.fill("#filter-search", "alan")
    assert _visible_names(page) == ["Alan Turing"]
    link = page.url
    assert "#" in link and "severity=warning" in link and "q=alan" in link
    page.context.close()

    shared = _page(browser, link)  # someone else opens the link
    assert _visible_names(shared) == ["Alan Turing"]
    assert shared.locator("#filter-severity").input_value() == "warning"
    assert shared.locator("#filter-search").input_value() == "alan"
    # A section link keeps the filters; clearing them clears the fragment.
    shared.click("nav.toc a[href='#photos-h']")
    assert _visible_names(shared) == ["Alan Turing"]
    shared.select_option("#filter-severity", "")
    shared.fill("#filter-search", "")
    assert "=" not in shared.url.partition("#")[2]
    assert len(_visible_names(shared)) == 12
    # A pasted link with an issue filter applies without reloading.
    shared.evaluate("location.hash = 'issue=crop_too_tight'")
    shared.wait_for_function("document.querySelectorAll('li.card:not([hidden])').length === 1")
    assert _visible_names(shared) == [SCRIPT_NAME]
    assert shared.problems == []
    shared.context.close()


def test_the_emailed_file_alone_still_offers_its_data(browser, emailed, audit_result):
    expected = {
        filename: contents
        for filename, contents in render_reports(
            audit_result, ReportConfig(title="Acme"), MEASURES
        ).values()
    }
    page = _page(browser, emailed.as_uri(), accept_downloads=True)
    links = page.locator("#summary a.download")
    assert links.count() == 3
    got = {}
    for i in range(links.count()):
        with page.expect_download() as info:
            links.nth(i).click()
        download = info.value
        got[download.suggested_filename] = Path(download.path()).read_text(encoding="utf-8")
    assert set(got) == {"actions.csv", "photos.csv", "report.json"}
    for name, text in got.items():
        assert text == expected[name], name
    rows = list(csv.DictReader(io.StringIO(got["actions.csv"])))
    assert [r["name"] for r in rows] == [a.name for a in build_actions(audit_result)]
    assert json.loads(got["report.json"])["summary"]["people"] == len(audit_result.photos)
    assert page.problems == []
    page.context.close()


def test_the_trend_after_three_recorded_runs(browser, tmp_path):
    base = build_result(with_changes=False)
    with History(tmp_path / "history.sqlite") as history:
        for week, (score, drop) in enumerate(((55.0, 0), (62.0, 2), (72.4, 4))):
            flagged = [p.person.id for p in base.photos if p.flags][:drop]
            photos = tuple(
                replace(p, flags=()) if p.person.id in flagged else p for p in base.photos
            )
            run = replace(base.run, started=f"2026-11-{4 + 7 * week:02d}T03:00:00+00:00")
            result = replace(base, photos=photos, run=run, score=score)
            changes = history.record(result)
    assert [r["score"] for r in changes["trend"]] == [55.0, 62.0, 72.4]
    html = write_reports(replace(result, changes=changes), tmp_path / "run", None, MEASURES)
    page = _page(browser, html["html"].as_uri())
    chart = page.locator("#summary svg.trend")
    assert chart.is_visible()
    assert page.locator("#summary svg.trend circle.trend-score").count() == 3
    bars = page.locator("#summary svg.trend rect.trend-flagged")
    assert bars.count() == 3
    heights = [float(bars.nth(i).get_attribute("height")) for i in range(3)]
    counts = [r["flagged"] for r in changes["trend"]]
    assert counts[0] > counts[-1] and heights[0] > heights[-1]
    ys = [float(c.get_attribute("cy")) for c in page.locator("circle.trend-score").all()]
    assert ys[0] > ys[1] > ys[2]  # a rising score climbs (SVG y grows downwards)
    note = page.locator("#summary .glance-trend p").inner_text()
    assert "3 audits" in note and "from 55 to 72" in note
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#summary").screenshot(path=str(SCREENSHOTS / "summary.png"))
    assert page.problems == []
    page.context.close()


def test_printing_shows_summary_action_list_and_every_card(browser, emailed, audit_result):
    page = _page(browser, emailed.as_uri() + "#issue=crop_too_tight")
    assert len(_visible_names(page)) == 1
    page.emulate_media(media="print")
    assert len(_visible_names(page)) == 12
    assert not page.locator("#filters").is_visible()
    assert not page.locator("a.download").first.is_visible()  # no dead links on paper
    rows = page.locator("#actions tbody tr")
    assert rows.count() == len(build_actions(audit_result))
    assert page.locator("#summary").evaluate("e => getComputedStyle(e).breakAfter") == "page"
    assert page.problems == []
    page.context.close()
