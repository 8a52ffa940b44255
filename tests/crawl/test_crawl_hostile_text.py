"""Hostile text on pages: names shown as their text, deep JSON ignored, never blank names."""

from __future__ import annotations

from auditor.crawl.naming import clean_text, name_from_stem
from auditor.crawl.page import scan_page


def test_bidi_overrides_are_removed_from_names():
    html = '<div class="card"><img src="/a.jpg"><h3>Ann \u202eeeL\u202c</h3></div>'
    assert [p.name for p in scan_page(html, "http://127.0.0.1/").people] == ["Ann eeL"]
    assert clean_text("\u2066Noor\u2069") == "Noor"


def test_a_photo_file_without_a_usable_stem_still_gets_a_name():
    assert name_from_stem(" ") == "Unnamed photo"
    assert name_from_stem("--") == "Unnamed photo"
    assert name_from_stem("jane_doe") == "Jane Doe"


def test_absurdly_deep_json_ld_does_not_cost_the_page_its_people():
    deep = "[" * 100_000 + "]" * 100_000
    html = (
        f'<script type="application/ld+json">{deep}</script>'
        '<div class="card"><img src="/a.jpg"><h3>Ann Lee</h3></div>'
    )
    assert [p.name for p in scan_page(html, "http://127.0.0.1/").people] == ["Ann Lee"]
