"""Hostile and broken results still render, and no crawled string reaches the HTML as markup."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st
from test_html import parse

from auditor.config import ReportConfig
from auditor.models import Flag, Measurement, Person, PhotoResult, Severity, Status
from auditor.report import render_reports
from auditor.report.formats.html import HtmlFormat
from tests.report.conftest import MEASURES, build_result

SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
)


@cache
def _small_team():
    return build_result(with_changes=False, extra=False)


def _hostile_photo(index: int, name: str, **measurement: object) -> PhotoResult:
    person = Person(
        id=f"h{index}",
        name=name,
        title='"><svg onload=alert(1)>',
        page_url="data:text/html,<script>alert(1)</script>",
        image_url="  javascript:alert(1)",
    )
    fields = {"person_id": person.id, "status": Status.OK, **measurement}
    flag = Flag("crop_too_tight", Severity.ERROR, "<i>message</i> & fix", "crop.face_height_ratio")
    return PhotoResult(person, Measurement(**fields), flags=(flag,), cluster=99)


def test_broken_values_and_images_render(audit_result):
    photos = (
        *audit_result.photos,
        _hostile_photo(
            1,
            "x" * 5000,
            features={"crop.face_height_ratio": float("inf"), "color.saturation": float("-inf")},
            thumbnail=SVG_WITH_SCRIPT,
            face_box=(0.2, 0.2, 0.3, 0.3),
            info={"background.hex": "url(javascript:alert(1))"},
        ),
        _hostile_photo(
            2,
            "مرحبا 👋🏽 \u202eevil",
            thumbnail=b"\xff\xd8\xff\xe0 truncated jpeg",
            face_box=(-5.0, 9.0, 7.0, 0.0),
        ),
    )
    hostile = replace(
        audit_result,
        photos=photos,
        team=replace(audit_result.team, median={"crop.face_height_ratio": float("nan")}),
        changes={"new_people": [None, 3, "<b>x</b>"], "new_flags": ["junk", {"name": "<u>y</u>"}]},
    )
    rendered = {name: text for name, (_, text) in render_reports(hostile, None, MEASURES).items()}
    data = json.loads(rendered["json"])
    assert len(data["photos"]) == len(photos)
    assert data["photos"][-2]["features"]["crop.face_height_ratio"] is None
    html = rendered["html"]
    for raw in ("<svg onload", "<script>alert", "<i>message</i>", "<b>x</b>", "<u>y</u>"):
        assert raw not in html
    assert "javascript:" not in html  # unsafe URLs are neither links nor shown
    page = parse(html)
    hrefs = [e.attrs.get("href") or "" for e in page.find("a") if "download" not in e.attrs]
    assert not any(h.startswith(("javascript", "data", " ")) for h in hrefs)
    # The embedded data files are downloads of inert text (CSV/JSON), never a page to open.
    downloads = [e.attrs["href"] for e in page.find("a") if "download" in e.attrs]
    assert downloads and all(
        h.startswith(("data:text/csv;", "data:application/json;")) for h in downloads
    )
    # The SVG and the truncated JPEG are not embedded; their cards show "No image".
    assert html.count("No image") == 2
    assert "x" * 5000 in html


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80))
def test_any_name_is_shown_as_exactly_that_text(name):
    person = Person(id="p", name=name, title=name)
    photo = PhotoResult(person, Measurement("p", Status.OK))
    result = replace(_small_team(), photos=(photo,))
    page = parse(HtmlFormat((), ReportConfig(title=name)).render(result))
    assert [e.text for e in page.find("h3", class_="name")] == [name]
    assert [e.text for e in page.find("h1")] == [name]
    assert len(page.find("script")) == 1
