"""The crawler's HTTP client: trust boundary, robots.txt, politeness, caps, retries, cache.

Every request, including robots.txt and each redirect hop, goes through `Fetcher.fetch`:

    policy check (safety.py) -> robots.txt (protego) -> per-host slot and delay
    -> GET with validators from the cache -> 3xx: next hop | 304: cached body
    | 429/5xx: retry with backoff (Retry-After honoured) | 2xx: stream under the byte cap

Failures become `FetchError` (or `UnsafeURL`) with a message a non-engineer can read.

Every `fetch` has one deadline (`crawl.timeout`) for the time spent on the network across
all its redirect hops and retries (the pauses between retries, bounded by `MAX_RETRY_AFTER_S`,
are not counted), and it holds byte by byte: each socket read and write is given only the
time left (`_DeadlineBackend`), so a server trickling a byte a second is cut at the deadline,
and a retry after it starts only with time left: retries never multiply a slow server.
"""

from __future__ import annotations

import datetime
import email.utils
import re
import ssl
import threading
import time
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from protego import Protego

from auditor.config import CrawlConfig
from auditor.crawl.cache import CacheEntry, HttpCache
from auditor.crawl.content import human_size
from auditor.crawl.hosts import wire_url
from auditor.crawl.referrer import Referrer
from auditor.crawl.safety import PinnedBackend, UrlPolicy, enforced
from auditor.exceptions import FetchError, UnsafeURL

__all__ = ["Fetched", "Fetcher", "HttpStatusError"]

REDIRECT_CODES = (301, 302, 303, 307, 308)
RETRY_CODES = (429, 500, 502, 503, 504)
# A Retry-After longer than this is not waited for: the run would stall; the person fails.
MAX_RETRY_AFTER_S = 60.0
# robots.txt Crawl-delay is honoured up to this many seconds between requests to a host.
MAX_CRAWL_DELAY_S = 10.0
# Bytes read per chunk while streaming a body (the cap is checked after every chunk).
CHUNK_BYTES = 64 * 1024
# Largest robots.txt read; RFC 9309 requires at least 500 KiB to be parsed.
MAX_ROBOTS_BYTES = 512 * 1024
ROBOTS_TOKEN = "headshot-audit"
# A retry is started only if at least this much of the request's deadline is left.
MIN_TRY_S = 0.1


# Statuses whose phrase alone does not say what happened, put in words (the status follows).
_IN_WORDS = {
    401: "the server asks for a login",
    403: "the server refused; the site may block automated downloads",
    451: "the server refused for legal reasons",
}


class HttpStatusError(FetchError):
    """Raised when the server answers with an HTTP error status (4xx/5xx)."""

    def __init__(self, status_code: int, reason: str, retry_after: float | None = None) -> None:
        status = f"HTTP {status_code} {reason}".strip()
        words = _IN_WORDS.get(status_code)
        if words is not None:
            plain, _, hint = words.partition("; ")
            status = f"{plain} ({status})" + (f"; {hint}" if hint else "")
        super().__init__(status)
        self.status_code = status_code
        self.retry_after = retry_after


@dataclass(frozen=True)
class Fetched:
    """A successful response body with the facts the crawl keeps about it."""

    url: str  # final URL after redirects
    status_code: int
    content_type: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    from_cache: bool = False

    @property
    def media_type(self) -> str:
        """The content type without parameters, lowercased ("" when the server sent none)."""
        return (self.content_type or "").split(";", 1)[0].strip().lower()


class _HostGate:
    """Per-host politeness: at most N requests in flight and a pause between request starts."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self._slots = threading.BoundedSemaphore(concurrency)
        self._lock = threading.Lock()
        self._next_start = 0.0
        self.delay = delay

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one of the host's request slots, after waiting for its delay."""
        with self._slots:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start)
                self._next_start = start + self.delay
            if start > now:
                time.sleep(start - now)
            yield


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date); None if absent/invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # "-0000": still GMT, as every HTTP date is (RFC 9110 5.6.7)
        when = when.replace(tzinfo=datetime.UTC)
    try:
        return max(0.0, when.timestamp() - time.time())
    except (OverflowError, OSError, ValueError):
        return None


_DEADLINE: ContextVar[float | None] = ContextVar("fetch_deadline", default=None)


@contextmanager
def _deadline(seconds: float) -> Iterator[float]:
    """Give the requests in this block `seconds` in all (never more than an outer deadline)."""
    outer = _DEADLINE.get()
    deadline = time.monotonic() + seconds
    if outer is not None:
        deadline = min(deadline, outer)
    token = _DEADLINE.set(deadline)
    try:
        yield deadline
    finally:
        _DEADLINE.reset(token)


