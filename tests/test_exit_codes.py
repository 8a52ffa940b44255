"""Each exit code from the real command: 0 passed, 1 failed, 2 usage, 3 nothing audited, 4 bug."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

from auditor import __version__
from auditor.cli import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_NOTHING_AUDITED,
    EXIT_OK,
    EXIT_USAGE,
    main,
)
from auditor.demo import serve_folder

ROOT = Path(__file__).resolve().parents[1]


def test_the_codes_are_distinct():
    codes = [EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_NOTHING_AUDITED, EXIT_INTERNAL]
    assert [int(c) for c in codes] == [0, 1, 2, 3, 4]


def test_passed_and_failed(photo_folder, tmp_path):
    args = ["audit", str(photo_folder), "--quiet", "--no-history"]
    assert main([*args, "--out", str(tmp_path / "a")]) == EXIT_OK
    assert main([*args, "--out", str(tmp_path / "b"), "--fail-on", "warning"]) == EXIT_FINDINGS


def test_usage_and_config_errors_exit_2(photo_folder, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no settings file here, so no sources either
    assert main(["audit", "--no-history"]) == EXIT_USAGE
    assert "Nothing to audit" in capsys.readouterr().err
    out = ["--out", str(tmp_path / "r"), "--no-history"]
    assert main(["audit", "--no-such-option", str(photo_folder)]) == EXIT_USAGE
    assert main(["audit", str(tmp_path / "missing-folder"), *out]) == EXIT_USAGE
    assert main(["audit", str(photo_folder), "--set", "crawl.timout=3", *out]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "did you mean 'crawl.timeout'" in err and "Traceback" not in err


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_site_exits_3(tmp_path, capsys):
    url = f"http://127.0.0.1:{_closed_port()}/team.html"
    config = tmp_path / "fast.toml"
    config.write_text("[crawl]\nretries = 0\ntimeout = 2.0\n")
    args = ["audit", url, "--out", str(tmp_path / "r"), "--no-history", "--config", str(config)]
    code = main(args)
    assert code == EXIT_NOTHING_AUDITED
    err = capsys.readouterr().err
    assert "No photo could be audited" in err and url in err


def test_no_people_found_exits_3_with_a_json_summary_record(tmp_path, capsys):
    (tmp_path / "index.html").write_text("<html><body><h1>Team</h1><p>Soon.</p></body></html>")
    with serve_folder(tmp_path) as base:
        args = ["audit", base + "index.html", "--out", str(tmp_path / "r"), "--no-history"]
        code = main([*args, "--log-format", "json"])
    assert code == EXIT_NOTHING_AUDITED
    last = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert last["event"] == "summary" and last["exit_code"] == EXIT_NOTHING_AUDITED
    assert last["people"] == 0 and last["passed"] is False


def test_errors_before_the_run_are_json_records_in_json_mode(tmp_path, capsys):
    code = main(["audit", str(tmp_path / "missing"), "--log-format=json", "--no-history"])
    assert code == EXIT_USAGE
    (line,) = capsys.readouterr().err.strip().splitlines()
    record = json.loads(line)
    assert record["level"] == "error" and record["exit_code"] == EXIT_USAGE
    assert "missing" in record["message"]


def _run_with_a_bug(*extra: str, folder: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """The real CLI in a child process, with a fault injected into the analysis stage.

    There is no input that crashes the tool on purpose (that would be a bug we fix), so the
    test plants one: the CLI's handling of an unexpected exception is what is under test.
    """
    script = textwrap.dedent(
        f"""
        import sys
        import auditor.analysis
        def broken(*args, **kwargs):
            raise KeyError("planted fault")
        auditor.analysis.analyse = broken
        from auditor.cli import main
        sys.exit(main(["audit", {str(folder)!r}, "--out", {str(out)!r}, "--no-history",
                       *{list(extra)!r}]))
        """
    )
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_an_unexpected_exception_exits_4_with_one_line_and_a_hint(photo_folder, tmp_path):
    proc = _run_with_a_bug("--quiet", folder=photo_folder, out=tmp_path / "r")
    assert proc.returncode == EXIT_INTERNAL
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "KeyError" in lines[0] and "planted fault" in lines[0] and "--debug" in lines[0]
    assert "Traceback" not in proc.stderr
    debug = _run_with_a_bug("--debug", folder=photo_folder, out=tmp_path / "d")
    assert debug.returncode == EXIT_INTERNAL
    assert "Traceback" in debug.stderr and "planted fault" in debug.stderr


def test_version_and_short_help(capsys):
    assert main(["--version"]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"headshot-audit {__version__}"
    assert main(["audit", "-h"]) == EXIT_OK
    text = capsys.readouterr().out
    assert "--fail-on-new" in text and "--set KEY=VALUE" in text
    assert "<bool>" not in text  # switches take no value
    assert "[default: text]" in text and "budgets.fail_on" in text  # defaults are shown
    assert main(["-h"]) == EXIT_OK
    text = capsys.readouterr().out
    # The README says its exit-code table is "the same in headshot-audit -h": all of it.
    assert "Exit codes: 0 passed, 1 assertions failed" in text
    assert "130 / 143 stopped" in " ".join(text.split())
