"""Broken and hostile servers: every run completes and every affected person has a reason."""

from __future__ import annotations

import gzip
import threading
import time

import pytest
from crawl_httpd import Reply, serve

from auditor.config import CrawlConfig
from auditor.crawl import crawl

FAST = CrawlConfig(timeout=1.0, backoff=0.01, retries=2)


def _page(*cards: tuple[str, str]) -> Reply:
    """A team page with one card per (name, photo src)."""
    html = "".join(
        f'<div class="card"><img src="{src}" alt=""><h3>{name}</h3></div>' for name, src in cards
    )
    return Reply(200, f"<html><body>{html}</body></html>".encode(), {"Content-Type": "text/html"})


def _jpeg(make_photo, i: int = 0) -> Reply:
    return Reply(200, make_photo(i), {"Content-Type": "image/jpeg"})


def _errors(result) -> dict[str, str | None]:
    return {p.name: p.error for p in result.people}


def test_http_errors_wrong_types_and_caps_fail_only_the_affected_person(make_photo):
    big = make_photo(0) * 4
    routes = {
        "/": _page(
            ("Ok Person", "/ok.jpg"),
            ("Missing Person", "/missing.jpg"),
            ("Broken Server", "/500.jpg"),
            ("Html Person", "/html.jpg"),
            ("Disguised Html", "/disguised.jpg"),
            ("Huge Declared", "/huge.jpg"),
            ("Huge Streamed", "/huge-chunked.jpg"),
            ("Empty Person", "/empty.jpg"),
        ),
        "/ok.jpg": _jpeg(make_photo),
        "/missing.jpg": Reply(404, b"nope", {"Content-Type": "text/plain"}),
        "/500.jpg": Reply(500, b"oops"),
        "/html.jpg": Reply(
            200, b"<html><body>Not found</body></html>", {"Content-Type": "text/html"}
        ),
        "/disguised.jpg": Reply(
            200, b"<!doctype html><html><body>x</body></html>", {"Content-Type": "image/jpeg"}
        ),
        "/huge.jpg": Reply(200, big, {"Content-Type": "image/jpeg"}),
        "/huge-chunked.jpg": Reply(200, big, {"Content-Type": "image/jpeg"}, chunked=True),
        "/empty.jpg": Reply(200, b"", {"Content-Type": "image/jpeg"}),
    }
    config = FAST.model_copy(update={"max_image_bytes": len(make_photo(0)) * 2})
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], config)
        assert server.count("/500.jpg") == 3  # the first try and two retries
    errors = _errors(result)
    assert errors["Ok Person"] is None
    assert errors["Missing Person"] == "HTTP 404 Not Found"
    assert errors["Broken Server"] == "HTTP 500 Internal Server Error"
    assert errors["Html Person"] == "server sent text/html, not an image"
    assert errors["Disguised Html"] == "server sent an HTML page labelled image/jpeg, not an image"
    assert errors["Huge Declared"].startswith("larger than the ") and errors[
        "Huge Declared"
    ].endswith(" kB limit")
    assert errors["Huge Streamed"] == errors["Huge Declared"]
    assert errors["Empty Person"] == "server sent an empty file labelled image/jpeg, not an image"
    failed = [p for p in result.people if p.error]
    assert all(p.photo is None and p.image_url for p in failed)


def test_gzip_bomb_and_huge_pages_stop_at_the_page_cap():
    bomb = gzip.compress(b"<html>" + b" " * 30_000_000, compresslevel=9)
    huge = b"<html><body>" + b"<p>filler</p>" * 500_000 + b"</body></html>"
    routes = {
        "/bomb": Reply(200, bomb, {"Content-Type": "text/html", "Content-Encoding": "gzip"}),
        "/huge": Reply(200, huge, {"Content-Type": "text/html"}, chunked=True),
    }
    # A generous deadline: this test is about the size cap, and a loaded machine can take
    # more than FAST's one second to serve and inflate 30 MB.
    config = FAST.model_copy(update={"max_page_bytes": 1_000_000, "timeout": 15.0})
    with serve(routes=routes) as server:
        result = crawl([server.url("/bomb"), server.url("/huge")], config)
    assert [p.error for p in result.pages] == ["larger than the 1 MB limit"] * 2
    assert result.people == ()


