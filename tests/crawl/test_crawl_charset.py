"""Pages that name no charset and are not UTF-8: read as a browser's detector reads them.

Each page is a real team page's shape (cards of photo, name, role) saved in a legacy code page
without a `charset` in the header or a <meta>. Read as windows-1252 everywhere (the old
fallback), a Russian name "Иванов Иван" came out as "Èâàíîâ Èâàí".
"""

from __future__ import annotations

import pytest
from crawl_httpd import Reply, serve

from auditor.config import CrawlConfig
from auditor.crawl import crawl
from auditor.crawl.content import decode_html

FAST = CrawlConfig(timeout=3.0, backoff=0.01, retries=1)


def _page(people: list[tuple[str, str]]) -> str:
    cards = "".join(
        f'<div class="team-card"><img src="/img/{i}.jpg" alt=""><h3>{name}</h3>'
        f'<p class="position">{role}</p></div>'
        for i, (name, role) in enumerate(people)
    )
    return (
        "<!doctype html><html><head><title>Team</title></head><body><nav><a href='/'>Home</a>"
        f"</nav><main><section class='team'>{cards}</section></main><footer>2024</footer>"
        "</body></html>"
    )


RUSSIAN = [("Иванов Иван Иванович", "Генеральный директор"), ("Петрова Мария", "Бухгалтер")]
BULGARIAN = [("Георги Иванов", "Управител"), ("Мария Петрова", "Счетоводител")]
GREEK = [("Γιώργος Παπαδόπουλος", "Διευθύνων Σύμβουλος"), ("Μαρία Νικολάου", "Λογίστρια")]
JAPANESE = [("山田太郎", "代表取締役"), ("佐藤花子", "取締役")]
FRENCH = [("Hélène Lefèvre", "Directrice générale"), ("François Côté", "Ingénieur")]
SPANISH = [("José Núñez", "Director"), ("María Pérez", "Jefa de diseño")]
GERMAN = [("Jürgen Müller", "Geschäftsführer"), ("Anna Schröder", "Vertrieb")]
CZECH = [("Jiří Dvořák", "Ředitel"), ("Šárka Nováková", "Účetní"), ("Tomáš Černý", "Vývojář")]
POLISH = [("Łukasz Wójcik", "Prezes zarządu"), ("Małgorzata Kowalska", "Księgowa")]
TURKISH = [("Ahmet Yılmaz", "Genel Müdür"), ("Ayşe Öztürk", "Muhasebe")]


@pytest.mark.parametrize(
    ("people", "codepage", "url"),
    [
        (RUSSIAN, "cp1251", None),
        (RUSSIAN, "koi8-r", None),
        (BULGARIAN, "cp1251", None),
        (GREEK, "cp1253", None),
        (JAPANESE, "shift_jis", None),
        (FRENCH, "cp1252", None),
        (SPANISH, "cp1252", None),
        (GERMAN, "cp1252", None),
        (CZECH, "cp1250", None),
        # Polish and Turkish names read as windows-1252 look like plausible text ("Ma³gorzata",
        # "Ayþe"): only the country domain tells, as it does for a browser.
        (POLISH, "cp1250", "http://www.firma.pl/zespol"),
        (POLISH, "iso8859-2", "http://www.firma.pl/zespol"),
        (TURKISH, "cp1254", "https://sirket.com.tr/ekibimiz"),
        (GERMAN, "cp1252", "https://www.firma.pl/team"),  # German names on a .pl site
    ],
)
def test_an_undeclared_legacy_page_reads_as_its_writer_wrote_it(people, codepage, url):
    html = _page(people)
    assert decode_html(html.encode(codepage), None, url) == html


def test_a_declared_charset_still_wins_over_the_detector():
    html = _page(RUSSIAN)
    declared = decode_html(html.encode("cp1251"), "text/html; charset=windows-1252")
    assert declared == html.encode("cp1251").decode("cp1252")


@pytest.mark.parametrize(("people", "codepage"), [(RUSSIAN, "cp1251"), (FRENCH, "cp1252")])
def test_the_crawler_reads_names_off_an_undeclared_legacy_page(people, codepage, make_photo):
    routes = {
        "/": Reply(200, _page(people).encode(codepage), {"Content-Type": "text/html"}),
        **{
            f"/img/{i}.jpg": Reply(200, make_photo(i), {"Content-Type": "image/jpeg"})
            for i in range(len(people))
        },
    }
    with serve(routes=routes) as server:
        result = crawl([server.url("/")], FAST)
    assert [(p.name, p.title) for p in result.people] == people


@pytest.mark.parametrize("people", [FRENCH, RUSSIAN, JAPANESE])
def test_a_utf8_page_with_a_stray_legacy_byte_stays_utf8(people):
    html = _page(people)
    text = decode_html(html.encode() + b"<p>Caf\xe9 on the ground floor</p>", None)
    assert text.startswith(html) and text.endswith("Caf\ufffd on the ground floor</p>")


@pytest.mark.parametrize("people", [RUSSIAN, JAPANESE])
def test_a_utf8_page_cut_inside_a_character_stays_utf8(people):
    body = _page(people).encode()
    cut = body[: body.index(people[1][0].encode()) + 1]  # the first byte of a 2-3 byte letter
    assert decode_html(cut, None) == cut[:-1].decode() + "\ufffd"
