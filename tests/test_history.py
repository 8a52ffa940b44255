"""The history database: first-seen dates and the diff between two runs of the same sources."""

from __future__ import annotations

import hashlib
import io
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from auditor.analysis import analyse
from auditor.config import AnalysisConfig, FeaturesConfig
from auditor.exceptions import ReportError
from auditor.features import measure_all
from auditor.history import History
from auditor.models import (
    AuditResult,
    Flag,
    Measurement,
    Person,
    PhotoResult,
    RunInfo,
    Severity,
    Status,
    TeamStyle,
)
from auditor.report import render_reports


def _result(started: str, people: list[tuple[str, str | None, list[str]]], sources=("u",)):
    photos = tuple(
        PhotoResult(
            person=Person(id=name.lower(), name=name, sha256=sha),
            measurement=Measurement(person_id=name.lower(), status=Status.OK),
            flags=tuple(Flag(code, Severity.WARNING, "m") for code in flags),
        )
        for name, sha, flags in people
    )
    run = RunInfo(started=started, finished=started, sources=sources)
    return AuditResult("headshot-audit", "0", run, TeamStyle(n_photos=len(photos)), photos)


def test_second_run_lists_exactly_what_changed(tmp_path):
    with History(tmp_path / "h.sqlite") as history:
        first = history.record(
            _result(
                "2026-01-01T00:00:00+00:00",
                [("Ann", "a1", ["too_dark"]), ("Bob", "b1", []), ("Cy", "c1", ["blurry"])],
            )
        )
        assert first["previous_run"] is None
        second = history.record(
            _result(
                "2026-01-08T00:00:00+00:00",
                [("Ann", "a2", []), ("Cy", "c1", ["blurry", "off_center"]), ("Dee", "d1", [])],
            )
        )
    assert second == {
        "previous_run": "2026-01-01T00:00:00+00:00",
        "new_people": ["Dee"],
        "departed_people": ["Bob"],
        "changed_photos": ["Ann"],
        "new_flags": [{"name": "Cy", "code": "off_center"}],
        "resolved_flags": [{"name": "Ann", "code": "too_dark", "photo_changed": True}],
        "not_checked": [],
        "baseline": True,
        "baseline_note": None,
        "trend": [
            {"started": "2026-01-01T00:00:00+00:00", "score": None, "flagged": 2},
            {"started": "2026-01-08T00:00:00+00:00", "score": None, "flagged": 1},
        ],
    }


def test_a_flag_gone_from_an_unchanged_photo_is_not_called_fixed(tmp_path):
    """Ann replaced her photo (fixed); Bob's photo is the same file, his flag went away only
    because the team around him changed."""
    with History(tmp_path / "h.sqlite") as history:
        history.record(
            _result(
                "2026-01-01T00:00:00+00:00",
                [("Ann", "a1", ["too_dark"]), ("Bob", "b1", ["off_center"]), ("Cy", "c1", [])],
            )
        )
        second = history.record(
            _result(
                "2026-01-08T00:00:00+00:00",
                [("Ann", "a2", []), ("Bob", "b1", []), ("Cy", "c1", []), ("Dee", "d1", [])],
            )
        )
    assert second["resolved_flags"] == [
        {"name": "Ann", "code": "too_dark", "photo_changed": True},
        {"name": "Bob", "code": "off_center", "photo_changed": False},
    ]
    assert second["changed_photos"] == ["Ann"]


