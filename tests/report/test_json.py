"""report.json keeps its contract: keys, types, page order, strict JSON, NaN as null."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from auditor.models import FLAG_CODES, Status
from auditor.report import SCHEMA_VERSION, summarise
from auditor.report.formats.json import JsonFormat
from tests.report.conftest import MEASURES, SCRIPT_NAME

PHOTO_KEYS = {
    "id",
    "name",
    "title",
    "page_url",
    "image_url",
    "status",
    "error",
    "features",
    "info",
    "flags",
    "scores",
    "cluster",
    "sha256",
    "http",
    "fix",
    "needs_new_photo",
    "fix_note",
    "notes",
}


def _strict_loads(text: str) -> dict:
    def refuse(constant: str) -> None:
        raise AssertionError(f"non-standard JSON constant {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def report(audit_result) -> dict:
    return _strict_loads(JsonFormat(MEASURES).render(audit_result))


def test_top_level_contract(report, audit_result):
    assert set(report) == {
        "schema_version",
        "tool",
        "run",
        "team",
        "photos",
        "summary",
        "changes",
        "excluded",
        "assertions",
    }
    assert report["excluded"] == [
        {
            "text": "Acme Logo",
            "image_url": "http://127.0.0.1:8000/clients/acme.svg",
            "page_url": audit_result.run.sources[0],
            "reason": "the image is a logo",
        }
    ]
    assert report["schema_version"] == SCHEMA_VERSION == 1
    assert report["tool"] == {"name": "headshot-audit", "version": "0.1.0"}
    run = report["run"]
    assert set(run) == {"started", "finished", "sources", "settings", "pages"}
    assert run["sources"] == list(audit_result.run.sources)
    assert run["pages"] == [
        {"url": audit_result.run.sources[0], "status_code": 200, "people_found": 14, "error": None}
    ]
    team = report["team"]
    assert set(team) == {"n_photos", "median", "spread", "pinned", "clusters", "notes", "score"}
    assert team["score"] == pytest.approx(72.4)
    assert set(team["clusters"][0]) == {"id", "size", "is_house_style", "description", "person_ids"}
    assert report["summary"] == summarise(audit_result)
    assert report["changes"] == audit_result.changes


def test_every_person_in_page_order_including_failed(report, audit_result):
    assert [p["id"] for p in report["photos"]] == [p.person.id for p in audit_result.photos]
    by_status = {p["status"] for p in report["photos"]}
    assert by_status == {"ok", "no_photo", "failed"}
    failed = next(p for p in report["photos"] if p["status"] == Status.FAILED)
    assert failed["error"] == "The server answered 404 Not Found for the photo."
    # A failed photo still lists every measure, each null, so consumers see one shape.
    assert failed["features"] == {m.id: None for m in MEASURES}


def test_photo_entries_have_contract_types(report):
    for photo in report["photos"]:
        assert set(photo) == PHOTO_KEYS
        assert isinstance(photo["id"], str) and isinstance(photo["name"], str)
        assert photo["status"] in {s.value for s in Status}
        assert set(photo["features"]) == {m.id for m in MEASURES}
        assert all(v is None or isinstance(v, float) for v in photo["features"].values())
        assert set(photo["scores"]) == {"outlier", "outdated"}
        assert photo["fix"] is None or set(photo["fix"]) == {"path", "changes", "corrects"}
        assert isinstance(photo["needs_new_photo"], bool)
        assert set(photo["http"]) == {"content_type", "last_modified", "etag"}
        for flag in photo["flags"]:
            assert set(flag) == {"code", "severity", "message", "measure", "value", "typical"}
            assert flag["code"] in FLAG_CODES
            assert flag["severity"] in {"info", "warning", "error"}


def test_crawled_text_is_data_not_markup(report):
    names = [p["name"] for p in report["photos"]]
    assert SCRIPT_NAME in names  # stored verbatim; escaping is the HTML's job


def test_nan_and_inf_become_null(audit_result):
    width = audit_result.photos[0].measurement.features["quality.width"]
    assert width != width  # the fixture's first photo carries a NaN
    broken = replace(
        audit_result,
        score=float("nan"),
        team=replace(audit_result.team, median={"lighting.luminance_mean": float("inf")}),
    )
    text = JsonFormat(MEASURES).render(broken)
    assert "NaN" not in text and "Infinity" not in text
    data = _strict_loads(text)
    assert data["photos"][0]["features"]["quality.width"] is None
    assert data["team"]["score"] is None
    assert data["summary"]["score"] is None
    assert data["team"]["median"] == {"lighting.luminance_mean": None}


def test_no_changes_is_null(result_factory):
    data = _strict_loads(JsonFormat(MEASURES).render(result_factory(with_changes=False)))
    assert data["changes"] is None
