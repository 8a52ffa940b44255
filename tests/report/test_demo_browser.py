"""Issue 6: the demo report, produced end to end, in a real headless Chromium.

The demo site is built from the bundled portraits with one person renamed to a `<script>` name,
served on 127.0.0.1 and audited through the CLI (the same path `headshot-audit demo` takes).
Skips cleanly without the `playwright` package or a system Chromium. Saves a screenshot to
reports/screenshots/demo-report.png (a CI artifact).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS

from auditor.cli import main
from auditor.demo import DEMO_PEOPLE, build_demo_site, serve_folder

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
if CHROMIUM is None:
    pytest.skip("no chromium on PATH", allow_module_level=True)

SCRIPT_NAME = "<script>alert('demo')</script>"
SCREENSHOT = Path(__file__).resolve().parents[2] / "reports" / "screenshots" / "demo-report.png"


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("demo-site")
    names = [(SCRIPT_NAME, "Chief Executive Officer"), *DEMO_PEOPLE[1:]]
    build_demo_site(site, names)
    out = tmp_path_factory.mktemp("demo-report") / "run"
    with serve_folder(site) as base:
        assert main(["audit", base + "index.html", "--out", str(out), "--quiet"]) == 0
    return out / "report.html"


def test_demo_report_in_chromium(demo_report):
    problems: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on(
            "console",
            lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.goto(demo_report.resolve().as_uri())

        # the <script> name is shown as text and never runs
        assert page.locator("h3.name", has_text=SCRIPT_NAME).inner_text() == SCRIPT_NAME
        cards = page.locator("li.card:visible")
        total = cards.count()
        assert total == 16
        # filters hide and show the right cards
        page.select_option("#filter-flag", "too_dark")
        assert cards.count() == 1
        page.select_option("#filter-flag", "")
        page.select_option("#filter-severity", "error")
        errors = cards.count()
        assert 0 < errors < total
        page.select_option("#filter-severity", "")
        page.fill("#filter-search", "noor")
        assert page.locator("li.card:visible h3.name").all_inner_texts() == ["Noor Haddad"]
        page.fill("#filter-search", "")
        assert cards.count() == total

        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        browser.close()
    assert problems == []
