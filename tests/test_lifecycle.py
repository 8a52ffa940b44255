"""The run lifecycle with real runs: killed runs, concurrent runs, fixed --out folders,
pruning after the clock went back, history files that are not ours, a full disk."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from auditor import history as history_module
from auditor.cli import EXIT_OK, EXIT_USAGE, main
from auditor.demo import serve_folder
from auditor.lifecycle import LOCK_NAME, MIN_FREE_BYTES, STAGING_PREFIX
from tests.faults import HeldSite, run_cli, start_cli, wait_until

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc")


@pytest.fixture
def photos(demo_site_template, tmp_path) -> Path:
    """Five real photos in a folder: measured in-process, the quickest complete run."""
    folder = tmp_path / "photos"
    folder.mkdir()
    for path in sorted((demo_site_template / "photos").iterdir())[:5]:
        shutil.copy(path, folder / path.name)
    return folder


def _history_rows(root: Path) -> list[tuple]:
    with sqlite3.connect(root / "history.sqlite") as db:
        return db.execute("SELECT id, report_dir, baseline FROM runs ORDER BY id").fetchall()


def _state(root: Path) -> tuple:
    """What a failed run must not change: folders and their files, `latest`, history rows."""
    folders = {
        p.name: sorted((f.name, f.stat().st_size) for f in p.iterdir())
        for p in root.iterdir()
        if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")
    }
    latest = os.readlink(root / "latest") if (root / "latest").is_symlink() else None
    return folders, latest, _history_rows(root)


def _staging(root: Path) -> list[Path]:
    return [p for p in root.iterdir() if p.name.startswith(STAGING_PREFIX)]


def test_a_killed_run_changes_nothing_and_the_next_run_cleans_up(demo_site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "reports"
    config = tmp_path / "c.toml"
    config.write_text("[crawl]\ntimeout = 60\nretries = 0\n")
    site = HeldSite(demo_site, fast=8)
    with site.serving() as url:
        site.release.set()
        assert main(["audit", url, "--quiet", "--config", str(config)]) == EXIT_OK
        before = _state(root)
        site.release.clear()
        # Killed while downloading (a timeout, the OOM killer): SIGKILL, no clean-up at all.
        proc = start_cli("audit", url, "--config", str(config), cwd=tmp_path)
        assert wait_until(lambda: len(site.requests) > 12 and _staging(root), timeout=60)
        proc.kill()
        proc.wait()
        assert _state(root) == before  # previous report, latest and history as they were
        assert _staging(root)  # what the killed run left ...
        (root / "20240101T000000Z").mkdir()  # ... and an empty run folder an old version left
        (root / ".http-cache").mkdir(exist_ok=True)
        (root / ".http-cache" / ".tmp-k1ll3d").write_bytes(b"half a photo")
        site.release.set()
        assert main(["audit", url, "--quiet", "--config", str(config)]) == EXIT_OK
    assert not _staging(root) and not (root / "20240101T000000Z").exists()
    assert not (root / ".http-cache" / ".tmp-k1ll3d").exists()
    rows = _history_rows(root)
    assert len(rows) == 2
    latest = (root / "latest").resolve()
    assert latest == Path(rows[-1][1]) and (latest / "report.html").is_file()
    report = json.loads((latest / "report.json").read_text())
    assert report["changes"]["previous_run"]  # compared with the first, complete run


def test_a_run_killed_while_publishing_leaves_the_old_report_or_the_new_one(photos, tmp_path):
    out = tmp_path / "reports" / "weekly"
    assert main(["audit", str(photos), "--out", str(out), "--quiet"]) == EXIT_OK
    old = {f.name: f.read_bytes() for f in out.iterdir()}
    proc = start_cli("audit", str(photos), "--out", str(out), "--quiet")
    # Kill the moment the first report file appears in the staging folder (or later).
    assert wait_until(
        lambda: any(any(s.iterdir()) for s in _staging(out.parent)) or proc.poll() is not None,
        timeout=60,
        interval=0.002,
    )
    proc.kill()
    proc.wait()
    now = {f.name: f.read_bytes() for f in out.iterdir()}
    assert now.keys() == old.keys()  # never a folder with some files missing
    replaced = {name for name in now if now[name] != old[name]}
    # Either the old report whole, or the new one whole (its JSON and HTML carry the new
    # run's time; the CSV may be byte-identical): never new JSON beside old HTML.
    assert replaced == set() or {"report.json", "report.html"} <= replaced, replaced


def test_a_fixed_out_folder_is_replaced_whole_and_never_mixed(photos, tmp_path, capsys):
    out = tmp_path / "weekly"
    assert main(["audit", str(photos), "--out", str(out), "--quiet", "--no-history"]) == 0
    first = json.loads((out / "report.json").read_text())["run"]["started"]
    inode = out.stat().st_ino
    (out / ".report.json.x1y2.tmp").write_text("left by a killed older version")
    time.sleep(1.1)  # a different `started` second
    assert main(["audit", str(photos), "--out", str(out), "--quiet", "--no-history"]) == 0
    assert out.stat().st_ino != inode  # a new folder, not files rewritten one by one
    assert sorted(p.name for p in out.iterdir()) == [
        "actions.csv",
        "brief.html",
        "junit.xml",
        "photos.csv",
        "report.html",
        "report.json",
        "summary.md",
    ]
    second = json.loads((out / "report.json").read_text())["run"]["started"]
    assert second != first
    # A folder that holds someone's files is refused before the crawl, and left alone.
    (out / "notes.txt").write_text("mine")
    code = main(["audit", str(photos), "--out", str(out), "--no-history"])
    assert code == EXIT_USAGE
    assert "did not write (notes.txt)" in capsys.readouterr().err
    assert (out / "notes.txt").read_text() == "mine"
    assert json.loads((out / "report.json").read_text())["run"]["started"] == second


def test_pruning_never_deletes_the_run_just_written_after_the_clock_went_back(
    photos, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "reports"
    keep = tmp_path / "keep.toml"
    keep.write_text("[history]\nkeep_runs = 1\n")
    assert main(["audit", str(photos), "--quiet"]) == EXIT_OK
    # That run's clock was a year ahead: its folder carries a future name.
    ((run_id, written, _),) = _history_rows(root)
    future = root / "20991231T235959Z"
    Path(written).rename(future)
    with sqlite3.connect(root / "history.sqlite") as db:
        db.execute("UPDATE runs SET report_dir=? WHERE id=?", (str(future), run_id))
    (root / "latest").unlink()
    (root / "latest").symlink_to(future.name)
    assert main(["audit", str(photos), "--quiet", "--config", str(keep)]) == EXIT_OK
    latest = (root / "latest").resolve()
    assert latest.is_dir() and (latest / "report.html").is_file()
    assert latest.name < future.name and not future.exists()  # the older run was pruned


def test_two_runs_at_once_into_one_root_are_serialised_into_separate_folders(
    photos, demo_site_template, tmp_path
):
    other = tmp_path / "other-site"
    other.mkdir()
    for path in sorted((demo_site_template / "photos").iterdir())[5:10]:
        shutil.copy(path, other / path.name)
    procs = [start_cli("audit", str(src), "--quiet", cwd=tmp_path) for src in (photos, other)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert [code for code, _ in results] == [0, 0], results
    rows = _history_rows(tmp_path / "reports")
    folders = {Path(r[1]) for r in rows}
    assert len(rows) == 2 and len(folders) == 2
    sources = {json.loads((f / "report.json").read_text())["run"]["sources"][0] for f in folders}
    assert sources == {str(photos), str(other)}


def test_a_second_run_waits_for_the_lock_or_refuses_with_no_wait(photos, tmp_path, capsys):
    root = tmp_path / "reports"
    root.mkdir()
    with open(root / LOCK_NAME, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        code = main(["audit", str(photos), "--out", str(root / "r"), "--no-wait"])
        assert code == EXIT_USAGE
        assert "Another run" in capsys.readouterr().err and not (root / "r").exists()
        waiting = start_cli("audit", str(photos), "--out", str(root / "r"), cwd=tmp_path)
        line = waiting.stderr.readline()
        assert "waiting for it to finish" in line
        assert waiting.poll() is None
    assert waiting.wait(timeout=120) == 0  # the lock was released: it ran
    assert (root / "r" / "report.html").is_file()


# -- history checked before the crawl ------------------------------------------------------


def _no_crawl_run(site: HeldSite, url: str, out: Path, *extra: str) -> tuple[int, str]:
    code, err = run_cli("audit", url, "--out", str(out), *extra)
    assert site.requests == [], "the site was crawled before the history was checked"
    assert not out.exists()
    return code, err


@pytest.fixture
def quiet_site(demo_site):
    site = HeldSite(demo_site, fast=100)
    with site.serving() as url:
        yield site, url


def test_an_sqlite_file_that_is_not_ours_is_refused_and_left_unchanged(quiet_site, tmp_path):
    site, url = quiet_site
    root = tmp_path / "reports"
    root.mkdir()
    with sqlite3.connect(root / "history.sqlite") as db:
        db.execute("CREATE TABLE invoices (id INTEGER, amount REAL)")
    before = (root / "history.sqlite").read_bytes()
    code, err = _no_crawl_run(site, url, root / "r")
    assert code == EXIT_USAGE and "database of another program (tables: invoices)" in err
    assert "Traceback" not in err
    assert (root / "history.sqlite").read_bytes() == before


def test_a_newer_schema_is_refused_and_an_older_one_migrated(quiet_site, photos, tmp_path):
    site, url = quiet_site
    root = tmp_path / "reports"
    root.mkdir()
    with sqlite3.connect(root / "history.sqlite") as db:
        db.execute(f"PRAGMA application_id = {history_module.APPLICATION_ID}")
        db.execute("PRAGMA user_version = 99")
    code, err = _no_crawl_run(site, url, root / "r")
    assert code == EXIT_USAGE and "newer headshot-audit" in err
    # The unversioned schema of earlier releases, with one run in it: migrated and compared.
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    with sqlite3.connect(legacy / "history.sqlite") as db:
        db.executescript(
            "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, sources_key TEXT NOT"
            " NULL, started TEXT NOT NULL, finished TEXT NOT NULL, score REAL, report_dir TEXT);"
            "CREATE TABLE run_people (run_id INTEGER NOT NULL, person_id TEXT NOT NULL, name"
            " TEXT NOT NULL, status TEXT NOT NULL, sha256 TEXT, flags TEXT NOT NULL,"
            " PRIMARY KEY (run_id, person_id));"
            "CREATE TABLE photos (sources_key TEXT NOT NULL, person_id TEXT NOT NULL, sha256"
            " TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,"
            " PRIMARY KEY (sources_key, person_id, sha256));"
        )
        db.execute(
            "INSERT INTO runs VALUES (1, ?, '2025-01-01T00:00:00+00:00',"
            " '2025-01-01T00:00:00+00:00', 80, 'reports/old')",
            (json.dumps([str(photos)]),),
        )
    assert main(["audit", str(photos), "--out", str(legacy / "r"), "--quiet"]) == EXIT_OK
    report = json.loads((legacy / "r" / "report.json").read_text())
    assert report["changes"]["previous_run"] == "2025-01-01T00:00:00+00:00"
    with sqlite3.connect(legacy / "history.sqlite") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == history_module.SCHEMA_VERSION


def test_a_locked_history_database_is_reported_before_the_crawl(
    quiet_site, tmp_path, monkeypatch, capsys
):
    site, url = quiet_site
    root = tmp_path / "reports"
    root.mkdir()
    monkeypatch.setattr(history_module, "BUSY_TIMEOUT_S", 0.3)  # wait less than the default
    holder = sqlite3.connect(root / "history.sqlite", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program writing, for longer than we wait
    holder.execute("CREATE TABLE other_program (x)")
    try:
        code = main(["audit", url, "--out", str(root / "r")])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert code == EXIT_USAGE and "is locked by another program" in err and "Traceback" not in err
    assert site.requests == [] and not (root / "r").exists()


def _mount(kind: str, target: Path, *options: str) -> bool:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", *options, kind, str(target)], capture_output=True)
    return done.returncode == 0


def _umount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True)


def test_a_read_only_history_file_is_reported_before_the_crawl(quiet_site, tmp_path):
    site, url = quiet_site
    store = tmp_path / "store"
    store.mkdir()
    with sqlite3.connect(store / "history.sqlite") as db:  # a history of ours, then made read-only
        db.execute(f"PRAGMA application_id = {history_module.APPLICATION_ID}")
    readonly = tmp_path / "readonly"
    if not _mount(str(store), readonly, "--bind"):
        pytest.skip("needs mount --bind (root) for a read-only file root cannot write either")
    try:
        if not _mount(str(store), readonly, "-o", "remount,bind,ro"):
            pytest.skip("cannot remount read-only here")
        config = tmp_path / "c.toml"
        config.write_text(f'[history]\npath = "{readonly / "history.sqlite"}"\n')
        code, err = _no_crawl_run(site, url, tmp_path / "reports" / "r", "--config", str(config))
    finally:
        _umount(readonly)
    assert code == EXIT_USAGE and "is read-only" in err and "Traceback" not in err


def test_a_full_disk_is_a_clear_message_and_changes_nothing(demo_site, tmp_path, monkeypatch):
    disk = tmp_path / "disk"
    size = MIN_FREE_BYTES + 12 * 1024 * 1024
    if not _mount("tmpfs", disk, "-t", "tmpfs", "-o", f"size={size}"):
        pytest.skip("needs a small tmpfs (mount -t tmpfs, as root) for a real full disk")
    try:
        monkeypatch.chdir(disk)
        root = disk / "reports"
        config = tmp_path / "c.toml"
        config.write_text("[crawl]\ntimeout = 60\nretries = 0\n")
        site = HeldSite(demo_site, fast=8)
        with site.serving() as url:
            site.release.set()
            assert main(["audit", url, "--quiet", "--config", str(config)]) == EXIT_OK
            before = _state(root)
            # Too little room to start: refused before the crawl.
            filler = disk / "filler"
            room = shutil.disk_usage(disk).free
            filler.write_bytes(b"\0" * (room - MIN_FREE_BYTES // 2))
            asked = len(site.requests)
            code, err = run_cli("audit", url, "--config", str(config), cwd=disk)
            assert code == EXIT_USAGE and "free on the disk" in err, err
            assert len(site.requests) == asked and _state(root) == before
            filler.unlink()
            # The disk fills up while the run downloads: the report cannot be written.
            site.release.clear()
            proc = start_cli("audit", url, "--config", str(config), cwd=disk)
            assert wait_until(lambda: len(site.requests) > asked + 12, timeout=60)
            # Unbuffered: a buffered file would flush its last partial write again on close,
            # outside pytest.raises, and fail the test on how the free space divides.
            with open(filler, "wb", buffering=0) as fh, pytest.raises(OSError):
                while True:
                    fh.write(b"\0" * 65536)
                    fh.flush()
            site.release.set()
            _, err = proc.communicate(timeout=120)
        assert proc.returncode == EXIT_USAGE, err
        assert "is full" in err and "Traceback" not in err
        assert _state(root) == before and not _staging(root)
    finally:
        _umount(disk)


def test_a_photo_outage_is_reported_but_becomes_the_baseline_only_when_accepted(
    demo_site, tmp_path, capsys
):
    root = tmp_path / "reports"
    with serve_folder(demo_site) as base:
        url = base + "index.html"
        assert main(["audit", url, "--out", str(root / "a"), "--quiet"]) == EXIT_OK
        flagged = {
            p["name"]
            for p in json.loads((root / "a" / "report.json").read_text())["photos"]
            if p["flags"]
        }
        photos = sorted((demo_site / "photos").iterdir())
        for photo in photos[:10]:  # the image server is half down: 404s
            photo.unlink()
        capsys.readouterr()
        assert main(["audit", url, "--out", str(root / "b")]) == EXIT_OK
        assert "not made the baseline" in capsys.readouterr().err
        report = json.loads((root / "b" / "report.json").read_text())
        changes = report["changes"]
        failed = {p["name"] for p in report["photos"] if p["status"] == "failed"}
        assert changes["baseline"] is False and len(failed) == 10
        # Nobody whose photo failed has a flag "fixed": theirs were not checked.
        assert not failed & {f["name"] for f in changes["resolved_flags"]}
        assert {f["name"] for f in changes["not_checked"]} <= flagged
        assert changes["not_checked"]
        assert "not made the baseline" in (root / "b" / "report.html").read_text()
        args = ["audit", url, "--out", str(root / "c"), "--quiet", "--accept-baseline"]
        assert main(args) == EXIT_OK  # the user says the new state is real
    assert _history_rows(root)[1:] == [(2, str(root / "b"), 0), (3, str(root / "c"), 1)]


def test_runs_within_one_second_each_get_their_own_complete_folder(tmp_path):
    from auditor.config import ReportConfig
    from auditor.lifecycle import RunFolder
    from auditor.models import (
        AuditResult,
        Measurement,
        Person,
        PhotoResult,
        RunInfo,
        Status,
        TeamStyle,
    )

    photo = PhotoResult(
        person=Person(id="ann", name="Ann"),
        measurement=Measurement(person_id="ann", status=Status.NO_PHOTO),
    )
    stamp = "2026-01-01T00:00:00+00:00"
    run = RunInfo(started=stamp, finished=stamp, sources=("team.csv",))
    result = AuditResult("headshot-audit", "0", run, TeamStyle(n_photos=1), (photo,))
    root = tmp_path / "reports"
    started = time.monotonic()
    published = []
    for _ in range(3):
        with RunFolder(None, default_root=root) as folder:
            published.append(folder.publish(result, ReportConfig())["html"].parent)
    assert len(set(published)) == 3, published
    for path in published:
        assert sorted(p.name for p in path.iterdir()) == [
            "actions.csv",
            "brief.html",
            "junit.xml",
            "photos.csv",
            "report.html",
            "report.json",
            "summary.md",
        ]
    if time.monotonic() - started < 1 and len({p.name[:16] for p in published}) == 1:
        assert [p.name[16:] for p in published] == ["", "-2", "-3"]
    assert (root / "latest").resolve() == published[-1]
