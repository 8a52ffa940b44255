"""The life of one run in its output root: lock, staging folder, atomic publish, history, `latest`.

Why: the tool runs unattended (cron, CI), where runs are killed, overlap and meet full disks.
Whatever happens, what earlier runs recorded must stay intact. A run goes through these steps,
each only after the previous one succeeded:

    lock the root (a second run waits, or refuses with --no-wait)
    -> clean what killed runs left (staging folders, temp files, empty run folders)
    -> check the disk has room and a fixed --out folder holds only reports
    -> [crawl, measure, analyse: the caller's work]
    -> write every report file into root/.headshot-audit-staging-*/ and fsync it
    -> one rename publishes the folder (a fixed --out folder is swapped as a whole)
    -> history records the run -> `latest` is re-pointed (one rename) -> old runs are pruned

So a run that fails or is stopped at any point leaves the previous report, `latest` and
history exactly as they were, and the next run cleans what it left. Pruning deletes only
folders history recorded as this tool's runs in this root, never the one just written.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import re
import shutil
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: runs into one root are not serialised there
    fcntl = None  # type: ignore[assignment]

from auditor.config import ReportConfig
from auditor.exceptions import AuditError, ReportError
from auditor.fixes.names import DRAFT_NAME, FIXES_FOLDER
from auditor.history import History
from auditor.models import AuditResult
from auditor.report import write_reports
from auditor.report.formats import make_formats
from auditor.report.pdf import PDF_FILENAME

__all__ = ["MIN_FREE_BYTES", "RootBusy", "RunFolder", "disk_full_message"]

log = logging.getLogger("auditor")

LOCK_NAME = ".headshot-audit.lock"
STAGING_PREFIX = ".headshot-audit-staging-"  # a run's report while it is being written
RETIRED_PREFIX = ".headshot-audit-retired-"  # a fixed --out folder's previous report, mid-swap
LATEST = "latest"
CACHE_DIR = ".http-cache"  # the HTTP cache's default place, inside the root
LATEST_TEXT = "latest.txt"  # where symlinks are not supported
# Run folders older versions created (and left empty when killed): removed only when empty.
LEGACY_RUN_NAME = re.compile(r"^\d{8}T\d{6}Z(?:-\d+)?$")
# A run refuses to start with less free space than this in its output root: the report,
# history and HTTP cache need room, and refusing before the crawl costs nothing.
MIN_FREE_BYTES = 16 * 1024 * 1024
# Leftover temp files of the report writer (".report.json.ab12.tmp") in a fixed --out folder.
_REPORT_TEMP = re.compile(r"^\..+\.tmp$")
_CACHE_TEMP = ".tmp-"  # the HTTP cache's temp files (auditor/crawl/cache.py)
_RENAME_EXCHANGE = 2  # renameat2 flag (Linux): swap two paths in one step
_AT_FDCWD = -100


class RootBusy(AuditError):
    """Raised with --no-wait when another run holds the output root's lock."""


def disk_full_message(path: Path) -> str:
    """The sentence shown when the disk of `path` is full."""
    return (
        f"The disk holding {path} is full. Nothing was changed: the previous report, "
        "`latest` and history are as they were. Free some space and run again."
    )


def _report_file_names() -> frozenset[str]:
    """The names of the files the report stage writes (what a fixed --out folder may hold)."""
    names = {fmt.filename for fmt in make_formats((), ReportConfig())}
    return frozenset({*names, PDF_FILENAME})


def _is_drafts_folder(path: Path) -> bool:
    """The fixes stage's folder of corrected drafts (written by this tool, replaced with it)."""
    return (
        path.is_dir()
        and not path.is_symlink()
        and path.name == FIXES_FOLDER
        and all(p.is_file() and DRAFT_NAME.fullmatch(p.name) for p in path.iterdir())
    )


