"""Servers that break the rules of HTTP itself, on 127.0.0.1: a body that stops halfway, a
Content-Length that lies either way, HTTPS that cannot be set up after a redirect, and a legacy
page whose charset only its <meta> names. One person fails with a reason; the run goes on.
"""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
import time

import pytest
from crawl_httpd import Reply, serve

from auditor.config import CrawlConfig
from auditor.crawl import crawl
from auditor.exceptions import ImageError
from auditor.features.decode import decode
from tests.faults import run_cli

FAST = CrawlConfig(timeout=1.0, backoff=0.01, retries=1)


def _page(*cards: tuple[str, str], head: str = "", encoding: str = "utf-8") -> bytes:
    html = "".join(
        f'<div class="card"><img src="{src}" alt=""><h3>{name}</h3><p>Ingénieure</p></div>'
        for name, src in cards
    )
    return f"<!doctype html><html><head>{head}</head><body>{html}</body></html>".encode(encoding)


def _html(body: bytes, content_type: str = "text/html") -> Reply:
    return Reply(200, body, {"Content-Type": content_type})


def _jpeg(data: bytes, **headers: str) -> Reply:
    return Reply(200, data, {"Content-Type": "image/jpeg", **headers})


def test_a_body_that_stops_halfway_times_out_and_the_next_photo_still_arrives(make_photo):
    photo = make_photo(0)
    routes = {
        "/": _html(_page(("Hal Senton", "/half.jpg"), ("Aftab Hermann", "/ok.jpg"))),
        "/half.jpg": Reply(
            200, photo, {"Content-Type": "image/jpeg"}, stall=4.0, stall_at=len(photo) // 2
        ),
        "/ok.jpg": _jpeg(make_photo(1)),
    }
    started = time.monotonic()
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
        assert server.count("/half.jpg") == 1  # a timeout is not retried
    assert time.monotonic() - started < 3.5
    half, after = result.people
    assert (half.error, half.photo) == ("timed out after 1 s", None)
    assert after.error is None and after.photo == make_photo(1)


def test_a_content_length_longer_than_the_body_is_a_cut_short_download(make_photo):
    photo = make_photo(0)
    routes = {
        "/": _html(_page(("Cuthbert Short", "/cut.jpg"), ("Fina Goodwin", "/ok.jpg"))),
        # the server announces twice the bytes it sends, then closes the connection
        "/cut.jpg": _jpeg(photo, **{"Content-Length": str(2 * len(photo)), "Connection": "close"}),
        "/ok.jpg": _jpeg(make_photo(1)),
    }
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
        assert server.count("/cut.jpg") == 2  # a broken connection is worth one more try
    cut, fine = result.people
    assert cut.photo is None
    assert cut.error.startswith("the download was cut short: 127.0.0.1 announced ")
    assert cut.error.endswith(" kB and closed the connection")
    assert fine.error is None


