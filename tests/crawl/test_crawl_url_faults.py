"""URLs as real pages write them and servers that push back, on 127.0.0.1 (fault batch 3).

Hotlink protection (a Referer from the page's site or 403), user-agent blocking, Retry-After
as an HTTP date, `<base href>`, protocol-relative URLs, Unicode and spaces in paths, IDN host
names, commas inside srcset URLs. Each photo that still cannot be fetched keeps its person
with a plain reason; nobody is lost and nothing crashes.
"""

from __future__ import annotations

import gzip
import time
from email.utils import formatdate
from urllib.parse import urlsplit

import pytest
from crawl_httpd import Reply, Request, serve

from auditor.config import CrawlConfig
from auditor.crawl import crawl
from auditor.crawl.hosts import shown_host, wire_host, wire_url
from auditor.exceptions import FetchError

FAST = CrawlConfig(timeout=2.0, backoff=0.01, retries=1)
FORBIDDEN = "the server refused (HTTP 403 Forbidden); the site may block automated downloads"


def _html(body: str) -> Reply:
    return Reply(200, body.encode(), {"Content-Type": "text/html; charset=utf-8"})


def _img(photo: str) -> str:
    """Markup of a card's photo: given as markup, as <img> attributes, or as its src."""
    if photo.startswith("<"):
        return photo
    return f'<img {photo} alt="">' if '="' in photo else f'<img src="{photo}" alt="">'


def _page(*cards: tuple[str, str], head: str = "", extra: str = "") -> Reply:
    """A team page with one card per (name, photo; see `_img`)."""
    html = "".join(
        f'<div class="card">{_img(photo)}<h3>{name}</h3><p>Engineer</p></div>'
        for name, photo in cards
    )
    return _html(f"<!doctype html><html><head>{head}</head><body>{html}{extra}</body></html>")


def _jpeg(data: bytes) -> Reply:
    return Reply(200, data, {"Content-Type": "image/jpeg"})


def _people(result) -> dict[str, object]:
    return {p.name: p for p in result.people}


def _requests(server, path: str) -> list[Request]:
    return [r for r in server.requests if urlsplit(r.path).path == path]


# -- 1. hotlink protection --------------------------------------------------------------------


def _hotlink_guard(photo: bytes, allowed: str):
    """An image route that answers 403 unless the Referer starts with `allowed`[0]."""

    def route(request: Request) -> Reply:
        if not request.headers.get("referer", "").startswith(allowed[0]):
            return Reply(403, b"hotlinking is not allowed", {"Content-Type": "text/plain"})
        return _jpeg(photo)

    return route


def test_photos_behind_hotlink_protection_arrive_with_the_page_as_referer(make_photo):
    allowed = [""]
    with serve() as cdn, serve() as site:
        allowed[0] = site.base  # the guard accepts pages of the team's own site
        site.routes.update(
            {
                "/team/": _page(
                    ("Ada Hotlink", "/img/ada.jpg"),
                    ("Mona Moved", "/img/old.jpg"),
                    ("Cdn Person", cdn.url("/cdn/cdn.jpg")),
                ),
                "/img/ada.jpg": _hotlink_guard(make_photo(0), allowed),
                "/img/old.jpg": Reply(302, b"", {"Location": "/img/new.jpg"}),
                "/img/new.jpg": _hotlink_guard(make_photo(1), allowed),
            }
        )
        cdn.routes["/cdn/cdn.jpg"] = _hotlink_guard(make_photo(2), allowed)
        result = crawl([site.url("/team/?lang=en#top")], FAST)
        page = site.url("/team/?lang=en")
        same_site = [r.headers.get("referer") for r in _requests(site, "/img/ada.jpg")]
        hops = [r.headers.get("referer") for r in _requests(site, "/img/old.jpg")]
        hops += [r.headers.get("referer") for r in _requests(site, "/img/new.jpg")]
        cross = [r.headers.get("referer") for r in _requests(cdn, "/cdn/cdn.jpg")]
        robots = [r.headers.get("referer") for r in _requests(site, "/robots.txt")]
    people = _people(result)
    assert all(p.error is None and p.photo for p in people.values()), people
    assert people["Cdn Person"].photo == make_photo(2)
    # the full page URL to its own origin (no fragment), each redirect hop included;
    # only the origin to another one (a browser's default policy); none for robots.txt
    assert same_site == [page] and hops == [page, page]
    assert cross == [site.base]
    assert robots == [None]


