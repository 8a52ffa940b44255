"""A hostile web server on 127.0.0.1: one team page whose photos and links misbehave.

Every route is a small function of the request path; the server never trusts the client and
never blocks the test for long (slow routes stall for a few seconds at most, the crawl's
timeout in the tests is one second).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["Route", "serve_routes"]

STALL_SECONDS = 4.0  # longer than the test's crawl timeout, short enough to end quickly


@dataclass
class Route:
    """A canned answer; `stall` waits after the headers, `trickle` sends bytes slowly forever,
    `raw` replaces the whole response with bytes (garbage, or a body shorter than promised)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    stall: float = 0.0
    trickle: bool = False
    raw: bytes | None = None  # sent as is instead of a response, then the connection closes


def _handler(routes: dict[str, Route | Callable[[str], Route]]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            route = routes.get(path, Route(404, b"not found", {"Content-Type": "text/plain"}))
            if callable(route):
                route = route(self.path)
            if route.raw is not None:  # not HTTP, or HTTP that lies about its body
                self.wfile.write(route.raw)
                self.close_connection = True
                return
            try:
                self.send_response(route.status)
                headers = {"Content-Length": str(len(route.body)), **route.headers}
                if route.trickle:
                    headers["Content-Length"] = str(10 * len(route.body) + 10_000_000)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                if route.stall:
                    time.sleep(route.stall)
                if route.trickle:
                    deadline = time.monotonic() + STALL_SECONDS
                    while time.monotonic() < deadline:
                        self.wfile.write(b"\xff")
                        self.wfile.flush()
                        time.sleep(0.2)
                    return
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the crawler gave up, as it should

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


class _QuietServer(ThreadingHTTPServer):
    """Clients that hang up early (the crawler giving up on a stalled route) are expected."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@contextmanager
def serve_routes(routes: dict[str, Route | Callable[[str], Route]]) -> Iterator[str]:
    """Serve `routes` (path -> Route) on an ephemeral 127.0.0.1 port; yields the base URL."""
    server = _QuietServer(("127.0.0.1", 0), _handler(routes))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
