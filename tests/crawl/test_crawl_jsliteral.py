"""Nuxt 2 state (`window.__NUXT__`) read as a JavaScript literal, without running the script."""

from __future__ import annotations

from auditor.crawl.jsliteral import MAX_DEPTH, assigned_value, parse_literal
from auditor.crawl.page import scan_page

BASE = "http://team.example/ekip"
# Nuxt 2's shape: repeated values become the parameters of an invoked function, "/" is
# written \u002F, and the function may set fields before it returns the state
_PAYLOAD = (
    'window.__NUXT__=(function(a,b,c,d){c.note="set before return";'
    'return {layout:"default",data:[{team:['
    '{name:"Elif Yılmaz",title:"Kurucu Ortak",image:"\\u002Fimg\\u002Felif.jpg",since:d},'
    '{name:"Burak Demir",title:a,image:"/img/burak.jpg",joined:new Date(1690000000000)},'
    '{"name":\'Zeynep Kaya\',title:a,image:`/img/zeynep.jpg`,tags:[,"x"]}],'
    'partners:[{name:"Garanti BBVA",logo:"/img/garanti.png"}]}],'
    "error:b,state:c,serverRendered:true}}"
    '("Yazılım Direktörü",null,{},2019));'
)


def test_an_invoked_function_returns_its_object_with_the_arguments_filled_in():
    state = assigned_value(_PAYLOAD, "__NUXT__")
    team = state["data"][0]["team"]
    assert [m["name"] for m in team] == ["Elif Yılmaz", "Burak Demir", "Zeynep Kaya"]
    assert team[0]["image"] == "/img/elif.jpg" and team[0]["since"] == 2019
    assert team[1]["title"] == team[2]["title"] == "Yazılım Direktörü"
    assert team[1]["joined"] is None  # `new Date(...)` is skipped, its siblings are kept
    assert team[2]["tags"] == [None, "x"]
    assert state["error"] is None and state["serverRendered"] is True


def test_both_ways_of_invoking_and_a_plain_object_are_read():
    assert parse_literal("(function(a){return {x:a}}(1))") == {"x": 1}
    assert parse_literal("(function(a){return {x:a}})('y')") == {"x": "y"}
    assert parse_literal("{x:void 0,y:-1.5e2,z:0x1f,'k':[1,2],w:a.b}") == {
        "x": None,
        "y": -150.0,
        "z": 31,
        "k": [1, 2],
        "w": None,
    }
    assert assigned_value('window["__NUXT__"] = {a:1}', "__NUXT__") == {"a": 1}
    assert assigned_value("if (window.__NUXT__ == null) {}", "__NUXT__") is None


def test_broken_or_hostile_scripts_read_as_nothing():
    for text in (
        "{a:",
        "[1,2",
        '{a:"unterminated',
        "(function(a){return {x:a}",
        "{...spread}",
        "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5),
        "(function(a,{b}){return {x:a}}(1))",
        "(function(a){a.x=1}(1))",
    ):
        assert parse_literal(text) is None, text
    # what follows the value is another statement, not part of the data
    assert parse_literal("{a:1};window.x=2}") == {"a": 1}


def _page(payload: str, body: str = "") -> str:
    return (
        '<html><head><title>Ekibimiz</title></head><body><div id="__nuxt">'
        f'<main><h1>Ekibimiz</h1><div class="team-grid">{body}</div></main></div>'
        f"<script>{payload}</script>"
        '<script src="/_nuxt/runtime.js" defer></script></body></html>'
    )


def test_a_team_only_in_the_nuxt_state_is_found_with_photos_and_roles():
    scan = scan_page(_page(_PAYLOAD), BASE)
    assert [(p.name, p.title, p.image_urls) for p in scan.people] == [
        ("Elif Yılmaz", "Kurucu Ortak", ("http://team.example/img/elif.jpg",)),
        ("Burak Demir", "Yazılım Direktörü", ("http://team.example/img/burak.jpg",)),
        ("Zeynep Kaya", "Yazılım Direktörü", ("http://team.example/img/zeynep.jpg",)),
    ]
    assert all("structured data" in " ".join(p.notes) for p in scan.people)
    assert "Garanti BBVA" not in {e.text for e in scan.excluded}  # a logo, no person at all


def test_testimonials_in_the_nuxt_state_are_not_the_team():
    payload = (
        'window.__NUXT__={data:[{testimonials:[{name:"Ayşe Çelik",title:"Müşteri",'
        'image:"/img/ayse.jpg"}]}]};'
    )
    scan = scan_page(_page(payload), BASE)
    assert scan.people == []
    assert [e.text for e in scan.excluded] == ["Ayşe Çelik"]


def test_rendered_cards_win_over_the_state_that_repeats_them():
    card = '<div class="member"><img src="/img/elif.jpg" alt=""><h3>Elif Yılmaz</h3></div>'
    scan = scan_page(_page(_PAYLOAD, card * 1), BASE)
    assert [p.name for p in scan.people] == ["Elif Yılmaz"]
    assert scan.people[0].notes == ()