def test_a_page_that_asks_for_no_referrer_sends_none_and_the_refusal_is_plain(make_photo):
    allowed = [""]
    with serve() as server:
        allowed[0] = server.base
        server.routes.update(
            {
                "/": _page(
                    ("Nora Private", "/img/nora.jpg"),
                    head='<meta name="referrer" content="no-referrer">',
                ),
                "/origin-only/": _page(
                    ("Otto Origin", "/img/otto.jpg"),
                    head='<meta name="Referrer" content="origin">',
                ),
                "/img/nora.jpg": _hotlink_guard(make_photo(0), allowed),
                "/img/otto.jpg": _hotlink_guard(make_photo(1), allowed),
            }
        )
        result = crawl([server.url("/"), server.url("/origin-only/")], FAST)
        nora = [r.headers.get("referer") for r in _requests(server, "/img/nora.jpg")]
        otto = [r.headers.get("referer") for r in _requests(server, "/img/otto.jpg")]
    people = _people(result)
    assert nora == [None] and otto == [server.base]
    # the site's own policy is kept, so its guard refuses: the person stays, with the reason
    assert people["Nora Private"].error == FORBIDDEN and people["Nora Private"].photo is None
    assert people["Nora Private"].image_url == server.url("/img/nora.jpg")
    assert people["Otto Origin"].error is None


# -- 2. user-agent blocking -------------------------------------------------------------------


def test_the_user_agent_is_honest_configurable_and_a_block_is_said_plainly(make_photo):
    seen: list[str] = []

    def browsers_only(request: Request) -> Reply:
        agent = request.headers.get("user-agent", "")
        seen.append(agent)
        if not agent.startswith("Mozilla/"):
            return Reply(403, b"<h1>Access denied</h1>", {"Content-Type": "text/html"})
        return _jpeg(make_photo(0))

    routes = {
        "/": _page(("Uma Agent", "/img/uma.jpg"), ("Fine Person", "/img/fine.jpg")),
        "/img/uma.jpg": browsers_only,
        "/img/fine.jpg": _jpeg(make_photo(1)),
        "/blocked/": Reply(403, b"<h1>Forbidden</h1>", {"Content-Type": "text/html"}),
    }
    with serve(routes=routes) as server:
        result = crawl([server.url("/"), server.url("/blocked/")], FAST)
        agents = {r.headers.get("user-agent") for r in server.requests}
    people = _people(result)
    assert agents == {CrawlConfig().user_agent}  # robots.txt, page and photos alike
    assert seen[0].startswith("headshot-audit/") and "+https://" in seen[0]
    assert people["Uma Agent"].error == FORBIDDEN and people["Fine Person"].error is None
    blocked = next(p for p in result.pages if p.url.endswith("/blocked/"))
    assert (blocked.status_code, blocked.error) == (403, FORBIDDEN)

    # a user who has the site owner's leave may set another agent (never the default)
    mine = "Mozilla/5.0 (compatible; headshot-audit/0.1; +https://example.test/audit)"
    seen.clear()
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST.model_copy(update={"user_agent": mine}))
    assert seen == [mine] and _people(result)["Uma Agent"].error is None


def test_a_login_wall_is_said_plainly():
    routes = {
        "/": _page(("Lena Login", "/img/lena.jpg")),
        "/img/lena.jpg": Reply(401, b"", {"WWW-Authenticate": 'Basic realm="staff"'}),
    }
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
    assert result.people[0].error == "the server asks for a login (HTTP 401 Unauthorized)"


# -- 3. Retry-After as an HTTP date -----------------------------------------------------------


def _busy_once(photo: bytes, retry_after: str, status: int = 503):
    """A route that answers `status` with `retry_after` once, then the photo; logs times."""
    times: list[float] = []

    def route(request: Request) -> Reply:
        times.append(time.monotonic())
        if len(times) == 1:
            return Reply(status, b"busy", {"Retry-After": retry_after})
        return _jpeg(photo)

    return route, times


