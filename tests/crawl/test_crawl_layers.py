"""A card can stack a second, hidden image on its headshot (a "fun" photo shown on hover, the
back of a flip). The visible one is the headshot; the hidden layer must not split the card
and cut the photo off from the role under the name. And a directory row for a post nobody
holds ("Vacant") is no person (blind batch 4, session 32)."""

from __future__ import annotations

import pytest

from auditor.crawl.page import scan_page

BASE = "http://team.example/"
_PEOPLE = [("ana-lima", "Ana Lima", "Managing Partner"), ("ben-okafor", "Ben Okafor", "UX Lead")]

_BACKGROUND = (
    '<article class="member"><div class="member__media">'
    '<div class="member__photo" role="img" aria-label="Portrait of {name}"'
    ' style="background-image: url(/team/{slug}.jpg)"></div>'
    '<div class="member__photo member__photo--hover" aria-hidden="true"'
    ' style="background-image: url(/team/{slug}-fun.jpg)"></div></div>'
    '<div class="member__meta"><h3>{name}</h3><p class="member__role">{role}</p></div></article>'
)
_IMG = (
    '<article class="member"><div class="member__media">'
    '<img src="/team/{slug}.jpg" alt="{name}" width="300" height="375">'
    '<img class="member__hover" src="/team/{slug}-fun.jpg" alt="" aria-hidden="true"'
    ' width="300" height="375"></div>'
    '<h3>{name}</h3><p class="member__role">{role}</p></article>'
)


@pytest.mark.parametrize("card", [_BACKGROUND, _IMG], ids=["background-image", "img"])
def test_a_hidden_hover_photo_beside_the_headshot_keeps_the_card_whole(card):
    cards = "".join(card.format(slug=s, name=n, role=r) for s, n, r in _PEOPLE)
    scan = scan_page(f"<main><h1>Our team</h1><section>{cards}</section></main>", BASE)
    assert [(p.name, p.title, p.image_urls[:1]) for p in scan.people] == [
        (n, r, (f"{BASE}team/{s}.jpg",)) for s, n, r in _PEOPLE
    ]


def test_a_hidden_photo_with_no_visible_one_beside_it_is_still_a_photo():
    """A portrait that is only in a hidden block (a bio pop-up) is not a layer of anything."""
    cards = "".join(
        f'<div class="member"><div aria-hidden="true"><img src="/team/{s}.jpg" alt="{n}"'
        f' width="300" height="375"></div><h3>{n}</h3><p class="role">{r}</p></div>'
        for s, n, r in _PEOPLE
    )
    scan = scan_page(f"<main><h1>Our team</h1><section>{cards}</section></main>", BASE)
    assert [p.image_urls[:1] for p in scan.people] == [
        (f"{BASE}team/{s}.jpg",) for s, _, _ in _PEOPLE
    ]


def test_a_vacant_post_in_a_directory_table_is_no_person():
    rows = "".join(
        f'<tr><td><img src="/team/{s}.jpg" alt="" width="90" height="110"></td>'
        f'<td class="name">{n}</td><td class="title">{r}</td></tr>'
        for s, n, r in _PEOPLE
    )
    rows += '<tr><td></td><td class="name">Vacant</td><td class="title">Deputy Treasurer</td></tr>'
    html = f"<main><h1>Staff directory</h1><table><tbody>{rows}</tbody></table></main>"
    assert [p.name for p in scan_page(html, BASE).people] == [n for _, n, _ in _PEOPLE]