def _fsync_dir(path: Path) -> None:
    """Make a rename or new entry in `path` durable (the directory's own metadata)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step where the kernel offers it (Linux renameat2)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return done == 0


class RunFolder:
    """One run's place in an output root; use as a context manager around the whole run.

    `out=None` writes `default_root/<UTC time>` (unique even for runs in the same second),
    keeps `latest` pointing at it and prunes old runs. A fixed `out` folder is replaced as a
    whole by each run and never pruned.
    """

    def __init__(
        self,
        out: Path | None,
        *,
        default_root: Path,
        wait: bool = True,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        target = Path(out if out is not None else default_root / "_").absolute()
        self.root = target.parent
        self._target_name = target.name if out is not None else None
        self.managed = out is None or self.root == Path(default_root).absolute()
        self.wait = wait
        self.on_wait = on_wait or (lambda message: log.warning("%s", message))
        self.staging: Path | None = None
        self._lock_fd: int | None = None
        self._stamp = ""

    @property
    def cache_dir(self) -> Path:
        """Where the HTTP cache lives unless configured elsewhere."""
        return self.root / CACHE_DIR

    # -- the run's frame ------------------------------------------------------------------------

    def __enter__(self) -> RunFolder:
        return self.open()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def open(self) -> RunFolder:
        """Lock the root, clean leftovers, check room and --out, make the staging folder."""
        try:
            if self._target_name is not None:  # before lock and mkdir: a refusal leaves no trace
                self._check_out(self.root / self._target_name)
            self.root.mkdir(parents=True, exist_ok=True)
            self._lock()
            self.clean_leftovers()
            self._check_free_space()
            if self._target_name is not None:
                self._check_replaceable(self.root / self._target_name)
            self._stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")  # when the run starts
            self.staging = self.root / f"{STAGING_PREFIX}{uuid.uuid4().hex[:12]}"
            self.staging.mkdir()
        except OSError as exc:
            self._unlock()
            raise self._error(exc) from None
        except BaseException:
            self._unlock()
            raise
        return self

    def close(self) -> None:
        """Remove an unpublished staging folder and release the lock (safe to call twice)."""
        try:
            if self.staging is not None and self.staging.exists():
                shutil.rmtree(self.staging, ignore_errors=True)  # an unpublished run leaves nothing
        finally:
            self._unlock()

    # -- the end of a run -----------------------------------------------------------------------

    def publish(
        self,
        result: AuditResult,
        config: ReportConfig,
        *,
        history: History | None = None,
        keep_runs: int | None = None,
        baseline: bool = True,
        also: Callable[[dict[str, Path]], dict[str, Path]] | None = None,
    ) -> dict[str, Path]:
        """Write the reports, publish them in one rename, then history, `latest`, pruning.

        `also`, given the staged report files, may write more into the same folder (the PDF)
        and returns those it wrote: they are published in the same rename. Returns the
        published report files ({"html": path, ...}). Raises ReportError (the previous
        report, `latest` and history untouched) when any step up to the rename fails.
        """
        assert self.staging is not None, "publish() is called inside `with RunFolder(...)`"
        try:
            written = write_reports(result, self.staging, config)
            if also is not None:
                written = {**written, **also(dict(written))}
            for path in written.values():
                _fsync_file(path)
            final = self._publish_folder()
        except ReportError as exc:
            if isinstance(exc.__cause__, OSError) and exc.__cause__.errno == errno.ENOSPC:
                raise ReportError(disk_full_message(self.root)) from None
            raise
        except OSError as exc:
            raise self._error(exc) from None
        if history is not None:
            try:
                history.record(result, final, baseline=baseline)
            except ReportError as exc:
                raise ReportError(
                    f"{exc} The report is in {final}, but `latest` was not moved and the next "
                    "run will not compare with it."
                ) from None
        if self.managed:
            self._point_latest(final)
            if history is not None and keep_runs is not None:
                self._prune(history, keep_runs, final)
        return {name: final / path.name for name, path in written.items()}

    # -- steps ----------------------------------------------------------------------------------

    def _lock(self) -> None:
        """Hold the root's lock (flock: released by the kernel however the process ends)."""
        path = self.root / LOCK_NAME
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        if fcntl is None:
            self._lock_fd = fd
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            message = f"Another run (pid {holder}) is writing to {self.root}"
            if not self.wait:
                os.close(fd)
                raise RootBusy(f"{message}; not waiting (--no-wait).") from None
            self.on_wait(f"{message}; waiting for it to finish (--no-wait stops instead).")
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except BaseException:  # a signal while waiting
                os.close(fd)
                raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._lock_fd, 0)
            os.close(self._lock_fd)  # closing the descriptor releases the flock
            self._lock_fd = None

    def clean_leftovers(self) -> list[Path]:
        """Remove what killed runs left in the root (only ever called holding the lock)."""
        removed: list[Path] = []
        for entry in sorted(self.root.iterdir()):
            name = entry.name
            if name.startswith(STAGING_PREFIX) and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
            elif name.startswith(RETIRED_PREFIX) and entry.is_dir() and not entry.is_symlink():
                original = self.root / name[len(RETIRED_PREFIX) :]
                if original.exists() or original.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)  # the swap completed
                else:
                    entry.rename(original)  # killed mid-swap: the previous report comes back
                removed.append(entry)
            elif name.startswith(f"{LATEST}.") and name.endswith(".tmp") and entry.is_symlink():
                entry.unlink()
                removed.append(entry)
            elif LEGACY_RUN_NAME.match(name) and entry.is_dir() and not entry.is_symlink():
                with contextlib.suppress(OSError):
                    entry.rmdir()  # only succeeds when empty: nothing anyone wrote is lost
                    removed.append(entry)
        if self.cache_dir.is_dir():  # half-written cache files (no other run is writing)
            for temp in self.cache_dir.glob(f"{_CACHE_TEMP}*"):
                with contextlib.suppress(OSError):
                    temp.unlink()
                    removed.append(temp)
        return removed

    def _check_free_space(self) -> None:
        free = shutil.disk_usage(self.root).free
        if free < MIN_FREE_BYTES:
            raise ReportError(
                f"Only {free / 1e6:.1f} MB free on the disk holding {self.root}; a run needs "
                f"at least {MIN_FREE_BYTES / 1e6:.0f} MB. Nothing was changed. Free some space "
                "and run again."
            )

    def _check_out(self, target: Path) -> None:
        """Refuse an --out no run could replace (read only; its contents are checked again locked).

        A refused run must not leave its lock file in the parent: for `--out /` or
        `--out /dev` that is the filesystem's root, which is not the user's to litter.
        """
        if target.exists() and not target.is_dir():
            kind = "a file" if target.is_file() else "a device or other special file"
            raise ReportError(
                f"--out {target} is {kind}, not a folder: name a folder for the report "
                "(it is made if missing)."
            )
        if target.is_dir() and not target.is_symlink() and os.path.ismount(target):
            raise ReportError(
                f"--out {target} is the top folder of a disk or file system (a mount point): "
                "each run replaces its report folder as a whole, which cannot be done to a "
                f"mount point. Name a folder inside it, e.g. --out {target / 'headshot-reports'}."
            )
        self._check_replaceable(target)

    def _check_replaceable(self, folder: Path) -> None:
        """A fixed --out folder is replaced as a whole: it may hold only reports of this tool."""
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise ReportError(f"Cannot write the report to {folder}: it is not a folder.")
        if not folder.exists():
            return
        ours = _report_file_names()
        foreign = sorted(
            p.name
            for p in folder.iterdir()
            if (p.exists() or p.is_symlink())  # not one a finishing run just removed
            and not (p.is_file() and (p.name in ours or _REPORT_TEMP.match(p.name)))
            and not _is_drafts_folder(p)
        )
        if foreign:
            shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
            raise ReportError(
                f"The report folder {folder} holds files headshot-audit did not write "
                f"({shown}). Each run replaces its report folder as a whole; move them, or "
                "choose a new or empty --out folder."
            )

    def _publish_folder(self) -> Path:
        """One rename makes the whole report appear (or replaces a fixed --out folder)."""
        assert self.staging is not None
        if self._target_name is None:
            final = self._unique_run_folder()
            os.rename(self.staging, final)
        else:
            final = self.root / self._target_name
            if not final.exists():
                os.rename(self.staging, final)
            elif _exchange(self.staging, final):
                shutil.rmtree(self.staging, ignore_errors=True)  # now holds the previous report
            else:
                retired = self.root / f"{RETIRED_PREFIX}{self._target_name}"
                os.rename(final, retired)  # clean_leftovers() puts it back if killed here
                os.rename(self.staging, final)
                shutil.rmtree(retired, ignore_errors=True)
        self.staging = None
        _fsync_dir(self.root)
        return final

    def _unique_run_folder(self) -> Path:
        """`<UTC start time>`, with `-2`, `-3` … when that name is taken (under the lock)."""
        stamp = self._stamp
        candidate = self.root / stamp
        n = 1
        while candidate.exists() or candidate.is_symlink():
            n += 1
            candidate = self.root / f"{stamp}-{n}"
        return candidate

    def _point_latest(self, final: Path) -> None:
        """Re-point `latest` in one rename, so it never dangles or goes missing."""
        latest = self.root / LATEST
        if latest.exists() and not latest.is_symlink():
            _write_text_atomic(self.root / LATEST_TEXT, final.name + "\n")  # a user's own folder
            return
        temp = self.root / f"{LATEST}.{os.getpid()}.tmp"
        try:
            temp.unlink(missing_ok=True)
            temp.symlink_to(final.name, target_is_directory=True)
            os.replace(temp, latest)
        except OSError:
            temp.unlink(missing_ok=True)
            _write_text_atomic(self.root / LATEST_TEXT, final.name + "\n")

    def _prune(self, history: History, keep: int, current: Path) -> None:
        """Delete the oldest runs history recorded in this root, keeping the newest `keep`."""
        for folder in history.prunable_runs(self.root, keep=keep, never=current):
            if folder.is_dir() and not folder.is_symlink() and folder.parent == self.root:
                shutil.rmtree(folder, ignore_errors=True)
            history.forget_folder(folder)

    def _error(self, exc: OSError) -> ReportError:
        if exc.errno == errno.ENOSPC:
            return ReportError(disk_full_message(self.root))
        return ReportError(f"Cannot write the report to {self.root}: {exc.strerror or exc}")


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_text_atomic(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)