def test_retry_after_as_an_http_date_is_honoured_and_past_or_garbage_dates_do_not_stall(
    make_photo,
):
    # whole seconds: a date two seconds ahead is one to two seconds away
    soon, soon_times = _busy_once(make_photo(0), formatdate(time.time() + 2, usegmt=True))
    past, past_times = _busy_once(make_photo(1), "Wed, 21 Oct 2015 07:28:00 GMT", 429)
    zone, zone_times = _busy_once(make_photo(2), "Wed, 21 Oct 2015 07:28:00 -0000")
    junk, junk_times = _busy_once(make_photo(3), "in a little while")
    routes = {
        "/": _page(
            ("Soon Date", "/soon.jpg"),
            ("Past Date", "/past.jpg"),
            ("Zone Less", "/zone.jpg"),
            ("Junk Date", "/junk.jpg"),
            ("Far Date", "/far.jpg"),
        ),
        "/soon.jpg": soon,
        "/past.jpg": past,
        "/zone.jpg": zone,
        "/junk.jpg": junk,
        "/far.jpg": Reply(429, b"", {"Retry-After": "Fri, 31 Dec 2100 23:59:59 GMT"}),
    }
    started = time.monotonic()
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
        assert server.count("/far.jpg") == 1  # a wait of decades is not waited for
    assert time.monotonic() - started < 6
    people = _people(result)
    for name in ("Soon Date", "Past Date", "Zone Less", "Junk Date"):
        assert people[name].error is None and people[name].photo, name
    assert 0.9 <= soon_times[1] - soon_times[0] < 3.0
    for times in (past_times, zone_times, junk_times):
        assert len(times) == 2 and times[1] - times[0] < 0.8  # the backoff, not a stall
    assert people["Far Date"].error == (
        "HTTP 429 Too Many Requests (server asked to wait more than a day; gave up)"
    )


# -- 4. <base href> ---------------------------------------------------------------------------


def test_base_href_resolves_photos_lightboxes_and_pagination(make_photo):
    routes = {
        # an absolute-path base: everything relative is under /static/ ...
        "/people/": _page(
            ("Bea Base", "team/bea.jpg"),
            ("Rhea Rooted", "/uploads/rooted.jpg"),
            head='<base target="_blank"><base href="/static/"><base href="/ignored/">',
            extra='<a rel="next" href="page-2.html">Next</a>',
        ),
        "/static/team/bea.jpg": _jpeg(make_photo(0)),
        "/uploads/rooted.jpg": _jpeg(make_photo(1)),
        "/static/page-2.html": _page(
            ("Paul Second", '<a href="big/paul.jpg"><img src="small/paul.jpg"></a>'),
            head='<base href="../cdn/">',  # ... and a relative base against the page URL
        ),
        "/cdn/big/paul.jpg": _jpeg(make_photo(2)),
    }
    with serve(routes=routes) as server:
        result = crawl([server.url("/people/")], FAST)
    people = _people(result)
    assert [p.url for p in result.pages] == [
        server.url("/people/"),
        server.url("/static/page-2.html"),
    ]
    assert people["Bea Base"].image_url == server.url("/static/team/bea.jpg")
    assert people["Rhea Rooted"].image_url == server.url("/uploads/rooted.jpg")
    assert people["Paul Second"].image_url == server.url("/cdn/big/paul.jpg")
    assert all(p.error is None and p.photo for p in people.values()), people


# -- 5. protocol-relative URLs ----------------------------------------------------------------


def test_protocol_relative_urls_take_the_pages_scheme(make_photo):
    with serve() as server:
        here = f"//127.0.0.1:{server.port}"
        server.routes.update(
            {
                "/": _page(
                    ("Pia Relative", f"{here}/img/pia.jpg"),
                    ("Sam Srcset", f'src="/img/tiny.jpg" srcset="{here}/img/sam.jpg 800w"'),
                    ("Lia Lightbox", f'<a href="{here}/img/lia-big.jpg"><img src="/x.jpg"></a>'),
                ),
                "/img/pia.jpg": _jpeg(make_photo(0)),
                "/img/sam.jpg": _jpeg(make_photo(1)),
                "/img/lia-big.jpg": _jpeg(make_photo(2)),
            }
        )
        result = crawl([server.url("/")], FAST)
    people = _people(result)
    assert people["Pia Relative"].image_url == server.url("/img/pia.jpg")
    assert people["Sam Srcset"].image_url == server.url("/img/sam.jpg")
    assert people["Lia Lightbox"].image_url == server.url("/img/lia-big.jpg")
    assert all(p.error is None and p.photo for p in people.values()), people


