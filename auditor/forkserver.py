"""The measuring pool's forkserver: what it preloads, and starting it before the CLI loads.

The forkserver imports the extractor (OpenCV, scikit-image, SciPy, every measure, the landmark
model: ~0.5 s of CPU) once and forks the pool's workers from it. Started by the `Measurer`, it
began that work only after the CLI had imported typer, rich, pydantic, httpx and Jinja (~0.4 s)
and opened the report folder, and the workers idled until it finished: on a 50-person page the
first photo was measured ~1 s after the crawl began. `start_early`, called by the entry point
before anything else is imported, lets the server load on the other core while the CLI does.

This module imports only the standard library: importing anything of the package's stages
would delay the server by what it loads.
"""

from __future__ import annotations

import contextlib
import multiprocessing.forkserver
import multiprocessing.resource_tracker
import os
import signal
import threading
from collections.abc import Sequence

__all__ = ["EARLY_COMMANDS", "WORKER_PRELOAD", "start_early", "start_forkserver"]

# Imported once by the forkserver, before it forks the workers: each worker starts with OpenCV,
# every measure and its own set-up loaded instead of importing them again (~0.26 s of CPU per
# worker), and with the landmark model and cascades loaded (`preload`, ~0.2 s more; "__main__"
# is multiprocessing's default).
WORKER_PRELOAD = (
    "__main__",
    "auditor.features.extract",
    "auditor.features.pool",
    "auditor.features.preload",
)
# The commands that measure photos in a pool; their help (and every other command) never does.
EARLY_COMMANDS = frozenset({"audit", "demo"})
_NO_RUN_OPTIONS = frozenset({"-h", "--help", "--version"})
# The resource tracker (a process of its own) removes the semaphores a run stopped by a signal
# leaves behind, and warns about each on stderr after the run's last line. A signal can land
# between a semaphore's removal and its deregistration, so a clean stop can leave one that is
# already gone: "leaked semaphore objects", "No such file or directory". The clean-up is what
# matters; the warnings are for multiprocessing's own developers, not for a scheduled job's log.
TRACKER_WARNINGS = "ignore:resource_tracker:UserWarning"


def start_forkserver() -> None:
    """Start the forkserver now, from the main thread, with Ctrl-C ignored.

    A process started with SIGINT ignored keeps ignoring it, and the forkserver hands that
    on to every worker it forks: so a Ctrl-C reaching a worker that is still importing
    (before the worker's initializer runs) cannot print a traceback either. Started lazily,
    it would start from a download thread, where signal dispositions cannot be changed.
    Starting it again does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        # The preload list must be set before the server starts: later it has no effect.
        multiprocessing.forkserver.set_forkserver_preload(list(WORKER_PRELOAD))
        with contextlib.suppress(OSError, ValueError):
            _start_quiet_resource_tracker()
            multiprocessing.forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


def _start_quiet_resource_tracker() -> None:
    """Start the resource tracker (the forkserver would) with its leak warnings off."""
    saved = os.environ.get("PYTHONWARNINGS")
    os.environ["PYTHONWARNINGS"] = ",".join(filter(None, (saved, TRACKER_WARNINGS)))
    try:
        multiprocessing.resource_tracker.ensure_running()
    finally:
        if saved is None:
            del os.environ["PYTHONWARNINGS"]
        else:
            os.environ["PYTHONWARNINGS"] = saved


def start_early(args: Sequence[str]) -> bool:
    """Start the forkserver if the command line `args` (without the program) runs an audit.

    Returns whether it was started. Only `audit` and `demo` without --help qualify, and only
    on more than one core, where the `Measurer` uses a pool by default. A run whose settings
    turn the pool off (`features.workers = 1`, the dask executor) leaves the server idle: it
    costs its imports on a spare core and ends with the run.
    """
    words = [arg for arg in args if not arg.startswith("-")]
    if (os.cpu_count() or 1) < 2 or not words or words[0] not in EARLY_COMMANDS:
        return False
    if _NO_RUN_OPTIONS.intersection(args):
        return False
    start_forkserver()
    return True