def test_timeouts_are_reported_in_seconds(make_photo):
    routes = {
        "/": _page(("Slow Start", "/slow.jpg"), ("Slow Body", "/trickle.jpg"), ("Fine", "/ok.jpg")),
        "/slow.jpg": Reply(200, make_photo(0), {"Content-Type": "image/jpeg"}, delay=2.5),
        "/trickle.jpg": Reply(200, make_photo(1), {"Content-Type": "image/jpeg"}, stall=2.5),
        "/ok.jpg": _jpeg(make_photo, 2),
    }
    started = time.monotonic()
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST.model_copy(update={"timeout": 0.5}))
    errors = _errors(result)
    assert errors["Slow Start"] == "timed out after 0.5 s"
    assert errors["Slow Body"] == "timed out after 0.5 s"
    assert errors["Fine"] is None
    assert time.monotonic() - started < 5  # timeouts are not retried


def test_retry_after_is_honoured_and_a_long_one_is_not_waited_for(make_photo):
    calls = {"n": 0}

    def flaky(request):
        calls["n"] += 1
        if calls["n"] == 1:
            return Reply(503, b"busy", {"Retry-After": "1"})
        return Reply(200, make_photo(0), {"Content-Type": "image/jpeg"})

    routes = {
        "/": _page(("Flaky", "/flaky.jpg"), ("Throttled", "/throttled.jpg")),
        "/flaky.jpg": flaky,
        "/throttled.jpg": Reply(429, b"slow down", {"Retry-After": "3600"}),
    }
    started = time.monotonic()
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
        assert server.count("/throttled.jpg") == 1
    elapsed = time.monotonic() - started
    errors = _errors(result)
    assert errors["Flaky"] is None and calls["n"] == 2
    assert 1.0 <= elapsed < 5
    assert errors["Throttled"].startswith("HTTP 429 Too Many Requests")
    assert "3600 s" in errors["Throttled"]


def test_redirects_loops_and_limits(make_photo):
    routes = {
        "/": _page(("Moved", "/old.jpg"), ("Looping", "/loop-a.jpg"), ("Far", "/r0.jpg")),
        "/old.jpg": Reply(301, b"", {"Location": "/new.jpg"}),
        "/new.jpg": _jpeg(make_photo),
        "/loop-a.jpg": Reply(302, b"", {"Location": "/loop-b.jpg"}),
        "/loop-b.jpg": Reply(302, b"", {"Location": "/loop-a.jpg"}),
    }
    for i in range(10):
        routes[f"/r{i}.jpg"] = Reply(302, b"", {"Location": f"/r{i + 1}.jpg"})
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
    errors = _errors(result)
    assert errors["Moved"] is None
    assert result.people[0].image_url == server.url("/old.jpg")
    assert errors["Looping"].startswith("redirect loop")
    assert errors["Far"] == "more than 5 redirects"


def test_robots_txt_is_obeyed_per_path_and_its_server_errors_block(make_photo):
    routes = {
        "/robots.txt": Reply(
            200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}
        ),
        "/": _page(("Public", "/public/a.jpg"), ("Private", "/private/b.jpg")),
        "/public/a.jpg": _jpeg(make_photo),
        "/private/b.jpg": _jpeg(make_photo, 1),
    }
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
        assert server.count("/private/b.jpg") == 0
        ignoring = crawl([server.url("/")], FAST.model_copy(update={"obey_robots": False}))
    assert _errors(result) == {"Public": None, "Private": "robots.txt disallows this URL"}
    assert _errors(ignoring) == {"Public": None, "Private": None}

    # RFC 9309: a 5xx robots.txt means "disallow everything", a 4xx one "allow everything"
    with serve(routes={"/robots.txt": Reply(503, b"down"), "/": _page(("A", "/a.jpg"))}) as server:
        blocked = crawl([server.url("/")], FAST)
    assert blocked.people == ()
    assert blocked.pages[0].error.startswith("robots.txt disallows this URL")
    assert "503" in blocked.pages[0].error
    with serve(
        routes={
            "/robots.txt": Reply(403, b"no"),
            "/": _page(("A", "/a.jpg")),
            "/a.jpg": _jpeg(make_photo),
        }
    ) as server:
        allowed = crawl([server.url("/")], FAST)
    assert _errors(allowed) == {"A": None}


