"""Faults a user makes before the run starts, through the real command: a settings file that is
not what it should be, and an --out that is an existing file. One line, exit 2, nothing written.
"""

from __future__ import annotations

import codecs
import contextlib
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from auditor.cli import EXIT_USAGE, main
from auditor.config import load_config
from tests.faults import HeldSite, alive, descendants, run_cli, start_cli, wait_until

BAD_SETTINGS = {
    "YAML": ("team.yaml", b"crawl:\n  timeout: 5\n", "not valid TOML: Expected '='"),
    "YAML's hint": ("team.yml", b"crawl:\n  timeout: 5\n", "settings are TOML, not YAML"),
    "broken TOML": ("s.toml", b"[crawl\ntimeout = 5\n", "is not valid TOML"),
    "a table declared twice": ("s.toml", b"[crawl]\n[crawl]\n", "Cannot declare ('crawl',) twice"),
    "an unknown key": ("s.toml", b"[crawl]\ntimout = 5\n", "did you mean 'crawl.timeout'?"),
    "an unknown section": ("s.toml", b"[crawll]\n", "unknown setting 'crawll'"),
    "a wrong type": ("s.toml", b'[crawl]\ntimeout = "fast"\n', "'crawl.timeout': Input should"),
    "a section as a number": ("s.toml", b"crawl = 5\n", "'crawl': Input should be a valid"),
    "a value out of range": ("s.toml", b"[crawl]\nretries = -1\n", "'crawl.retries'"),
    "binary data": ("s.toml", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "is not text"),
}


@pytest.mark.parametrize(("name", "data", "words"), BAD_SETTINGS.values(), ids=BAD_SETTINGS.keys())
def test_a_bad_settings_file_is_one_line_and_exit_2(tmp_path, capsys, name, data, words):
    settings = tmp_path / name
    settings.write_bytes(data)
    out = tmp_path / "out"
    code = main(["audit", str(tmp_path), "--config", str(settings), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert err.startswith("Error: ") and err.count("\n") == 1, err
    assert words in err and str(settings) in err
    assert not out.exists() and "Traceback" not in err


def test_a_folder_given_as_the_settings_file_says_so(tmp_path, capsys):
    (tmp_path / "settings.toml").mkdir()
    code = main(["audit", str(tmp_path), "--config", str(tmp_path / "settings.toml")])
    assert code == EXIT_USAGE
    assert "is a folder, not a TOML settings file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "encode",
    [lambda t: codecs.BOM_UTF8 + t.encode(), lambda t: t.encode("utf-16")],
    ids=["UTF-8 with a BOM (Notepad)", "UTF-16 (Notepad's Unicode)"],
)
def test_a_settings_file_saved_by_windows_notepad_is_read(tmp_path, encode):
    settings = tmp_path / "headshot-audit.toml"
    settings.write_bytes(encode('[crawl]\ntimeout = 5.5\nuser_agent = "Zoë\'s audit"\n'))
    config = load_config(settings)
    assert config.crawl.timeout == 5.5 and config.crawl.user_agent == "Zoë's audit"


def test_the_real_command_prints_no_traceback_for_bad_settings(tmp_path):
    settings = tmp_path / "team.yaml"
    settings.write_text("crawl:\n  timeout: [5\n")
    code, err = run_cli("audit", str(tmp_path), "--config", str(settings), "--out", str(tmp_path))
    assert code == EXIT_USAGE, err
    assert err.startswith("Error: Config file ") and err.count("\n") == 1, err


def test_out_naming_an_existing_file_is_refused_and_the_file_kept(photo_folder, tmp_path):
    target = tmp_path / "report.html"
    target.write_text("<p>someone's page</p>")
    code, err = run_cli("audit", str(photo_folder), "--out", str(target), "--no-history")
    assert code == EXIT_USAGE, err
    assert err.strip().splitlines() == [
        f"Error: --out {target} is a file, not a folder: name a folder for the report "
        "(it is made if missing)."
    ]
    assert target.read_text() == "<p>someone's page</p>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photos", "report.html"]


