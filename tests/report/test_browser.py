"""The report in a real headless Chromium: no console errors, filters work, names are text.

Needs the `playwright` package and a system Chromium (Debian `chromium`); skips cleanly when
either is missing. Saves a full-page screenshot to reports/screenshots/report.png (a CI artifact).
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from chromium import CHROMIUM

from auditor.config import ReportConfig
from auditor.report import write_reports
from tests.report.conftest import MEASURES, SCRIPT_NAME

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")
if CHROMIUM is None:
    pytest.skip("no chromium on PATH", allow_module_level=True)

SCREENSHOT = Path(__file__).resolve().parents[2] / "reports" / "screenshots" / "report.png"


@pytest.fixture(scope="module")
def report_url(audit_result, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("browser-report")
    paths = write_reports(audit_result, out, ReportConfig(title="Acme team photos"), MEASURES)
    return paths["html"].resolve().as_uri()


@pytest.fixture
def page(browser, report_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []  # console errors, page errors, dialogs, network requests
    page.on(
        "console",
        lambda m: (
            page.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
        ),
    )
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith(("file:", "data:"))
            else page.problems.append(f"request: {r.url}")
        ),
    )
    page.goto(report_url)
    yield page
    context.close()


def _visible_names(page) -> list[str]:
    return page.locator("li.card:visible h3.name").all_inner_texts()


def test_loads_cleanly_shows_names_as_text_and_saves_a_screenshot(page):
    assert page.locator("h3.name", has_text=SCRIPT_NAME).inner_text() == SCRIPT_NAME
    assert page.locator("#filter-count").inner_text() == "Showing all 12 photos"
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000
    assert page.problems == []


def test_filters_and_search_hide_and_show_cards(page):
    page.select_option("#filter-flag", "crop_too_tight")
    assert _visible_names(page) == [SCRIPT_NAME]
    page.select_option("#filter-flag", "")
    page.select_option("#filter-severity", "warning")
    assert sorted(_visible_names(page)) == ["Alan Turing", "Hedy Lamarr"]
    page.select_option("#filter-severity", "none")
    assert len(_visible_names(page)) == 7
    assert page.locator("#filter-count").inner_text() == "Showing 7 of 12 photos"
    page.select_option("#filter-severity", "")
    page.fill("#filter-search", "ada")
    assert _visible_names(page) == ["Ada Lovelace"]
    page.fill("#filter-search", "ZOE O")  # accents and case do not matter
    assert _visible_names(page) == ['Zoë O\'Brien & "Co"']
    page.fill("#filter-search", "zzz")
    assert _visible_names(page) == []
    assert page.locator("#no-match").is_visible()
    page.fill("#filter-search", "")
    assert len(_visible_names(page)) == 12
    assert not page.locator("#no-match").is_visible()
    assert page.problems == []


def test_print_shows_every_card_and_no_controls(page):
    page.select_option("#filter-flag", "crop_too_tight")
    assert len(_visible_names(page)) == 1
    page.emulate_media(media="print")
    assert len(_visible_names(page)) == 12
    assert not page.locator("#filters").is_visible()
    assert page.problems == []


def test_keyboard_reaches_the_skip_link_and_filters(page):
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    page.focus("#filter-search")
    page.keyboard.type("GRACE")
    assert _visible_names(page) == ["Grace Hopper"]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "filter-flag"
    assert page.problems == []


def test_served_over_http_it_requests_nothing_but_itself(browser, report_url):
    folder = Path(report_url.removeprefix("file://")).parent
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        context = browser.new_context()
        page = context.new_page()
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        url = f"http://127.0.0.1:{server.server_address[1]}/report.html"
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert [r for r in requests if not r.startswith("data:")] == [url]
        assert errors == []
        context.close()
    finally:
        server.shutdown()
        server.server_close()


def test_without_javascript_every_card_is_listed(browser, report_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(report_url)
    assert len(_visible_names(page)) == 12
    assert not page.locator("#filters").is_visible()
    context.close()


def test_phone_width_has_no_sideways_scrolling(browser, report_url):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(report_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
