"""brief.html: the house style as a printable specification for the next photo shoot."""

from __future__ import annotations

from markupsafe import Markup

from auditor.config import ReportConfig
from auditor.models import AuditResult
from auditor.report.brief import build_brief
from auditor.report.formats.html import TEMPLATES, _environment, _sha256_source

__all__ = ["BriefFormat"]

BRIEF_TEMPLATE = "brief.html.j2"
BRIEF_STYLESHEET = "brief.css"


class BriefFormat:
    """brief.html: `build_brief` rendered by its template (no script, data: images only)."""

    name = "brief"
    filename = "brief.html"

    def __init__(self, config: ReportConfig) -> None:
        self.config = config

    def render(self, result: AuditResult) -> str:
        """Render the brief; crawled names are escaped by the template engine."""
        style = (TEMPLATES / BRIEF_STYLESHEET).read_text(encoding="utf-8")
        csp = (
            "default-src 'none'; img-src data:; "
            f"style-src {_sha256_source(style)}; base-uri 'none'; form-action 'none'"
        )
        return (
            _environment()
            .get_template(BRIEF_TEMPLATE)
            .render(brief=build_brief(result, self.config.title), style=Markup(style), csp=csp)
        )
