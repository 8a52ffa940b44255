"""Helpers for fault tests: a loopback team site whose photos can be held back, the real CLI
in a subprocess, and the process table (/proc) to prove no child outlives the run."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

__all__ = [
    "HeldSite",
    "alive",
    "descendants",
    "run_cli",
    "start_cli",
    "wait_until",
]

REPO = Path(__file__).resolve().parents[1]
HOLD_LIMIT_S = 60.0  # a held photo is released after this long, whatever the test does


class HeldSite:
    """Serves a folder on 127.0.0.1; photos after the first `fast` ones wait for `release`.

    `trickle=True` sends held photos one byte a second instead of nothing at all.
    """

    def __init__(self, folder: Path, *, fast: int, trickle: bool = False) -> None:
        self.folder = folder
        self.fast = fast
        self.trickle = trickle
        self.release = threading.Event()
        self.requests: list[str] = []
        self._photos = sorted(p.name for p in (folder / "photos").iterdir())

    @contextmanager
    def serving(self) -> Iterator[str]:
        """Run the server for the block; yields the team page URL."""
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0].lstrip("/")
                site.requests.append(path)
                file = site.folder / path
                if not file.is_file():
                    self.send_error(404)
                    return
                body = file.read_bytes()
                held = path.startswith("photos/") and (
                    site._photos.index(Path(path).name) >= site.fast
                )
                try:
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if held:
                        site._hold(self, body)
                        return
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
        finally:
            self.release.set()
            server.shutdown()
            server.server_close()

    def _hold(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        deadline = time.monotonic() + HOLD_LIMIT_S
        sent = 0
        while not self.release.is_set() and time.monotonic() < deadline:
            if self.trickle and sent < len(body):
                handler.wfile.write(body[sent : sent + 1])
                handler.wfile.flush()
                sent += 1
            self.release.wait(1.0)
        handler.wfile.write(body[sent:])


def start_cli(*args: str, cwd: Path | None = None, new_session: bool = False) -> subprocess.Popen:
    """The real command line (`python -m auditor`) in a subprocess, stdout/stderr piped."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    return subprocess.Popen(
        [sys.executable, "-m", "auditor", *args],
        cwd=cwd or REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=new_session,
    )


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 120) -> tuple[int, str]:
    """Run the CLI to completion; returns (exit code, stderr)."""
    proc = start_cli(*args, cwd=cwd)
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process from /proc, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return fields[0], int(fields[1])


def alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie (a zombie has ended, only unreaped)."""
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"


def descendants(pid: int) -> set[int]:
    """Every living process below `pid` (children, grandchildren ...)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None and stat[0] != "Z":
                parents[int(entry.name)] = stat[1]
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def wait_until(condition, timeout: float, interval: float = 0.1) -> bool:
    """Poll `condition()` until it is true or `timeout` seconds pass; returns its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())
