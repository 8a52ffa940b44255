"""The scheduling examples in configs/examples run the real command with options it has."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml

from auditor.cli import EXIT_OK, main
from auditor.config import load_config

EXAMPLES = Path(__file__).resolve().parents[1] / "configs" / "examples"


def _audit_args(command: str) -> list[str]:
    """The arguments after `headshot-audit` in a shell command line."""
    words = shlex.split(command)
    start = next(i for i, w in enumerate(words) if w.endswith("headshot-audit"))
    return words[start + 1 :]


def test_the_crontab_runs_quietly_with_settings_from_its_folder():
    jobs = [
        line
        for line in (EXAMPLES / "crontab").read_text().splitlines()
        if line.strip() and not line.startswith("#") and "=" not in line.split()[0]
    ]
    assert len(jobs) == 1
    args = _audit_args(jobs[0])
    assert args[0] == "audit" and "--quiet" in args  # cron mails whatever a job prints
    assert main([*args, "-h"]) == EXIT_OK  # every option exists


def test_the_workflow_audits_posts_the_summary_and_keeps_the_report():
    workflow = yaml.safe_load((EXAMPLES / "github-workflow.yml").read_text())
    steps = workflow["jobs"]["audit"]["steps"]
    audit = next(s for s in steps if "headshot-audit audit" in s.get("run", ""))
    args = _audit_args(audit["run"])
    assert main([*args, "-h"]) == EXIT_OK
    out = args[args.index("--out") + 1]
    runs = " ".join(s.get("run", "") for s in steps)
    assert f'cat {out}/summary.md >> "$GITHUB_STEP_SUMMARY"' in runs
    assert f"--body-file {out}/summary.md" in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"].rstrip("/") == out and upload["if"].startswith("always()")


def test_the_example_settings_file_names_its_sources_and_assertions():
    config = load_config(EXAMPLES / "headshot-audit.toml")
    assert config.sources and config.assertions.levels and config.assertions.exceptions
    assert config.budgets.max_failed == 0
