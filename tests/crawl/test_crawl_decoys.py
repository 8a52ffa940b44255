"""Tiles in the team's own markup that are no team member (blind batch 3): a pet, a client's
tile, a brand image from a logos or clients folder; and a grid that mixes them with people."""

from __future__ import annotations

from auditor.crawl.page import scan_page

BASE = "http://team.example/"
_TILE = (
    '<div class="grid__item"><div class="tile"><img class="tile__img" src="{src}" alt="{name}"'
    ' width="300" height="300"><h4 class="tile__title">{name}</h4>'
    '<p class="tile__text">{text}</p></div></div>'
)
_PEOPLE = [
    ("/img/team/ana.jpg", "Ana Ruiz", "Founder"),
    ("/img/team/ben.jpg", "Ben Okoro", "Head of Sales"),
    ("/img/team/cy.jpg", "Cy Cole", "Copywriter"),
]


def _grid(tiles: list[tuple[str, str, str]]) -> str:
    items = "".join(_TILE.format(src=s, name=n, text=t) for s, n, t in tiles)
    return f'<main><h1>About us</h1><div class="grid">{items}</div></main>'


def _read(html: str) -> tuple[list[tuple[str, str | None]], dict[str, str]]:
    scan = scan_page(html, BASE)
    return [(p.name, p.title) for p in scan.people], {e.text: e.reason for e in scan.excluded}


def test_a_one_word_name_whose_role_ends_in_an_animal_is_a_pet():
    people, left_out = _read(
        _grid(
            [
                *_PEOPLE,
                ("/img/team/biscuit.jpg", "Biscuit", "Chief Morale Officer (office dog)"),
                ("/img/team/miso.jpg", "Miso", "Head of Security - Office Cat"),
                ("/img/team/lola.jpg", "Lola", "Bürohund"),
                ("/img/team/coco.jpg", "Coco", "Perro de la oficina"),
            ]
        )
    )
    assert [n for n, _ in people] == ["Ana Ruiz", "Ben Okoro", "Cy Cole"]
    assert "an animal" in left_out["Biscuit"] and '"office dog"' in left_out["Biscuit"]
    assert all("an animal" in left_out[n] for n in ("Miso", "Lola", "Coco"))


def test_people_who_work_with_animals_stay_people():
    tiles = [
        ("/img/team/sam.jpg", "Sam", "Dog Trainer"),  # the animal word modifies the job
        ("/img/team/tom.jpg", "Tom", "Top Dog"),  # an idiom for the boss
        ("/img/team/eva.jpg", "Eva Lind", "Office dog"),  # a full name is a person's
        ("/img/team/kai.jpg", "Kai", "Pet Care Lead"),
        ("/img/team/lou.jpg", "Lou", "Cat, Dog & Horse Groomer"),  # a list of modifiers
    ]
    people, left_out = _read(_grid(tiles))
    assert [n for n, _ in people] == ["Sam", "Tom", "Eva Lind", "Kai", "Lou"], left_out


def test_a_tile_that_says_client_is_not_a_person_but_client_jobs_are():
    tiles = [
        *_PEOPLE,
        ("/img/oatly.png", "Oatly", "Client since 2019"),
        ("/img/monzo.png", "Monzo", "Client"),
        ("/img/acme.png", "Acme", "Gold sponsor"),
        ("/img/team/dee.jpg", "Dee Park", "Client Services Manager"),
    ]
    people, left_out = _read(_grid(tiles))
    assert [n for n, _ in people] == ["Ana Ruiz", "Ben Okoro", "Cy Cole", "Dee Park"]
    assert left_out["Oatly"] == 'a client or sponsor tile (it says "Client since 2019")'
    assert "client or sponsor" in left_out["Monzo"]
    assert "client or sponsor" in left_out["Acme"]


def test_images_from_a_logos_or_clients_folder_are_brand_tiles():
    tiles = [
        *_PEOPLE,
        ("/uploads/client-logos/helix.png", "Helix", "Working together since the start"),
        ("/img/customers/nord.png", "Nord", "Fintech"),
        # folders that hold people: law firms' partners, a client services team
        ("/img/partners/dana-moss.jpg", "Dana Moss", "Partner"),
        ("/img/client-services/eli-hart.jpg", "Eli Hart", "Account Manager"),
    ]
    people, left_out = _read(_grid(tiles))
    assert [n for n, _ in people] == ["Ana Ruiz", "Ben Okoro", "Cy Cole", "Dana Moss", "Eli Hart"]
    assert '"client-logos" folder' in left_out["Helix"]
    assert '"customers" folder' in left_out["Nord"]


def test_people_with_names_and_roles_outlast_a_grid_of_mostly_brand_tiles():
    # the agency's logo, its people, then client logos, all in identical tiles: most tiles
    # are refused, but a full name with a job title is evidence of its own
    tiles = [
        ("/img/logo-brightside.png", "Brightside", "Independent since 2012"),
        *_PEOPLE,
        ("/img/clients/oatly.png", "Oatly", "Client since 2019"),
        ("/img/clients/monzo.png", "Monzo", "Client since 2021"),
        ("/img/clients/nord.png", "Nord", "Client"),
        ("/img/clients/helix.png", "Helix", "Client"),
        ("/img/team/grace.jpg", "Grace Hopper", ""),  # no role: the grid's verdict stands
    ]
    people, left_out = _read(_grid(tiles))
    assert people == [(n, t) for _, n, t in _PEOPLE]
    assert "most cards in its grid are not people" in left_out["Grace Hopper"]
    assert left_out["Brightside"] == "the image is a logo"


def test_a_clients_line_beyond_a_lone_photo_and_its_name_says_nothing_about_the_person():
    # one photo on the page: its card reaches up over the next section's "Clients" line
    html = (
        '<main><h1>About</h1><section><img src="/img/jane.jpg" alt=""><h3>Jane Doe</h3>'
        "<p>Founder</p></section><section><p>Clients</p><p>Acme and Nord trust us.</p>"
        "</section></main>"
    )
    assert _read(html)[0] == [("Jane Doe", "Founder")]
