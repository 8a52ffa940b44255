"""photos.csv: one row per person, the contract's columns, safe for spreadsheets."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from auditor.report.formats.csv import BASE_COLUMNS, CsvFormat
from tests.report.conftest import MEASURES, SCRIPT_NAME


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_columns_and_one_row_per_person(audit_result):
    text = CsvFormat(MEASURES).render(audit_result)
    header = next(csv.reader(io.StringIO(text)))
    assert header == [
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
        *(m.id for m in MEASURES),
    ]
    assert tuple(header[: len(BASE_COLUMNS)]) == BASE_COLUMNS
    rows = _rows(text)
    assert [r["id"] for r in rows] == [p.person.id for p in audit_result.photos]


def test_flags_severity_and_numbers(audit_result):
    rows = {r["id"]: r for r in _rows(CsvFormat(MEASURES).render(audit_result))}
    gray = next(p for p in audit_result.photos if p.person.name == "Hedy Lamarr")
    row = rows[gray.person.id]
    assert row["flags"] == "color_mode_mismatch;outdated"
    assert row["worst_severity"] == "warning"
    expected = gray.measurement.features["crop.face_height_ratio"]
    assert float(row["crop.face_height_ratio"]) == expected
    first = rows[audit_result.photos[0].person.id]
    assert first["quality.width"] == ""  # NaN is "not measured", not the text "nan"
    assert first["flags"] == "" and first["worst_severity"] == ""
    failed = next(r for r in rows.values() if r["status"] == "failed")
    assert failed["error"].startswith("The server answered 404")
    assert all(failed[m.id] == "" for m in MEASURES)


def test_crawled_text_round_trips_and_formulas_are_defused(audit_result):
    first = audit_result.photos[0]
    hostile = replace(
        audit_result,
        photos=(
            replace(first, person=replace(first.person, name='=HYPERLINK("http://x","y")')),
            *audit_result.photos[1:],
        ),
    )
    rows = _rows(CsvFormat(MEASURES).render(hostile))
    assert rows[0]["name"] == '\'=HYPERLINK("http://x","y")'
    names = [r["name"] for r in rows]
    assert SCRIPT_NAME in names and 'Zoë O\'Brien & "Co"' in names and "نور الهدى" in names
