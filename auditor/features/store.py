"""Measures kept between runs: a re-run measures only the photos that are new or changed.

A weekly job audits the same page again and again; most photos come back byte for byte the
same (the HTTP cache answers 304), yet each cost ~80 ms of CPU to measure. `MeasureStore`
keeps every measured photo's `Measurement` in one SQLite file, keyed by what the measurement
is a function of:

    key = sha256(measures version, the photo's sha256, the HTTP facts the measures read)

- the photo's bytes (their sha256): a changed photo is a new key;
- the HTTP facts (`content_type`, `last_modified`, `etag`; not `from_cache`, which says how
  the bytes arrived, not what they are): `meta.last_modified_year` reads the date;
- the measures version (`measures_version`): a hash of every file of `auditor/features/`
  (the measures, the detectors, the decoder, this serialiser) and `auditor/models.py`, the
  installed versions of the libraries that compute pixels (OpenCV, dlib and its model files,
  numpy, Pillow, scikit-image, scipy), the Python version, and every `FeaturesConfig` field
  except the few that only say where or how long a photo is measured (`RUN_ONLY_FIELDS`).
  A package version string alone would not do: during development the code changes under
  the same version. The hash is taken once per process (~5 ms), so an entry written by other
  code or other settings is never found, let alone used.

Only complete measurements are kept (status ok or no_face, no measure that raised): a failed
decode or a timeout is measured again next time. The store is a cache: whatever goes wrong
with it (a corrupt file, a locked or read-only one, a full disk) is a warning, and the run
measures what it could not reuse. SQLite in WAL mode lets concurrent runs read and write it;
writes go in one transaction at the end of the measuring, with the least recently used
entries beyond `max_entries` evicted in the same transaction.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from auditor import __version__
from auditor.config import FeaturesConfig
from auditor.models import Measurement, Person, Status

__all__ = ["RUN_ONLY_FIELDS", "MeasureStore", "StoreStats", "hash_files", "measures_version"]

log = logging.getLogger("auditor")

# Table layout; a file of another format is rebuilt, never read.
STORE_FORMAT = 1
# FeaturesConfig fields that cannot change a measured value: how many processes, where, and
# how long one photo may take (a photo that ran out of time is failed, and never stored).
RUN_ONLY_FIELDS = frozenset({"workers", "executor", "dask_scheduler", "photo_timeout"})
# The distributions whose code turns pixels into measures, by the module they provide (the
# first one installed counts). Read from their metadata: importing OpenCV in the main process
# would cost a pooled run its head start.
LIBRARIES: dict[str, tuple[str, ...]] = {
    "cv2": (
        "opencv-python-headless",
        "opencv-python",
        "opencv-contrib-python-headless",
        "opencv-contrib-python",
    ),
    "dlib": ("dlib", "dlib-bin"),
    "face_recognition_models": ("face_recognition_models", "face-recognition-models"),
    "numpy": ("numpy",),
    "PIL": ("pillow", "Pillow"),
    "scikit-image": ("scikit-image",),
    "scipy": ("scipy",),
}
# New measures are not written when the disk would be left with less free space than this
# (the HTTP cache's reserve, auditor/crawl/cache.py): a cache must not take the report's room.
RESERVE_FREE_BYTES = 256 * 1024 * 1024
BUSY_TIMEOUT_S = 10.0  # how long a run waits for another run's write before giving up on it
_FEATURES = Path(__file__).resolve().parent
_SOURCES = (_FEATURES, _FEATURES.parent / "models.py")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS measures (
    key TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    photo_sha256 TEXT NOT NULL,
    used INTEGER NOT NULL,
    record TEXT NOT NULL,
    thumbnail BLOB
);
CREATE INDEX IF NOT EXISTS measures_used ON measures (used);
"""


def _library_versions() -> dict[str, str]:
    import importlib.metadata  # only once a store is opened: not on every start-up

    versions = {}
    for module, distributions in LIBRARIES.items():
        versions[module] = "-"
        for name in distributions:
            try:
                versions[module] = f"{name} {importlib.metadata.version(name)}"
                break
            except importlib.metadata.PackageNotFoundError:
                continue
    return versions


