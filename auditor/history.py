"""Memory across scheduled runs: a small SQLite database of runs, people and photo hashes.

Why: a weekly job must say what changed since last week (who joined, who left, whose photo
changed, which flags are new or resolved) and how long each photo has been on the page, which
feeds the `outdated` score. Runs are compared only with earlier runs of the same sources, so one
output root can hold the history of several sites.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from auditor.exceptions import ReportError
from auditor.models import AuditResult, Person, Status

__all__ = ["History"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sources_key TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT NOT NULL,
    score REAL,
    report_dir TEXT
);
CREATE TABLE IF NOT EXISTS run_people (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    person_id TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    sha256 TEXT,
    flags TEXT NOT NULL,
    PRIMARY KEY (run_id, person_id)
);
CREATE TABLE IF NOT EXISTS photos (
    sources_key TEXT NOT NULL,
    person_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    PRIMARY KEY (sources_key, person_id, sha256)
);
"""


def _sources_key(sources: Sequence[str]) -> str:
    """One key per set of sources, order-insensitive."""
    return json.dumps(sorted(sources))


class History:
    """The history database of one output root (see module docstring)."""

    def __init__(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path)
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise ReportError(f"Cannot open the history database {path}: {exc}") from None
        self.path = path

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def first_seen(self, sources: Sequence[str], people: Sequence[Person]) -> dict[str, datetime]:
        """When each person's current photo (same content hash) was first seen, if ever."""
        key = _sources_key(sources)
        seen: dict[str, datetime] = {}
        for person in people:
            if person.sha256 is None:
                continue
            row = self._db.execute(
                "SELECT first_seen FROM photos WHERE sources_key=? AND person_id=? AND sha256=?",
                (key, person.id, person.sha256),
            ).fetchone()
            if row:
                seen[person.id] = datetime.fromisoformat(row[0])
        return seen

    def previous_flags(self, sources: Sequence[str]) -> dict[str, set[str]] | None:
        """Flag codes per person id of the last recorded run of these sources (None: no run).

        Read before `record`, for assertions that fail only on new flags. A person whose photo
        failed to download in that run gets the flags of the last run that checked it, so an
        outage does not make their old flags look new next time.
        """
        key = _sources_key(sources)
        previous = self._db.execute(
            "SELECT id FROM runs WHERE sources_key=? ORDER BY id DESC LIMIT 1", (key,)
        ).fetchone()
        if previous is None:
            return None
        flags: dict[str, set[str]] = {}
        for person_id, status, codes in self._db.execute(
            "SELECT person_id, status, flags FROM run_people WHERE run_id=?", (previous[0],)
        ):
            if status == Status.FAILED.value:
                checked = self._db.execute(
                    "SELECT rp.flags FROM run_people rp JOIN runs r ON r.id = rp.run_id"
                    " WHERE r.sources_key=? AND rp.person_id=? AND rp.status != ?"
                    " ORDER BY r.id DESC LIMIT 1",
                    (key, person_id, Status.FAILED.value),
                ).fetchone()
                codes = checked[0] if checked else codes
            flags[person_id] = set(json.loads(codes))
        return flags

    def record(self, result: AuditResult, report_dir: Path | None = None) -> dict[str, Any]:
        """Store this run and return what changed since the previous run of the same sources."""
        key = _sources_key(result.run.sources)
        previous = self._db.execute(
            "SELECT id, started FROM runs WHERE sources_key=? ORDER BY id DESC LIMIT 1", (key,)
        ).fetchone()
        changes = self._diff(previous, result)
        now = result.run.started
        with self._db:
            cur = self._db.execute(
                "INSERT INTO runs (sources_key, started, finished, score, report_dir)"
                " VALUES (?, ?, ?, ?, ?)",
                (key, now, result.run.finished, result.score, str(report_dir or "")),
            )
            run_id = cur.lastrowid
            for photo in result.photos:
                person = photo.person
                flags = sorted({f.code for f in photo.flags})
                self._db.execute(
                    "INSERT OR REPLACE INTO run_people VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        run_id,
                        person.id,
                        person.name,
                        photo.status.value,
                        person.sha256,
                        json.dumps(flags),
                    ),
                )
                if person.sha256:
                    self._db.execute(
                        "INSERT INTO photos VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE"
                        " SET last_seen=excluded.last_seen",
                        (key, person.id, person.sha256, now, now),
                    )
        return changes

    def _diff(self, previous: tuple[int, str] | None, result: AuditResult) -> dict[str, Any]:
        """Compare this result with the stored snapshot of the previous run."""
        if previous is None:
            return {
                "previous_run": None,
                "new_people": [],
                "departed_people": [],
                "changed_photos": [],
                "new_flags": [],
                "resolved_flags": [],
            }
        run_id, started = previous
        before = {
            row[0]: (row[1], row[2], set(json.loads(row[3])))
            for row in self._db.execute(
                "SELECT person_id, name, sha256, flags FROM run_people WHERE run_id=?", (run_id,)
            )
        }
        now = {
            p.person.id: (p.person.name, p.person.sha256, {f.code for f in p.flags})
            for p in result.photos
        }
        new_flags, resolved_flags = [], []
        for pid in now.keys() & before.keys():
            name = now[pid][0]
            new_flags += [{"name": name, "code": c} for c in sorted(now[pid][2] - before[pid][2])]
            resolved_flags += [
                {"name": name, "code": c} for c in sorted(before[pid][2] - now[pid][2])
            ]
        return {
            "previous_run": started,
            "new_people": [now[pid][0] for pid in now if pid not in before],
            "departed_people": [before[pid][0] for pid in before if pid not in now],
            "changed_photos": [
                now[pid][0]
                for pid in now
                if pid in before
                and now[pid][1]
                and before[pid][1]
                and now[pid][1] != before[pid][1]
            ],
            "new_flags": new_flags,
            "resolved_flags": resolved_flags,
        }
