"""Rules added after the fifth blind review (session 36): markup real sites use that the
crawler misread, each reduced to the few elements that carry it, in our own words."""

from __future__ import annotations

from auditor.crawl.page import scan_page

BASE = "http://team.example/"


def _people(html: str) -> list[tuple[str, str | None]]:
    return [(p.name, p.title) for p in scan_page(html, BASE).people]


def _grid(card: str, rows: list[tuple[str, ...]]) -> str:
    return "<h2>Our team</h2><div class='row'>" + "".join(card.format(*r) for r in rows) + "</div>"


def test_a_bold_card_title_is_the_name_not_the_role():
    # Bootstrap's card with the name in <b class="card-title"> and the role in a card-text
    card = (
        '<div class="col"><div class="card"><img src="/{0}.jpg" class="card-img-top" alt="">'
        '<div class="card-body"><b class="card-title">{1}</b><p class="card-text">{2}</p>'
        "</div></div></div>"
    )
    html = _grid(card, [("a", "Irina Volkova", "Copywriter"), ("b", "Pavel Orlov", "Photographer")])
    assert _people(html) == [("Irina Volkova", "Copywriter"), ("Pavel Orlov", "Photographer")]


def test_a_role_line_above_the_name_heading_in_a_name_block_is_the_role():
    # the role in a <p> above the name's <h3>, both inside the card's "name" block, in words
    # no lexicon lists (the rule must not need to know them)
    card = (
        '<div class="team-profile"><div class="team-pic"><img src="/{0}.jpg" alt=""></div>'
        '<div class="name center"><p>{2}</p><h3>{1}</h3><h6>{0}@firm.example</h6></div></div>'
    )
    html = _grid(
        card,
        [("erkan", "Erkan Demirel", "Quorvex Kurulu Lideri"), ("selin", "Selin Kaya", "Zentar")],
    )
    assert _people(html) == [
        ("Erkan Demirel", "Quorvex Kurulu Lideri"),
        ("Selin Kaya", "Zentar"),
    ]
