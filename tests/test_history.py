"""The history database: first-seen dates and the diff between two runs of the same sources."""

from __future__ import annotations

from datetime import datetime

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
    db.execute(
        "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, sources_key TEXT NOT NULL,"
        " started TEXT NOT NULL, finished TEXT NOT NULL, score REAL, report_dir TEXT)"
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
