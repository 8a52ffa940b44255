"""Report formats: each turns one `AuditResult` into the text of one file.

A new format is one module here plus one line in `make_formats` (pip-audit's `_format/`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from auditor.config import ReportConfig
from auditor.models import AuditResult, MeasureInfo
from auditor.report.formats.actions import ActionsCsvFormat
from auditor.report.formats.brief import BriefFormat
from auditor.report.formats.csv import CsvFormat
from auditor.report.formats.html import HtmlFormat, data_formats
from auditor.report.formats.json import JsonFormat
from auditor.report.formats.junit import JunitFormat
from auditor.report.formats.markdown import MarkdownFormat

__all__ = [
    "ActionsCsvFormat",
    "BriefFormat",
    "CsvFormat",
    "Format",
    "HtmlFormat",
    "JsonFormat",
    "JunitFormat",
    "MarkdownFormat",
    "make_formats",
]


@runtime_checkable
class Format(Protocol):
    """One output format: `name` keys `write_reports`' result, `filename` is the file written."""

    name: str
    filename: str

    def render(self, result: AuditResult) -> str | bytes:
        """Render the whole result as the file's contents (text is written as UTF-8)."""
        ...


def make_formats(measures: Sequence[MeasureInfo], config: ReportConfig) -> tuple[Format, ...]:
    """Every format `write_reports` writes, in writing order (machine formats first)."""
    actions, csv, json = data = data_formats(measures)  # written, and embedded in the page
    return (
        json,
        csv,
        actions,
        JunitFormat(),
        MarkdownFormat(config),
        HtmlFormat(measures, config, data),
        BriefFormat(config),
    )
