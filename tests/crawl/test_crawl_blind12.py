"""Rules added after the twelfth blind review (session 41): markup real sites use that the
crawler misread, each reduced to the few elements that carry it, in our own words."""

from __future__ import annotations

from auditor.crawl.judge import GROUP_PHOTO_REASON
from auditor.crawl.page import scan_page

BASE = "http://team.example/"


def _people(html: str) -> list[tuple[str, str | None]]:
    return [(p.name, p.title) for p in scan_page(html, BASE).people]


def _grid(card: str, rows: list[tuple[str, ...]], heading: str = "Our team") -> str:
    cards = "".join(card.format(*r) for r in rows)
    return f"<h2>{heading}</h2><div class='grid'>{cards}</div>"


def test_a_portrait_alt_naming_the_person_and_their_group_firm_is_no_group_photo():
    # an estate agents' team: each portrait's alt names the agent, then the firm "… Group"
    card = (
        '<article class="card"><img src="img/{0}.jpg" alt="{1}, {2} at Lindqvist Berg Group">'
        '<p class="role">{2}</p><h3>{1}</h3></article>'
    )
    rows = [("ol", "Olle Lindqvist", "Team Lead"), ("ma", "Maja Berg", "Agent")]
    people = scan_page(_grid(card, rows), BASE).people
    assert [(p.name, p.title) for p in people] == [
        ("Olle Lindqvist", "Team Lead"),
        ("Maja Berg", "Agent"),
    ]
    assert [p.image_urls[0] for p in people] == [BASE + "img/ol.jpg", BASE + "img/ma.jpg"]


def test_an_alt_that_describes_a_group_stays_a_group_photo():
    # the same firm's name in an alt that does not open with the card's name, or a group word
    # that is not part of a name, still describes a group picture
    card = (
        '<article class="card"><img src="img/{0}.jpg" alt="{2}"><h3>{1}</h3>'
        '<p class="role">Agent</p></article>'
    )
    plain = _grid(card, [("ol", "Olle Lindqvist", "Olle Lindqvist, Agent")])
    assert _people(plain) == [("Olle Lindqvist", "Agent")]
    for alt in ("The Lindqvist Berg Group at the retreat", "Olle Lindqvist with the group"):
        result = scan_page(_grid(card, [("ol", "Olle Lindqvist", alt)]), BASE)
        assert result.people == [], alt
        assert [left.reason for left in result.excluded] == [GROUP_PHOTO_REASON], alt


def test_a_post_named_after_a_place_is_no_person():
    # an agency's card for a partnership seat, "Dubai Founding Partner", beside its people
    card = (
        '<div class="team-card"><img src="img/{0}.png" alt="{1}"><div class="number">{2}</div>'
        "<h3>{1}</h3><p>Leads the firm's work with investors.</p></div>"
    )
    rows = [
        ("sk", "Shavya Katiyar", "01 · Leadership"),
        ("pg", "Prakul Gupta", "02 · Leadership"),
        ("dubai", "Dubai Founding Partner", "03 · Leadership"),
        ("lon", "London Regional Director", "04 · Leadership"),
    ]
    assert [name for name, _ in _people(_grid(card, rows))] == ["Shavya Katiyar", "Prakul Gupta"]


def test_the_post_above_the_name_beats_a_career_list_of_role_lines():
    # a French firm's partners: the post over the name, then a career list whose every entry
    # has a "role" line (past posts and employers)
    card = (
        '<section><img src="img/{0}.jpg" alt="{1}, Associé fondateur"><div>'
        '<p class="eyebrow">{2}</p><h2>{1}</h2><p>{1} dirige la maison.</p><ul class="parcours">'
        '<li><span class="role">Directeur Général — Maison Dupuis</span></li>'
        '<li><span class="role">Gérant Privé — Banque Lemaire</span></li></ul></div></section>'
    )
    rows = [
        ("pb", "Pierre Barbe", "Associé fondateur · Directeur Général"),
        ("hf", "Hugo Flippe", "Associé fondateur · Directeur des Investissements"),
    ]
    html = "<h1>Notre équipe</h1>" + "".join(card.format(*r) for r in rows)
    assert _people(html) == [(name, post) for _, name, post in rows]


def test_a_team_listed_as_list_items_keeps_each_items_role_line():
    card = (
        '<li class="member"><img src="img/{0}.jpg"><h3>{1}</h3><span class="role">{2}</span></li>'
    )
    rows = [("a", "Ada Byron", "Engineer"), ("g", "Grace Hopper", "Admiral")]
    html = "<h2>Our team</h2><ul class='team'>" + "".join(card.format(*r) for r in rows) + "</ul>"
    assert _people(html) == [("Ada Byron", "Engineer"), ("Grace Hopper", "Admiral")]
