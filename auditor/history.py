"""Memory across scheduled runs: a small SQLite database of runs, people and photo hashes.

Why: a weekly job must say what changed since last week (who joined, who left, whose photo
changed, which flags are new or resolved) and how long each photo has been on the page, which
feeds the `outdated` score. Runs are compared only with earlier runs of the same sources, so one
output root can hold the history of several sites.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from auditor.exceptions import ReportError
from auditor.models import AuditResult, Person, PhotoResult, Severity, Status

__all__ = ["History"]

# PRAGMA application_id of our databases ("hsau"): a SQLite file without it is not ours.
APPLICATION_ID = 0x68736175
# 0: before versioning (the three tables, no application_id); 1: runs.baseline;
# 2: runs.flagged (the trend's count of flagged photos).
SCHEMA_VERSION = 2
# Seconds to wait for another program holding the database before giving up with a message.
BUSY_TIMEOUT_S = 10.0
# A run does not become the baseline when more than this share of its photos failed to
# download (at least MIN_FAILED_FOR_VERDICT of them): an outage, not a change of the team.
MAX_FAILED_DOWNLOAD_SHARE = 0.25
MIN_FAILED_FOR_VERDICT = 2
# ...nor when the page lists fewer than this share of the people of the last baseline run
# (of at least MIN_TEAM_FOR_DROP people): a broken page, more likely than a team leaving.
MIN_KEPT_PEOPLE_SHARE = 0.5
MIN_TEAM_FOR_DROP = 5
# Severities that make a photo count as flagged in the trend (as in the report's summary).
_FLAGGED = (Severity.WARNING, Severity.ERROR)
# The trend lists at most this many of the latest runs.
TREND_RUNS = 24

_TABLES = {"runs", "run_people", "photos"}
_SQLITE_INTERNAL = {"sqlite_sequence"}
_LEGACY_RUN_COLUMNS = {"id", "sources_key", "started", "finished", "score", "report_dir"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sources_key TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT NOT NULL,
    score REAL,
    report_dir TEXT,
    baseline INTEGER NOT NULL DEFAULT 1,
    flagged INTEGER
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
_MIGRATIONS = {
    0: "ALTER TABLE runs ADD COLUMN baseline INTEGER NOT NULL DEFAULT 1;",
    1: "ALTER TABLE runs ADD COLUMN flagged INTEGER;",
}


_T = TypeVar("_T")


def _explained(method: Callable[..., _T]) -> Callable[..., _T]:
    """A read of the history that fails (another program locking it) says so plainly."""

    @functools.wraps(method)
    def wrapper(self: History, *args: Any, **kwargs: Any) -> _T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise ReportError(self._explain(exc, before_crawl=False)) from None

    return wrapper


def _sources_key(sources: Sequence[str]) -> str:
    """One key per set of sources, order-insensitive."""
    return json.dumps(sorted(sources))


def _flagged(result: AuditResult) -> int:
    """How many photos carry a warning or an error (the trend's count)."""
    return sum(p.worst_severity in _FLAGGED for p in result.photos)


def _is_download_failure(photo: PhotoResult) -> bool:
    """A photo that was never checked: it failed before or while being downloaded/decoded."""
    return photo.status is Status.FAILED


class History:
    """The history database of one output root (see module docstring).

    Opening it checks, before any crawl, that the file is ours (or new), migrates an older
    schema, refuses a newer one, and proves it can write (read-only file, another program
    holding it): every problem is a `ReportError` with a plain message.
    """

    def __init__(self, path: Path, *, busy_timeout: float | None = None) -> None:
        self.path = path
        self._timeout = BUSY_TIMEOUT_S if busy_timeout is None else busy_timeout
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                path,
                timeout=self._timeout,
                isolation_level=None,  # transactions are explicit: BEGIN IMMEDIATE ... COMMIT
            )
        except (OSError, sqlite3.Error) as exc:
            raise ReportError(f"Cannot open the history database {path}: {exc}") from None
        try:
            self._open()
        except BaseException:
            self._db.close()
            raise

    def _open(self) -> None:
        try:
            app_id = self._db.execute("PRAGMA application_id").fetchone()[0]
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            tables = {
                row[0]
                for row in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        except sqlite3.OperationalError as exc:  # locked, unreadable
            raise ReportError(self._explain(exc, before_crawl=True)) from None
        except sqlite3.DatabaseError as exc:  # "file is not a database"
            raise ReportError(
                f"{self.path} is not a history database of headshot-audit ({exc}); "
                "set history.path to another file, or move this one away."
            ) from None
        if app_id not in (0, APPLICATION_ID) or not self._looks_ours(app_id, tables):
            shown = ", ".join(sorted(tables - _SQLITE_INTERNAL)) or "none"
            raise ReportError(
                f"{self.path} is a SQLite database of another program (tables: {shown}); "
                "it was not changed. Set history.path to another file."
            )
        if app_id == APPLICATION_ID and version > SCHEMA_VERSION:
            raise ReportError(
                f"{self.path} was written by a newer headshot-audit (history schema {version}, "
                f"this version reads up to {SCHEMA_VERSION}); upgrade headshot-audit."
            )
        fresh = not (tables - _SQLITE_INTERNAL)
        with self._write(before_crawl=True):
            if fresh:
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    self._db.execute(statement)
            else:
                for step in range(version, SCHEMA_VERSION):
                    self._db.execute(_MIGRATIONS[step])
            # Also the write probe: a read-only file fails here, before the crawl.
            self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _looks_ours(self, app_id: int, tables: set[str]) -> bool:
        mine = tables - _SQLITE_INTERNAL
        if app_id == APPLICATION_ID or not mine:
            return True
        if mine != _TABLES:
            return False
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(runs)")}
        return columns == _LEGACY_RUN_COLUMNS  # the unversioned schema of earlier releases

    @contextmanager
    def _write(self, *, before_crawl: bool = False) -> Iterator[None]:
        """One write transaction; problems become messages a user can act on."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self._db.in_transaction:  # SQLite may have rolled back itself (disk full)
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise ReportError(self._explain(exc, before_crawl)) from None

    def _explain(self, exc: sqlite3.Error, before_crawl: bool) -> str:
        name = getattr(exc, "sqlite_errorname", "")
        when = "Nothing was crawled." if before_crawl else "The run was not recorded."
        if name == "SQLITE_READONLY" or "readonly" in str(exc):
            return f"The history database {self.path} is read-only. {when}"
        if name.startswith("SQLITE_BUSY") or "locked" in str(exc):
            return (
                f"The history database {self.path} is locked by another program "
                f"(waited {self._timeout:g} s). {when}"
            )
        if name == "SQLITE_FULL" or "full" in str(exc):
            return f"The disk holding the history database {self.path} is full. {when}"
        return f"The history database {self.path} could not be written ({exc}). {when}"

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @_explained
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

    @_explained
    def compare(self, result: AuditResult, *, accept_baseline: bool = False) -> dict[str, Any]:
        """What changed since the last baseline run of the same sources (nothing is written).

        Also says whether this run may become the baseline: not when many photos failed to
        download or the page lost most of its people, unless `accept_baseline`.
        """
        key = _sources_key(result.run.sources)
        previous = self._db.execute(
            "SELECT id, started FROM runs WHERE sources_key=? AND baseline=1"
            " ORDER BY id DESC LIMIT 1",
            (key,),
        ).fetchone()
        changes = self._diff(key, previous, result)
        reason = None if accept_baseline else self._not_a_baseline(previous, result)
        changes["baseline"] = reason is None
        changes["baseline_note"] = reason
        current = {
            "started": result.run.started,
            "score": result.score,
            "flagged": _flagged(result),
        }
        changes["trend"] = [*self.trend(result.run.sources)[-(TREND_RUNS - 1) :], current]
        return changes

    @_explained
    def trend(self, sources: Sequence[str]) -> list[dict[str, Any]]:
        """The latest recorded runs of these sources, oldest first: {started, score, flagged}.

        `flagged` is None for runs recorded before the count was kept.
        """
        rows = self._db.execute(
            "SELECT started, score, flagged FROM runs WHERE sources_key=? ORDER BY id DESC LIMIT ?",
            (_sources_key(sources), TREND_RUNS),
        ).fetchall()
        return [{"started": r[0], "score": r[1], "flagged": r[2]} for r in reversed(rows)]

    def record(
        self,
        result: AuditResult,
        report_dir: Path | None = None,
        *,
        baseline: bool | None = None,
    ) -> dict[str, Any]:
        """Store this run and return what changed since the previous baseline run.

        `baseline=None` lets `compare` decide; a run that is not a baseline is stored (its
        report folder is known, photos' first-seen dates count) but never compared against.
        """
        changes = self.compare(result)
        if baseline is None:
            baseline = changes["baseline"]
        key = _sources_key(result.run.sources)
        now = result.run.started
        folder = str(report_dir.absolute()) if report_dir is not None else ""
        with self._write():
            cur = self._db.execute(
                "INSERT INTO runs"
                " (sources_key, started, finished, score, report_dir, baseline, flagged)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    now,
                    result.run.finished,
                    result.score,
                    folder,
                    int(baseline),
                    _flagged(result),
                ),
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

    @_explained
    def prunable_runs(self, root: Path, *, keep: int, never: Path) -> list[Path]:
        """Report folders this tool recorded in `root`, beyond the newest `keep`, oldest first.

        Ordered by when they were recorded, not by clock or name, so a clock that went back
        cannot make the run just written look old; `never` is never listed.
        """
        root = root.absolute()
        folders: list[Path] = []
        for (report_dir,) in self._db.execute(
            "SELECT report_dir FROM runs WHERE report_dir != '' ORDER BY id DESC"
        ):
            folder = Path(report_dir)
            if folder.is_absolute() and folder.parent == root and folder not in folders:
                folders.append(folder)
        never = never.absolute()
        kept = [f for f in folders if f != never][: max(keep - 1, 0)]
        return [f for f in reversed(folders) if f != never and f not in kept]

    def forget_folder(self, folder: Path) -> None:
        """Note that a pruned report folder is gone (its runs stay in the history)."""
        with self._write():
            self._db.execute(
                "UPDATE runs SET report_dir='' WHERE report_dir=?", (str(folder.absolute()),)
            )

    def _not_a_baseline(self, previous: tuple[int, str] | None, result: AuditResult) -> str | None:
        """Why this run should not become the baseline (None: it may)."""
        tried = [p for p in result.photos if p.status is not Status.NO_PHOTO]
        failed = [p for p in tried if _is_download_failure(p)]
        if len(failed) >= MIN_FAILED_FOR_VERDICT and len(failed) > MAX_FAILED_DOWNLOAD_SHARE * len(
            tried
        ):
            return (
                f"{len(failed)} of {len(tried)} photos could not be checked (download or "
                "decoding failed), so this run was not made the baseline for the next "
                "comparison. Run with --accept-baseline if this is the page's real state."
            )
        if previous is not None:
            (before,) = self._db.execute(
                "SELECT COUNT(*) FROM run_people WHERE run_id=?", (previous[0],)
            ).fetchone()
            now = len(result.photos)
            if before >= MIN_TEAM_FOR_DROP and now < MIN_KEPT_PEOPLE_SHARE * before:
                return (
                    f"The page lists {now} people; the last run listed {before}. This run was "
                    "not made the baseline for the next comparison (a broken page is more "
                    "likely than a team leaving). Run with --accept-baseline if it is real."
                )
        return None

    def _diff(
        self, key: str, previous: tuple[int, str] | None, result: AuditResult
    ) -> dict[str, Any]:
        """Compare this result with the stored snapshot of the previous baseline run.

        A person whose photo could not be checked now has flags "not checked", never
        "resolved"; one not checked last time is compared with the last run that checked them.
        """
        changes: dict[str, Any] = {
            "previous_run": None,
            "new_people": [],
            "departed_people": [],
            "changed_photos": [],
            "new_flags": [],
            "resolved_flags": [],
            "not_checked": [],
        }
        if previous is None:
            return changes
        run_id, started = previous
        before = {
            row[0]: (row[1], row[2], set(json.loads(row[3])), row[4])
            for row in self._db.execute(
                "SELECT person_id, name, sha256, flags, status FROM run_people WHERE run_id=?",
                (run_id,),
            )
        }
        photos = {p.person.id: p for p in result.photos}
        for pid in (pid for pid in photos if pid in before):  # page order, deterministic
            _name, sha_before, flags_before, status = before[pid]
            if status == Status.FAILED.value:
                flags_before = self._last_checked_flags(key, pid)
            photo = photos[pid]
            now_flags = {f.code for f in photo.flags}
            if _is_download_failure(photo):
                changes["not_checked"] += [
                    {"name": photo.person.name, "code": c} for c in sorted(flags_before)
                ]
                continue
            changes["new_flags"] += [
                {"name": photo.person.name, "code": c} for c in sorted(now_flags - flags_before)
            ]
            # A flag gone from an unchanged photo was not fixed: the team around it changed
            # (the house style moved), so only a new photo file counts as a fix.
            sha = photo.person.sha256
            photo_changed = bool(sha and sha_before and sha != sha_before)
            changes["resolved_flags"] += [
                {"name": photo.person.name, "code": c, "photo_changed": photo_changed}
                for c in sorted(flags_before - now_flags)
            ]
        changes["previous_run"] = started
        changes["new_people"] = [p.person.name for pid, p in photos.items() if pid not in before]
        changes["departed_people"] = [row[0] for pid, row in before.items() if pid not in photos]
        changes["changed_photos"] = [
            p.person.name
            for pid, p in photos.items()
            if pid in before
            and p.person.sha256
            and before[pid][1]
            and p.person.sha256 != before[pid][1]
        ]
        return changes

    def _last_checked_flags(self, key: str, person_id: str) -> set[str]:
        """The flags of the last baseline run in which this person's photo was checked."""
        row = self._db.execute(
            "SELECT rp.flags FROM run_people rp JOIN runs r ON r.id = rp.run_id"
            " WHERE r.sources_key=? AND r.baseline=1 AND rp.person_id=? AND rp.status != ?"
            " ORDER BY r.id DESC LIMIT 1",
            (key, person_id, Status.FAILED.value),
        ).fetchone()
        return set(json.loads(row[0])) if row else set()