def hash_files(*roots: Path) -> str:
    """One hash of every file under `roots` (names and contents; compiled caches left out)."""
    digest = hashlib.sha256()
    for root in roots:
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(path.relative_to(root.parent).as_posix().encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@functools.cache
def _code_version() -> str:
    """Hash of the measuring code's files, the pixel libraries' versions and Python's."""
    libraries = {**_library_versions(), "python": sys.version.split()[0], "auditor": __version__}
    return hash_files(*_SOURCES) + json.dumps(libraries, sort_keys=True)


def measures_version(config: FeaturesConfig) -> str:
    """What a photo's measures are a function of besides the photo: code, libraries, settings."""
    settings = config.model_dump(mode="json", exclude=set(RUN_ONLY_FIELDS))
    text = json.dumps({"code": _code_version(), "settings": settings}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _photo_key(person: Person, version: str) -> tuple[str, str]:
    """The store key of a person's photo (its bytes, the HTTP facts measured, the version),
    and the photo's sha256."""
    assert person.photo is not None
    sha = person.sha256 or hashlib.sha256(person.photo).hexdigest()
    http = person.http
    facts = [version, sha, http.content_type, http.last_modified, http.etag]
    return hashlib.sha256(json.dumps(facts).encode()).hexdigest(), sha


class _NotAStore(Exception):
    """The file is another program's SQLite database: it is left exactly as it is."""


def _storable(measurement: Measurement) -> bool:
    """A complete measurement: worth keeping. A failure may be transient: measured again."""
    return measurement.status in (Status.OK, Status.NO_FACE) and not any(
        name.startswith("error.") for name in measurement.info
    )


def _encode(measurement: Measurement) -> str:
    """Every field but the person id and thumbnail, as JSON (floats round-trip exactly)."""
    return json.dumps(
        {
            "status": measurement.status.value,
            "error": measurement.error,
            "features": measurement.features,
            "info": measurement.info,
            "face_box": measurement.face_box,
        },
        allow_nan=False,
    )


def _decode(record: str, thumbnail: bytes | None) -> Measurement:
    data = json.loads(record)
    box = data["face_box"]
    return Measurement(
        person_id="",
        status=Status(data["status"]),
        error=data["error"],
        features=dict(data["features"]),
        info=dict(data["info"]),
        thumbnail=None if thumbnail is None else bytes(thumbnail),
        face_box=None if box is None else (box[0], box[1], box[2], box[3]),
    )


@dataclass
class StoreStats:
    """What the store did in one run: photos reused, measured, stored and evicted."""

    reused: int = 0
    measured: int = 0
    stored: int = 0
    evicted: int = 0
    problems: list[str] = field(default_factory=list)


class MeasureStore:
    """Measurements of earlier runs by photo key, in a SQLite file (thread-safe).

    `lookup` is called by the crawler's download threads as photos arrive; `remember` and
    `commit` by the measurer once the new photos are measured. Any SQLite error is logged once
    and turns the store off for the rest of the run; a file that is not a store database is
    moved aside to `<name>.corrupt` and a new one started.
    """

    def __init__(self, path: Path, config: FeaturesConfig, *, max_entries: int) -> None:
        self.path = path
        self.max_entries = max_entries
        self.stats = StoreStats()
        self._lock = threading.Lock()
        self._used: set[str] = set()
        self._shas: dict[str, str] = {}  # key -> photo sha256, for the keys measured this run
        self._new: dict[str, Measurement] = {}
        self._db: sqlite3.Connection | None = None
        self._corrupt = False  # found damaged mid-run: moved aside by close()
        try:
            self.version = measures_version(config)
        except OSError as exc:  # the code cannot be read: nothing can be known to be the same
            self.version = ""
            self._problem(f"the measuring code could not be read ({exc}); every photo is measured")
            return
        try:
            self._db = self._open()
        except _NotAStore as exc:
            self._problem(f"{self.path} {exc}; it was not changed, every photo is measured")
        except (sqlite3.DatabaseError, OSError) as exc:
            self._rebuild(exc)

    # -- the run's calls ------------------------------------------------------------------------

    def lookup(self, person: Person) -> tuple[str, Measurement | None]:
        """The photo's key, and its stored measurement (None: measure it) for this person."""
        key, sha = _photo_key(person, self.version)
        with self._lock:
            row = self._query(
                "SELECT record, thumbnail FROM measures WHERE key = ? AND version = ?",
                (key, self.version),
            )
            if row is None:
                self.stats.measured += 1
                self._shas[key] = sha
                return key, None
            try:
                found = _decode(*row)
            except (ValueError, KeyError, TypeError, IndexError) as exc:
                self._problem(f"an unreadable entry was measured again ({exc})")
                self.stats.measured += 1
                self._shas[key] = sha
                return key, None
            self.stats.reused += 1
            self._used.add(key)
        return key, replace(found, person_id=person.id)

    def remember(self, key: str, measurement: Measurement) -> None:
        """Keep a newly measured photo's measurement (written by `commit`)."""
        if _storable(measurement):
            with self._lock:
                self._new[key] = measurement

    def commit(self) -> None:
        """Write the new measurements, mark the reused ones used, evict beyond `max_entries`."""
        with self._lock:
            if self._db is None or not (self._new or self._used):
                return
            now = int(time.time())
            if self._new and not self._room_for(self._new.values()):
                self._problem(f"less than {RESERVE_FREE_BYTES >> 20} MB free: nothing stored")
                self._new.clear()
            rows = [
                (key, self.version, self._shas.get(key, ""), now, _encode(m), m.thumbnail)
                for key, m in self._new.items()
            ]
            try:
                with self._db:  # one transaction: all or nothing
                    self._db.executemany(
                        "INSERT OR REPLACE INTO measures "
                        "(key, version, photo_sha256, used, record, thumbnail) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        rows,
                    )
                    self._db.executemany(
                        "UPDATE measures SET used = ? WHERE key = ?",
                        [(now, key) for key in self._used],
                    )
                    self.stats.evicted += self._evict()
                self.stats.stored += len(rows)
            except (sqlite3.DatabaseError, ValueError) as exc:
                self._fail(exc)
            self._new.clear()
            self._used.clear()

    def close(self) -> None:
        """Close the database; a store found damaged during the run is moved aside, so the
        next run starts a new one."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
            if self._corrupt:
                self._corrupt = False
                try:
                    os.replace(self.path, self.path.with_name(self.path.name + ".corrupt"))
                    for suffix in ("-wal", "-shm"):
                        Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                except OSError:
                    pass  # the next run finds it damaged and moves it aside itself

    def summary(self) -> str:
        """One line for the run's log: how many photos were reused and measured."""
        s = self.stats
        return (
            f"Measure store: {s.reused} photos reused, {s.measured} measured, "
            f"{s.stored} stored, {s.evicted} evicted ({self.path})"
        )

    # -- internals ------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        try:
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if tables and "measures" not in tables:  # checked before anything is written
                raise _NotAStore(f"is another program's database (tables: {sorted(tables)})")
            db.execute("PRAGMA journal_mode=WAL")  # concurrent runs: readers never wait
            db.execute("PRAGMA synchronous=NORMAL")  # a cache: a lost last write costs a measure
            if not tables:
                # one transaction: a run opening the file meanwhile sees no tables or all of
                # them with the format row, never "meta" alone (read as another program's
                # database) or no format yet (read as a damaged store and moved aside)
                db.executescript(
                    f"BEGIN IMMEDIATE; {_SCHEMA} "
                    f"INSERT OR IGNORE INTO meta VALUES ('format', '{int(STORE_FORMAT)}'); COMMIT;"
                )
            row = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
            if row is None or row[0] != str(STORE_FORMAT):
                raise sqlite3.DatabaseError(f"store format {row and row[0]}, not {STORE_FORMAT}")
            db.isolation_level = "DEFERRED"  # `with db:` blocks are transactions
        except BaseException:
            db.close()
            raise
        return db

    def _rebuild(self, exc: BaseException) -> None:
        """Move an unusable file aside and start an empty store; failing that, run without."""
        aside = self.path.with_name(self.path.name + ".corrupt")
        try:
            if self.path.exists():
                os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._db = self._open()
            self._problem(
                f"{self.path} could not be used ({exc}); moved to {aside.name}, "
                "a new store was started"
            )
        except (sqlite3.DatabaseError, OSError) as again:
            self._db = None
            self._problem(f"{self.path} could not be used ({again}); every photo is measured")

    def _query(self, sql: str, args: tuple[str, ...]) -> tuple[str, bytes | None] | None:
        if self._db is None:
            return None
        try:
            return self._db.execute(sql, args).fetchone()
        except sqlite3.DatabaseError as exc:
            self._fail(exc)
            return None

    def _room_for(self, measurements: Iterable[Measurement]) -> bool:
        need = sum(len(m.thumbnail or b"") + 4096 for m in measurements)  # ~4 kB of JSON each
        try:
            return shutil.disk_usage(self.path.parent).free - need >= RESERVE_FREE_BYTES
        except OSError:
            return False

    def _evict(self) -> int:
        """Delete the least recently used entries beyond `max_entries` (inside a transaction)."""
        assert self._db is not None
        (count,) = self._db.execute("SELECT COUNT(*) FROM measures").fetchone()
        extra = count - self.max_entries
        if extra <= 0:
            return 0
        self._db.execute(
            "DELETE FROM measures WHERE key IN "
            "(SELECT key FROM measures ORDER BY used, key LIMIT ?)",
            (extra,),
        )
        return extra

    def _fail(self, exc: BaseException) -> None:
        """A SQLite error mid-run: warn once and measure without the store from here on."""
        busy = isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)
        self._problem(
            f"{self.path} is busy (another run is writing); this run's measures are not stored"
            if busy
            else f"{self.path} failed ({exc}); the rest of this run measures without it"
        )
        if not busy and self._db is not None:
            self._db.close()
            self._db = None
            self._corrupt = isinstance(exc, sqlite3.DatabaseError) and not isinstance(
                exc, sqlite3.OperationalError
            )

    def _problem(self, message: str) -> None:
        self.stats.problems.append(message)
        log.warning("Measure store: %s", message)
