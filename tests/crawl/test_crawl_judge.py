"""Judging candidates: name evidence, section context, rosters, quotes, grids and overrides."""

from __future__ import annotations

import pytest

from auditor.config import CrawlConfig, load_config
from auditor.crawl.context import SectionKind, section_of
from auditor.crawl.name_evidence import NameLevel, read_name, split_degrees
from auditor.crawl.page import scan_page
from auditor.crawl.rosters import parse_roster_item
from auditor.exceptions import ConfigError

URL = "http://team.example/"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Hana Ito", NameLevel.NAME),
        ("Dr. Sara Cohen", NameLevel.NAME),
        ("Jane Roe, PhD", NameLevel.NAME),
        ("Ludwig van Beethoven", NameLevel.NAME),
        ("Maria del Carmen de la Fuente y Ortega", NameLevel.NAME),
        ("שרה כהן", NameLevel.NAME),
        ("HANA ITO", NameLevel.NAME),
        ("Hana", NameLevel.WEAK),
        ("admin", NameLevel.WEAK),
        ("An Agency is Born", NameLevel.NOT_NAME),
        ("Microsoft Logo", NameLevel.NOT_NAME),
        ("Group 2026", NameLevel.NOT_NAME),
        ("Be Part Of Our Story!", NameLevel.NOT_NAME),
        ("Vision Lab", NameLevel.NOT_NAME),
        ("Senior Engineer", NameLevel.NOT_NAME),
        ("Curriculum Vitae", NameLevel.NOT_NAME),
        # a template's unfilled slots (a page published before its names were typed in)
        ("[Name]", NameLevel.NOT_NAME),
        ("[Past Secretary Name]", NameLevel.NOT_NAME),
        ("{{ member.name }}", NameLevel.NOT_NAME),
        # headings in other languages, with the particles names keep still names
        ("Zu Hause zwischen den Seen", NameLevel.NOT_NAME),
        ("Cómo trabajamos", NameLevel.NOT_NAME),
        ("Nuestro equipo", NameLevel.NOT_NAME),
        ("Hans von der Leyen", NameLevel.NAME),
        ("Con O'Neill", NameLevel.NAME),
        ("Per Olsen", NameLevel.NAME),
        # names in scripts without capitals: one word, or a family and a given name
        ("山田 太郎", NameLevel.NAME),
        ("이 선우", NameLevel.NAME),
        ("欧阳 娜娜", NameLevel.NAME),
        ("김민준", NameLevel.WEAK),
        ("陆琨（Amy Lu）", NameLevel.NAME),
        # ... and phrases, labels and an unfilled template in those scripts
        ("한의과대학 졸업", NameLevel.NOT_NAME),
        ("만성 요통", NameLevel.NOT_NAME),
        ("함께 성장하는 한빛소프트웨어", NameLevel.NOT_NAME),
        ("姓名 / 介紹", NameLevel.NOT_NAME),
        ("（請填寫店長介紹）", NameLevel.NOT_NAME),
        # a job title or honorific written with the name is shown with it, not counted
        ("院長　川野　敬史", NameLevel.NAME),
        ("川野 敬史 先生", NameLevel.NAME),
        ("유명석 원장", NameLevel.NAME),
        ("院長 教授", NameLevel.NOT_NAME),
        # trades are job words now
        ("Senior Stylist", NameLevel.NOT_NAME),
        ("Dental Hygienist", NameLevel.NOT_NAME),
        # a phrase in sentence case titles a service card; a name's parts are capitalised
        ("Cirugía oral", NameLevel.NOT_NAME),
        ("Higiene y odontopediatría", NameLevel.NOT_NAME),
        ("Family dentistry", NameLevel.NOT_NAME),
        ("Maria do Carmo", NameLevel.NAME),
        ("Jan van 't Hof", NameLevel.NAME),
        ("Abdullah bin Ahmed al-Turki", NameLevel.NAME),
        ("Marco dell'Acqua", NameLevel.NAME),
        ("Jean d'Alembert", NameLevel.NAME),
        ("bell hooks", NameLevel.WEAK),
        # a German doctorate's faculty is part of the title, not a word of the name
        ("Dr. med. Anna Müller", NameLevel.NAME),
        ("Dr. rer. nat. Jonas Weber", NameLevel.NAME),
        ("Arthur Dent", NameLevel.NAME),
        # a capitalised word after a particle is a surname, even a sentence word
        ("Flip de With", NameLevel.NAME),
        ("Rejoignez-nous", NameLevel.NOT_NAME),
        ("Jean-Pierre Martin", NameLevel.NAME),
    ],
)
def test_name_evidence(text, level):
    assert read_name(text).level is level, read_name(text)


def test_degrees_stay_with_the_name():
    assert split_degrees("Jane Roe, PhD, MBA") == ("Jane Roe", ", PhD, MBA")
    assert split_degrees("Jane Roe") == ("Jane Roe", "")


