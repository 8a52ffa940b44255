"""Start-up: the CLI starts crawling before the heavy stages load, and the pool's forkserver
starts before the CLI loads (issue 20).

The analysis (pandas, scikit-learn, SciPy) and the extractor (OpenCV, scikit-image) load on a
background thread and in the pool's forkserver while photos download; imported with the CLI
they cost ~2 s of CPU before the first request (a report module reaching the flag rules did
that once, unnoticed).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("sklearn", "scipy", "pandas", "cv2", "skimage", "dlib")


def test_importing_the_cli_loads_no_analysis_or_extractor_library():
    code = (
        "import json, sys; import auditor.cli; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=120
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def _in_fresh_process(code: str) -> object:
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=120
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_an_audit_starts_the_forkserver_before_the_cli_loads():
    """The pool's forkserver preloads the extractor while the CLI imports, on the other core."""
    code = (
        "import json, sys; from auditor.forkserver import start_early; "
        "started = start_early(['audit', 'http://127.0.0.1:9/', '--quiet']); "
        "from multiprocessing import forkserver; "
        "running = forkserver._forkserver._forkserver_pid is not None; "
        "cli = [m for m in ('typer', 'rich', 'pydantic', 'httpx', 'jinja2') if m in sys.modules]; "
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]; "
        "print(json.dumps([started, running, cli, heavy]))"
    )
    pooled = (os.cpu_count() or 1) > 1  # one core: the Measurer uses no pool
    assert _in_fresh_process(code) == [pooled, pooled, [], []]


@pytest.mark.parametrize(
    "args",
    [[], ["--version"], ["version"], ["audit", "--help"], ["demo", "-h"], ["--help", "audit"]],
)
def test_commands_that_measure_nothing_start_no_forkserver(args):
    code = (
        "import json; from auditor.forkserver import start_early; "
        f"started = start_early({args!r}); "
        "from multiprocessing import forkserver; "
        "print(json.dumps([started, forkserver._forkserver._forkserver_pid is not None]))"
    )
    assert _in_fresh_process(code) == [False, False]


def test_the_module_entry_point_runs_the_cli():
    out = subprocess.run(
        [sys.executable, "-m", "auditor", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0 and out.stdout.startswith("headshot-audit ")
