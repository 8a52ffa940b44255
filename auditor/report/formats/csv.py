"""photos.csv: one row per person for spreadsheets, with one column per measure."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence

from auditor.models import AuditResult, MeasureInfo, PhotoResult

__all__ = ["BASE_COLUMNS", "CsvFormat", "safe_cell"]

# Fixed leading columns (report contract); the measure columns follow in registry order.
BASE_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "title",
    "status",
    "error",
    "image_url",
    "page_url",
    "flags",
    "worst_severity",
    "outlier",
    "outdated",
)
# Characters that make spreadsheet apps treat a cell as a formula (CSV injection, OWASP).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str | None) -> str:
    """A crawled string made safe for spreadsheets: a leading formula character is quoted."""
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA_PREFIXES) else value


def _number(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return ""
    return repr(float(value))


def _row(photo: PhotoResult, measure_ids: Sequence[str]) -> list[str]:
    person, measurement = photo.person, photo.measurement
    worst = photo.worst_severity
    row = [
        safe_cell(person.id),
        safe_cell(person.name),
        safe_cell(person.title),
        photo.status.value,
        safe_cell(measurement.error or person.error),
        safe_cell(person.image_url),
        safe_cell(person.page_url),
        ";".join(f.code for f in photo.flags),
        worst.value if worst else "",
        _number(photo.scores.get("outlier")),
        _number(photo.scores.get("outdated")),
    ]
    row.extend(_number(measurement.features.get(mid)) for mid in measure_ids)
    return row


class CsvFormat:
    """photos.csv: the base columns, then one column per measure (empty = not measured)."""

    name = "csv"
    filename = "photos.csv"

    def __init__(self, measures: Sequence[MeasureInfo]) -> None:
        self.measures = tuple(measures)

    def columns(self) -> list[str]:
        """The header row."""
        return [*BASE_COLUMNS, *(m.id for m in self.measures)]

    def render(self, result: AuditResult) -> str:
        """One header row and one row per person, in page order."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns())
        measure_ids = [m.id for m in self.measures]
        writer.writerows(_row(photo, measure_ids) for photo in result.photos)
        return buffer.getvalue()
