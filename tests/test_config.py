"""The config model and configs/default.toml agree; bad settings name the key."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from auditor.config import Config, load_config
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
