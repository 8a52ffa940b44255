"""The config model and configs/default.toml agree; bad settings name the key."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.config import Config, discover_config, load_config, parse_set_options
from auditor.exceptions import ConfigError

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TOML = ROOT / "configs" / "default.toml"


def test_default_toml_lists_every_setting_with_its_builtin_default():
    from_file = tomllib.loads(DEFAULT_TOML.read_text(encoding="utf-8"))
    assert from_file == Config().model_dump()


def test_every_setting_has_a_description():
    for section_name, section in Config.model_fields.items():
        fields = getattr(section.annotation, "model_fields", None)
        if fields is None:  # a top-level setting (sources)
            assert section.description, f"{section_name} has no description"
            continue
        for name, field in fields.items():
            assert field.description, f"{section_name}.{name} has no description"


def test_loading_the_default_file_gives_the_defaults():
    assert load_config(DEFAULT_TOML) == Config()


def test_unknown_key_is_an_error_naming_the_key(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[crawl]\ntimout = 3\n")
    with pytest.raises(ConfigError, match=r"crawl\.timout"):
        load_config(path)


def test_wrong_type_is_an_error_naming_the_key(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[budgets]\nmin_score = "high"\n')
    with pytest.raises(ConfigError, match=r"budgets\.min_score"):
        load_config(path)


def test_invalid_toml_and_missing_file_are_config_errors(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[crawl\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.toml")


def test_command_line_overrides_win_over_file(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[budgets]\nfail_on = "error"\n')
    config = load_config(path).with_overrides({"budgets.fail_on": "warning"})
    assert config.budgets.fail_on == "warning"


def test_example_configs_load():
    for path in (ROOT / "configs" / "examples").glob("*.toml"):
        config = load_config(path)
        assert config != Config(), f"{path.name} changes nothing"


def test_discovery_prefers_headshot_audit_toml_then_a_pyproject_table(tmp_path):
    assert discover_config(tmp_path) is None
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "site"\n')
    assert discover_config(tmp_path) is None  # another tool's pyproject is not a settings file
    (tmp_path / "pyproject.toml").write_text(
        '[tool.headshot-audit]\nsources = ["team.csv"]\n\n'
        "[tool.headshot-audit.budgets]\nmin_score = 70\n"
    )
    assert discover_config(tmp_path) == tmp_path / "pyproject.toml"
    config = load_config(tmp_path / "pyproject.toml")
    assert config.sources == ["team.csv"] and config.budgets.min_score == 70
    (tmp_path / "headshot-audit.toml").write_text("[budgets]\nmin_score = 80\n")
    assert discover_config(tmp_path) == tmp_path / "headshot-audit.toml"


def test_set_options_are_toml_values_or_plain_text():
    overrides = parse_set_options(
        [
            "budgets.min_score=80",
            "crawl.obey_robots=false",
            'sources=["a", "b"]',
            "report.title=Our team = great",
            'assertions.levels.placeholder="error"',
        ]
    )
    assert overrides == {
        "budgets.min_score": 80,
        "crawl.obey_robots": False,
        "sources": ["a", "b"],
        "report.title": "Our team = great",
        "assertions.levels.placeholder": "error",
    }
    config = Config().with_overrides(overrides)
    assert config.assertions.levels == {"placeholder": "error"} and config.sources == ["a", "b"]
    with pytest.raises(ConfigError, match="key=value"):
        parse_set_options(["budgets.min_score"])


def test_unknown_keys_say_what_was_meant(tmp_path):
    path = tmp_path / "typo.toml"
    path.write_text('[budget]\nmin_score = 3\n\n[assertions.levels]\nplaceholdr = "error"\n')
    with pytest.raises(ConfigError) as excinfo:
        load_config(path)
    message = str(excinfo.value)
    assert "unknown setting 'budget' (did you mean 'budgets'?)" in message
    assert "unknown flag code 'placeholdr' (did you mean 'placeholder'?)" in message
    with pytest.raises(ConfigError, match=r"did you mean 'history\.keep_runs'"):
        Config().with_overrides({"history.keep_run": 3})
    with pytest.raises(ConfigError, match="did you mean 'crawl'"):
        Config().with_overrides({"crawls.timeout": 3})


def _write_team(folder: Path, photo_folder: Path) -> Path:
    """A CSV naming the photos by relative path, as a checked-in team list would."""
    rows = ["name,photo"] + [
        f"P{i},photos/{p.name}" for i, p in enumerate(sorted(photo_folder.iterdir()))
    ]
    (folder / "team.csv").write_text("\n".join(rows) + "\n")
    return folder / "team.csv"


def test_the_command_finds_its_settings_and_sources_in_the_working_folder(
    photo_folder, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    _write_team(tmp_path, photo_folder)
    (tmp_path / "headshot-audit.toml").write_text(
        'sources = ["team.csv"]\n\n[history]\nenabled = false\n'
    )
    assert main(["audit", "--out", "run-a", "-q"]) == 0
    report = json.loads((tmp_path / "run-a" / "report.json").read_text())
    assert report["run"]["sources"] == ["team.csv"] and len(report["photos"]) == 10
    score = report["team"]["score"]
    assert score < 100, "these photos include off-style ones"
    # --set wins over the file, and a bad key from --set is a usage error that says what to fix
    assert main(["audit", "--out", "run-b", "-q", "--set", f"budgets.min_score={score + 1}"]) == 1
    assert main(["audit", "--out", "run-c", "-q", "--set", "budgets.min_scor=1"]) == 2
    # sources on the command line win over the file's
    assert main(["audit", str(photo_folder), "--out", "run-d", "-q"]) == 0
    report = json.loads((tmp_path / "run-d" / "report.json").read_text())
    assert report["run"]["sources"] == [str(photo_folder)]


def test_the_command_reads_a_pyproject_table(photo_folder, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _write_team(tmp_path, photo_folder)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "our-site"\n\n[tool.headshot-audit]\nsources = ["team.csv"]\n\n'
        "[tool.headshot-audit.history]\nenabled = false\n\n"
        '[tool.headshot-audit.assertions]\ndefault_level = "error"\n'
    )
    code = main(["audit", "--out", "run", "-q"])
    report = json.loads((tmp_path / "run" / "report.json").read_text())
    flagged = any(p["flags"] for p in report["photos"])
    assert code == (1 if flagged else 0)
    assert report["run"]["settings"]["assertions"]["default_level"] == "error"
    # an explicit --config wins over what the folder has
    plain = tmp_path / "plain.toml"
    plain.write_text("[history]\nenabled = false\n")
    assert main(["audit", "team.csv", "--out", "run2", "-q", "--config", str(plain)]) == 0