def test_broken_pages_become_page_errors_not_exceptions(make_photo):
    routes = {
        "/gone": Reply(404, b"", {"Content-Type": "text/html"}),
        "/image": _jpeg(make_photo),
        "/app": Reply(
            200,
            b'<html><head><script src="/main.js"></script></head>'
            b'<body><div id="root"></div></body></html>',
            {"Content-Type": "text/html"},
        ),
        "/good": _page(("Good", "/a.jpg")),
        "/a.jpg": _jpeg(make_photo),
    }
    with serve(routes=routes) as server:
        closed = "http://127.0.0.1:9/"  # the discard port: nothing listens there
        result = crawl(
            [
                server.url("/gone"),
                server.url("/image"),
                server.url("/app"),
                closed,
                server.url("/good"),
            ],
            FAST,
        )
    pages = {p.url: p for p in result.pages}
    assert pages[server.url("/gone")].status_code == 404
    assert pages[server.url("/gone")].error == "HTTP 404 Not Found"
    assert pages[server.url("/image")].error == "not an HTML page (the server sent image/jpeg)"
    assert "needs JavaScript rendering" in pages[server.url("/app")].error
    assert pages[closed].error.startswith("could not connect to 127.0.0.1")
    assert "Errno" not in pages[closed].error  # the OS's error number means nothing to a reader
    assert [p.name for p in result.people] == ["Good"]


def test_concurrency_per_host_is_a_hard_limit(make_photo):
    in_flight = {"now": 0, "max": 0}
    lock = threading.Lock()

    def slow(request):
        with lock:
            in_flight["now"] += 1
            in_flight["max"] = max(in_flight["max"], in_flight["now"])
        time.sleep(0.1)
        with lock:
            in_flight["now"] -= 1
        return Reply(200, make_photo(0), {"Content-Type": "image/jpeg"})

    routes = {"/": _page(*[(f"Person {chr(65 + i)}", f"/p{i}.jpg") for i in range(6)])}
    routes.update({f"/p{i}.jpg": slow for i in range(6)})
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST.model_copy(update={"concurrency_per_host": 2}))
    assert all(p.error is None for p in result.people)
    assert in_flight["max"] == 2


def test_delay_spaces_requests_to_one_host(make_photo):
    routes = {"/": _page(*[(f"Person {chr(65 + i)}", f"/p{i}.jpg") for i in range(4)])}
    routes.update({f"/p{i}.jpg": _jpeg(make_photo, i) for i in range(4)})
    started = time.monotonic()
    with serve(routes=routes) as server:
        crawl([server.url("/")], FAST.model_copy(update={"delay": 0.15}))
    # robots.txt, the page and four photos: five gaps of at least 0.15 s
    assert time.monotonic() - started >= 0.7


