"""Signals with real processes: the real CLI in a subprocess, a loopback site whose last photos
are held back (so the run is downloading and measuring when the signal comes), and /proc to
prove that no measuring process, forkserver or resource tracker outlives the run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.faults import REPO, HeldSite, alive, descendants, start_cli, wait_until

STOP_WITHIN_S = 10.0  # "within a few seconds", with room for a loaded CI machine (held: 60 s)
# Two measuring processes (so the pool starts), downloads that never time out by themselves.
CONFIG = "[crawl]\ntimeout = 60\nretries = 0\n[features]\nworkers = 2\n"

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc")


@pytest.fixture
def held_run(demo_site, tmp_path):
    """Start `audit` on a site whose photos after the 8th are held; yields (proc, out, kids)."""
    config = tmp_path / "faults.toml"
    config.write_text(CONFIG)
    out = tmp_path / "reports" / "run"
    site = HeldSite(demo_site, fast=8)
    with site.serving() as url:
        procs = []

        def start(new_session: bool = False):
            proc = start_cli(
                "audit", url, "--out", str(out), "--config", str(config), new_session=new_session
            )
            procs.append(proc)
            # The pool is up once the forkserver and two workers run below the main process.
            assert wait_until(lambda: len(descendants(proc.pid)) >= 4, timeout=60), (
                "the measuring processes never started"
            )
            return proc, out, descendants(proc.pid)

        yield start
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_run_with_one_line_and_its_exit_code(held_run, signum, code):
    # SIGINT goes to the whole process group, as Ctrl-C in a terminal does.
    proc, out, children = held_run(new_session=signum == signal.SIGINT)
    started = time.monotonic()
    if signum == signal.SIGINT:
        os.killpg(proc.pid, signum)
    else:
        proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    stopped_after = time.monotonic() - started
    assert proc.returncode == code, err
    assert stopped_after < STOP_WITHIN_S, f"took {stopped_after:.1f} s (downloads awaited?) {err}"
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert err.strip().splitlines()[-1].startswith(f"Stopped by {signal.Signals(signum).name}"), err
    assert wait_until(lambda: not any(alive(pid) for pid in children), timeout=STOP_WITHIN_S)
    assert not out.exists()  # nothing half-written was published
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".headshot-audit-staging")]


def test_sigkill_of_the_main_process_leaves_no_process_and_closes_the_output(held_run):
    proc, _, children = held_run()
    assert children
    # A wrapper (cron mail, CI) reads the job's output until every holder has closed it.
    eof = threading.Event()
    threading.Thread(target=lambda: (proc.stdout.read(), proc.stderr.read(), eof.set())).start()
    proc.kill()
    proc.wait()
    gone = wait_until(lambda: not any(alive(pid) for pid in children), timeout=STOP_WITHIN_S)
    left = sorted(pid for pid in children if alive(pid))
    for pid in left:  # do not leave them behind on a failure either
        os.kill(pid, signal.SIGKILL)
    assert gone, f"processes still running after SIGKILL of the main one: {left}"
    assert eof.wait(STOP_WITHIN_S), "the job's stdout/stderr stayed open"


# A semaphore removed but never deregistered: what a signal landing between the two steps of a
# semaphore's clean-up leaves; the resource tracker then warns on stderr after the run's end.
LEAK = """
import _multiprocessing, multiprocessing, os, sys
if sys.argv[1] == "ours":
    from auditor.forkserver import start_forkserver
    start_forkserver()
lock = multiprocessing.get_context("forkserver").Lock()
_multiprocessing.sem_unlink(lock._semlock.name)
os._exit(0)
"""


@pytest.mark.parametrize("start", ["ours", "multiprocessing's"])
def test_a_semaphore_left_by_a_stop_adds_no_warning_after_the_last_line(start):
    proc = subprocess.run(
        [sys.executable, "-c", LEAK, start], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    warned = "resource_tracker" in proc.stderr
    assert warned == (start != "ours"), proc.stderr  # the leak is real: unquieted, it warns


def _mapped(pid: int) -> str:
    """The shared libraries a process has loaded so far (its imports' compiled modules)."""
    try:
        return Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return ""


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_while_the_tool_is_still_importing_stops_it_the_usual_way(
    photo_folder, tmp_path, signum, code
):
    """A job cancelled as it starts: the signal lands while the CLI imports its stages (before
    its own handlers exist), and still gives the exit code, the one line, and nothing written."""
    out = tmp_path / "reports" / "run"
    proc = start_cli("audit", str(photo_folder), "--out", str(out))
    # pydantic loads halfway through the CLI's imports; SQLite's module near their end.
    assert wait_until(lambda: "_pydantic_core" in _mapped(proc.pid), timeout=30, interval=0.005)
    children = descendants(proc.pid)
    too_late = "_sqlite3" in _mapped(proc.pid)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert not too_late, "the CLI had already loaded: the signal came too late to test this"
    assert proc.returncode == code, err
    assert err.splitlines() == [
        f"Stopped by {signal.Signals(signum).name}: nothing was published; the previous "
        "report, `latest` and history are unchanged."
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photos"]
    assert wait_until(lambda: not any(alive(pid) for pid in children), timeout=10)
