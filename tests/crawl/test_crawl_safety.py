"""The trust boundary: a public start page may not lead the crawler to private addresses."""

from __future__ import annotations

import inspect

import pytest
from crawl_httpd import Reply, serve

from auditor.config import CrawlConfig
from auditor.crawl import UrlPolicy, crawl
from auditor.crawl.safety import is_private_address
from auditor.exceptions import FetchError, UnsafeURL
from tests.network import public_loopback

FAST = CrawlConfig(timeout=1.0, backoff=0.01)
PUBLIC_IP = "93.184.216.34"  # a public unicast address (example.com), never contacted


def _fake_dns(table: dict[str, list[str]]):
    """A resolver stand-in: makes 'localhost' look public so a loopback server can play one
    (reached through `tests.network.public_loopback`)."""
    return lambda host: table.get(host, [])


def test_public_page_cannot_reach_loopback_private_or_file_urls(make_photo):
    jpeg = {"Content-Type": "image/jpeg"}
    with serve() as server:
        port = server.port
        page = f"""<html><body>
        <div class="c"><img src="/ok.jpg"><h3>Pam Public</h3></div>
        <div class="c"><img src="http://127.0.0.1:{port}/secret.jpg"><h3>Loopback Literal</h3></div>
        <div class="c"><img src="http://intranet.test:{port}/secret.jpg"><h3>Private Dns</h3></div>
        <div class="c"><img src="/bounce.jpg"><h3>Redirected Inside</h3></div>
        <div class="c"><img src="http://169.254.169.254/meta.jpg"><h3>Cloud Metadata</h3></div>
        <div class="c"><img src="file:///etc/passwd"><h3>File Url</h3></div>
        <div class="c"><img src="javascript:alert(1)"><h3>Script Url</h3></div>
        </body></html>"""
        server.routes.update(
            {
                "/": Reply(200, page.encode(), {"Content-Type": "text/html"}),
                "/ok.jpg": Reply(200, make_photo(0), jpeg),
                "/secret.jpg": Reply(200, make_photo(1), jpeg),
                "/bounce.jpg": Reply(302, b"", {"Location": f"http://127.0.0.1:{port}/secret.jpg"}),
            }
        )
        resolver = _fake_dns({"localhost": [PUBLIC_IP], "intranet.test": ["10.0.0.7"]})
        result = crawl(
            [f"http://localhost:{port}/"],
            FAST,
            resolver=resolver,
            transport=public_loopback(PUBLIC_IP),
        )
        assert server.count("/secret.jpg") == 0  # nothing private was ever requested
    errors = {p.name: p.error for p in result.people}
    assert errors["Pam Public"] is None
    for name in ("Loopback Literal", "Private Dns", "Redirected Inside", "Cloud Metadata"):
        assert "private, loopback or link-local" in errors[name], name
    assert "10.0.0.7" in errors["Private Dns"]
    assert errors["File Url"] == "only http and https URLs are fetched (this one is file:)"
    # a javascript: "photo" is no URL at all: the card is a person without a photo
    script = next(p for p in result.people if p.name == "Script Url")
    assert (script.image_url, script.error) == (None, None)


def test_private_start_url_may_use_private_hosts(make_photo):
    with serve() as server:
        server.routes["/"] = Reply(
            200,
            f'<div class="c"><img src="http://localhost:{server.port}/a.jpg">'
            f"<h3>Intranet Person</h3></div>".encode(),
            {"Content-Type": "text/html"},
        )
        server.routes["/a.jpg"] = Reply(200, make_photo(0), {"Content-Type": "image/jpeg"})
        result = crawl([server.url("/")], FAST)
    assert result.people[0].error is None


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("172.16.0.1", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("::1", True),
        ("fe80::1", True),
        ("fd00::1", True),
        ("::ffff:127.0.0.1", True),
        ("0.0.0.0", True),
        ("not-an-ip", True),
        ("93.184.216.34", False),
        ("2606:4700:4700::1111", False),
    ],
)
def test_address_classification(address, private):
    assert is_private_address(address) is private


