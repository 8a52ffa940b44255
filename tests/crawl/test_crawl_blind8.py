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
