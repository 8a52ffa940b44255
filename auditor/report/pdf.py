"""report.pdf: the HTML report printed by the system Chromium (the browser extra's Playwright).

The PDF is the report's own print layout (the same `@media print` rules a reader gets from
"Print" in a browser): the one-page summary first, then the action list, then the photos. No
second renderer to keep in step, no download: Playwright drives the Chromium already installed
for JavaScript crawling. When either is missing, `PdfUnavailable` says what to install and the
rest of the report is unaffected.
"""

from __future__ import annotations

import os
from pathlib import Path

from auditor.crawl.render import find_chromium
from auditor.exceptions import ReportError

__all__ = ["PDF_FILENAME", "PdfUnavailable", "write_pdf"]

PDF_FILENAME = "report.pdf"
# Seconds Chromium may take to load and print the page (large teams embed many thumbnails).
PRINT_TIMEOUT_S = 120
_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]


class PdfUnavailable(ReportError):
    """No PDF can be made here: Playwright or a system Chromium is missing (or would not start)."""


def write_pdf(html_path: Path, pdf_path: Path | None = None) -> Path:
    """Print `html_path` to `pdf_path` (default: report.pdf beside it) and return the path.

    Raises `PdfUnavailable` with what to install when no browser can print, and `ReportError`
    when printing itself fails.
    """
    pdf_path = pdf_path or html_path.with_name(PDF_FILENAME)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PdfUnavailable(
            "PDF skipped: it is printed by Chromium through Playwright, which is not installed "
            "(pip install 'headshot-audit[browser]')"
        ) from None
    executable = find_chromium()
    if executable is None:
        raise PdfUnavailable(
            "PDF skipped: no Chromium or Chrome on PATH (on Debian/Ubuntu: apt install chromium)"
        )
    args = list(_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start its sandbox as root
    tmp = pdf_path.with_name(f".{pdf_path.name}.tmp")
    try:
        with sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(
                    executable_path=executable, args=args, headless=True
                )
            except Exception as exc:  # any launch failure is one readable reason
                raise PdfUnavailable(f"PDF skipped: Chromium would not start ({exc})") from None
            try:
                page = browser.new_page()
                page.goto(html_path.resolve().as_uri(), timeout=PRINT_TIMEOUT_S * 1000)
                page.emulate_media(media="print")
                page.pdf(
                    path=str(tmp),
                    format="A4",
                    print_background=True,
                    margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"},
                )
            finally:
                browser.close()
        os.replace(tmp, pdf_path)
    except PdfUnavailable:
        raise
    except Exception as exc:  # Playwright errors become a reason, not a traceback
        tmp.unlink(missing_ok=True)
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ReportError(f"Cannot print the report to {pdf_path}: {first}") from None
    return pdf_path