@pytest.mark.parametrize(
    ("text", "split"),
    [
        # credentials no list holds, after a comma, certification marks included
        ("Mark Lee, CPA, CFP®", ("Mark Lee", ", CPA, CFP®")),
        ("David Ortiz, ChFC®, CLU®", ("David Ortiz", ", ChFC®, CLU®")),
        ("Emily Chen, EA", ("Emily Chen", ", EA")),
        ("Ana Ruiz, RN, FACHE", ("Ana Ruiz", ", RN, FACHE")),
        # a capitalised surname is no credential; a job acronym after the comma is the role
        ("Jean DUPONT", ("Jean DUPONT", "")),
        ("Bob Smith, CEO", ("Bob Smith, CEO", "")),
        ("Ann Lee, CISO", ("Ann Lee, CISO", "")),
        ("Ann Lee, Head of Sales", ("Ann Lee, Head of Sales", "")),
    ],
)
def test_post_nominal_credentials_are_read_as_degrees(text, split):
    assert split_degrees(text) == split


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("Cloud — Jane Roe (Lead), John Poe", [("Jane Roe", "Lead"), ("John Poe", None)]),
        ("Ben Dahl — Programme Manager", [("Ben Dahl", "Programme Manager")]),
        ("Lucas Kramer, Ph.D. student", [("Lucas Kramer", "Ph.D. student")]),
        ("Jane Roe, PhD", [("Jane Roe, PhD", None)]),
        ("Wei Zhang (Analyst); Olu Adeyemi", [("Wei Zhang", "Analyst"), ("Olu Adeyemi", None)]),
        ("Rural broadband grants for villages", []),
        # a post before one name is its role; a group's or a unit's label is not
        ("Président : Jean Dupont", [("Jean Dupont", "Président")]),
        ("Head of Sales: Ann Lee", [("Ann Lee", "Head of Sales")]),
        ("Directors: Jane Roe", [("Jane Roe", None)]),
        ("Marketing — Jane Roe, John Poe", [("Jane Roe", None), ("John Poe", None)]),
    ],
)
def test_roster_items_name_one_person_each(text, people):
    assert parse_roster_item(text) == people


def test_section_words_are_whole_and_team_beats_wordpress_post_classes():
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(
        '<div class="network"><p id="a">x</p></div>'
        '<article class="post-12 team_member type-team_member"><p id="b">y</p></article>'
        '<section id="former-members"><h2>2019-2022</h2><p id="c">z</p></section>'
    )
    assert section_of(tree.css_first("#a")).kind is SectionKind.OTHER
    assert section_of(tree.css_first("#b")).kind is SectionKind.TEAM
    assert section_of(tree.css_first("#c")).kind is SectionKind.FORMER


def test_a_quote_card_outside_a_team_section_is_a_testimonial_inside_one_a_person():
    quote = "“They rebuilt our whole site in a month and the results were immediate.”"
    html = f"""<div class="wrap"><div class="card"><img src="a.jpg"><blockquote>{quote}</blockquote>
      <h4>Sam Porter</h4></div></div>
      <section id="team"><div class="member"><img src="b.jpg"><h3>Ann Lee</h3>
      <q>{quote}</q></div></section>"""
    scan = scan_page(html, URL)
    assert [p.name for p in scan.people] == ["Ann Lee"]
    assert [(e.text, "testimonial" in e.reason) for e in scan.excluded] == [("Sam Porter", True)]


def test_a_grid_of_mostly_non_people_takes_its_one_name_like_tile_along():
    tiles = ["Harbour House 2019", "Launch Event", "Our Story!", "Grace Hopper"]
    html = "".join(
        f'<div class="tile"><img src="{i}.jpg"><h3>{t}</h3></div>' for i, t in enumerate(tiles)
    )
    scan = scan_page(f'<div class="grid">{html}</div>', URL)
    assert scan.people == []
    reasons = {e.text: e.reason for e in scan.excluded}
    assert "most cards in its grid are not people" in reasons["Grace Hopper"]
    assert scan.note is not None and "No team members found among 4 candidates" in scan.note


def test_selectors_override_the_judgement():
    html = """<section id="work"><h2>Selected work</h2>
      <div class="tile"><img src="a.jpg"><h3>Threads</h3><p class="role">Illustrator</p></div>
      <div class="tile"><img src="b.jpg"><h3>Ann Lee</h3><p class="role">Producer</p></div>
    </section>
    <section id="advisors"><div class="person"><img src="c.jpg"><h3>Cy Cole</h3></div></section>"""
    assert [p.name for p in scan_page(html, URL).people] == ["Cy Cole"]
    scan = scan_page(html, URL, person_selector=".tile, .person", exclude_selector="#advisors")
    assert [(p.name, p.title) for p in scan.people] == [
        ("Threads", "Illustrator"),
        ("Ann Lee", "Producer"),
    ]
    assert [(e.text, e.reason) for e in scan.excluded] == [
        ("Cy Cole", "inside crawl.exclude_selector (#advisors)")
    ]


