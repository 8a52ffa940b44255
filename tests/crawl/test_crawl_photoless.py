"""A team that shows no photos at all (initials, a text badge): its people are listed,
without a photo, and the report says so; look-alike tiles elsewhere are not people."""

from __future__ import annotations

from auditor.crawl.page import scan_page

BASE = "http://127.0.0.1/people/"
CARD = (
    '<article class="person-card"><div class="person-photo"><span>{badge}</span></div>'
    '<h3>{name}</h3><div class="person-role">{role}</div></article>'
)
LAB = [("PD", "Jaehyun Lee", "Postdoctoral Researcher"), ("PhD", "Uhjin Kim", "Ph.D. Student")]


def _grid(heading: str, cards: list[tuple[str, str, str]]) -> str:
    body = "".join(CARD.format(badge=b, name=n, role=r) for b, n, r in cards)
    return f'<section><h2>{heading}</h2><div class="grid">{body}</div></section>'


def _people(html: str) -> list[tuple[str, str | None, tuple[str, ...]]]:
    return [(p.name, p.title, p.image_urls) for p in scan_page(html, BASE).people]


def test_a_team_grid_without_photos_lists_its_people_without_photos():
    students = [*LAB, ("MS", "Soobeom Choi", "M.S. Student")]
    assert _people(_grid("Our team", students)) == [(n, r, ()) for _, n, r in students]


def test_tiles_of_the_same_shape_outside_a_team_section_are_not_people():
    services = [("1", "Quick Delivery", "Sales support"), ("2", "Fair Prices", "Sales team")]
    assert _people(_grid("Our services", services)) == []
    # a card titled by a tagline, not a name over a job title
    taglines = [("", "Experts at your service", "Meet our team"), ("", "Since 1990", "Story")]
    assert _people(_grid("Our team", taglines)) == []


def test_photo_cards_and_photo_less_cards_of_one_team_are_all_listed_once():
    photo = (
        '<article class="member"><img src="/a.jpg"><h3>Ana Lima</h3>'
        '<div class="person-role">Professor</div></article>'
    )
    html = _grid("Our team", LAB).replace('<div class="grid">', f"<div>{photo}")
    assert [name for name, _, _ in _people(html)] == ["Ana Lima", "Jaehyun Lee", "Uhjin Kim"]
    # a slider's duplicated slide (its photo skipped as a clone) is not a second person
    clone = CARD.format(badge="", name="Jaehyun Lee", role="Postdoctoral Researcher").replace(
        'class="person-card"', 'class="person-card swiper-slide-duplicate"'
    )
    assert [name for name, _, _ in _people(_grid("Our team", LAB) + clone)] == [
        "Jaehyun Lee",
        "Uhjin Kim",
    ]


def test_an_arabic_team_grid_without_photos_is_listed():
    cards = [("م", "د. محمد الحربي", "المدير الطبي"), ("ن", "نورة العتيبي", "مديرة التمريض")]
    body = "".join(
        f'<div class="team-card"><div class="team-avatar">{b}</div><h3>{n}</h3>'
        f'<p class="team-role">{r}</p></div>'
        for b, n, r in cards
    )
    html = f'<section dir="rtl"><h2>فريقنا</h2><div class="team-grid">{body}</div></section>'
    assert _people(html) == [(n, r, ()) for _, n, r in cards]


def test_name_cards_straight_under_the_heading_and_nested_wrappers_count_once_each():
    names = ["Ana Lima", "Ben Okoro", "Cleo Vance", "Dev Okafor", "Eva Berg"]
    flat = "<h2>Our team</h2>" + "".join(
        CARD.format(badge="", name=n, role="Engineer") for n in names
    )
    assert [n for n, _, _ in _people(flat)] == names
    nested = (
        "<h2>Team</h2>"
        + '<div class="wrap">' * 50
        + CARD.format(badge="", name="Ann Lee", role="Engineer").replace(
            'class="person-card"', 'class="wrap"'
        )
        + "</div>" * 50
    )
    assert [n for n, _, _ in _people(nested)] == ["Ann Lee"]


def test_semantic_cards_whose_name_opens_a_list_are_people():
    """Class-less `<article><ul><li><h3>name</h3></li><li>post</li></ul>` cards: the name
    sits three levels down, the post in the next item."""
    team = [("Anna Berg", "Project Manager"), ("Jonas Keller", "Senior Engineer")]
    cards = "".join(
        f"<article><ul><li><h3>{n}</h3></li><li>{r}</li></ul></article>" for n, r in team
    )
    html = f"<main><h2>Our team</h2><div>{cards}</div></main>"
    assert _people(html) == [(n, r, ()) for n, r in team]
    # the same shape under a section that is no team: services, not people
    assert _people(html.replace("Our team", "Our services")) == []
