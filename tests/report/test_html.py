"""report.html: crawled text escaped, self-contained, accessible, and it degrades without JS."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser

import pytest
from PIL import Image

from auditor.config import ReportConfig
from auditor.report.formats.html import HtmlFormat
from tests.report.conftest import MEASURES, SCRIPT_NAME

# Crawled URLs (http/https only), in-page anchors, and the two sibling data files.
SAFE_HREF = re.compile(r"^(https?://|#)")
# The embedded data files: downloads of inert text, never a page to open.
DOWNLOAD_HREF = re.compile(r"^data:(text/csv|application/json);charset=utf-8;base64,")


@dataclass
class Element:
    """One start tag with its attributes and the text directly after it."""

    tag: str
    attrs: dict[str, str | None]
    text: str = ""


class Page(HTMLParser):
    """A flat list of elements, plus the raw text of <style> and <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.raw: dict[str, list[str]] = {"style": [], "script": []}
        self._open: list[Element] = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.elements.append(element)
        self._open.append(element)

    def handle_endtag(self, tag):
        if self._open and self._open[-1].tag == tag:
            self._open.pop()

    def handle_data(self, data):
        if self._open:
            current = self._open[-1]
            current.text += data
            if current.tag in self.raw:
                self.raw[current.tag].append(data)

    def find(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def cards(self) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == "li" and "card" in (e.attrs.get("class") or "").split()
        ]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def html(audit_result) -> str:
    return HtmlFormat(MEASURES, ReportConfig(title="Acme <team> audit")).render(audit_result)


@pytest.fixture(scope="module")
def page(html) -> Page:
    return parse(html)


def test_crawled_strings_are_escaped(html, page):
    assert SCRIPT_NAME not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "<b>bold</b>" not in html
    # Exactly one script element: ours.
    assert len(page.find("script")) == 1
    names = [e.text for e in page.find("h3", class_="name")]
    assert SCRIPT_NAME in names  # shown as text
    assert [e.text for e in page.find("h1")] == ["Acme <team> audit"]


def test_only_http_links_with_noopener(page):
    for a in page.find("a"):
        href = a.attrs.get("href") or ""
        if "download" in a.attrs:
            assert DOWNLOAD_HREF.match(href), href[:80]
            continue
        assert SAFE_HREF.match(href), href
        if href.startswith("http"):
            assert a.attrs.get("rel") == "noopener noreferrer"
    assert not any("javascript:" in (e.attrs.get("href") or "") for e in page.elements)


def test_self_contained(html, page):
    for element in page.elements:
        src = element.attrs.get("src")
        if src is not None:
            assert src.startswith("data:image/"), src
    # The only <link> is the empty data: favicon that stops browsers asking the server for one.
    assert [link.attrs for link in page.find("link")] == [{"rel": "icon", "href": "data:,"}]
    assert not page.find("iframe") and not page.find("object")
    assert not any(e.attrs.get("src") for e in page.find("script"))
    style = "".join(page.raw["style"])
    assert "@import" not in style and "url(" not in style
    assert "fetch(" not in "".join(page.raw["script"])


def test_csp_allows_only_our_inline_code(page):
    (meta,) = page.find("meta", **{"http-equiv": "Content-Security-Policy"})
    policy = meta.attrs["content"]
    assert "default-src 'none'" in policy and "img-src data:" in policy
    for kind, directive in (("style", "style-src"), ("script", "script-src")):
        (source,) = page.raw[kind]
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in policy


def test_accessible_images_and_controls(page):
    for img in page.find("img"):
        assert img.attrs.get("alt"), img.attrs
    labelled = {e.attrs.get("for") for e in page.find("label")}
    for control in page.find("input") + page.find("select"):
        assert control.attrs["id"] in labelled
    for svg in page.find("svg"):
        assert (svg.attrs.get("role") == "img" and svg.attrs.get("aria-label")) or (
            svg.attrs.get("aria-hidden") == "true"
        )


def test_without_javascript_everything_is_visible(page, audit_result):
    (filters,) = page.find("div", id="filters")
    assert "hidden" in filters.attrs  # controls that need JS are hidden until JS runs
    cards = page.cards()
    assert len(cards) == sum(p.status in ("ok", "no_face") for p in audit_result.photos)
    assert not any("hidden" in c.attrs for c in cards)


def test_cards_worst_first_with_filter_data(page):
    cards = page.cards()
    order = {"error": 0, "warning": 1, "info": 2, "none": 3}
    severities = [c.attrs["data-severity"] for c in cards]
    assert severities == sorted(severities, key=order.__getitem__)
    assert severities[0] == "error" and severities[-1] == "none"
    gray = next(c for c in cards if "hedy" in c.attrs["data-search"])
    assert gray.attrs["data-flags"].split() == ["color_mode_mismatch", "outdated"]


def test_summary_sections(html, page):
    assert "72" in next(e.text for e in page.find("text", class_="score-number"))
    assert "Mixed" in html  # the score's verdict in words
    assert "#3b3f4a" in html  # the house background swatch
    assert page.find("svg", class_="silhouette")
    assert len(page.find("svg", class_="chart")) == 4
    # What changed: the departed person and the resolved flag are listed by name.
    assert "Charles Babbage" in html and "Fixed since last time" in html
    # Missing and failed: both listed with reasons; the javascript: page URL is not a link.
    assert "Nobody Photo" in html and "404 Not Found" in html


def test_left_out_candidates_are_listed_collapsed_with_reasons(html, page):
    """Everything the crawler left out is one click away, so a dropped person is seen."""
    left_out = [e for e in page.find("details") if "left-out" in (e.attrs.get("class") or "")]
    assert len(left_out) == 1 and "open" not in left_out[0].attrs
    assert "Left out (1)" in html and "Acme Logo" in html and "the image is a logo" in html


def test_recrop_preview_only_for_crop_flags(page):
    previews = [e for e in page.find("img") if "house framing" in e.attrs["alt"]]
    # The tight and the loose crop get one; the dark and the grey photo do not.
    assert sorted(e.attrs["alt"].split(":")[0] for e in previews) == [SCRIPT_NAME, "Alan Turing"]
    data = base64.b64decode(previews[0].attrs["src"].split(",", 1)[1])
    assert Image.open(io.BytesIO(data)).format == "JPEG"


def test_no_audited_photos_still_renders(audit_result):
    empty = replace(audit_result, photos=audit_result.photos[-2:], score=None)
    html = HtmlFormat(MEASURES, ReportConfig()).render(empty)
    assert "No photo could be audited." in html and "Not scored" in html
    assert "Broken &lt;img src=x" in html