def test_selectors_are_checked_when_the_config_loads(tmp_path):
    assert CrawlConfig(person_selector=" .team-member ").person_selector == ".team-member"
    bad = tmp_path / "bad.toml"
    bad.write_text("[crawl]\nperson_selector = 'div['\n")
    with pytest.raises(ConfigError, match="person_selector"):
        load_config(bad)


def test_a_heading_labels_its_own_block_only():
    """An intro paragraph or a label line sits between a heading and its grid; a list above
    with its own heading does not hand that heading on."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(
        "<h2>Our team</h2><p>We are a small crew of builders.</p><div><p id=a>a</p></div>"
        "<h2>Group members</h2><p>We are:</p><ul id=b><li>x</li></ul>"
        "<h2>Alumni</h2><ul><li>y</li></ul><h3>Engineering</h3><div><p id=c>z</p></div>"
    )
    kinds = [section_of(tree.css_first(f"#{i}")).kind for i in "abc"]
    assert kinds == [SectionKind.TEAM, SectionKind.TEAM, SectionKind.OTHER]


def test_staff_in_other_markup_outside_the_team_section_stay_when_they_show_a_role():
    html = """<section id="leadership"><div class="leader"><img src="a.jpg"><h3>Ann Lee</h3>
      <p class="role">CEO</p></div><div class="leader"><img src="b.jpg"><h3>Bo Berg</h3>
      <p class="role">CFO</p></div></section>
    <h2>Engineering</h2><div class="grid"><div class="staff"><img src="c.jpg"><h4>Cy Cole</h4>
      <span>Software Engineer</span></div><div class="staff"><img src="d.jpg"><h4>Di Dorn</h4>
      <span>QA Lead</span></div></div>
    <h2>What drives us</h2><div class="boxes">
      <div class="box"><img src="e.png"><h4>Radical Honesty</h4>
      <p>We say what we see.</p></div><div class="box"><img src="f.png"><h4>Quick Delivery</h4>
      <p>Next day across the EU.</p></div></div>"""
    scan = scan_page(html, URL)
    assert [p.name for p in scan.people] == ["Ann Lee", "Bo Berg", "Cy Cole", "Di Dorn"]
    assert {e.text for e in scan.excluded} == {"Radical Honesty", "Quick Delivery"}


def test_common_section_words_of_other_languages_are_known():
    html = """<h2>Unser Team</h2><div class="g"><div class="k"><img src="a.jpg"><h3>Ole Hansen</h3>
      </div><div class="k"><img src="b.jpg"><h3>Pia Schulz</h3></div></div>
      <h2>Kundenstimmen</h2><div class="s"><div class="k"><img src="c.jpg"><h3>Eva Roth</h3></div>
      </div><h2>Ehemalige Mitarbeiter</h2><ul><li>Jan Vogel</li><li>Uwe Kranz</li></ul>"""
    scan = scan_page(html, URL)
    assert [p.name for p in scan.people] == ["Ole Hansen", "Pia Schulz"]
    assert {e.text: e.reason.split(" (")[0] for e in scan.excluded} == {
        "Eva Roth": "in a testimonials section",
        "Jan Vogel": "listed among former members",
        "Uwe Kranz": "listed among former members",
    }


def test_app_json_people_under_testimonials_are_left_out():
    import json

    data = {
        "props": {
            "pageProps": {
                "team": [{"name": "Vera Holm", "photo": "/v.jpg", "role": "CEO"}],
                "testimonials": [{"name": "Sam Porter", "avatar": "/s.jpg", "title": "CEO, Acme"}],
            }
        }
    }
    html = (
        '<div id="__next"></div><script id="__NEXT_DATA__" type="application/json">'
        f"{json.dumps(data)}</script>"
    )
    scan = scan_page(html, URL)
    assert [p.name for p in scan.people] == ["Vera Holm"]
    assert [(e.text, "testimonials" in e.reason) for e in scan.excluded] == [("Sam Porter", True)]


def test_partners_of_a_firm_are_team_but_partner_companies_are_not():
    """ "Partners" heads a law firm's people as often as partner companies' logos."""
    firm = """<section class="partners"><h2>Our Partners</h2>
      <div class="card"><img src="a.jpg"><h3>Ann Lee</h3><p class="role">Managing Partner</p></div>
      <div class="card"><img src="b.jpg"><h3>Bo Berg</h3><p class="role">Partner, Tax</p></div>
    </section>"""
    assert [(p.name, p.title) for p in scan_page(firm, URL).people] == [
        ("Ann Lee", "Managing Partner"),
        ("Bo Berg", "Partner, Tax"),
    ]
    companies = """<section class="partners"><h2>Partners</h2>
      <div class="logo-card"><img src="n.png"><h3>Northwind Traders</h3></div>
      <div class="logo-card"><img src="c.png"><h3>Contoso Bank</h3></div>
    </section>"""
    scan = scan_page(companies, URL)
    assert scan.people == []
    assert all("partners" in e.reason for e in scan.excluded), scan.excluded
