"""Download deadlines hold byte by byte, against a real loopback server that trickles."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from auditor.config import CrawlConfig
from auditor.crawl.http import Fetcher
from auditor.crawl.safety import UrlPolicy
from auditor.exceptions import FetchError

TRICKLE_FOR_S = 8.0  # the server gives up after this long, so a failing test still ends


@contextmanager
def trickling_server(pause: float) -> Iterator[tuple[str, list[float]]]:
    """Promise a 100 kB photo, then send one byte every `pause` seconds, then hang up."""
    listener = socket.create_server(("127.0.0.1", 0))
    requests: list[float] = []

    def serve(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            requests.append(time.monotonic())
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 100000\r\n\r\n"
            )
            end = time.monotonic() + TRICKLE_FOR_S
            try:
                while time.monotonic() < end:
                    conn.sendall(b"\xff")
                    time.sleep(pause)
            except OSError:
                pass  # the client hung up, as it should

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/photo.jpg", requests
    finally:
        listener.close()


@pytest.mark.parametrize("pause", [1.0, 0.05])
def test_a_trickling_server_is_cut_at_the_deadline_and_not_retried(pause):
    config = CrawlConfig(timeout=1.5, retries=2, backoff=0.01, obey_robots=False)
    with trickling_server(pause) as (url, requests), Fetcher(config) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"timed out after 1\.5 s"):
            fetcher.fetch(url, UrlPolicy(allow_private=True), max_bytes=1_000_000)
        elapsed = time.monotonic() - started
    # Cut at the deadline (each read may only use the time left), not at the end of the
    # trickle, and not three times over: one request, about 1.5 s.
    assert len(requests) == 1
    assert elapsed < 1.5 + 0.5, f"took {elapsed:.1f} s"
