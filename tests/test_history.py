"""The history database: first-seen dates and the diff between two runs of the same sources."""

from __future__ import annotations

from dataclasses import replace
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
        "resolved_flags": [{"name": "Ann", "code": "too_dark"}],
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


def test_previous_flags_for_fail_on_new_survive_a_failed_download(tmp_path):
    with History(tmp_path / "h.sqlite") as history:
        assert history.previous_flags(("u",)) is None  # first run: every flag is new
        history.record(
            _result("2026-01-01T00:00:00+00:00", [("Ann", "a1", ["too_dark"]), ("Bob", "b1", [])])
        )
        assert history.previous_flags(("u",)) == {"ann": {"too_dark"}, "bob": set()}
        assert history.previous_flags(("other",)) is None  # other sources, other history
        outage = _result("2026-01-08T00:00:00+00:00", [("Ann", None, []), ("Bob", "b1", [])])
        failed = replace(
            outage.photos[0],
            measurement=Measurement(person_id="ann", status=Status.FAILED, error="HTTP 503"),
        )
        history.record(replace(outage, photos=(failed, outage.photos[1])))
        # Ann's photo was not checked last time: her flags are those of the run that checked it
        assert history.previous_flags(("u",)) == {"ann": {"too_dark"}, "bob": set()}
