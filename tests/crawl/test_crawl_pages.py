"""Fixture team pages (one per page style) served on 127.0.0.1: the exact (name, photo) pairs,
and, where a fixture lists them, the exact roles and the exact candidates left out with why."""

from __future__ import annotations

import io
import json
import mimetypes
import shutil
from pathlib import Path

import pytest
from crawl_httpd import Reply, serve
from PIL import Image

from auditor.config import CrawlConfig
from auditor.crawl import crawl

FIXTURES = Path(__file__).parent / "fixtures"
STYLES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").is_file())
# blind pages the crawler does not read yet: each fix removes its entry
KNOWN_FAILURES: dict[str, str] = {
    "blind4-staff-table": "1 wrong photo: a no-photo placeholder taken as the headshot",
}
FAST = CrawlConfig(timeout=3.0, backoff=0.05)
_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}


def _encode(jpeg: bytes, suffix: str) -> bytes:
    """The same real portrait in the format the file name promises."""
    fmt = _FORMATS.get(suffix.lower(), "JPEG")
    if fmt == "JPEG":
        return jpeg
    buf = io.BytesIO()
    Image.open(io.BytesIO(jpeg)).save(buf, fmt)
    return buf.getvalue()


def _build(style: str, root: Path, make_photo) -> dict:
    site = root / style
    shutil.copytree(FIXTURES / style, site)
    expected = json.loads((site / "expected.json").read_text(encoding="utf-8"))
    for i, relative in enumerate(expected["files"]):
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_encode(make_photo(i), target.suffix))
    return expected


def _routes(site: Path, expected: dict) -> dict[str, Reply]:
    routes = {}
    for path, filename in expected.get("routes", {}).items():
        kind = mimetypes.guess_type(filename)[0] or "text/html"
        body = (site / filename).read_bytes()
        routes[path] = Reply(200, body, {"Content-Type": f"{kind}; charset=utf-8"})
    return routes


@pytest.mark.parametrize(
    "style",
    [
        pytest.param(s, marks=pytest.mark.xfail(reason=KNOWN_FAILURES[s], strict=True))
        if s in KNOWN_FAILURES
        else s
        for s in STYLES
    ],
)
def test_page_style_yields_exactly_the_expected_people(style, tmp_path, make_photo):
    expected = _build(style, tmp_path, make_photo)
    site = tmp_path / style
    with serve(site, _routes(site, expected)) as server:
        result = crawl([server.url(expected["start"])], FAST)
    found = [(p.name, p.image_url) for p in result.people]
    wanted = [(name, server.url(path) if path else None) for name, path in expected["people"]]
    assert found == wanted
    for person in result.people:
        if person.image_url is not None:
            assert person.error is None, f"{person.name}: {person.error}"
            assert person.photo and person.sha256
        else:
            assert (person.photo, person.error) == (None, None)
    titles = {p.name: p.title for p in result.people}
    for name, title in expected.get("titles", {}).items():
        assert titles[name] == title, name
    if "excluded" in expected:
        # every person's role is given, and every left-out candidate is listed with its reason
        assert set(expected["titles"]) == set(titles)
        left_out = sorted((e.text, e.reason) for e in result.excluded)
        assert [t for t, _ in left_out] == sorted(t for t, _ in expected["excluded"]), left_out
        reasons = dict(left_out)
        for text, fragment in expected["excluded"]:
            assert fragment in reasons[text], (text, reasons[text])
        page = result.pages[0].url
        assert all(e.page_url == page for e in result.excluded)
    notes = {p.name: " ".join(p.notes) for p in result.people}
    for name, fragment in expected.get("notes", {}).items():
        assert fragment in notes[name], notes[name]
    assert len(result.pages) == expected.get("pages", 1)
    errors = [page.error for page in result.pages if page.error]
    if "page_error" in expected:
        assert len(errors) == 1 and all(f in errors[0] for f in expected["page_error"]), errors
    else:
        assert not errors
