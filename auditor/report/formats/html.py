"""report.html: one self-contained page (inline CSS/JS, data: thumbnails, no network)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from auditor.config import ReportConfig
from auditor.models import AuditResult, MeasureInfo
from auditor.report._text import measure_label
from auditor.report.formats.actions import ActionsCsvFormat
from auditor.report.formats.csv import CsvFormat
from auditor.report.formats.json import JsonFormat
from auditor.report.view import build_view

__all__ = ["HtmlFormat", "content_security_policy"]

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
PAGE_TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"
SCRIPT = "report.js"


def _sha256_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(style: str, script: str) -> str:
    """A CSP that lets only our own inline style and script run and fetches nothing.

    Autoescaping is the first defence against crawled text; this is the second: even if some
    markup slipped through, the browser would neither run it nor load anything from the network.
    """
    return (
        "default-src 'none'; img-src data:; "
        f"style-src {_sha256_source(style)}; script-src {_sha256_source(script)}; "
        "base-uri 'none'; form-action 'none'"
    )


def _data_uri(text: str, mime: str) -> str:
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"data:{mime};charset=utf-8;base64,{payload}"


@cache
def _environment() -> Environment:
    # autoescape=True for every template, whatever its extension: crawled text is hostile.
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Helpers arrive as globals (coverage.py's way), so templates only loop and branch.
    env.globals["measure_label"] = measure_label
    return env


class HtmlFormat:
    """report.html for people: view records from `build_view` rendered by the Jinja template."""

    name = "html"
    filename = "report.html"

    def __init__(self, measures: Sequence[MeasureInfo], config: ReportConfig) -> None:
        self.measures = tuple(measures)
        self.config = config

    def downloads(self, result: AuditResult) -> tuple[tuple[str, str, str], ...]:
        """(label, file name, data: URI) of the data files, embedded in the page.

        A report e-mailed on its own has no photos.csv beside it: relative links would break,
        embedded data does not (and `a[download]` on a data: URI needs no script, no network).
        """
        files = (
            ("Action list (actions.csv)", ActionsCsvFormat(), "text/csv"),
            ("All measures (photos.csv)", CsvFormat(self.measures), "text/csv"),
            ("Full data (report.json)", JsonFormat(self.measures), "application/json"),
        )
        return tuple(
            (label, fmt.filename, _data_uri(fmt.render(result), mime)) for label, fmt, mime in files
        )

    def render(self, result: AuditResult) -> str:
        """Render the page; every crawled string is escaped by the template engine."""
        env = _environment()
        style = (TEMPLATES / STYLESHEET).read_text(encoding="utf-8")
        script = (TEMPLATES / SCRIPT).read_text(encoding="utf-8")
        view = build_view(result, self.measures, self.config.title)
        return env.get_template(PAGE_TEMPLATE).render(
            view=view,
            downloads=self.downloads(result),
            # Our own static files, trusted: emitted verbatim so their CSP hashes match.
            style=Markup(style),
            script=Markup(script),
            csp=content_security_policy(style, script),
        )