def test_a_database_from_before_the_trend_gains_its_column(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    # The unversioned schema of earlier releases: three tables, no baseline or flagged column.
    db.execute(
        "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, sources_key TEXT NOT NULL,"
        " started TEXT NOT NULL, finished TEXT NOT NULL, score REAL, report_dir TEXT)"
    )
    db.execute(
        "CREATE TABLE run_people (run_id INTEGER NOT NULL REFERENCES runs(id),"
        " person_id TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL, sha256 TEXT,"
        " flags TEXT NOT NULL, PRIMARY KEY (run_id, person_id))"
    )
    db.execute(
        "CREATE TABLE photos (sources_key TEXT NOT NULL, person_id TEXT NOT NULL,"
        " sha256 TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,"
        " PRIMARY KEY (sources_key, person_id, sha256))"
    )
    db.execute(
        "INSERT INTO runs (sources_key, started, finished, score) VALUES (?, ?, ?, ?)",
        ('["u"]', "2025-12-01T00:00:00+00:00", "2025-12-01T00:00:00+00:00", 70.0),
    )
    db.commit()
    db.close()
    with History(path) as history:
        changes = history.record(_result("2026-01-01T00:00:00+00:00", [("Ann", "a1", [])]))
    assert changes["trend"] == [
        {"started": "2025-12-01T00:00:00+00:00", "score": 70.0, "flagged": None},
        {"started": "2026-01-01T00:00:00+00:00", "score": None, "flagged": 0},
    ]


def test_first_seen_is_kept_while_the_photo_is_unchanged(tmp_path):
    with History(tmp_path / "h.sqlite") as history:
        history.record(_result("2020-03-01T00:00:00+00:00", [("Ann", "a1", [])]))
        history.record(_result("2026-03-01T00:00:00+00:00", [("Ann", "a1", [])]))
        same = history.first_seen(("u",), [Person(id="ann", name="Ann", sha256="a1")])
        new = history.first_seen(("u",), [Person(id="ann", name="Ann", sha256="a2")])
        other_site = history.first_seen(("v",), [Person(id="ann", name="Ann", sha256="a1")])
    assert same == {"ann": datetime.fromisoformat("2020-03-01T00:00:00+00:00")}
    assert new == {}
    assert other_site == {}


def test_runs_of_other_sources_are_not_compared(tmp_path):
    with History(tmp_path / "h.sqlite") as history:
        history.record(_result("2026-01-01T00:00:00+00:00", [("Ann", "a1", [])], ("site-a",)))
        diff = history.record(_result("2026-01-02T00:00:00+00:00", [("Bob", "b", [])], ("site-b",)))
    assert diff["previous_run"] is None


def _team(started: str, ok: dict[str, list[str]], failed: tuple[str, ...] = ()) -> AuditResult:
    """A run where the people in `failed` had a photo that could not be downloaded."""
    photos = [
        PhotoResult(
            person=Person(id=name.lower(), name=name, sha256=f"{name}-1"),
            measurement=Measurement(person_id=name.lower(), status=Status.OK),
            flags=tuple(Flag(code, Severity.WARNING, "m") for code in flags),
        )
        for name, flags in ok.items()
    ]
    photos += [
        PhotoResult(
            person=Person(id=name.lower(), name=name, error="HTTP 503 Service Unavailable"),
            measurement=Measurement(person_id=name.lower(), status=Status.FAILED, error="503"),
        )
        for name in failed
    ]
    run = RunInfo(started=started, finished=started, sources=("u",))
    return AuditResult("headshot-audit", "0", run, TeamStyle(n_photos=len(photos)), tuple(photos))


TEAM = {f"P{i}": [] for i in range(6)} | {"Ann": ["too_dark"], "Bob": ["blurry"]}


def test_a_photo_outage_is_reported_but_not_the_baseline_and_its_flags_are_not_checked(tmp_path):
    with History(tmp_path / "h.sqlite") as history:
        history.record(_team("2026-01-01T00:00:00+00:00", TEAM))
        down = ["Ann", "P0", "P1", "P2"]
        outage = _team(
            "2026-01-08T00:00:00+00:00",
            {n: f for n, f in TEAM.items() if n not in down},
            failed=tuple(down),
        )
        changes = history.record(outage)
        assert changes["baseline"] is False and "4 of 8 photos" in changes["baseline_note"]
        assert changes["resolved_flags"] == []  # Ann's flag was not checked, not fixed
        assert changes["not_checked"] == [{"name": "Ann", "code": "too_dark"}]
        assert changes["departed_people"] == []
        assert history.compare(outage, accept_baseline=True)["baseline"] is True
        back = history.record(_team("2026-01-15T00:00:00+00:00", TEAM))
    # Compared with the last baseline, not the outage: nothing is "new" or "resolved".
    assert back["previous_run"] == "2026-01-01T00:00:00+00:00"
    assert back["new_flags"] == [] and back["resolved_flags"] == [] and back["baseline"]


def test_a_page_that_lost_most_of_its_people_does_not_become_the_baseline(tmp_path):
    with History(tmp_path / "h.sqlite") as history:
        history.record(_team("2026-01-01T00:00:00+00:00", TEAM))
        broken = history.record(_team("2026-01-08T00:00:00+00:00", {"Ann": ["too_dark"]}))
        assert broken["baseline"] is False and "lists 1 people" in broken["baseline_note"]
        assert len(broken["departed_people"]) == 7  # still reported
        again = history.record(_team("2026-01-15T00:00:00+00:00", TEAM))
        assert again["previous_run"] == "2026-01-01T00:00:00+00:00"
        assert again["new_people"] == [] and again["departed_people"] == []
        # A small team shrinking, or a few people leaving, is an ordinary baseline.
        assert history.compare(_team("2026-01-22T00:00:00+00:00", dict(list(TEAM.items())[:5])))[
            "baseline"
        ]


def test_one_failed_photo_keeps_the_run_a_baseline_and_its_flags_wait_for_a_check(tmp_path):
    with History(tmp_path / "h.sqlite") as history:
        history.record(_team("2026-01-01T00:00:00+00:00", TEAM))
        one_down = {n: f for n, f in TEAM.items() if n != "Ann"}
        changes = history.record(_team("2026-01-08T00:00:00+00:00", one_down, failed=("Ann",)))
        assert changes["baseline"] is True
        assert changes["not_checked"] == [{"name": "Ann", "code": "too_dark"}]
        later = history.record(_team("2026-01-15T00:00:00+00:00", TEAM))
    # Ann is compared with the last run that checked her photo: her flag is not "new".
    assert later["new_flags"] == [] and later["resolved_flags"] == []


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "history.sqlite"
    path.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(ReportError, match="not a history database"):
        History(path)
    assert path.read_bytes() == b"these are my notes, not a database" * 100


CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "congress-gpo"


def _grey_jpeg(data: bytes) -> bytes:
    image = Image.open(io.BytesIO(data)).convert("L").convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def _dark_jpeg(data: bytes) -> bytes:
    rgb = np.asarray(Image.open(io.BytesIO(data)).convert("RGB")) / 255.0
    buffer = io.BytesIO()
    Image.fromarray((255 * rgb**2.2 * 0.6).astype(np.uint8)).save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def _audit(photos: dict[str, bytes], started: str) -> AuditResult:
    people = [
        Person(id=name, name=name, photo=data, sha256=hashlib.sha256(data).hexdigest())
        for name, data in photos.items()
    ]
    measurements = measure_all(people, FeaturesConfig())
    analysis = analyse(people, measurements, AnalysisConfig())
    run = RunInfo(started=started, finished=started, sources=("corpus",))
    return AuditResult("headshot-audit", "0", run, analysis.team, analysis.photos, analysis.score)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_two_real_runs_tell_a_fix_from_a_team_that_changed(tmp_path):
    """Ann's dark photo is replaced (fixed). Bob's black-and-white photo stays the same file;
    it stops standing out only because most of the team switched to black-and-white."""
    originals = [f.read_bytes() for f in sorted(CORPUS.glob("*.jpg"))[:14]]
    team = {f"member{i}": data for i, data in enumerate(originals[2:])}
    bob = _grey_jpeg(originals[1])
    first = {"Ann": _dark_jpeg(originals[0]), "Bob": bob, **team}
    # A week later: Ann has a new photo; the rest of the team moved to black-and-white.
    second = {"Ann": originals[0], "Bob": bob, **{k: _grey_jpeg(v) for k, v in team.items()}}
    with History(tmp_path / "h.sqlite") as history:
        run1 = _audit(first, "2026-01-01T00:00:00+00:00")
        codes1 = {p.person.name: {f.code for f in p.flags} for p in run1.photos}
        assert "too_dark" in codes1["Ann"] and "color_mode_mismatch" in codes1["Bob"]
        history.record(run1)
        run2 = _audit(second, "2026-01-08T00:00:00+00:00")
        changes = history.record(run2)
    resolved = {(r["name"], r["code"]): r["photo_changed"] for r in changes["resolved_flags"]}
    assert resolved[("Ann", "too_dark")] is True
    assert resolved[("Bob", "color_mode_mismatch")] is False
    assert "Ann" in changes["changed_photos"] and "Bob" not in changes["changed_photos"]

    html = dict(render_reports(replace(run2, changes=changes)).values())["report.html"]
    fixed = html.index("Fixed since last time (new photo)")
    moved = html.index("No longer stands out (the team changed, not the photo)")
    fixed_part, moved_part = (
        (html[fixed:moved], html[moved:]) if fixed < moved else (html[fixed:], html[moved:fixed])
    )
    assert "Ann" in fixed_part and "Too dark" in fixed_part
    assert "Bob" in moved_part and "Colour vs black-and-white" in moved_part
    assert "Bob" not in fixed_part.split("</div>")[0]