def _time_left(timeout: float | None) -> float | None:
    """`timeout` cut to what the deadline in force leaves; raises once the deadline passed."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the deadline of the request passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the deadline of the request using it."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _time_left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _time_left(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        tls = self._stream.start_tls(ssl_context, server_hostname, _time_left(timeout))
        return _DeadlineStream(tls)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """Wraps a network backend so that connections keep the deadline of the request."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(
            host, port, _time_left(timeout), local_address, socket_options
        )
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_unix_socket(path, _time_left(timeout), socket_options)
        return _DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def pinned_transport(backend: PinnedBackend | None = None) -> httpx.HTTPTransport:
    """httpx's own transport, its connections opened by `PinnedBackend` (see safety.py).

    httpx does not take a network backend, so its connection pool is rebuilt with one and
    httpx's defaults; `test_a_host_that_rebinds_to_a_private_address_is_not_connected_to`
    fails if a later httpx stops using it.
    """
    # One SSL context for both pools: loading the CA bundle costs ~40 ms of CPU before the
    # first request, and the transport's own pool is replaced at once.
    ssl_context = httpx.create_ssl_context()
    transport = httpx.HTTPTransport(verify=ssl_context)
    limits = httpx.Limits()
    transport._pool = httpcore.ConnectionPool(
        ssl_context=ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_DeadlineBackend(backend or PinnedBackend()),
    )
    return transport


