"""Rules added after the blind pages (session 27): markup real site builders emit that the
crawler misread, each reduced to the few elements that carry it."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from auditor.crawl.cards import shape
from auditor.crawl.cdn import upgrade
from auditor.crawl.page import scan_page
from auditor.crawl.photos import channel_icon

BASE = "http://team.example/"


def _people(html: str) -> list[tuple[str, str | None, str]]:
    return [(p.name, p.title, p.image_urls[0]) for p in scan_page(html, BASE).people]


def test_a_wrapper_whose_class_only_places_it_is_not_the_role():
    # Elementor's image box: "elementor-position-top" on the widget holding name and role
    box = (
        '<div class="elementor-widget elementor-position-top elementor-widget-image-box">'
        '<figure class="elementor-image-box-img"><img src="/{slug}.jpg" width="300" '
        'height="300"></figure><div class="elementor-image-box-content">'
        '<h3 class="elementor-image-box-title">{name}</h3>'
        '<p class="elementor-image-box-description">{role}</p></div></div>'
    )
    html = "<h2>Meet the team</h2>" + "".join(
        box.format(slug=s, name=n, role=r)
        for s, n, r in [("ana", "Ana Lima", "Tax Manager"), ("ben", "Ben Okoro", "Payroll")]
    )
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Ana Lima", "Tax Manager"),
        ("Ben Okoro", "Payroll"),
    ]


def test_a_name_split_over_inline_spans_is_one_line():
    # WordPress "Team Members" plugin: first and last name in two spans, a space between
    card = (
        '<div class="tmm_member"><div class="tmm_photo" style="background: url(/{s}.jpg); '
        'background-size:cover"></div><div class="tmm_textblock"><div class="tmm_names">'
        '<span class="tmm_fname">{f}</span> <span class="tmm_lname">{l}</span></div>'
        '<div class="tmm_job">{job}</div></div></div>'
    )
    html = "<h1>Meet the Team</h1>" + "".join(
        card.format(s=f.lower(), f=f, l=last, job=job)
        for f, last, job in [("Graham", "Ellis", "Director"), ("Beth", "Llewellyn", "Manager")]
    )
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Graham Ellis", "Director"),
        ("Beth Llewellyn", "Manager"),
    ]


def test_abutting_spans_are_separate_lines_and_a_line_falls_back_to_its_texts():
    # <span>Name</span><span>Role</span> with no space reads "NameRole" unless styled as blocks
    html = (
        '<div class="grid"><div><img src="/a.jpg"><span>Ana Lima</span><span>CEO</span></div>'
        '<div><img src="/b.jpg"><span>Ben Okoro</span><span>CTO</span></div></div>'
    )
    assert [(n, t) for n, t, _ in _people(html)] == [("Ana Lima", "CEO"), ("Ben Okoro", "CTO")]


@pytest.mark.parametrize(
    ("label", "alt", "icon"),
    [
        ("LinkedIn", True, True),
        ("Follow us on Instagram", True, True),
        ("X", True, True),
        ("icon-email", False, True),
        ("linkedin-white-round", False, True),
        ("E-mail", True, True),
        ("x", False, False),  # x.jpg is as likely someone's photo
        ("Jane Doe on LinkedIn", True, False),
        ("Jane Doe", True, False),
        ("", True, False),
    ],
)
def test_social_and_contact_icons_are_named_by_their_label(label, alt, icon):
    assert channel_icon(label, alt=alt) is icon


def test_social_icons_in_a_card_do_not_split_it():
    # the icons (no declared size) used to be photos of their own, leaving the card nameless
    card = (
        '<div class="member"><div class="photo" style="background-image:url(/{s}.jpg)"></div>'
        "<h4>{n}</h4>"
        '<a href="https://www.linkedin.com/in/{s}">'
        '<img src="/icons/linkedin.png" alt="LinkedIn"></a>'
        '<a href="mailto:{s}@x.org"><img src="/icons/mail.png" alt="Email"></a></div>'
    )
    html = "".join(card.format(s=s, n=n) for s, n in [("ana", "Ana Lima"), ("ben", "Ben Okoro")])
    assert [(n, u) for n, _, u in _people(html)] == [
        ("Ana Lima", BASE + "ana.jpg"),
        ("Ben Okoro", BASE + "ben.jpg"),
    ]


def test_wix_renditions_lead_to_the_original_upload():
    fill = (
        "https://static.wixstatic.com/media/a3f9c1_5e2b7d9c~mv2.jpg/v1/fill/"
        "w_300,h_375,al_c,q_80,usm_0.66_1.00_0.01,enc_auto/portrait.jpg"
    )
    assert upgrade(fill) == ("https://static.wixstatic.com/media/a3f9c1_5e2b7d9c~mv2.jpg", fill)
    plain = "https://static.wixstatic.com/media/a3f9c1_5e2b7d9c~mv2.jpg"
    assert upgrade(plain) == (plain,)


def test_numbered_builder_classes_do_not_make_each_card_a_shape_of_its_own():
    tree = LexborHTMLParser(
        '<div class="fl-col-group fl-node-5f3a2b1c nested"></div>'
        '<div class="fl-col-group fl-node-9e8d7c6b nested"></div>'
        '<div class="et_pb_team_member et_pb_team_member_0"></div>'
    )
    first, second, divi = tree.css("div")
    assert shape(first) == shape(second) == ("div", ("fl-col-group", "nested"))
    assert shape(divi) == ("div", ("et_pb_team_member",))


def test_service_tiles_beside_a_grid_of_numbered_team_cards_are_left_out():
    # Beaver Builder: each team card has its own fl-node-<hash>; the grid still shows the team
    member = (
        '<div class="fl-col-group fl-node-{i}a1b"><img src="/{s}.jpg" width="300" height="300">'
        "<p><strong>{n}</strong> – {r}</p></div>"
    )
    service = (
        '<div class="fl-col fl-node-{i}c2d"><div class="fl-callout fl-callout-photo-above-title">'
        '<img src="/{s}.png" width="200" height="200"><h3 class="fl-callout-title">{n}</h3>'
        "<p>From £{p}.</p></div></div>"
    )
    team = "".join(
        member.format(i=i, s=s, n=n, r=r)
        for i, (s, n, r) in enumerate(
            [("hs", "Hannah Schofield", "Dentist"), ("km", "Kofi Mensah", "Hygienist")]
        )
    )
    services = "".join(
        service.format(i=i, s=s, n=n, p=p)
        for i, (s, n, p) in enumerate(
            [("imp", "Dental Implants", 950), ("wh", "Teeth Whitening", 300)]
        )
    )
    html = (
        f"<div class='row'>{team}</div><h2>Popular treatments</h2><div class='row'>{services}</div>"
    )
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Hannah Schofield", "Dentist"),
        ("Kofi Mensah", "Hygienist"),
    ]


def _card(slug: str, name: str, text: str, cls: str = "card", size: int = 300) -> str:
    return (
        f'<div class="{cls}"><img src="/{slug}.jpg" width="{size}" height="{size}">'
        f"<h3>{name}</h3><p>{text}</p></div>"
    )


def test_cards_under_only_the_pages_team_title_must_look_like_the_team():
    # a law firm's page: "Our Attorneys" heads the page, the attorneys' section says so
    # itself, and a "How we help" section of practice-area blurbs sits under the page title
    attorneys = "".join(
        _card(s, n, r, "attorney-card")
        for s, n, r in [
            ("cd", "Catherine Delacroix", "Partner"),
            ("st", "Samir Haddad", "Associate"),
        ]
    )
    blurbs = "".join(
        _card(s, n, t, "practice", 64)
        for s, n, t in [
            ("corp", "Corporate Transactions", "Buy-side and sell-side deals up to $250m."),
            ("lit", "Business Litigation", "Shareholder and partnership disputes."),
        ]
    )
    html = (
        '<header class="page-hero"><h1>Our Attorneys</h1></header><main>'
        f'<section class="attorneys"><div class="row">{attorneys}</div></section>'
        f'<section class="practice-strip"><h2>How we help</h2><div class="row">{blurbs}</div>'
        "</section></main>"
    )
    assert [n for n, _, _ in _people(html)] == ["Catherine Delacroix", "Samir Haddad"]


def test_a_department_under_the_team_heading_is_still_the_team():
    leaders = "".join(
        _card(s, n, r) for s, n, r in [("a", "Ana Lima", "CEO"), ("b", "Ben Okoro", "CTO")]
    )
    engineers = "".join(
        _card(s, n, r)
        for s, n, r in [("c", "Cal Ortiz", "Engineer"), ("d", "Dee Park", "Engineer")]
    )
    html = (
        f'<section><h2>Our team</h2><div class="grid">{leaders}</div>'
        f'<h3>Engineering</h3><div class="grid">{engineers}</div></section>'
    )
    assert [n for n, _, _ in _people(html)] == ["Ana Lima", "Ben Okoro", "Cal Ortiz", "Dee Park"]


def test_a_hiring_card_in_the_team_row_is_not_a_person():
    # Divi team-member module used as a "join us" card: its only name-shaped text is the link
    hiring = (
        '<div class="member"><img src="/hat.png" width="300" height="300"><h4>Join Our Kitchen</h4>'
        '<p class="position">Now hiring line cooks</p>'
        '<p><a href="/careers/">Apply today</a></p></div>'
    )
    team = "".join(_card(s, n, r, "member") for s, n, r in [("t", "Tom Baker", "Head Chef")])
    html = f"<h2>The people behind the pass</h2><div class='row'>{team}{hiring}</div>"
    assert [n for n, _, _ in _people(html)] == ["Tom Baker"]


def test_a_card_with_a_price_is_a_product_not_a_person():
    # Shopify's product card beside a team grid; its "Regular price" is for screen readers
    product = (
        '<li class="grid__item"><div class="card"><img src="/{s}.jpg" width="1000" height="1250">'
        '<h3 class="card__heading"><a href="/products/{s}">{n}</a></h3><div class="price">'
        '<span class="visually-hidden">Regular price</span><span class="price-item">{p}</span>'
        "</div></div></li>"
    )
    team = "".join(
        _card(s, n, r)
        for s, n, r in [("o", "Orla Kennedy", "Founder"), ("d", "Dev Raman", "Barista")]
    )
    shop = "".join(
        product.format(s=s, n=n, p=p)
        for s, n, p in [("k", "Kenya Nyeri", "£12.50 GBP"), ("h", "House Espresso", "From £9")]
    )
    html = f"<ul class='team'>{team}</ul><h2>Our bestsellers</h2><ul class='grid'>{shop}</ul>"
    scan = scan_page(html, BASE)
    assert [p.name for p in scan.people] == ["Orla Kennedy", "Dev Raman"]
    assert {e.text: e.reason for e in scan.excluded}["Kenya Nyeri"] == (
        "a product or offer with a price"
    )


def test_a_bio_with_an_amount_is_still_a_person():
    html = "<h2>Partners</h2>" + "".join(
        _card(s, n, "Closed deals worth over $250m for founders.")
        for s, n in [("a", "Ana Lima"), ("b", "Ben Okoro")]
    )
    assert [n for n, _, _ in _people(html)] == ["Ana Lima", "Ben Okoro"]


def test_screen_reader_text_is_not_the_role():
    card = (
        '<div class="card"><img src="/{s}.jpg" width="300" height="300"><p>{n}</p>'
        '<span class="sr-only">Opens profile</span><p>{r}</p></div>'
    )
    html = "<h2>Our team</h2>" + "".join(
        card.format(s=s, n=n, r=r)
        for s, n, r in [("a", "Ana Lima", "CEO"), ("b", "Ben Okoro", "CTO")]
    )
    assert [(n, t) for n, t, _ in _people(html)] == [("Ana Lima", "CEO"), ("Ben Okoro", "CTO")]


def test_block_spans_give_name_then_role_and_press_quotes_are_not_the_team():
    # Tailwind: <span class="block">Name</span><span class="block">Outlet</span> abut
    person = (
        '<li><img src="/{s}.jpg"><p><span class="font-semibold">{f}</span> '
        '<span class="font-semibold">{l}</span></p><span class="block">{r}</span></li>'
    )
    quote = (
        '<figure><img src="/{s}.png"><blockquote>“{q}”</blockquote><figcaption>'
        '<span class="block">{n}</span><span class="block">{o}</span></figcaption></figure>'
    )
    team = "".join(
        person.format(s=s, f=f, l=last, r=r)
        for s, f, last, r in [("h", "Hana", "Kobayashi", "CEO"), ("m", "Mateus", "Oliveira", "CTO")]
    )
    press = "".join(
        quote.format(s=s, q=q, n=n, o=o)
        for s, q, n, o in [
            (
                "tc",
                "Quietly the best onboarding tool we have tried.",
                "Sarah Kessler",
                "TechCrunch",
            ),
            ("sf", "One of the calmest startups in Europe, we think.", "Jon Russell", "Sifted"),
        ]
    )
    html = f"<ul>{team}</ul><h2>What people say</h2><div>{press}</div>"
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Hana Kobayashi", "CEO"),
        ("Mateus Oliveira", "CTO"),
    ]