# -- 6. Unicode, spaces and escapes in paths --------------------------------------------------


def test_unicode_and_spaces_are_sent_as_utf8_percent_escapes_never_twice(make_photo):
    sent = {
        "/team/Zo%C3%AB%20M%C3%BCller.jpg": 0,  # written "Zoë Müller.jpg"
        "/img/%E5%BC%B5.jpg": 1,  # written "張.jpg"
        "/img/already%20escaped.jpg": 2,  # written so: not "%2520"
        "/img/J%C3%B6rg%20half%20escaped.jpg": 3,  # "Jörg%20half escaped.jpg"
        "/img/100%.jpg": 4,  # a lone "%" stays as written, as in a browser
        "/img/q.jpg": 5,  # "?name=José Núñez" in the query
    }
    routes = {
        "/": _page(
            ("Zoë Müller", "/team/Zoë Müller.jpg"),
            ("张 伟", "/img/張.jpg"),
            ("Esca Ped", "/img/already%20escaped.jpg"),
            ("Jörg Half", "/img/Jörg%20half escaped.jpg"),
            ("Per Cent", "/img/100%.jpg"),
            ("José Núñez", "/img/q.jpg?name=José Núñez"),
        ),
        **{path: _jpeg(make_photo(i)) for path, i in sent.items()},
    }
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
        paths = [r.path for r in server.requests if r.path.startswith(("/team/", "/img/"))]
    people = _people(result)
    assert {n: (p.error, p.image_url) for n, p in people.items() if p.error or not p.photo} == {}
    query = "/img/q.jpg?name=Jos%C3%A9%20N%C3%BA%C3%B1ez"
    assert sorted(paths) == sorted([*[*sent][:-1], query])
    assert people["Zoë Müller"].photo == make_photo(0)
    # the report shows the URL as the page wrote it, readable
    assert people["Zoë Müller"].image_url == server.url("/team/Zoë Müller.jpg")


def test_tabs_line_breaks_and_backslashes_in_a_src_are_read_as_a_browser_does(make_photo):
    routes = {
        "/team/": _page(
            ("Tab Wrapped", "/img/\n\t\ttab.jpg"),  # a template wrapped the attribute
            ("Win Dows", "images\\staff\\win.jpg"),  # written on Windows
            ("Bram Root", "\\img\\root.jpg"),
        ),
        "/img/tab.jpg": _jpeg(make_photo(0)),
        "/team/images/staff/win.jpg": _jpeg(make_photo(1)),
        "/img/root.jpg": _jpeg(make_photo(2)),
    }
    with serve(routes=routes) as server:
        result = crawl([server.url("/team/")], FAST)
    people = _people(result)
    assert people["Tab Wrapped"].image_url == server.url("/img/tab.jpg")
    assert people["Win Dows"].image_url == server.url("/team/images/staff/win.jpg")
    assert people["Bram Root"].image_url == server.url("/img/root.jpg")
    assert all(p.error is None and p.photo for p in people.values()), people


# -- 7. IDN host names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "ascii_form"),
    [
        ("bücher.example", "xn--bcher-kva.example"),
        ("Bücher.EXAMPLE", "xn--bcher-kva.example"),  # case folded first
        ("faß.de", "xn--fa-hia.de"),  # IDNA2008, as browsers: not "fass.de"
        ("例え.テスト", "xn--r8jz45g.xn--zckzah"),
        ("ｂücher.example", "xn--bcher-kva.example"),  # full-width letters mapped (UTS 46)
        ("team.example", "team.example"),
        ("Team.Example", "team.example"),
    ],
)
def test_idn_hosts_are_converted_to_punycode_as_a_browser_does(host, ascii_form):
    assert wire_host(host) == ascii_form
    sent = host if host.isascii() else ascii_form  # an ASCII name is the HTTP client's
    assert wire_url(f"http://user@{host}:8080/Zoë.jpg?x=1") == (
        f"http://user@{sent}:8080/Zoë.jpg?x=1"
    )
    assert wire_host(shown_host(ascii_form)) == ascii_form
    assert shown_host(ascii_form).isascii() is host.isascii()


