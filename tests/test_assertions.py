"""Assertions from the config, run through the real command on real photos.

Each test first learns what the audit finds (a run with no assertions), then asserts on those
findings, so no test depends on which flags one set of photos happens to raise.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest

from auditor.assertions import describe_failures, evaluate_assertions
from auditor.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main
from auditor.config import Config
from auditor.demo import serve_folder
from auditor.models import (
    AssertionHit,
    AssertionResult,
    AuditResult,
    BudgetBreach,
    Flag,
    Measurement,
    Outcome,
    Person,
    PhotoResult,
    RunInfo,
    Severity,
    Status,
    TeamStyle,
)

ROOT = Path(__file__).resolve().parents[1]


def _report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def baseline(demo_site_template, tmp_path_factory) -> tuple[Path, dict]:
    """Ten real photos in a folder, audited once with no assertions configured."""
    tmp = tmp_path_factory.mktemp("assert")
    folder = tmp / "photos"
    folder.mkdir()
    for path in sorted((demo_site_template / "photos").iterdir())[:10]:
        shutil.copy(path, folder / path.name)
    code = main(["audit", str(folder), "--out", str(tmp / "base"), "--quiet", "--no-history"])
    assert code == EXIT_OK
    return folder, _report(tmp / "base")


def _flagged(report: dict) -> list[tuple[str, str, str]]:
    """(name, code, severity) of every flag, for codes carried by exactly one person."""
    by_code: dict[str, list[tuple[str, str, str]]] = {}
    for photo in report["photos"]:
        for flag in photo["flags"]:
            by_code.setdefault(flag["code"], []).append(
                (photo["name"], flag["code"], flag["severity"])
            )
    return [hits[0] for hits in by_code.values() if len(hits) == 1]


def _run(folder: Path, out: Path, toml: str, *extra: str) -> int:
    config = out.parent / f"{out.name}.toml"
    out.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(toml, encoding="utf-8")
    args = ["audit", str(folder), "--out", str(out), "--config", str(config), "--no-history"]
    return main([*args, *extra])


def test_without_assertions_a_completed_audit_exits_0_whatever_it_finds(baseline):
    _, report = baseline
    assert any(f["severity"] == "error" for p in report["photos"] for f in p["flags"])
    assert report["assertions"] == {
        "passed": True,
        "fail_on_new": False,
        "hits": [],
        "budgets_broken": [],
        "notes": [],
    }


def test_each_level_off_warn_error(baseline, tmp_path, capsys):
    folder, report = baseline
    name, code, severity = _flagged(report)[0]
    capsys.readouterr()
    assert _run(folder, tmp_path / "err", f'[assertions.levels]\n{code} = "error"\n', "-q") == 1
    err = capsys.readouterr().err
    # -q still says who broke which assertion and where the report is
    assert f"{name}: {code} ({severity})" in err
    assert f"Report: {tmp_path / 'err' / 'report.html'}" in err
    hits = _report(tmp_path / "err")["assertions"]["hits"]
    assert [(h["name"], h["code"], h["outcome"]) for h in hits] == [(name, code, "failed")]
    # the CI files in the run folder say the same
    suite = ET.parse(tmp_path / "err" / "junit.xml").getroot()
    failed = [
        (c.get("name"), f.get("type")) for c in suite.iter("testcase") for f in c.iter("failure")
    ]
    assert failed == [(name, code)]
    summary = (tmp_path / "err" / "summary.md").read_text(encoding="utf-8")
    assert "❌ Failed" in summary and f"(`{code}`)" in summary and name in summary

    assert _run(folder, tmp_path / "warn", f'[assertions.levels]\n{code} = "warn"\n', "-q") == 0
    hits = _report(tmp_path / "warn")["assertions"]["hits"]
    assert [(h["code"], h["outcome"]) for h in hits] == [(code, "warned")]

    everything_off = "".join(f'{c} = "off"\n' for c in report["summary"]["by_flag"])
    toml = f"[assertions.levels]\n{everything_off}"
    # a code listed as off keeps its level even under --fail-on (the legacy budget)
    assert _run(folder, tmp_path / "off", toml, "-q", "--fail-on", "info") == EXIT_OK
    assert _run(folder, tmp_path / "any", "", "-q", "--fail-on", "info") == EXIT_FINDINGS
    toml = '[assertions]\ndefault_level = "error"\n'
    assert _run(folder, tmp_path / "default", toml, "-q") == EXIT_FINDINGS


def test_min_severity_leaves_lower_flags_unasserted(baseline, tmp_path):
    folder, report = baseline
    severities = {f["severity"] for p in report["photos"] for f in p["flags"]}
    toml = '[assertions]\ndefault_level = "error"\nmin_severity = "error"\n'
    expected = EXIT_FINDINGS if "error" in severities else EXIT_OK
    assert _run(folder, tmp_path / "r", toml, "-q") == expected
    hits = _report(tmp_path / "r")["assertions"]["hits"]
    assert hits and all(h["severity"] == "error" for h in hits)


def _exception(name: str, code: str, expires: str) -> str:
    return (
        f'[assertions.levels]\n{code} = "error"\n\n[[assertions.exceptions]]\n'
        f'person = "{name}"\ncode = "{code}"\nreason = "Reshoot booked"\nexpires = {expires}\n'
    )


def test_an_exception_holds_until_it_expires(baseline, tmp_path, capsys):
    folder, report = baseline
    name, code, _ = _flagged(report)[0]
    today = datetime.now(UTC).date()
    tomorrow, yesterday = today + timedelta(days=1), today - timedelta(days=1)
    assert _run(folder, tmp_path / "before", _exception(name, code, tomorrow.isoformat())) == 0
    hit = _report(tmp_path / "before")["assertions"]["hits"][0]
    assert hit["outcome"] == "accepted" and hit["note"].startswith("Reshoot booked")
    # the last day still holds; the day after, the flag fails again
    assert _run(folder, tmp_path / "today", _exception(name, code, today.isoformat())) == 0
    capsys.readouterr()
    assert _run(folder, tmp_path / "after", _exception(name, code, yesterday.isoformat())) == 1
    assertions = _report(tmp_path / "after")["assertions"]
    assert assertions["hits"][0]["outcome"] == "failed"
    assert any("expired" in note for note in assertions["notes"])
    assert "expired" in capsys.readouterr().err


def test_an_exception_for_an_unknown_code_is_a_config_error(baseline, tmp_path, capsys):
    folder, _ = baseline
    toml = '[[assertions.exceptions]]\nperson = "X"\ncode = "outdatd"\nreason = "r"\n'
    assert _run(folder, tmp_path / "r", toml) == EXIT_USAGE
    assert "did you mean 'outdated'" in capsys.readouterr().err


def test_budgets_for_failed_photos_and_people_without_a_photo(demo_site, tmp_path):
    photos = sorted((demo_site / "photos").iterdir())
    photos[0].unlink()  # a broken image on the live page: 404
    index = demo_site / "index.html"
    page = index.read_text(encoding="utf-8")
    tag = re.compile(rf'<img src="photos/{re.escape(photos[1].name)}"[^>]*>')
    page, removed = tag.subn("", page)  # a card with no photo
    assert removed == 1
    index.write_text(page, encoding="utf-8")
    with serve_folder(demo_site) as base:
        url = base + "index.html"

        def run(name: str, toml: str) -> int:
            config = tmp_path / f"{name}.toml"
            config.write_text(toml)
            out = ["--out", str(tmp_path / name), "--config", str(config)]
            return main(["audit", url, "-q", "--no-history", *out])

        assert run("loose", "[budgets]\nmax_failed = 1\nmax_no_photo = 1\n") == EXIT_OK
        summary = _report(tmp_path / "loose")["summary"]["by_status"]
        assert summary["failed"] == 1 and summary["no_photo"] == 1
        assert run("failed", "[budgets]\nmax_failed = 0\n") == EXIT_FINDINGS
        broken = _report(tmp_path / "failed")["assertions"]["budgets_broken"]
        assert broken == [
            {
                "budget": "max_failed",
                "message": "1 photo(s) could not be downloaded or decoded; the budget allows 0",
            }
        ]
        assert run("missing", "[budgets]\nmax_no_photo = 0\n") == EXIT_FINDINGS


def test_fail_on_new_across_recorded_runs(baseline, demo_site_template, tmp_path, capsys):
    folder, _ = baseline
    site = tmp_path / "photos"
    shutil.copytree(folder, site)
    root = tmp_path / "reports"
    config = tmp_path / "new.toml"
    config.write_text('[assertions]\ndefault_level = "error"\n')
    args = ["audit", str(site), "--config", str(config), "--fail-on-new", "-q"]

    # first recorded run: every flag is new
    assert main([*args, "--out", str(root / "20260101T000000Z")]) == EXIT_FINDINGS
    first = _report(root / "20260101T000000Z")["assertions"]
    assert first["fail_on_new"] and all(h["outcome"] == "failed" for h in first["hits"])
    # the same flags again: known, so the run passes
    assert main([*args, "--out", str(root / "20260108T000000Z")]) == EXIT_OK
    second = _report(root / "20260108T000000Z")["assertions"]
    assert second["hits"] and all(h["outcome"] == "known" for h in second["hits"])
    # a newcomer with an off-style photo: only their flags fail
    used = {p.name for p in site.iterdir()}
    unused = [p for p in (demo_site_template / "photos").iterdir() if p.name not in used]
    newcomer = min(unused, key=lambda p: (p.name.startswith("on-style"), p.name))  # off-style
    shutil.copy(newcomer, site / "zz-newcomer.jpg")
    capsys.readouterr()
    code = main([*args, "--out", str(root / "20260115T000000Z")])
    third = _report(root / "20260115T000000Z")
    schema = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(third)  # with history: changes filled
    assert third["changes"]["previous_run"]
    failed = {h["name"] for h in third["assertions"]["hits"] if h["outcome"] == "failed"}
    newcomer_flags = next(p for p in third["photos"] if p["id"] == "zz-newcomer")["flags"]
    if newcomer_flags:
        assert code == EXIT_FINDINGS and failed == {"Zz Newcomer"}
        assert "Zz Newcomer" in capsys.readouterr().err
    else:
        assert code == EXIT_OK and not failed


def test_fail_on_new_needs_the_history(baseline, tmp_path, capsys):
    folder, _ = baseline
    code = main(
        ["audit", str(folder), "--out", str(tmp_path / "r"), "--fail-on-new", "--no-history"]
    )
    assert code == EXIT_USAGE
    assert "history" in capsys.readouterr().err


def test_json_summary_record_ends_the_log(baseline, tmp_path, capsys):
    folder, report = baseline
    name, code, _ = _flagged(report)[0]
    capsys.readouterr()
    toml = f'[assertions.levels]\n{code} = "error"\n'
    assert _run(folder, tmp_path / "r", toml, "--log-format", "json") == EXIT_FINDINGS
    captured = capsys.readouterr()
    assert captured.out == ""  # no plain-text summary mixed into a JSON job log
    records = [json.loads(line) for line in captured.err.splitlines() if line.strip()]
    last = records[-1]
    assert last["event"] == "summary" and last["level"] == "error"
    assert last["passed"] is False and last["exit_code"] == EXIT_FINDINGS
    assert last["score"] == _report(tmp_path / "r")["team"]["score"]
    assert last["people"] == 10 and last["audited"] == 10
    assert last["failures"] == [
        {
            "name": name,
            "person_id": last["failures"][0]["person_id"],
            "code": code,
            "severity": last["failures"][0]["severity"],
        }
    ]
    assert Path(last["report"]) == tmp_path / "r" / "report.html"
    assert Path(last["report"]).exists()


def test_failure_lines_stop_after_a_few_then_say_how_many_more():
    hits = tuple(
        AssertionHit(
            f"p{i}",
            f"Person {i}",
            "blurry",
            Severity.WARNING,
            "error",
            Outcome.FAILED,
            "Soft focus.\nRe-shoot.",
        )
        for i in range(8)
    )
    breach = BudgetBreach("min_score", "score 60 < 80")
    lines = describe_failures(AssertionResult(hits=hits, budgets_broken=(breach,)))
    assert lines[0] == "budget broken: score 60 < 80"
    assert lines[1] == "Person 0: blurry (warning) — Soft focus. Re-shoot."
    assert len(lines) == 1 + 5 + 1 and lines[-1] == "and 3 more"
    long = AssertionHit("x", "Max " * 2000, "blurry", Severity.ERROR, "error", Outcome.FAILED, "m")
    assert len(describe_failures(AssertionResult(hits=(long,)))[0]) < 200


def _team(*flags: tuple[str, str, Severity]) -> AuditResult:
    """One photo per (person, code, severity), as the analysis stage hands them on."""
    photos = tuple(
        PhotoResult(
            Person(id=name.lower().replace(" ", "-"), name=name),
            Measurement(person_id=name.lower().replace(" ", "-"), status=Status.OK),
            flags=(Flag(code, severity, f"{code} message"),),
        )
        for name, code, severity in flags
    )
    run = RunInfo(started="2026-06-01T06:00:00+00:00", finished="", sources=("u",))
    return AuditResult("headshot-audit", "0", run, TeamStyle(n_photos=len(photos)), photos)


def test_levels_win_over_fail_on_and_min_severity_gates_them():
    team = _team(
        ("Ann Lee", "outdated", Severity.INFO),
        ("Bo Chen", "outdated", Severity.WARNING),
        ("Cy Diaz", "placeholder", Severity.ERROR),
        ("Di Evans", "blurry", Severity.WARNING),
    )

    def outcomes(**overrides) -> dict[str, str]:
        config = Config().with_overrides(overrides)
        return {h.name: h.outcome.value for h in evaluate_assertions(team, config).hits}

    assert outcomes() == {}
    assert outcomes(**{"budgets.fail_on": "warning"}) == {
        "Bo Chen": "failed",
        "Cy Diaz": "failed",
        "Di Evans": "failed",
    }
    listed = {"assertions.levels": {"outdated": "error", "placeholder": "off"}}
    assert outcomes(**listed, **{"budgets.fail_on": "warning"}) == {
        "Ann Lee": "failed",
        "Bo Chen": "failed",
        "Di Evans": "failed",
    }
    assert outcomes(**listed, **{"assertions.min_severity": "warning"}) == {"Bo Chen": "failed"}


def test_an_exception_matches_by_name_or_id_and_unused_ones_are_noted():
    team = _team(("Ann  Lee", "outdated", Severity.WARNING), ("Bo Chen", "blurry", Severity.ERROR))
    exceptions = [
        {"person": "ann lee", "code": "outdated", "reason": "Reshoot booked"},
        {"person": "bo-chen", "code": "blurry", "reason": "Only copy", "expires": "2026-06-01"},
        {"person": "Cy Diaz", "code": "blurry", "reason": "Left the company"},
    ]
    config = Config().with_overrides(
        {"assertions.default_level": "error", "assertions.exceptions": exceptions}
    )
    result = evaluate_assertions(team, config)
    assert [h.outcome for h in result.hits] == [Outcome.ACCEPTED, Outcome.ACCEPTED]
    assert result.hits[1].note == "Only copy (until 2026-06-01)"  # the run's own day still holds
    assert result.passed
    assert result.notes == (
        "The exception for Cy Diaz / blurry matches no asserted flag in this run.",
    )
