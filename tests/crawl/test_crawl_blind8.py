"""Rules added after the seventh and eighth blind reviews (session 37): markup real sites
use that the crawler misread, each reduced to the few elements that carry it, in our own
words."""

from __future__ import annotations

from auditor.crawl.page import scan_page

BASE = "http://team.example/"


def _people(html: str) -> list[tuple[str, str | None]]:
    return [(p.name, p.title) for p in scan_page(html, BASE).people]


def _grid(card: str, rows: list[tuple[str, ...]], heading: str = "Our team") -> str:
    cards = "".join(card.format(*r) for r in rows)
    return f"<h2>{heading}</h2><div class='row'>{cards}</div>"


UNIT_CARD = (
    '<div class="unit"><div class="unit__head">{1}</div><div class="unit__text">{2}</div>'
    '<div class="unit__img"><img src="/img/{0}.webp" alt="..."></div></div>'
)


def test_a_units_card_names_its_person_in_a_labelled_line():
    # a clinic's departments, each with "doctor in charge: name" and that doctor's photo
    html = _grid(
        UNIT_CARD,
        [
            ("a", "khoa xét nghiệm", "BS phụ trách: Lê Minh Thu"),
            ("b", "khoa siêu âm", "BS phụ trách: Phạm Quốc Bảo"),
        ],
        heading="Đội ngũ bác sĩ",
    )
    assert _people(html) == [
        ("Lê Minh Thu", "BS phụ trách, khoa xét nghiệm"),
        ("Phạm Quốc Bảo", "BS phụ trách, khoa siêu âm"),
    ]


def test_a_labelled_line_under_a_persons_own_name_stays_their_role():
    # the heading is the name: "Leitung: Labor" is what she leads, not another person
    html = _grid(
        UNIT_CARD,
        [("a", "Anna Weber", "Leitung: Labor"), ("b", "Jonas Berg", "Leitung: Empfang")],
        heading="Unser Team",
    )
    assert [name for name, _ in _people(html)] == ["Anna Weber", "Jonas Berg"]


PROFILE = (
    '<div class="lawyer"><img src="/img/{0}.jpg" alt=""><h3>{1}</h3>'
    "<p>Yirmi yılı aşkın deneyimiyle ticaret ve aile hukuku alanlarında müvekkillerine "
    "danışmanlık vermekte, davalarını titizlikle takip etmektedir.</p></div>"
)


def test_a_heading_that_opens_with_the_post_ends_with_the_name():
    # the firm's founder: firm name and post, then the name, in one heading
    html = _grid(
        PROFILE,
        [("f", "Kaya Hukuk Kurucusu Mehmet Can ARSLAN"), ("g", "Elif Demir")],
        heading="Ekibimiz",
    )
    assert _people(html) == [("Mehmet Can ARSLAN", "Kaya Hukuk Kurucusu"), ("Elif Demir", None)]


def test_a_post_the_lexicon_lacks_after_a_modifier_is_no_name():
    # job ads: "Senior" then a Dutch compound post is a heading, not "Projectmanager Webdesign"
    card = (
        '<div class="vacatures"><a href="/{0}"><img src="/img/{0}.jpg" alt=""></a><h2>{1}</h2>'
        "<h3>Wij zijn op zoek naar een collega met enkele jaren ervaring in het leiden van "
        "projecten voor onze klanten in het noorden.</h3><button>Lees meer</button></div>"
    )
    html = _grid(
        card,
        [
            ("v1", "Vacature Software Engineer"),
            ("v2", "Senior Projectmanager Webdesign"),
            ("v3", "Vacature Stagiair Marketing"),
        ],
        heading="Werken bij ons",
    )
    assert _people(html) == []
