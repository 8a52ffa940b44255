"""docs/report.schema.json describes report.json: real reports validate, broken ones do not.

The demo's and a hostile run's reports are validated where those runs happen (tests/test_cli.py,
tests/hostile/test_hostile_site.py); here the hand-built team with and without assertions.
"""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from auditor.assertions import evaluate_assertions
from auditor.config import Config
from auditor.report.formats.json import JsonFormat
from tests.report.conftest import MEASURES

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "report.schema.json"


def report_validator() -> jsonschema.Draft202012Validator:
    """A validator for report.json (shared with the CLI and hostile-run tests)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _report(result) -> dict:
    return json.loads(JsonFormat(MEASURES).render(result))


@pytest.fixture(scope="module")
def judged_report(audit_result) -> dict:
    config = Config().with_overrides({"budgets.fail_on": "info", "budgets.max_failed": 0})
    return _report(replace(audit_result, assertions=evaluate_assertions(audit_result, config)))


def test_hand_built_reports_validate(audit_result, judged_report):
    validator = report_validator()
    validator.validate(_report(audit_result))
    validator.validate(judged_report)
    assert judged_report["assertions"]["hits"] and judged_report["assertions"]["budgets_broken"]


def _flagged(report: dict) -> dict:
    return next(p for p in report["photos"] if p["flags"])


@pytest.mark.parametrize(
    ("where", "key", "value"),
    [
        (lambda r: r["photos"][0], "status", "fine"),
        (lambda r: _flagged(r)["flags"][0], "severity", "fatal"),
        (lambda r: _flagged(r), "sha256", "not a digest"),
        (lambda r: r["summary"], "people", -1),
        (lambda r: r["team"], "score", 140),
        (lambda r: r["assertions"]["hits"][0], "outcome", "ignored"),
        (lambda r: r, "schema_version", 2),
        (lambda r: r["photos"][0], "features", None),
    ],
)
def test_a_broken_report_does_not_validate(judged_report, where, key, value):
    broken = copy.deepcopy(judged_report)
    where(broken)[key] = value
    assert not report_validator().is_valid(broken)


def test_the_schema_documents_every_key_a_report_has(judged_report):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert set(judged_report) == set(schema["properties"])
    photo_keys = set(schema["$defs"]["photo"]["properties"])
    assert all(set(p) == photo_keys for p in judged_report["photos"])
