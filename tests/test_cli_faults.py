"""Faults a user makes before the run starts, through the real command: a settings file that is
not what it should be, and an --out that is an existing file. One line, exit 2, nothing written.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from auditor.cli import EXIT_USAGE, main
from auditor.config import load_config
from tests.faults import run_cli

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