def test_out_through_a_symlink_to_a_file_is_refused_too(photo_folder, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("keep")
    link = tmp_path / "out"
    link.symlink_to(target)
    code = main(["audit", str(photo_folder), "--out", str(link), "--no-history", "--quiet"])
    assert code == EXIT_USAGE
    assert target.read_text() == "keep" and Path(link).is_symlink()


def _entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("out", ["/", "/dev"], ids=["the filesystem root", "a device folder"])
def test_out_at_a_filesystem_root_is_refused_and_leaves_no_lock_there(photo_folder, out):
    """`--out /` or `--out /dev` can never be replaced as a whole: refused in one line before
    the lock file (or a staging folder) is written into `/`."""
    if Path("/", ".headshot-audit.lock").exists():
        pytest.skip("an earlier run left a lock file at /: cannot tell this run's apart")
    before = _entries(Path("/"))
    code, err = run_cli("audit", str(photo_folder), "--out", out, "--no-history")
    assert code == EXIT_USAGE, err
    assert err.startswith(f"Error: --out {out} is the top folder of a disk or file system")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert _entries(Path("/")) == before
    assert not Path(out, ".headshot-audit.lock").exists()


def test_out_at_a_mounted_disk_is_refused_and_names_a_folder_inside(photo_folder, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(usb)], capture_output=True).returncode:
        pytest.skip("needs mount (root) for a real mount point")
    try:
        code, err = run_cli("audit", str(photo_folder), "--out", str(usb), "--no-history")
        assert code == EXIT_USAGE, err
        assert f"e.g. --out {usb / 'headshot-reports'}." in err
        assert _entries(tmp_path) == ["photos", "usb"] and _entries(usb) == []
    finally:
        subprocess.run(["umount", "-l", str(usb)], capture_output=True)


def test_out_naming_a_folder_of_someone_s_files_leaves_no_lock_beside_it(photo_folder, tmp_path):
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    code, err = run_cli("audit", str(photo_folder), "--out", str(mine), "--no-history")
    assert code == EXIT_USAGE, err
    assert "holds files headshot-audit did not write (notes.txt)" in err
    assert _entries(tmp_path) == ["documents", "photos"] and _entries(mine) == ["notes.txt"]


def test_out_naming_a_device_says_it_is_not_a_folder(photo_folder, capsys):
    code = main(["audit", str(photo_folder), "--out", "/dev/null", "--no-history"])
    assert code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "--out /dev/null is a device or other special file, not a folder" in err


def _files(folder: Path) -> dict[str, object]:
    """Every file's bytes; a SQLite file's rows (its write probe at start-up bumps a counter)."""
    files: dict[str, object] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".sqlite":
            with contextlib.closing(sqlite3.connect(path)) as db:
                files[str(path.relative_to(folder))] = list(db.iterdump())
        else:
            files[str(path.relative_to(folder))] = path.read_bytes()
    return files


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_sigterm_while_a_csv_list_downloads_keeps_the_last_report_and_history(demo_site, tmp_path):
    """A scheduler's SIGTERM mid-download: prompt exit 143, the previous report, history and
    HTTP cache exactly as they were (no half photo, no half report), and a line saying so."""
    config = tmp_path / "c.toml"
    config.write_text("[crawl]\ntimeout = 60\nretries = 0\n")
    out = tmp_path / "reports" / "weekly"
    site = HeldSite(demo_site, fast=6)
    photos = sorted(p.name for p in (demo_site / "photos").iterdir())
    with site.serving() as url:
        base = url.rsplit("/", 1)[0]
        team = tmp_path / "team.csv"
        team.write_text(
            "Full name;Image URL\n"
            + "".join(f"Person {i};{base}/photos/{name}\n" for i, name in enumerate(photos)),
            encoding="cp1252",
        )
        site.release.set()
        code, err = run_cli("audit", str(team), "--out", str(out), "--config", str(config))
        assert code == 0, err
        before = _files(tmp_path / "reports")
        site.release.clear()
        site.requests.clear()
        proc = start_cli("audit", str(team), "--out", str(out), "--config", str(config))
        held = {f"photos/{name}" for name in photos[6:]}  # 8 per host in flight: not all
        assert wait_until(lambda: held & set(site.requests), timeout=60), "no download began"
        children = descendants(proc.pid)
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        stopped_after = time.monotonic() - started
    assert proc.returncode == 143, err
    assert stopped_after < 10, f"took {stopped_after:.1f} s: held downloads were awaited"
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == (
        "Stopped by SIGTERM: nothing was published; the previous report, `latest` and "
        "history are unchanged."
    )
    assert wait_until(lambda: not any(alive(pid) for pid in children), timeout=10)
    after = _files(tmp_path / "reports")
    after.pop(".headshot-audit.lock", None), before.pop(".headshot-audit.lock", None)
    assert after == before  # the report and cache byte for byte, history row for row
    assert not [
        p
        for p in (tmp_path / "reports").rglob(".*")
        if p.name.startswith((".tmp-", ".headshot-audit-staging"))
    ]


def test_a_download_finishing_after_the_run_ended_prints_no_progress(caplog):
    # a download thread may report progress after a signal ended the run and its last line
    # ("Stopped by SIGTERM: …") was printed; nothing may follow that line
    from auditor.cli import LogFormat, _Reporter

    reporter = _Reporter(quiet=False, log_format=LogFormat.JSON)  # plain lines, as in cron
    progress = reporter.callback("Downloading photos")
    caplog.set_level("INFO", logger="auditor")
    with reporter:
        progress(1, 4)
    progress(2, 4)  # after the block: a quarter further, which a live run would print
    assert [r.getMessage() for r in caplog.records] == ["Downloading photos: 1/4"]
