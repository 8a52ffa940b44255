"""report.pdf printed by the system Chromium: page count and text read back with pypdf; a clear
message when no browser can print. Skips cleanly without Playwright or Chromium.
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from chromium import CHROMIUM

from auditor.config import ReportConfig
from auditor.report import write_reports
from auditor.report._actions import build_actions
from auditor.report.pdf import PdfUnavailable, write_pdf
from tests.report.conftest import MEASURES

pytestmark = pytest.mark.browser
pypdf = pytest.importorskip("pypdf")


@pytest.fixture(scope="module")
def emailed(audit_result, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    return write_reports(audit_result, out, ReportConfig(title="Acme"), MEASURES)["html"]


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH")
def test_the_pdf_has_the_summary_on_page_one_and_everything_after(emailed, audit_result):
    pytest.importorskip("playwright.sync_api")
    pdf = write_pdf(emailed)
    assert pdf == emailed.with_name("report.pdf")
    # NFKC undoes the typographic ligatures ("ﬁ") the PDF's text layer keeps.
    pages = [unicodedata.normalize("NFKC", p.extract_text()) for p in pypdf.PdfReader(pdf).pages]
    assert len(pages) >= 3
    first = " ".join(pages[0].split())
    assert "Summary" in first and "Start with" in first and "out of 100" in first
    assert "Every photo, worst first" not in first  # page 1 is the manager's page
    assert " ".join(pages[1].split()).startswith("Action list")
    text = " ".join(" ".join(pages).split())
    for action in build_actions(audit_result):
        assert action.name.split()[0] in text, action.name
    assert "Every photo, worst first" in text and "About this audit" in text


def test_without_a_browser_the_pdf_is_skipped_with_a_clear_message(emailed, tmp_path):
    # A real run with no Chromium on PATH (not a patched finder).
    code = (
        "import sys; from pathlib import Path; from auditor.report.pdf import write_pdf, "
        "PdfUnavailable\n"
        "try:\n    write_pdf(Path(sys.argv[1]))\nexcept PdfUnavailable as e:\n"
        "    print(e); sys.exit(3)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(emailed)],
        env={"PATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3, done.stderr
    assert done.stdout.startswith("PDF skipped: ") and "Chromium" in done.stdout
    assert not emailed.with_name("report.pdf.tmp").exists()
    assert issubclass(PdfUnavailable, Exception)