@pytest.mark.parametrize("pages", [1, 2])
def test_max_pages_bounds_pagination(pages, make_photo):
    def listing(n):
        return Reply(
            200,
            f'<div class="card"><img src="/p{n}.jpg"><h3>Person {chr(64 + n)}</h3></div>'
            f'<a rel="next" href="/list?page={n + 1}">next</a>'.encode(),
            {"Content-Type": "text/html"},
        )

    routes = {"/list": listing(1)}
    routes.update({f"/list?page={n}": listing(n) for n in range(2, 6)})
    routes.update({f"/p{n}.jpg": _jpeg(make_photo, n) for n in range(1, 6)})
    with serve(routes=routes) as server:
        result = crawl([server.url("/list")], FAST.model_copy(update={"max_pages": pages}))
    fetched = [p for p in result.pages if p.error is None]
    assert len(fetched) == pages
    assert len(result.people) == pages
    # the next page that was not fetched is listed, with the reason
    assert result.pages[-1].error == f"not fetched: the max_pages limit ({pages}) was reached"
    assert result.pages[-1].url == server.url(f"/list?page={pages + 1}")


def test_robots_txt_of_an_image_host_and_its_crawl_delay_are_honoured(make_photo):
    cdn_routes = {
        "/robots.txt": Reply(
            200,
            b"User-agent: *\nCrawl-delay: 0.3\nDisallow: /private/\n",
            {"Content-Type": "text/plain"},
        ),
        "/img/a.jpg": _jpeg(make_photo, 0),
        "/img/b.jpg": _jpeg(make_photo, 1),
        "/img/c.jpg": _jpeg(make_photo, 2),
        "/private/d.jpg": _jpeg(make_photo, 3),
    }
    with serve(routes=cdn_routes) as cdn:
        page = _page(
            ("Ann Able", cdn.url("/img/a.jpg")),
            ("Ben Baker", cdn.url("/img/b.jpg")),
            ("Cy Cole", cdn.url("/img/c.jpg")),
            ("Di Dorn", cdn.url("/private/d.jpg")),
        )
        with serve(routes={"/": page}) as site:
            started = time.monotonic()
            result = crawl([site.url("/")], FAST)
            elapsed = time.monotonic() - started
        assert cdn.count("/private/d.jpg") == 0
    errors = _errors(result)
    assert errors == {
        "Ann Able": None,
        "Ben Baker": None,
        "Cy Cole": None,
        "Di Dorn": "robots.txt disallows this URL",
    }
    assert elapsed >= 0.6  # three photo requests to the CDN, 0.3 s apart


def test_no_store_responses_are_not_cached(tmp_path, make_photo):
    routes = {
        "/": _page(("Ann Able", "/a.jpg")),
        "/a.jpg": Reply(
            200,
            make_photo(0),
            {"Content-Type": "image/jpeg", "ETag": '"v1"', "Cache-Control": "no-store"},
        ),
    }
    with serve(routes=routes) as server:
        crawl([server.url("/")], FAST, cache_dir=tmp_path / "cache")
        second = crawl([server.url("/")], FAST, cache_dir=tmp_path / "cache")
        conditional = [
            r for r in server.requests if r.path == "/a.jpg" and "if-none-match" in r.headers
        ]
    assert conditional == []
    assert second.people[0].http.from_cache is False
    assert second.people[0].http.etag == '"v1"'


def test_malformed_urls_and_redirect_targets_fail_one_person_each(make_photo):
    routes = {
        "/": _page(
            ("Bad Redirect", "/bad-redirect.jpg"),
            ("Bad Host", "http://exa mple.invalid/a.jpg"),
            ("Bo Broken", "http://[zz]/a.jpg"),
            ("Bad Idna", "http://xn--a.xn--/a.jpg"),
            ("Good One", "/ok.jpg"),
        ),
        "/bad-redirect.jpg": Reply(302, b"", {"Location": "http://[::1"}),
        "/ok.jpg": _jpeg(make_photo),
    }
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
    assert result.pages[0].error is None
    errors = _errors(result)
    assert errors["Good One"] is None
    for name in ("Bad Redirect", "Bad Host", "Bad Idna"):
        assert errors[name], name
    # a photo URL too malformed to parse is no photo: the person is still listed
    assert errors["Bo Broken"] is None
    assert next(p for p in result.people if p.name == "Bo Broken").image_url is None
