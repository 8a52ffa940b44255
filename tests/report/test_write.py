"""write_reports writes the five files, creates the folder, and fails with a ReportError."""

from __future__ import annotations

import csv
import json

import pytest

from auditor.config import ReportConfig
from auditor.exceptions import ReportError
from auditor.models import MeasureInfo
from auditor.report import write_reports
from auditor.report._measures import resolve_measures
from tests.report.conftest import MEASURES


def test_writes_every_format_into_a_new_folder(audit_result, tmp_path):
    out = tmp_path / "nested" / "run"
    paths = write_reports(audit_result, out, ReportConfig(), measures=MEASURES)
    assert paths == {
        "html": out / "report.html",
        "json": out / "report.json",
        "csv": out / "photos.csv",
        "actions": out / "actions.csv",
        "junit": out / "junit.xml",
        "markdown": out / "summary.md",
        "brief": out / "brief.html",
    }
    assert json.loads(paths["json"].read_text(encoding="utf-8"))["schema_version"] == 1
    assert paths["html"].read_text(encoding="utf-8").startswith("<!doctype html>")
    with paths["csv"].open(encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == len(audit_result.photos)
    assert all(p.stat().st_mode & 0o777 == 0o644 for p in paths.values())
    # Atomic writes leave no temporary files behind.
    assert sorted(p.name for p in out.iterdir()) == [
        "actions.csv",
        "brief.html",
        "junit.xml",
        "photos.csv",
        "report.html",
        "report.json",
        "summary.md",
    ]


def test_unwritable_folder_is_a_readable_report_error(audit_result, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ReportError, match="Cannot write the report to") as caught:
        write_reports(audit_result, blocker / "run", ReportConfig(), measures=MEASURES)
    assert str(blocker / "run") in str(caught.value)


def test_existing_file_in_the_way_of_a_report_is_a_report_error(audit_result, tmp_path):
    (tmp_path / "report.json").mkdir()  # a folder where a file must go
    with pytest.raises(ReportError):
        write_reports(audit_result, tmp_path, ReportConfig(), measures=MEASURES)


def test_measures_without_a_registry_come_from_the_photos(audit_result):
    derived = resolve_measures(audit_result, measures=())
    assert [m.id for m in derived] == [m.id for m in MEASURES]
    # Given measures keep their order and metadata; ids only the photos have are appended.
    partial = resolve_measures(
        audit_result, measures=[MeasureInfo("color.saturation", "0..1", "x")]
    )
    assert (partial[0].id, partial[0].description) == ("color.saturation", "x")
    assert {m.id for m in partial} == {m.id for m in MEASURES}


def test_default_measures_are_the_features_registry(audit_result, tmp_path):
    features = pytest.importorskip("auditor.features")
    registry = features.list_measures()
    paths = write_reports(audit_result, tmp_path, ReportConfig())
    with paths["csv"].open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    registered = [m.id for m in registry]
    assert header[11 : 11 + len(registered)] == registered
    # Ids the photos carry beyond the registry follow it, so no number is dropped.
    assert set(header) >= {m.id for m in MEASURES}
    html = paths["html"].read_text(encoding="utf-8")
    assert f"What each measure means ({len(set(header[11:]))})" in html
