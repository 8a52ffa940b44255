"""Re-runs through the real command line: unchanged photos come from the measure store.

Each run is a real `headshot-audit` process against the demo site served on 127.0.0.1; what
the store did is read from the run's own JSON log line (`event: measure_store`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from auditor.cli import EXIT_OK, main
from auditor.demo import serve_folder

TIMESTAMPS = ("started", "finished")


def _audit(url: str, out: Path, *extra: str) -> tuple[int, dict | None, str]:
    """One CLI process; returns its exit code, its measure-store log record and its stderr."""
    command = [sys.executable, "-m", "auditor", "audit", url, "--out", str(out)]
    proc = subprocess.run(
        [*command, "--no-history", "--log-format", "json", *extra],
        capture_output=True,
        text=True,
        timeout=600,
    )
    records = [json.loads(line) for line in proc.stderr.splitlines() if line.startswith("{")]
    store = [r for r in records if r.get("event") == "measure_store"]
    return proc.returncode, (store[0] if store else None), proc.stderr


def _report(out: Path) -> dict:
    """report.json without the run's timestamps (the only thing two runs may differ in)."""
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    for key in TIMESTAMPS:
        assert report["run"].pop(key)
    return report


def _counts(record: dict | None) -> tuple[int, int]:
    assert record is not None, "no measure-store line in the log"
    return record["reused"], record["measured"]


def test_a_rerun_measures_only_changed_photos_and_reports_exactly_the_same(demo_site, tmp_path):
    photos = sorted((demo_site / "photos").iterdir())
    root = tmp_path / "reports"
    with serve_folder(demo_site) as base:
        url = base + "index.html"
        code, cold, _ = _audit(url, root / "cold")
        assert code == EXIT_OK and _counts(cold) == (0, len(photos))
        assert cold["stored"] == len(photos)
        code, warm, _ = _audit(url, root / "warm")
        assert code == EXIT_OK and _counts(warm) == (len(photos), 0)
        assert _report(root / "warm") == _report(root / "cold")
        for name in ("photos.csv", "actions.csv", "summary.md"):
            assert (root / "warm" / name).read_bytes() == (root / "cold" / name).read_bytes()
        # One photo replaced: that one is measured, the rest come from the store.
        (demo_site / "photos" / "on-style-04.jpg").write_bytes(
            (demo_site / "photos" / "on-style-06.jpg").read_bytes()
        )
        code, changed, _ = _audit(url, root / "changed")
        assert code == EXIT_OK and _counts(changed) == (len(photos) - 1, 1)
        # The same page measured from scratch, without the store: the same report.
        code, none, _ = _audit(url, root / "fresh", "--no-store")
        assert code == EXIT_OK and none is None
    assert _report(root / "changed") == _report(root / "fresh")
    assert _report(root / "changed") != _report(root / "cold")
    assert (root / ".http-cache" / "measures.sqlite").is_file()


def test_a_corrupt_store_file_is_survived_and_rebuilt(demo_site, tmp_path):
    root = tmp_path / "reports"
    store = root / ".http-cache" / "measures.sqlite"
    store.parent.mkdir(parents=True)
    store.write_bytes(b"\x00garbage, not SQLite\xff" * 512)
    with serve_folder(demo_site) as base:
        code, first, stderr = _audit(base + "index.html", root / "a")
        assert code == EXIT_OK
        assert "could not be used" in stderr and "a new store was started" in stderr
        assert first["reused"] == 0 and first["stored"] > 0
        code, second, _ = _audit(base + "index.html", root / "b")
    assert code == EXIT_OK and second["measured"] == 0
    assert store.with_name("measures.sqlite.corrupt").is_file()


def test_concurrent_runs_share_one_store(demo_site, tmp_path):
    shared = tmp_path / "shared" / "measures.sqlite"
    option = ["--set", f'store.path="{shared}"']
    with serve_folder(demo_site) as base:
        url = base + "index.html"
        with ThreadPoolExecutor(2) as runs:
            results = list(
                runs.map(lambda i: _audit(url, tmp_path / f"root{i}" / "r", *option), range(2))
            )
        assert [code for code, _, _ in results] == [EXIT_OK, EXIT_OK]
        assert all(record and not record.get("problems") for _, record, _ in results)
        code, after, _ = _audit(url, tmp_path / "root3" / "r", *option)
    assert code == EXIT_OK and after["measured"] == 0 and after["reused"] > 0
    reports = [_report(tmp_path / f"root{i}" / "r") for i in range(4) if i != 2]
    assert all(r["photos"] == reports[0]["photos"] for r in reports)


def test_fix_drafts_are_the_same_when_the_measures_come_from_the_store(
    demo_site_template, tmp_path
):
    folder = demo_site_template / "photos"
    root = tmp_path / "reports"
    args = ["audit", str(folder), "--quiet", "--no-history", "--fixes"]
    assert main([*args, "--out", str(root / "cold")]) == EXIT_OK
    assert main([*args, "--out", str(root / "warm")]) == EXIT_OK
    cold, warm = _report(root / "cold"), _report(root / "warm")
    assert warm == cold
    drafts = sorted(p.name for p in (root / "cold" / "fixes").iterdir())
    assert drafts, "the demo's cast, dark and teal-backdrop photos get drafts"
    for name in drafts:
        assert (root / "warm" / "fixes" / name).read_bytes() == (
            root / "cold" / "fixes" / name
        ).read_bytes()


def test_switched_off_no_store_is_made(photo_folder, tmp_path):
    root = tmp_path / "reports"
    args = ["audit", str(photo_folder), "--quiet", "--no-history", "--out", str(root / "r")]
    assert main([*args, "--set", "store.enabled=false"]) == EXIT_OK
    assert main([*args, "--no-store"]) == EXIT_OK
    assert not (root / ".http-cache" / "measures.sqlite").exists()