def test_a_host_name_that_is_no_valid_idn_is_a_plain_failure():
    with pytest.raises(FetchError, match=r"^☃\.test is not a valid international domain name$"):
        wire_host("☃.test")
    assert shown_host("xn--a.xn--") == "xn--a.xn--"  # broken punycode is shown as it is


def test_an_idn_photo_host_is_fetched_by_its_punycode_name_and_a_missing_one_fails_plainly(
    make_photo,
):
    # DNS stands in for the network: only the punycode name resolves, to this server; no
    # lookup leaves the machine.
    asked: list[str] = []

    def dns(host: str) -> list[str]:
        asked.append(host)
        return ["127.0.0.1"] if host in ("127.0.0.1", "xn--bcher-kva.test") else []

    with serve() as server:
        server.routes.update(
            {
                "/": _page(
                    ("Ida Unicode", f"http://bücher.test:{server.port}/img/ida.jpg"),
                    ("Max Nowhere", "http://münchen.invalid/img/max.jpg"),
                    ("Sno Man", "http://☃.invalid/img/snow.jpg"),
                    ("Fine Person", "/img/fine.jpg"),
                ),
                "/img/ida.jpg": _jpeg(make_photo(0)),
                "/img/fine.jpg": _jpeg(make_photo(1)),
            }
        )
        result = crawl([server.url("/")], FAST, resolver=dns)
        hosts = {r.headers.get("host") for r in _requests(server, "/img/ida.jpg")}
    people = _people(result)
    assert people["Ida Unicode"].error is None and people["Ida Unicode"].photo == make_photo(0)
    assert hosts == {f"xn--bcher-kva.test:{server.port}"}
    assert people["Ida Unicode"].image_url.startswith("http://bücher.test:")  # shown as written
    # not "robots.txt disallows this URL (its robots.txt redirects away: ...)"
    assert people["Max Nowhere"].error == "münchen.invalid does not resolve (DNS lookup failed)"
    assert people["Sno Man"].error == "☃.invalid is not a valid international domain name"
    assert people["Fine Person"].error is None
    assert set(asked) <= {"127.0.0.1", "xn--bcher-kva.test", "xn--mnchen-3ya.invalid"}


# -- 8. commas inside srcset URLs -------------------------------------------------------------


def test_srcset_urls_with_commas_fetch_the_largest_image(make_photo):
    big = "/x/image/upload/w_800,h_800,c_fill/a.jpg"
    srcset = (
        "/x/image/upload/w_400,h_400,c_fill/a.jpg 400w,"
        f"   {big} 800w, /x/image/upload/w_200,h_200,c_fill/a.jpg,  /thumbs/a,b.jpg 1.5x"
    )
    routes = {
        "/": _page(("Cora Comma", f'src="/x/fallback.jpg" srcset="{srcset}"')),
        big: _jpeg(make_photo(0)),
    }
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
        assert server.count(big) == 1
        assert server.count("/x/image/upload/w_400,h_400,c_fill/a.jpg") == 0
    (cora,) = result.people
    assert cora.error is None and cora.photo == make_photo(0)
    # the CDN's original (transformations dropped) is tried first and is not there
    assert cora.image_url == server.url(big)


# -- more servers that push back --------------------------------------------------------------


def test_compressed_photos_are_inflated_and_an_unknown_encoding_is_a_plain_failure(make_photo):
    routes = {
        "/": _page(("Gus Gzip", "/gz.jpg"), ("Bro Tli", "/br.jpg")),
        "/gz.jpg": Reply(
            200,
            gzip.compress(make_photo(0)),
            {"Content-Type": "image/jpeg", "Content-Encoding": "gzip"},
        ),
        # brotli although the request did not offer it (no brotli decoder is installed)
        "/br.jpg": Reply(
            200,
            b"\x1b\xff\x00\xf8\x25\x12\x00",
            {"Content-Type": "image/jpeg", "Content-Encoding": "br"},
        ),
    }
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
    people = _people(result)
    assert people["Gus Gzip"].error is None and people["Gus Gzip"].photo == make_photo(0)
    assert people["Bro Tli"].photo is None and people["Bro Tli"].error == (
        "the server compressed the file as 'br', which was not asked for and cannot be read"
    )


