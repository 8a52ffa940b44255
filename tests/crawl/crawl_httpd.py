"""A small reusable threaded HTTP server on 127.0.0.1 for crawler tests.

Serves files from a folder (with ETag/Last-Modified and 304 revalidation, like a real static
host) plus programmable routes, and records every request so tests can count them.
"""

from __future__ import annotations

import hashlib
import mimetypes
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["Reply", "Request", "TestServer", "serve"]


@dataclass
class Request:
    """One request the server received."""

    method: str
    path: str  # path with query
    headers: dict[str, str]


@dataclass
class Reply:
    """What a route answers: status, body, headers, and optional stalls to simulate slowness."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    stall: float = 0.0  # seconds after the headers, before the body (or after `stall_at`)
    stall_at: int = 0  # body bytes sent before the stall (0: the stall comes before the body)
    chunked: bool = False  # no Content-Length: the body arrives in chunks of unknown total


CHUNK = 16 * 1024  # bytes per chunk of a chunked reply

Route = Callable[[Request], Reply] | Reply


class TestServer:
    """A threaded HTTP server: files from `folder` plus `routes`, requests recorded."""

    __test__ = False  # not a test class, despite the name

    def __init__(self, folder: Path | None = None, tls: ssl.SSLContext | None = None) -> None:
        self.folder = folder
        self.tls = tls  # serve HTTPS with this context instead of plain HTTP
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        """Base URL ending in "/"."""
        assert self._server is not None
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self._server.server_address[1]}/"

    @property
    def port(self) -> int:
        """The ephemeral port the server listens on."""
        assert self._server is not None
        return int(self._server.server_address[1])

    def url(self, path: str) -> str:
        """Absolute URL of `path` on this server."""
        return self.base + path.lstrip("/")

    def count(self, path: str) -> int:
        """How many requests asked for `path` (exact path incl. query)."""
        path = "/" + path.lstrip("/")
        with self._lock:
            return sum(1 for r in self.requests if r.path == path)

    def _record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def _static(self, request: Request) -> Reply:
        if self.folder is None:
            return Reply(404, b"not found")
        relative = urlsplit(request.path).path.lstrip("/") or "index.html"
        path = (self.folder / relative).resolve()
        if not path.is_relative_to(self.folder.resolve()) or not path.is_file():
            return Reply(404, b"not found", {"Content-Type": "text/plain"})
        data = path.read_bytes()
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        headers = {
            "Content-Type": mimetypes.guess_type(path.name)[0] or "application/octet-stream",
            "ETag": etag,
            "Last-Modified": formatdate(path.stat().st_mtime, usegmt=True),
        }
        if request.headers.get("if-none-match") == etag:
            return Reply(304, b"", {"ETag": etag})
        return Reply(200, data, headers)

    def handle(self, request: Request) -> Reply:
        """Answer one request from the routes (exact path, then path without query) or files."""
        self._record(request)
        route = self.routes.get(request.path) or self.routes.get(urlsplit(request.path).path)
        if route is None:
            return self._static(request)
        return route(request) if callable(route) else route

    @contextmanager
    def running(self) -> Iterator[TestServer]:
        """Serve in a background thread for the duration of the block."""
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                request = Request("GET", self.path, {k.lower(): v for k, v in self.headers.items()})
                reply = owner.handle(request)
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    length = (
                        {"Transfer-Encoding": "chunked"}
                        if reply.chunked
                        else {"Content-Length": str(len(reply.body))}
                    )
                    for key, value in {**length, **reply.headers}.items():
                        self.send_header(key, value)
                    self.end_headers()
                    if reply.stall_at and not reply.chunked:
                        self.wfile.write(reply.body[: reply.stall_at])
                    self.wfile.flush()
                    if reply.stall:
                        time.sleep(reply.stall)
                    if reply.chunked:
                        for start in range(0, len(reply.body), CHUNK):
                            piece = reply.body[start : start + CHUNK]
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                        self.wfile.write(b"0\r\n\r\n")
                    else:
                        self.wfile.write(reply.body[reply.stall_at :])
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        if self.tls is not None:
            self._server.socket = self.tls.wrap_socket(self._server.socket, server_side=True)
        thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
            thread.join(timeout=5)


@contextmanager
def serve(
    folder: Path | None = None,
    routes: dict[str, Route] | None = None,
    tls: ssl.SSLContext | None = None,
) -> Iterator[TestServer]:
    """Start a TestServer for `folder` with `routes`; yields the running server."""
    server = TestServer(folder, tls)
    server.routes.update(routes or {})
    with server.running():
        yield server
