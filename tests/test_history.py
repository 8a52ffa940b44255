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