def test_a_cookie_check_redirect_is_passed_as_a_browser_passes_it(make_photo):
    def cookie_check(body: bytes, content_type: str):
        def route(request: Request) -> Reply:
            if "visited=1" in request.headers.get("cookie", ""):
                return Reply(200, body, {"Content-Type": content_type})
            # back to the same URL, once the cookie is set (a WAF or CMS "cookie test")
            return Reply(302, b"", {"Location": request.path, "Set-Cookie": "visited=1; Path=/"})

        return route

    def always_new_cookie(request: Request) -> Reply:
        n = len(request.headers.get("cookie", ""))
        return Reply(302, b"", {"Location": request.path, "Set-Cookie": f"n{n}=1; Path=/"})

    page = _page(("Cody Cookie", "/img/cody.jpg"), ("Ever Cookie", "/img/ever.jpg"))
    routes = {
        "/team/": cookie_check(page.body, "text/html"),
        "/img/cody.jpg": cookie_check(make_photo(0), "image/jpeg"),
        "/img/ever.jpg": always_new_cookie,
    }
    with serve(routes=routes) as server:
        result = crawl([server.url("/team/")], FAST)
    people = _people(result)
    assert result.pages[0].error is None
    assert people["Cody Cookie"].error is None and people["Cody Cookie"].photo == make_photo(0)
    assert people["Ever Cookie"].error == "more than 5 redirects"  # still bounded


def test_a_redirect_to_a_raw_utf8_location_is_followed(make_photo):
    routes = {
        "/": _page(("Zoë Moved", "/img/old.jpg")),
        # a server writing the UTF-8 bytes of "Zoë" into the header unescaped
        "/img/old.jpg": Reply(301, b"", {"Location": "/team/Zoë.jpg".encode().decode("latin-1")}),
        "/team/Zo%C3%AB.jpg": _jpeg(make_photo(0)),
    }
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
    assert result.people[0].error is None and result.people[0].photo == make_photo(0)


def test_an_images_own_referrerpolicy_wins_over_the_pages(make_photo):
    def no_foreign_referer(photo: bytes):
        """An image host (some photo CDNs) that refuses any Referer at all."""

        def route(request: Request) -> Reply:
            if request.headers.get("referer"):
                return Reply(403, b"", {"Content-Type": "text/plain"})
            return _jpeg(photo)

        return route

    with serve() as cdn, serve() as site:
        site.routes["/"] = _page(
            ("Gia Marked", f'src="{cdn.url("/gia.jpg")}" referrerpolicy="no-referrer"'),
            ("Una Unmarked", cdn.url("/una.jpg")),
            ("Ulf Unsafe", 'src="/img/ulf.jpg" referrerpolicy="UNSAFE-URL"'),
            ("Bo Bogus", 'src="/img/bo.jpg" referrerpolicy="bogus"'),
            head='<meta name="referrer" content="origin">',
        )
        site.routes["/img/ulf.jpg"] = _jpeg(make_photo(2))
        site.routes["/img/bo.jpg"] = _jpeg(make_photo(3))
        cdn.routes["/gia.jpg"] = no_foreign_referer(make_photo(0))
        cdn.routes["/una.jpg"] = no_foreign_referer(make_photo(1))
        result = crawl([site.url("/?team=1")], FAST)
        ulf = [r.headers.get("referer") for r in _requests(site, "/img/ulf.jpg")]
        bo = [r.headers.get("referer") for r in _requests(site, "/img/bo.jpg")]
    people = _people(result)
    assert people["Gia Marked"].error is None and people["Gia Marked"].photo == make_photo(0)
    assert people["Una Unmarked"].error == FORBIDDEN  # the page's policy: its origin is sent
    assert ulf == [site.url("/?team=1")]  # the image's own policy: the full URL
    assert bo == [site.base]  # an unknown value: the page's policy
