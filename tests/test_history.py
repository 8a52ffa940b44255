"""The history database: first-seen dates and the diff between two runs of the same sources."""

from __future__ import annotations

from datetime import datetime

import pytest

from auditor.exceptions import ReportError
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
        "resolved_flags": [{"name": "Ann", "code": "too_dark"}],
        "not_checked": [],
        "baseline": True,
        "baseline_note": None,
    }


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