def test_a_content_length_shorter_than_the_body_gives_a_truncated_photo_said_so(make_photo):
    photo = make_photo(0)
    routes = {
        "/": _html(_page(("Shona Clay", "/short.jpg"), ("Fina Goodwin", "/ok.jpg"))),
        "/short.jpg": _jpeg(
            photo, **{"Content-Length": str(len(photo) // 2), "Connection": "close"}
        ),
        "/ok.jpg": _jpeg(make_photo(1)),
    }
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
    short, fine = result.people
    # HTTP cannot tell: the client reads what was announced; the decoder finds the JPEG cut
    assert short.error is None and short.photo == photo[: len(photo) // 2]
    with pytest.raises(ImageError, match=r"^truncated JPEG \(incomplete download\?\)$"):
        decode(short.photo, 512, 50_000_000)
    assert fine.photo == make_photo(1)


OPENSSL_SELF_SIGNED = ("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1")
OPENSSL_SELF_SIGNED += ("-subj", "/CN=127.0.0.1")


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory) -> ssl.SSLContext:
    """A server-side TLS context with a fresh self-signed certificate for 127.0.0.1."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [*OPENSSL_SELF_SIGNED, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def test_https_that_cannot_be_set_up_after_a_redirect_says_why_without_retrying(
    make_photo, self_signed
):
    with (
        serve(routes={"/p.jpg": _jpeg(make_photo(2))}, tls=self_signed) as secure,
        serve() as plain,
    ):
        plain.routes.update(
            {
                "/": _html(
                    _page(
                        ("Piet Plain", "/a.jpg"),
                        ("Sigrid Selby", "/b.jpg"),
                        ("Stella Fine", "/ok.jpg"),
                    )
                ),
                # "upgrade" to https on a port that speaks only HTTP
                "/a.jpg": Reply(301, b"", {"Location": plain.base.replace("http", "https")}),
                "/b.jpg": Reply(301, b"", {"Location": secure.url("/p.jpg")}),
                "/ok.jpg": _jpeg(make_photo(1)),
                "/team-old": Reply(301, b"", {"Location": secure.url("/team")}),
            }
        )
        config = FAST.model_copy(update={"retries": 2, "backoff": 1.0})
        started = time.monotonic()
        result = crawl([plain.url("/"), plain.url("/team-old")], config)
        assert time.monotonic() - started < 2.5  # retried, backoff would add 1 s + 2 s
        assert secure.count("/p.jpg") == 0
    errors = {p.name: p.error for p in result.people}
    assert errors["Stella Fine"] is None
    upgraded = plain.base.replace("http://", "https://")
    assert errors["Piet Plain"] == (
        "could not set up HTTPS with 127.0.0.1: the server did not answer in HTTPS on that port"
        f" (it may speak only plain HTTP); reached through a redirect to {upgraded}"
    )
    assert errors["Sigrid Selby"] == (
        "could not set up HTTPS with 127.0.0.1: its certificate is not trusted "
        f"(self-signed certificate); reached through a redirect to {secure.url('/p.jpg')}"
    )
    moved = result.pages[1]
    assert moved.url.endswith("/team-old") and "its certificate is not trusted" in moved.error


NAMES = ("Zoë Müller", "José Peña", "François Lefèvre")


@pytest.mark.parametrize(
    ("head", "content_type"),
    [
        ('<meta charset="windows-1252">', "text/html"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', "text/html"),
        ("<script>/*" + "x" * 3000 + '*/</script><meta charset="windows-1252">', "text/html"),
        ('<meta charset="windows-1252">', "text/html; charset=utf-8"),  # a server's blanket label
    ],
    ids=["meta charset", "http-equiv", "meta past the first 1024 bytes", "header says utf-8"],
)
def test_a_legacy_page_whose_charset_is_in_its_meta_keeps_accented_names(
    make_photo, head, content_type
):
    cards = [(name, f"/p{i}.jpg") for i, name in enumerate(NAMES)]
    routes = {"/": _html(_page(*cards, head=head, encoding="cp1252"), content_type)}
    routes.update({f"/p{i}.jpg": _jpeg(make_photo(i)) for i in range(len(NAMES))})
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
    assert [(p.name, p.title) for p in result.people] == [(n, "Ingénieure") for n in NAMES]
    assert all(p.photo for p in result.people)


def test_the_real_command_reports_each_broken_download_and_audits_the_rest(
    demo_site_template, tmp_path, make_photo
):
    """The faults above on one legacy team page, through `headshot-audit audit` in a
    subprocess: exit 0, every person in report.json, each failure with its reason."""
    good = sorted((demo_site_template / "photos").iterdir())[:5]
    cut = make_photo(3)
    cards = [(f"Zoë Müller {chr(65 + i)}", f"/good{i}.jpg") for i in range(len(good))]
    cards += [
        ("José Peña", "/half.jpg"),
        ("Françoise Lefèvre", "/cut.jpg"),
        ("Søren Kierke", "/short.jpg"),
        ("Ines Html", "/login.jpg"),
        ("Piet Plain", "/upgrade.jpg"),
    ]
    routes = {
        "/": _html(_page(*cards, head='<meta charset="windows-1252">', encoding="cp1252")),
        "/half.jpg": Reply(200, cut, {"Content-Type": "image/jpeg"}, stall=20, stall_at=900),
        "/cut.jpg": _jpeg(cut, **{"Content-Length": str(2 * len(cut)), "Connection": "close"}),
        "/short.jpg": _jpeg(cut, **{"Content-Length": str(len(cut) // 2), "Connection": "close"}),
        "/login.jpg": Reply(302, b"", {"Location": "/login"}),
        "/login": _html(b"<!doctype html><html><body><form>Sign in</form></body></html>"),
    }
    routes.update({f"/good{i}.jpg": _jpeg(p.read_bytes()) for i, p in enumerate(good)})
    settings = tmp_path / "s.toml"
    settings.write_text("[crawl]\ntimeout = 2\nretries = 0\n")
    out = tmp_path / "report"
    with serve(routes=routes) as server:
        routes["/upgrade.jpg"] = Reply(
            301, b"", {"Location": server.url("/good0.jpg").replace("http:", "https:")}
        )
        server.routes.update(routes)
        started = time.monotonic()
        code, err = run_cli(
            "audit", server.url("/"), "--out", str(out), "--config", str(settings), "--no-history"
        )
    assert code == 0, err
    assert time.monotonic() - started < 90
    assert "Traceback" not in err and "unexpected" not in err, err
    photos = {p["name"]: p for p in json.loads((out / "report.json").read_text())["photos"]}
    assert set(photos) == {name for name, _ in cards}  # accents read from <meta charset>
    failed = {name: p["error"] for name, p in photos.items() if p["status"] == "failed"}
    assert failed == {
        "José Peña": "timed out after 2 s",
        "Françoise Lefèvre": failed["Françoise Lefèvre"],
        "Søren Kierke": "truncated JPEG (incomplete download?)",
        "Ines Html": "server sent text/html, not an image",
        "Piet Plain": failed["Piet Plain"],
    }
    assert failed["Françoise Lefèvre"].startswith("the download was cut short: ")
    assert failed["Piet Plain"].startswith("could not set up HTTPS with 127.0.0.1: the server")
    assert all(photos[name]["status"] in ("ok", "no_face") for name, _ in cards[: len(good)])


CODE_PAGES = {
    "Windows-1250 in <meta>": (
        "cp1250",
        ("Łukasz Żółw", "Šárka Dvořáková", "Zoltán Kőszegi"),
        '<meta charset="windows-1250">',
        "text/html",
    ),
    "Windows-1251 in the header": (
        "cp1251",
        ("Иван Петров", "Ольга Смирнова", "Дмитрий Соколов"),
        "",
        "text/html; charset=windows-1251",
    ),
    "Windows-1251 in <meta>, the header says utf-8": (
        "cp1251",
        ("Иван Петров", "Ольга Смирнова", "Дмитрий Соколов"),
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
        "text/html; charset=utf-8",
    ),
}


@pytest.mark.parametrize(
    ("encoding", "names", "head", "content_type"), CODE_PAGES.values(), ids=CODE_PAGES.keys()
)
def test_a_page_in_another_declared_code_page_keeps_its_names(
    make_photo, encoding, names, head, content_type
):
    """Central European and Cyrillic legacy pages: a declared charset is read as declared
    (an undeclared one is not guessed: docs/operations.md, fault batch)."""
    cards = "".join(
        f'<div class="card"><img src="/p{i}.jpg" alt=""><h3>{name}</h3></div>'
        for i, name in enumerate(names)
    )
    page = f"<!doctype html><html><head>{head}</head><body>{cards}</body></html>"
    routes = {"/": _html(page.encode(encoding), content_type)}
    routes.update({f"/p{i}.jpg": _jpeg(make_photo(i)) for i in range(len(names))})
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
    assert [p.name for p in result.people] == list(names)
    assert all(p.photo for p in result.people)