class Fetcher:
    """Fetches pages, photos and robots.txt politely and safely; thread-safe."""

    def __init__(
        self,
        config: CrawlConfig,
        *,
        cache_dir: Path | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.config = config
        self.cache = HttpCache(cache_dir)
        self._client = httpx.Client(
            transport=transport or pinned_transport(),
            follow_redirects=False,  # each hop is checked against the policy and robots.txt
            timeout=httpx.Timeout(config.timeout),
            headers={"User-Agent": config.user_agent},
            trust_env=False,  # no proxies from the environment: the policy must see the real host
        )
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, Protego | str | None] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public -------------------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        policy: UrlPolicy,
        *,
        max_bytes: int,
        accept: str = "*/*",
        referrer: Referrer | None = None,
    ) -> Fetched:
        """GET `url` following redirects; raise FetchError/UnsafeURL with a readable reason.

        `referrer` is the page the request is made for: each hop sends the Referer its
        policy allows for that hop's URL, as a browser does (hotlink protection needs it).
        """
        with _deadline(self.config.timeout):
            return self._follow(url, policy, max_bytes=max_bytes, accept=accept, referrer=referrer)

    def _follow(
        self,
        url: str,
        policy: UrlPolicy,
        *,
        max_bytes: int,
        accept: str,
        referrer: Referrer | None,
    ) -> Fetched:
        """The redirect chain of one `fetch`, inside its deadline."""
        seen: list[str] = []
        current = url
        for _hop in range(self.config.max_redirects + 1):
            policy.check(current)
            seen.append(current)
            try:
                if self.config.obey_robots:
                    self._check_robots(current, policy)
                headers = {"Accept": accept}
                referer = referrer.header_for(current) if referrer is not None else None
                if referer is not None:
                    headers["Referer"] = referer
                with enforced(policy):
                    result = self._get_with_retries(current, max_bytes=max_bytes, headers=headers)
            except HttpStatusError:
                raise
            except FetchError as exc:
                if current == url:
                    raise
                # "could not connect" alone hides that the page's own link was fine
                raise FetchError(f"{exc}; reached through a redirect to {current}") from None
            if isinstance(result, Fetched):
                return result
            try:
                target = urljoin(current, result.location)
            except ValueError:
                raise FetchError(
                    f"the server redirected to an invalid URL ({result.location!r})"
                ) from None
            # a redirect back that sets a cookie is a cookie check (the client keeps cookies
            # for the run): a browser passes it, and max_redirects still bounds it
            if target in seen and not result.sets_cookie:
                raise FetchError(f"redirect loop ({current} redirects back to {target})")
            current = target
        raise FetchError(f"more than {self.config.max_redirects} redirects")

    def refusal(self, url: str, policy: UrlPolicy) -> str | None:
        """Why `url` may not be requested (trust boundary, robots.txt), or None if it may."""
        try:
            policy.check(url)
            if self.config.obey_robots:
                self._check_robots(url, policy)
        except (FetchError, UnsafeURL) as exc:
            return str(exc)
        return None

    # -- robots.txt ---------------------------------------------------------------------------

    def _check_robots(self, url: str, policy: UrlPolicy) -> None:
        """Raise FetchError when robots.txt (or its absence, per RFC 9309) forbids `url`."""
        url = wire_url(url)  # one robots.txt per host, however the links spell it
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc.lower()}"
        if parts.path == "/robots.txt":
            return
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._robots:
                self._robots[origin] = self._load_robots(origin, policy)
        rules = self._robots[origin]
        if isinstance(rules, str):
            raise FetchError(rules)
        if rules is not None and not rules.can_fetch(url, ROBOTS_TOKEN):
            raise FetchError("robots.txt disallows this URL")

    def _load_robots(self, origin: str, policy: UrlPolicy) -> Protego | str | None:
        """Parsed rules; None = allow all; a string = everything blocked, and why (RFC 9309)."""
        try:
            fetched = self.fetch(origin + "/robots.txt", policy, max_bytes=MAX_ROBOTS_BYTES)
        except HttpStatusError as exc:
            if exc.status_code < 500:
                return None  # 4xx: "unavailable" -> no restrictions
            return (
                f"robots.txt disallows this URL (robots.txt answered {exc}; "
                "RFC 9309 treats an unreachable robots.txt as disallow-all)"
            )
        except UnsafeURL as exc:
            return f"robots.txt disallows this URL (its robots.txt redirects away: {exc})"
        except FetchError as exc:
            if "larger than" in str(exc):
                return None  # RFC 9309 asks to parse at least 500 KiB; more is not a block
            return str(exc)  # the host is unreachable: the page itself would fail the same way
        rules = Protego.parse(fetched.body.decode("utf-8", errors="replace"))
        delay = rules.crawl_delay(ROBOTS_TOKEN)
        if delay:
            gate = self._gate(origin)
            gate.delay = max(gate.delay, min(float(delay), MAX_CRAWL_DELAY_S))
        return rules

    # -- requests -----------------------------------------------------------------------------

    def _gate(self, url: str) -> _HostGate:
        host = urlsplit(wire_url(url)).netloc.lower()
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = _HostGate(self.config.concurrency_per_host, self.config.delay)
                self._gates[host] = gate
            return gate

    def _get_with_retries(
        self, url: str, *, max_bytes: int, headers: dict[str, str]
    ) -> Fetched | _Redirect:
        attempt = 0
        while True:
            try:
                return self._get_once(url, max_bytes=max_bytes, headers=headers)
            except HttpStatusError as exc:
                if exc.status_code not in RETRY_CODES or attempt >= self.config.retries:
                    raise
                wait = self.config.backoff * 2**attempt
                if exc.retry_after is not None:
                    if exc.retry_after > MAX_RETRY_AFTER_S:
                        asked = (
                            f"{exc.retry_after:.0f} s"
                            if exc.retry_after < 86_400
                            else "more than a day"  # a date years ahead, in seconds, says less
                        )
                        raise HttpStatusError(
                            exc.status_code,
                            f"{_reason(exc.status_code)} (server asked to wait {asked}; gave up)",
                        ) from None
                    wait = max(wait, exc.retry_after)
                failure: FetchError = exc
            except _Retryable as exc:
                if attempt >= self.config.retries:
                    raise FetchError(str(exc)) from None
                wait = self.config.backoff * 2**attempt
                failure = FetchError(str(exc))
            deadline = _DEADLINE.get()
            if deadline is not None:
                if deadline - time.monotonic() < MIN_TRY_S:
                    raise failure  # the time is spent: retries never multiply a slow server
                _DEADLINE.set(deadline + wait)  # the pause itself is not the server's time
            attempt += 1
            time.sleep(wait)

    def _get_once(
        self, url: str, *, max_bytes: int, headers: dict[str, str]
    ) -> Fetched | _Redirect:
        """One request: a Fetched, or the redirect to follow."""
        cached = self.cache.lookup(url)
        headers = dict(headers)
        if cached is not None:
            headers.update(cached.conditional_headers())
        timeout = self.config.timeout
        try:
            with (
                self._gate(url).slot(),
                self._client.stream("GET", wire_url(url), headers=headers) as response,
            ):
                return self._read(url, response, cached, max_bytes)
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {timeout:g} s") from None
        except httpx.ConnectError as exc:
            tls = _tls_problem(exc)
            if tls is not None:  # a certificate or protocol mismatch: a retry gets the same
                host = urlsplit(url).hostname or url
                raise FetchError(f"could not set up HTTPS with {host}: {tls}") from None
            raise _Retryable(_connection_message(url, exc)) from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise _Retryable(_connection_message(url, exc)) from None
        except httpx.DecodingError:
            raise FetchError("the server sent a body that could not be decompressed") from None
        except httpx.InvalidURL as exc:
            raise FetchError(f"invalid URL ({exc})") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"request failed ({type(exc).__name__}: {exc})") from None
        except (FetchError, _Retryable, UnsafeURL):
            raise
        except Exception as exc:  # e.g. an IDNA error in a hostile host name: one failed request
            raise FetchError(f"request failed ({type(exc).__name__}: {exc})") from None

    def _read(
        self, url: str, response: httpx.Response, cached: CacheEntry | None, max_bytes: int
    ) -> Fetched | _Redirect:
        status = response.status_code
        if status in REDIRECT_CODES:
            location = response.headers.get("location")
            if not location:
                raise FetchError(f"HTTP {status} redirect without a Location header")
            return _Redirect(location, sets_cookie="set-cookie" in response.headers)
        if status == 304 and cached is not None:
            return Fetched(
                url=url,
                status_code=200,
                content_type=cached.content_type,
                body=cached.body,
                etag=cached.etag,
                last_modified=cached.last_modified,
                from_cache=True,
            )
        if status >= 400 or status < 200 or status == 304:
            reason = _reason(status)
            raise HttpStatusError(status, reason, _retry_after(response.headers.get("retry-after")))
        unknown = _unreadable_encoding(response, self._client.headers.get("accept-encoding", ""))
        if unknown:
            # httpx hands such a body on still compressed: it would pass as a broken image
            raise FetchError(
                f"the server compressed the file as {unknown!r}, which was not asked for "
                "and cannot be read"
            )
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(f"larger than the {human_size(max_bytes)} limit")
        deadline = _DEADLINE.get() or time.monotonic() + self.config.timeout
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes(CHUNK_BYTES):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"larger than the {human_size(max_bytes)} limit")
            if time.monotonic() > deadline:
                # a server trickling bytes never trips the per-read timeout; cap the total too
                raise FetchError(f"timed out after {self.config.timeout:g} s")
            chunks.append(chunk)
        fetched = Fetched(
            url=url,
            status_code=status,
            content_type=response.headers.get("content-type"),
            body=b"".join(chunks),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )
        self.cache.store(
            CacheEntry(
                url=url,
                content_type=fetched.content_type,
                etag=fetched.etag,
                last_modified=fetched.last_modified,
                body=fetched.body,
            ),
            cache_control=response.headers.get("cache-control"),
        )
        return fetched


