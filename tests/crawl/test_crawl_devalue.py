"""Nuxt 3's `__NUXT_DATA__` payload (devalue's flat array) is read like other app state."""

from __future__ import annotations

import json
import time

from auditor.crawl.devalue import unflatten
from auditor.crawl.page import scan_page

BASE = "http://127.0.0.1/ueber-uns/"


def test_indices_typed_entries_and_constants_are_rebuilt():
    entries = [
        ["ShallowReactive", 1],
        {"data": 2, "when": 5, "tags": 6, "gone": -1},
        ["Reactive", 3],
        {"team": 4},
        [7, 8],
        ["Date", "2024-02-01T10:20:11.004Z"],
        ["Set", 9],
        {"name": 9, "role": 10},
        {"name": 11, "role": 10},
        "Lena Hartmann",
        "Engineer",
        "Jonas Albrecht",
    ]
    assert unflatten(entries) == {
        "data": {
            "team": [
                {"name": "Lena Hartmann", "role": "Engineer"},
                {"name": "Jonas Albrecht", "role": "Engineer"},
            ]
        },
        "when": "2024-02-01T10:20:11.004Z",
        "tags": ["Lena Hartmann"],
        "gone": None,
    }


def test_a_payload_of_shared_nested_entries_does_not_unfold_exponentially():
    # entry i holds entry i+1 twice: unfolded, 2**200 leaves; rebuilt once each, a chain
    depth = 200
    entries = [{"a": i + 1, "b": i + 1} for i in range(depth)] + ["leaf"]
    started = time.perf_counter()
    value = unflatten(entries)
    assert time.perf_counter() - started < 1.0
    assert value["b"] is None  # the second reference to a shared entry
    assert unflatten([[0]]) == [None]  # a cycle ends
    assert unflatten("not a payload") is None and unflatten([]) is None


def test_a_team_only_in_the_nuxt_payload_is_found_beside_server_rendered_testimonials():
    entries = [
        ["ShallowReactive", 1],
        {"team-members": 2, "testimonials": 9},
        {"data": 3},
        [4, 7],
        {"name": 5, "position": 6, "photo": 13},
        "Lena Hartmann",
        "Geschäftsführerin",
        {"name": 8, "position": 6},
        "Jonas Albrecht",
        {"data": 10},
        [11],
        {"name": 12, "photo": 17},
        "Mehmet Yılmaz",
        {"data": 14},  # Strapi's media shape: photo.data.attributes.url
        {"attributes": 15},
        {"url": 16},
        "/uploads/lena_hartmann.jpg",
        "/uploads/kunde_yilmaz.jpg",
    ]
    html = (
        '<div id="__nuxt"><h1>Über uns</h1><section class="testimonials"><div class="quote-card">'
        '<img src="/uploads/small_kunde_yilmaz.jpg" alt=""><blockquote>Seit zwei Jahren '
        "beziehen wir Strom vom eigenen Dach.</blockquote><p>Mehmet Yılmaz</p></div></section>"
        '</div><script type="application/json" id="__NUXT_DATA__" data-ssr="true">'
        f"{json.dumps(entries)}</script>"
    )
    people = [
        (p.name, p.title, p.image_urls[-1] if p.image_urls else None)
        for p in scan_page(html, BASE).people
    ]
    assert people == [
        ("Lena Hartmann", "Geschäftsführerin", "http://127.0.0.1/uploads/lena_hartmann.jpg"),
        ("Jonas Albrecht", "Geschäftsführerin", None),
    ]
