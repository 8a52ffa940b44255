"""SIGINT and SIGTERM: stop the run at once, clean up, one line on stderr, exit 130 / 143.

Why: a scheduler stops a job with SIGTERM (a timeout, a shutdown), a person with Ctrl-C.
Either becomes `Interrupted` in the main thread wherever it is waiting, so the `with` blocks
of the run unwind (measuring processes stopped, downloads abandoned, the unpublished report
folder removed) and nothing half-written is left. A second signal during that clean-up ends
the process immediately.
"""

from __future__ import annotations

import multiprocessing.util
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType

__all__ = ["Interrupted", "exit_now", "stop_on_signals", "stopped_message"]

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """Raised in the main thread when SIGINT or SIGTERM arrives (a BaseException, like
    KeyboardInterrupt, so no `except Exception` on the way swallows it)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.name = signal.Signals(signum).name
        super().__init__(self.name)

    @property
    def exit_code(self) -> int:
        """128 + the signal number, as shells report it: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + self.signum


def stopped_message(exc: Interrupted) -> str:
    """The one line a stopped run prints (at start-up too: nothing has been written then)."""
    return (
        f"Stopped by {exc.name}: nothing was published; the previous report, `latest` and "
        "history are unchanged."
    )


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGINT/SIGTERM into `Interrupted` inside this block (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stopping = False

    def handler(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        if stopping:  # a second signal while cleaning up: stop now, clean-up or not
            exit_now(128 + signum, tidy=False)
        stopping = True
        raise Interrupted(signum)

    previous = {sig: signal.signal(sig, handler) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def exit_now(code: int, *, tidy: bool = True) -> None:
    """End the process without waiting for download threads still blocked on the network.

    With `tidy`, multiprocessing's own exit clean-up still runs (stopped workers joined, their
    semaphores released), so its resource tracker has nothing to warn about.
    """
    if tidy:
        with suppress(Exception):
            multiprocessing.util._exit_function()  # what atexit would run; os._exit skips it
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