@dataclass(frozen=True)
class _Redirect:
    """A 3xx answer: where it points, and whether it set a cookie on the way."""

    location: str
    sets_cookie: bool = False


class _Retryable(Exception):
    """A connection-level failure worth one more try (refused, reset, closed early)."""


# The OS error number ("[Errno 111] Connection refused"): noise to the report's reader.
_ERRNO = re.compile(r"\[Errno -?\d+\]\s*")


# h11's words for a body shorter than its Content-Length (the server closed early).
_CUT_SHORT = re.compile(r"received (\d+) bytes, expected (\d+)")


def _tls_problem(exc: BaseException) -> str | None:
    """Why HTTPS could not be set up, in words, when an SSL error caused `exc`; else None."""
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, ssl.SSLError):
        cause = cause.__cause__ or cause.__context__
    if cause is None:
        return None
    if isinstance(cause, ssl.SSLCertVerificationError):
        return f"its certificate is not trusted ({cause.verify_message or cause.reason})"
    if cause.reason in ("WRONG_VERSION_NUMBER", "HTTP_REQUEST", "RECORD_LAYER_FAILURE"):
        return "the server did not answer in HTTPS on that port (it may speak only plain HTTP)"
    return f"the secure connection failed ({cause.reason or type(cause).__name__})"


def _connection_message(url: str, exc: Exception) -> str:
    host = urlsplit(url).hostname or url
    detail = _ERRNO.sub("", str(exc))
    cut = _CUT_SHORT.search(detail)
    if cut is not None:
        received, expected = (int(n) for n in cut.groups())
        return (
            f"the download was cut short: {host} announced {human_size(expected)} but sent "
            f"{human_size(received)} and closed the connection"
        )
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect to {host} ({detail or 'connection refused'})"
    return f"the connection to {host} broke off ({detail or type(exc).__name__})"


def _unreadable_encoding(response: httpx.Response, offered: str) -> str | None:
    """A Content-Encoding of the response outside those the request offered, if any."""
    readable = {"identity", *(t.split(";")[0].strip().lower() for t in offered.split(","))}
    for token in response.headers.get("content-encoding", "").split(","):
        token = token.strip().lower()
        if token and token not in readable:
            return token
    return None


def _reason(status: int) -> str:
    """The standard reason phrase ("Not Found"); a server's own wording is not repeated."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