def test_policy_from_start_url_and_schemes():
    dns = _fake_dns({"team.example": [PUBLIC_IP], "cdn.example": [PUBLIC_IP]})
    public = UrlPolicy.for_start("http://team.example/", dns)
    assert public.allow_private is False
    public.check("https://cdn.example/x.jpg")
    # A name that does not resolve now is refused, not left to a second lookup on connect;
    # that is a failed request, not a URL outside the boundary.
    with pytest.raises(FetchError, match="does not resolve"):
        public.check("https://nowhere.example/x.jpg")
    with pytest.raises(UnsafeURL):
        public.check("http://[::1]:8080/x.jpg")
    with pytest.raises(UnsafeURL, match="ftp:"):
        public.check("ftp://team.example/x.jpg")
    private = UrlPolicy.for_start("http://127.0.0.1:8000/")
    assert private.allow_private is True
    private.check("http://10.0.0.1/x.jpg")
    with pytest.raises(UnsafeURL):
        private.check("file:///etc/passwd")


def test_an_idn_host_is_checked_by_the_punycode_name_the_connection_uses():
    asked: list[str] = []

    def dns(host: str) -> list[str]:
        asked.append(host)
        return {"xn--fa-hia.de": [PUBLIC_IP], "xn--bcher-kva.example": ["10.0.0.7"]}.get(host, [])

    public = UrlPolicy.for_start("http://xn--fa-hia.de/", dns)
    public.check("http://faß.de/team/x.jpg")  # IDNA2008, as browsers: not Python's "fass.de"
    with pytest.raises(UnsafeURL, match="private"):
        public.check("http://Bücher.example/x.jpg")
    with pytest.raises(FetchError, match="not a valid international domain name"):
        public.check("http://☃.example/x.jpg")
    assert asked == ["xn--fa-hia.de", "xn--fa-hia.de", "xn--bcher-kva.example"]


def test_hostnames_resolving_to_private_addresses_are_refused_mock_transport(make_photo):
    """DNS decides, not the URL's look: checked with a transport stand-in (no network)."""
    import httpx

    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/team":
            html = (
                '<div class="c"><img src="https://cdn.example/a.jpg"><h3>Ann Able</h3></div>'
                '<div class="c"><img src="https://db.corp.example/b.jpg"><h3>Ben Baker</h3></div>'
                '<div class="c"><img src="https://team.example/hop.jpg"><h3>Cy Cole</h3></div>'
            )
            return httpx.Response(200, html=html)
        if request.url.path == "/hop.jpg":
            return httpx.Response(302, headers={"Location": "https://metadata.example/x.jpg"})
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, content=make_photo(0), headers={"Content-Type": "image/jpeg"})

    dns = _fake_dns(
        {
            "team.example": [PUBLIC_IP],
            "cdn.example": ["2606:4700:4700::1111"],
            "db.corp.example": ["192.168.10.5"],
            "metadata.example": ["169.254.169.254"],
        }
    )
    result = crawl(
        ["https://team.example/team"], FAST, resolver=dns, transport=httpx.MockTransport(handler)
    )
    errors = {p.name: p.error for p in result.people}
    assert errors["Ann Able"] is None
    assert "192.168.10.5" in errors["Ben Baker"]
    assert "169.254.169.254" in errors["Cy Cole"]
    assert not [u for u in seen if "corp" in u or "metadata" in u]


def test_a_host_that_rebinds_to_a_private_address_is_not_connected_to():
    """DNS rebinding: 'localhost' answers every trust check with a public address and the
    lookup made while connecting with loopback. The connection is pinned to an address the
    policy checked at that moment, so the loopback server is never reached (when the HTTP
    client made its own, unchecked lookup, it was)."""
    answers = []

    def rebinding(host: str) -> list[str]:
        connecting = any(frame.function == "connect_tcp" for frame in inspect.stack())
        answers.append("127.0.0.1" if connecting else PUBLIC_IP)
        return [answers[-1]]

    with serve() as server:
        server.routes["/"] = Reply(200, b"<html><body>Team</body></html>", {})
        config = FAST.model_copy(update={"obey_robots": False, "retries": 0})
        result = crawl([f"http://localhost:{server.port}/"], config, resolver=rebinding)
        assert server.count("/") == 0
    assert answers[-1] == "127.0.0.1" and PUBLIC_IP in answers  # checked public, then rebound
    assert "private, loopback or link-local address (127.0.0.1)" in result.pages[0].error
