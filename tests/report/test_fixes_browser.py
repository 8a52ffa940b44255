"""brief.html and the report's corrected drafts in a real headless Chromium (offline).

brief.html must load with no console error and no request, show its swatch and examples, and
print (Chromium's own PDF printing, A4). The report's cards with a draft must show the photo
now beside the draft, both loaded, and a download link to a file that is really there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium import CHROMIUM

from auditor.analysis import analyse
from auditor.config import Config, ReportConfig
from auditor.demo.photos import make_demo_photos
from auditor.features import measure_all
from auditor.fixes import fix_photos
from auditor.models import AuditResult, Person, RunInfo
from auditor.report import write_reports

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")
if CHROMIUM is None:
    pytest.skip("no chromium on PATH", allow_module_level=True)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    config = Config()
    out = tmp_path_factory.mktemp("fixes-run")
    photos = make_demo_photos(count_on_style=8)
    people = [Person(id=f"p{i}", name=p.filename, photo=p.data) for i, p in enumerate(photos)]
    analysed = analyse(people, measure_all(people, config.features), config.analysis)
    result = AuditResult(
        "t", "0", RunInfo("", "", ()), analysed.team, analysed.photos, score=analysed.score
    )
    originals = {i: p.photo for i, p in enumerate(people)}
    result = fix_photos(result, config, originals=originals.get, out_dir=out)
    write_reports(result, out, ReportConfig(title="Acme team photos"))
    return out


def _open(browser, path: Path):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on(
        "request",
        lambda r: None if r.url.startswith(("file:", "data:")) else page.problems.append(r.url),
    )
    page.goto(path.resolve().as_uri())
    return context, page


def _loaded(page, selector: str) -> list[bool]:
    return page.eval_on_selector_all(
        selector, "imgs => imgs.map(i => i.complete && i.naturalWidth > 0)"
    )


def test_the_brief_renders_offline_and_prints(browser, run_dir):
    context, page = _open(browser, run_dir / "brief.html")
    try:
        assert page.locator("h1").inner_text() == "Acme team photos"
        assert page.locator("svg.swatch").is_visible()
        examples = _loaded(page, ".examples img")
        assert 3 <= len(examples) <= 4 and all(examples)
        assert page.locator("table.retakes tbody tr").count() >= 1
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 1
        assert page.problems == []
    finally:
        context.close()


def test_report_shows_each_draft_beside_the_photo_with_a_working_download_link(browser, run_dir):
    context, page = _open(browser, run_dir / "report.html")
    try:
        figures = page.locator("figure.fix")
        assert figures.count() >= 2
        assert all(_loaded(page, "figure.fix img"))
        for link in page.locator("a.fix-download").all():
            href = link.get_attribute("href")
            assert href.startswith("fixes/") and (run_dir / href).is_file()
            assert link.get_attribute("download") is not None
        assert page.locator("p.fix-note.needs-new").count() >= 1
        assert page.problems == []
    finally:
        context.close()
