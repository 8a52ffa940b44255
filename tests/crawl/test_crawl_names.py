"""Name rules added after blind batch 3 (session 31): names split over abutting spans,
portraits whose alt text names only a social network, surnames that are role words. Each
test is the few elements of real markup that carry the rule."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from auditor.crawl.name_evidence import NameLevel, name_words, read_name
from auditor.crawl.naming import folded_words
from auditor.crawl.page import scan_page
from auditor.crawl.photos import find_photos

BASE = "http://team.example/"


def _people(html: str) -> list[tuple[str, str | None, str | None]]:
    return [
        (p.name, p.title, p.image_urls[0] if p.image_urls else None)
        for p in scan_page(html, BASE).people
    ]


def test_a_portrait_laid_out_large_is_a_photo_whatever_its_alt_says():
    # the portrait links to the person's LinkedIn profile and says only "LinkedIn"; the
    # 20 px icon beside it, and an icon with no declared size, stay icons
    card = (
        '<li class="person"><a href="https://www.linkedin.com/in/{s}/"><img src="/p/{s}.jpg" '
        'alt="LinkedIn" width="320" height="320"></a><h3>{n}</h3><p class="role">{r}</p>'
        '<a href="https://www.linkedin.com/in/{s}/"><img src="/i/in.svg" alt="LinkedIn" '
        'width="20" height="20"></a><a href="mailto:{s}@x.org"><img src="/i/mail.png" '
        'alt="LinkedIn"></a></li>'
    )
    html = "<h2>Our team</h2><ul>" + "".join(
        card.format(s=s, n=n, r=r)
        for s, n, r in [("ana", "Ana Lima", "Tax Manager"), ("ben", "Ben Okoro", "Payroll")]
    )
    assert _people(html + "</ul>") == [
        ("Ana Lima", "Tax Manager", BASE + "p/ana.jpg"),
        ("Ben Okoro", "Payroll", BASE + "p/ben.jpg"),
    ]


def test_given_name_and_surname_in_abutting_spans_are_one_name():
    # spaced only by a CSS margin (or stacked as blocks): the browser shows "Marta Kowalczyk"
    card = (
        '<li class="person"><img src="/{s}.jpg" width="300" height="300">'
        '<p class="person__name"><span class="first">{f}</span><span class="last">{l}</span>'
        '</p><p class="person__role">{r}</p></li>'
    )
    bare = (
        '<div class="member"><img src="/{s}.jpg" width="300" height="300">'
        "<span>{f}</span><span>{l}</span><span>{r}</span></div>"
    )
    html = (
        "<style>.first{margin-right:.3em}</style><h2>Our team</h2><ul>"
        + card.format(s="mk", f="Marta", l="Kowalczyk", r="Head of Operations")
        + card.format(s="ol", f="Oskar", l="Lindgren", r="Lead Engineer")
        + "</ul><div>"
        + bare.format(s="pr", f="Priya", l="Raman", r="Designer")
        + bare.format(s="do", f="Dev", l="Okafor", r="Accountant")
        + "</div>"
    )
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Marta Kowalczyk", "Head of Operations"),
        ("Oskar Lindgren", "Lead Engineer"),
        ("Priya Raman", "Designer"),
        ("Dev Okafor", "Accountant"),
    ]


def test_abutting_spans_that_are_not_two_parts_of_a_name_stay_apart():
    # a first name and a role, or a full name and a role, in abutting spans are two lines
    html = (
        '<div class="grid"><div><img src="/a.jpg"><span>Ana</span><span>Director</span></div>'
        '<div><img src="/b.jpg"><span>Ben Okoro</span><span>Owner</span></div>'
        '<div><img src="/c.jpg"><span>Cleo</span><span>Vance, CTO</span></div></div>'
    )
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Ana", "Director"),
        ("Ben Okoro", "Owner"),
        ("Cleo", "Vance, CTO"),
    ]


def test_credentials_in_their_own_element_stay_with_the_name():
    # Webflow and WordPress themes wrap post-nominals and marks apart: the text goes on
    html = (
        '<div class="grid"><div><img src="/a.jpg"><h3>Rachel Kim<span class="cred">, CFA'
        "</span></h3><p>Chief Investment Officer</p></div>"
        '<div><img src="/b.jpg"><h3>Mark Lee, CPA, CFP<sup>®</sup></h3><p>Partner</p></div>'
        '<div><img src="/c.jpg"><h3>Ana Ruiz</h3><p>Tax Manager</p></div></div>'
    )
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Rachel Kim, CFA", "Chief Investment Officer"),
        ("Mark Lee, CPA, CFP®", "Partner"),
        ("Ana Ruiz", "Tax Manager"),
    ]


def test_a_name_marked_up_in_parts_is_the_parts_together():
    # team plugins and schema.org microdata mark the given name and surname apart: stacked
    # as blocks, broken by <br>, abutting, in two wrappers, or on one line with the role
    photo = '<img src="/{s}.jpg" width="300" height="300">'
    cards = {
        "ek": '<div class="first-name">{f}</div><div class="last-name">{l}</div>'
        '<p class="role">{r}</p>',
        "ob": '<h3><span class="fname">{f}</span><br><span class="lname">{l}</span></h3>'
        '<p class="role">{r}</p>',
        "lw": '<p><span class="first_name">{f}</span><span class="last_name">{l}</span></p>'
        '<p class="role">{r}</p>',
        "gm": '<div class="names"><div><span class="firstname">{f}</span></div><div>'
        '<span class="surname">{l}</span></div></div><p class="role">{r}</p>',
        "th": '<p><span itemprop="givenName">{f}</span> <span itemprop="familyName">{l}'
        '</span></p><p itemprop="jobTitle">{r}</p>',
        "rk": '<p><span class="given-name"><span itemprop="givenName">{f}</span></span> '
        '<span class="family-name"><span itemprop="familyName">{l}</span></span> – '
        '<span class="position">{r}</span></p>',
        "nb": '<p>Dr. <span class="first-name">{f}</span> {l}</p><p class="role">{r}</p>',
    }
    rows = [
        ("ek", "Elif", "Kaya", "Head of Operations"),
        ("ob", "Tomás", "Ó Briain", "Building Surveyor"),
        ("lw", "Li", "Wei", "Lead Engineer"),
        ("gm", "Grace", "Mensah", "Designer"),
        ("th", "Tobias", "Huber", "Accountant"),
        ("rk", "Rina", "Kato", "Counsel"),
        ("nb", "Nadia", "Boulos", "Partner"),
    ]
    html = '<h2>Our team</h2><div class="grid">' + "".join(
        f'<div class="member">{photo}{cards[s]}</div>'.format(s=s, f=given, l=family, r=role)
        for s, given, family, role in rows
    )
    assert [(n, t) for n, t, _ in _people(html + "</div>")] == [
        ("Elif Kaya", "Head of Operations"),
        ("Tomás Ó Briain", "Building Surveyor"),
        ("Li Wei", "Lead Engineer"),
        ("Grace Mensah", "Designer"),
        ("Tobias Huber", "Accountant"),
        ("Rina Kato", "Counsel"),
        ("Dr. Nadia Boulos", "Partner"),
    ]


def test_name_parts_do_not_invent_a_name_or_a_role():
    # a surname part is not the role of a card without one; a first name alone stays a first
    # name; a "Contact <first name>" link does not outrank the full name in the heading
    photo = '<img src="/{s}.jpg" width="300" height="300">'
    cards = [
        (
            "ak",
            '<div><span class="first-name">Amara</span> <span class="last-name">Kone</span></div>',
        ),
        ("jo", '<p class="first-name">Jonas</p><p class="role">Barista</p>'),
        (
            "mv",
            '<h3>Mia Varga</h3><p class="role">Florist</p><a href="/c">Contact '
            '<span class="first-name">Mia</span></a>',
        ),
    ]
    html = '<h2>Our team</h2><div class="grid">' + "".join(
        f'<div class="member">{photo.format(s=s)}{c}</div>' for s, c in cards
    )
    assert [(n, t) for n, t, _ in _people(html + "</div>")] == [
        ("Amara Kone", None),
        ("Jonas", "Barista"),
        ("Mia Varga", "Florist"),
    ]


def test_a_surname_that_is_a_job_word_is_a_name_when_the_card_spells_it():
    # Bootstrap cards: the name in the card title, the job in the subtitle; the photo's alt
    # text, its file name or the e-mail address spells the name
    card = (
        '<div class="col-md-4"><div class="card"><img class="card-img-top" src="/team/{f}" '
        'alt="{alt}" width="400" height="500"><div class="card-body"><h5 class="card-title">'
        '{n}</h5><h6 class="card-subtitle">{r}</h6><a href="mailto:{m}@firma.de">E-Mail</a>'
        "</div></div></div>"
    )
    rows = [
        ("thomas-leiter.jpg", "Thomas Leiter", "Thomas Leiter", "Leiter Vertrieb", "info"),
        ("IMG_2231.jpg", "Foto", "Carlos Gerente", "Director comercial", "carlos.gerente"),
        ("alejandro-gerente.jpg", "", "Alejandro Gerente", "Gerente general", "kontakt"),
        ("a81f.jpg", "", "Ines Schulz", "Assistenz", "kontakt"),
    ]
    html = '<h1>Unser Team</h1><div class="row">'
    html += "".join(card.format(f=f, alt=a, n=n, r=r, m=m) for f, a, n, r, m in rows)
    assert [(n, t) for n, t, _ in _people(html + "</div>")] == [
        ("Thomas Leiter", "Leiter Vertrieb"),
        ("Carlos Gerente", "Director comercial"),
        ("Alejandro Gerente", "Gerente general"),
        ("Ines Schulz", "Assistenz"),
    ]


def test_a_job_word_in_name_position_without_such_evidence_stays_a_job_title():
    # a vacancy tile starts with its job word; a name the card spells nowhere else, or one
    # without a job line of its own, is not read as a surname
    tile = (
        '<div class="card"><img src="/img/{f}" alt="{alt}" width="400" height="400">'
        '<h5 class="card-title">{n}</h5>{r}</div>'
    )
    rows = [
        ("leiter-vertrieb.jpg", "Leiter Vertrieb", "Leiter Vertrieb", "<p>Vollzeit, Berlin</p>"),
        ("c1.jpg", "Foto", "Carlos Gerente", "<p>Director comercial</p>"),
        ("thomas-leiter.jpg", "Thomas Leiter", "Thomas Leiter", ""),
    ]
    scan = scan_page("".join(tile.format(f=f, alt=a, n=n, r=r) for f, a, n, r in rows), BASE)
    assert scan.people == []
    job = 'does not read as a person\'s name: it reads as a job title ("{}")'
    assert [(e.text, e.reason) for e in scan.excluded] == [
        ("Leiter Vertrieb", job.format("leiter")),
        ("Carlos Gerente", job.format("gerente")),
        ("Thomas Leiter", job.format("leiter")),
    ]


@pytest.mark.parametrize(
    ("text", "plain", "with_surnames"),
    [
        ("Thomas Leiter", NameLevel.NOT_NAME, NameLevel.NAME),
        ("María José Gerente", NameLevel.NAME, NameLevel.NAME),
        ("Leiter Vertrieb", NameLevel.NOT_NAME, NameLevel.NOT_NAME),  # starts with its job
        ("Senior Engineer", NameLevel.NOT_NAME, NameLevel.NOT_NAME),
        ("Thomas Leiter GmbH", NameLevel.NOT_NAME, NameLevel.NOT_NAME),  # a company
    ],
)
def test_job_words_count_as_surnames_only_when_asked(text, plain, with_surnames):
    assert read_name(text).level is plain
    assert read_name(text, role_surnames=True).level is with_surnames


def test_name_words_and_folded_words_compare_a_name_with_its_spellings():
    assert name_words("Prof. Dr. Anna von Berg, PhD") == ["anna", "berg"]
    assert folded_words("María-José Leiter") <= folded_words("maria-jose-leiter")
    assert folded_words("maria.jose.leiter@firma.es") >= {"maria", "jose", "leiter"}


def test_a_role_element_inside_the_name_element_is_the_role_not_part_of_the_name():
    """Korean and Japanese boards print the rank after the name in one element
    ("김민준 <span class="rank">대표이사</span>"); English themes do it with a position span."""
    cards = "".join(
        f'<li><div class="thumb"><img src="/m/{i}.jpg" alt=""></div><div class="info">'
        f'<strong class="name">{name} <span class="{cls}">{role}</span></strong>'
        f'<p class="desc">{desc}</p></div></li>'
        for i, (name, cls, role, desc) in enumerate(
            [
                ("김민준", "rank", "대표이사", "서울대학교 졸업"),
                ("박서연", "rank", "부사장", "KAIST 석사"),
                ("Ana Ruiz", "position", "Head of Sales", "Ten years in retail"),
            ]
        )
    )
    people = scan_page(f"<main><h1>Team</h1><ul>{cards}</ul></main>", "http://x.example/").people
    assert [(p.name, p.title) for p in people] == [
        ("김민준", "대표이사"),
        ("박서연", "부사장"),
        ("Ana Ruiz", "Head of Sales"),
    ]


def test_a_card_marked_as_a_variant_without_a_photo_is_still_a_team_member():
    # BEM themes mark the photo-less card with a modifier class beside the card's own class
    card = (
        '<div class="member member--{n}{extra}"><div class="member__photo">{img}</div>'
        '<h3 class="member__name">{name}</h3><span class="member__role">{role}</span></div>'
    )
    cards = [
        card.format(n=1, extra="", img='<img src="/a.jpg">', name="Ines Duarte", role="Director"),
        card.format(n=2, extra="", img='<img src="/b.jpg">', name="Oliver Grant", role="Partner"),
        card.format(
            n=3,
            extra=" member--no-photo",
            img="<span>JW</span>",
            name="Joanna Wiśniewska",
            role="Practice Manager",
        ),
    ]
    html = f'<h2>Our people</h2><div class="grid">{"".join(cards)}</div>'
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Ines Duarte", "Director"),
        ("Oliver Grant", "Partner"),
        ("Joanna Wiśniewska", "Practice Manager"),
    ]


def test_an_alt_text_of_the_persons_name_and_logo_does_not_make_a_headshot_a_logo():
    # a Hugo theme writes alt="{{ name }} logo" on every team photo
    card = (
        '<div class="team-summary"><img alt="{name} logo" src="/team/{file}">'
        '<h2 class="team-name">{name}</h2><div class="team-jobtitle">{role}</div></div>'
    )
    html = "<h1>Team</h1>" + "".join(
        card.format(name=n, file=f, role=r)
        for n, f, r in [
            ("Sage Kirk", "rawpixel-330235.jpg", "Founder"),
            ("Mike Vance", "joseph-399972.jpg", "Art Director"),
            ("Nora Lind", "nora-logo.png", "Designer"),  # the file says logo: a logo
        ]
    )
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Sage Kirk", "Founder"),
        ("Mike Vance", "Art Director"),
    ]


@pytest.mark.parametrize(
    "people",
    [
        [("Top Stylist", "Yui Ishino"), ("Stylist", "Minami Sato"), ("Colorist", "Ken Omura")],
        [
            ("トップスタイリスト", "石野結衣"),
            ("スタイリスト", "美波"),
            ("ディレクター", "大村匠一郎"),
        ],
        [
            ("Dental Hygienist", "Ana Lima"),
            ("Receptionist", "Ben Okoro"),
            ("Dentist", "Cleo Vance"),
        ],
    ],
)
def test_a_role_written_above_the_name_is_the_role(people):
    # an "eyebrow" line over the name, a salon's and a clinic's favourite card
    card = (
        '<li><img src="/s{i}.jpg" width="250" height="300">'
        '<p class="eyebrow">{r}</p><p>{n}</p></li>'
    )
    html = (
        "<h2>Staff</h2><ul>"
        + "".join(card.format(i=i, r=r, n=n) for i, (r, n) in enumerate(people))
        + "</ul>"
    )
    assert [(n, t) for n, t, _ in _people(html)] == [(n, r) for r, n in people]


def test_a_heading_over_an_image_is_no_person_but_a_grid_of_first_names_is_a_team():
    about = (
        "<section><h2>A diverse team,<br>a shared purpose.</h2><p>We design for people.</p>"
        '<img src="/work-hero.jpg"></section>'
    )
    assert _people(about) == []
    assert _people('<article><h2>Le bureau</h2><img src="/membres.png"></article>') == []
    grid = "".join(
        f'<div class="member"><img src="/{n.lower()}.jpg"><h3>{n}</h3></div>'
        for n in ("Theo", "Eve", "Quinn")
    )
    assert [n for n, _, _ in _people(about + f'<div class="grid">{grid}</div>')] == [
        "Theo",
        "Eve",
        "Quinn",
    ]


def test_a_news_card_whose_excerpt_starts_with_a_name_is_no_person():
    team = "".join(
        f'<div class="member"><img src="/{i}.jpg"><h3>{n}</h3><p>{r}</p></div>'
        for i, (n, r) in enumerate([("Ana Lima", "Chair"), ("Ben Okoro", "Director")])
    )
    news = (
        '<div class="post-item"><img src="/news/20-years.jpg"><h5>Celebrating 20 years of '
        "service</h5><p>Ana Lima, Chair, spoke at the ceremony…</p></div>"
    )
    html = f'<h2>Leadership</h2><div class="grid">{team}</div><div class="row">{news}</div>'
    assert [(n, t, u) for n, t, u in _people(html)] == [
        ("Ana Lima", "Chair", "http://team.example/0.jpg"),
        ("Ben Okoro", "Director", "http://team.example/1.jpg"),
    ]


def test_a_role_element_without_a_job_title_loses_to_the_job_title_under_the_name():
    card = (
        '<div class="team-card"><img src="/{i}.jpg"><h3>{name}</h3>'
        '<p class="qualification">{job}</p><p class="role">Experience.</p></div>'
    )
    html = "<h2>Our team</h2>" + "".join(
        card.format(i=i, name=n, job=j)
        for i, (n, j) in enumerate(
            [("Abbas Khan", "Structural Engineer"), ("Lena Berg", "Architect")]
        )
    )
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Abbas Khan", "Structural Engineer"),
        ("Lena Berg", "Architect"),
    ]


def test_a_carousel_clone_slide_with_its_own_photo_is_not_a_second_person():
    slide = '<div class="{cls}"><img src="/{src}.jpg"><h3>{name}</h3><p>Nurse</p></div>'
    html = (
        "<h2>Our nurses</h2><div class='track'>"
        + "".join(
            slide.format(cls=c, src=s, name=n)
            for c, s, n in [
                ("nurse-card", "a", "Jane Wanjiru"),
                ("nurse-card", "b", "Peter Mwangi"),
                ("nurse-card clone", "c", "Peter Mwangi"),
            ]
        )
        + "</div>"
    )
    assert [(n, u) for n, _, u in _people(html)] == [
        ("Jane Wanjiru", "http://team.example/a.jpg"),
        ("Peter Mwangi", "http://team.example/b.jpg"),
    ]


def test_a_list_of_names_under_a_heading_over_a_chart_is_the_team_roster():
    # "L'équipe": the elided article is a word of its own; the chart's heading is no person,
    # so the list beside it is the team's, not a card's
    html = (
        "<title>L'équipe | Aéro</title><h1>L'équipe</h1><article><h2>Le bureau</h2>"
        '<img src="/images/membres.png"><h2>Le Conseil</h2><ul><li>Robin Bernard</li>'
        "<li>Marlène De Bank</li><li>Angela Bovo</li></ul></article>"
    )
    assert [n for n, _, _ in _people(html)] == ["Robin Bernard", "Marlène De Bank", "Angela Bovo"]


def test_a_card_titled_by_the_job_is_about_the_person_its_bio_opens_with():
    card = (
        '<div class="mtt-card"><div><h2>{role}</h2><p>{bio}</p></div>'
        '<div><img src="/staff/{i}.png" alt="image of the {role}"></div></div>'
    )
    cards = [
        ("Executive Chef", "Jeff Lee is the creative force behind the kitchen."),
        ("Head Chef", "Michael Green brings classical technique to every plate."),
        ("Sommelier", "Our cellar holds four hundred wines."),  # no name: not a person
    ]
    html = "<h1>Meet the team</h1>" + "".join(
        card.format(i=i, role=r, bio=b) for i, (r, b) in enumerate(cards)
    )
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Jeff Lee", "Executive Chef"),
        ("Michael Green", "Head Chef"),
    ]


def test_a_full_stop_typed_after_a_name_is_not_part_of_it():
    card = '<div class="dz-team"><img src="/{i}.jpg"><h4>{name}</h4><h6>{role}</h6></div>'
    people = [("Ross Lee.", "Project Director"), ("Ana B.", "Engineer"), ("Tom Ng Jr.", "CEO")]
    html = "<h2>Our team</h2>" + "".join(
        card.format(i=i, name=n, role=r) for i, (n, r) in enumerate(people)
    )
    assert [n for n, _, _ in _people(html)] == ["Ross Lee", "Ana B.", "Tom Ng Jr."]


def test_a_photo_less_card_missing_the_class_a_theme_adds_with_a_photo_is_listed():
    html = (
        '<h2>Il nostro staff</h2><div class="row">'
        '<div class="card person"><img src="/a.jpg"><h5>Luca Primavera</h5><p>Maestro</p></div>'
        '<div class="card person"><img src="/b.jpg"><h5>Greta Frattaroli</h5><p>Atleta</p></div>'
        '<div class="card"><h5>Daniele Veneri</h5><p>Atleta</p></div></div>'
    )
    assert [(n, u) for n, _, u in _people(html)] == [
        ("Luca Primavera", "http://team.example/a.jpg"),
        ("Greta Frattaroli", "http://team.example/b.jpg"),
        ("Daniele Veneri", None),
    ]


def test_headings_that_only_look_like_names_are_no_people():
    html = (
        # a German plumber's home page: a heading split at its comma, a heading over a lake
        '<div class="usp"><h2>Drei Dinge, auf die Sie sich verlassen können</h2></div>'
        '<section class="region"><h2>Zu Hause zwischen den Seen</h2><img src="/see.jpg">'
        "</section>"
        # a Chinese "management team" label over a group photo
        '<article><h2>管理团队成员</h2><img src="/group.jpg" alt="管理团队"></article>'
    )
    assert _people(html) == []


def test_a_founders_profile_with_a_polish_job_title_and_a_motto_is_the_founder():
    html = (
        "<h1>Zespół</h1><div class='founder'><img src='/a.jpg'><h3>Anna Kowalska</h3>"
        "<span class='role'>Prezes i założycielka Fundacji</span><blockquote>„Pomagamy, bo "
        "wiemy, jak wiele znaczy wsparcie w trudnym czasie.”</blockquote></div>"
    )
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Anna Kowalska", "Prezes i założycielka Fundacji")
    ]


def test_an_associations_board_heading_labels_the_portraits_under_it():
    # a Docusaurus page: "Bureau" over portraits named only by their alt texts
    portraits = "".join(
        f'<img class="orga col" src="/equipe/PP_{n}.jpg" alt="{n}">'
        for n in ("Chiara", "Maxime", "Zoé")
    )
    html = (
        "<h1>L'Équipe</h1><p>Merci à tous !</p><h2 id='bureau'>Bureau</h2>"
        f"<div class='row'>{portraits}</div>"
    )
    assert [n for n, _, _ in _people(html)] == ["Chiara", "Maxime", "Zoé"]


def test_a_founders_own_page_with_a_quote_is_their_profile_not_a_testimonial():
    profile = (
        '<article><div class="profile"><img src="/bartek.png" alt="Bartek Jasiński">'
        "<div><h1>{name}</h1><span class='role'>Prezes i założyciel Fundacji</span></div>"
        "</div><blockquote>„Każdy zasługuje na drugą szansę, a my pomagamy ją wykorzystać.”"
        "</blockquote></article>"
    )
    assert [n for n, _, _ in _people(profile.format(name="Bartek Jasiński"))] == ["Bartek Jasiński"]
    # the same card under another page heading is a client's quote
    quote = "<h1>Opinie</h1>" + profile.format(name="Bartek Jasiński").replace("h1>", "h3>")
    assert _people(quote) == []


def test_a_paragraph_roster_of_a_name_over_its_job_title_in_bold():
    rows = [("Aroldo José Dias Jr", "Técnico Universitário"), ("Karla Dalto", "Analista")]
    html = "<h2>Nossa equipe</h2>" + "".join(f"<p>{n}<br><strong>{r}</strong></p>" for n, r in rows)
    assert [(n, t) for n, t, _ in _people(html)] == rows


def test_service_cards_titled_in_sentence_case_are_no_people():
    # a clinic's "team" page whose cards are titled by specialty ("Cirugía oral"), with
    # photos of staff; the named dentist in the same grid is the one person
    card = (
        '<article class="t-card"><img src="/img/{s}.jpg" alt="{a}" width="600" height="600">'
        '<h2 class="t-card__title">{t}</h2><p class="t-card__text">{r}</p></article>'
    )
    html = (
        "<title>El equipo | Clínica</title><h1>El equipo</h1><div class='card-grid'>"
        + "".join(
            card.format(s=s, a=a, t=t, r=r)
            for s, a, t, r in [
                ("a", "Cirujano oral de la clínica", "Cirugía oral", "Cirugía e implantes"),
                ("b", "Higienista", "Higiene y odontopediatría", "Prevención y niños"),
                ("c", "Dra. Ana Ruiz", "Ana Ruiz Etxeberria", "Odontología general"),
            ]
        )
        + "</div>"
    )
    assert [(n, t) for n, t, _ in _people(html)] == [("Ana Ruiz Etxeberria", "Odontología general")]


def test_a_japanese_directors_title_before_his_name_keeps_him_in_the_team():
    # "院長　川野　敬史": the clinic director's title, then family and given name, spaced with
    # ideographic spaces; the other dentists have no title. The title is his role (session
    # 36: it was kept in the name before)
    card = (
        '<div class="doctor-card"><img src="/images/{s}.jpg" alt="{a}"><div class="doctor-info">'
        "<h3>{n}</h3><p>ーーー説明ーーー</p></div></div>"
    )
    html = (
        '<section id="doctors"><h2>歯科医師紹介</h2>'
        + card.format(s="d1", a="院長 川野敬史", n="院長\u3000川野\u3000敬史")
        + card.format(s="d2", a="川野慈史", n="川野\u3000慈史")
        + card.format(s="d3", a="川野嵩", n="川野\u3000嵩")
        + "</section>"
    )
    assert [(n, u) for n, _, u in _people(html)] == [
        ("川野 敬史", "http://team.example/images/d1.jpg"),
        ("川野 慈史", "http://team.example/images/d2.jpg"),
        ("川野 嵩", "http://team.example/images/d3.jpg"),
    ]


def test_one_photo_beside_a_line_broken_list_of_people_is_a_group_photo():
    # a research project's team: one group photo in a table cell, the people in the cell
    # beside it, one "Name, Title, Affiliation" per line; nobody gets the group photo
    html = (
        "<section><h2>OUR TEAM</h2><table><tr>"
        '<td><img class="framed" src="/images/team.jpg" width="308" height="266" alt=""></td>'
        "<td>Boguslawa Dobek Ostrowska, Professor, University of Wroclaw<br>"
        "Gunnar Nygren, Professor, Södertörn University<br>"
        "Jöran Hök, Senior Lecturer, Södertörn University</td></tr></table></section>"
    )
    assert _people(html) == [
        ("Boguslawa Dobek Ostrowska", "Professor, University of Wroclaw", None),
        ("Gunnar Nygren", "Professor, Södertörn University", None),
        ("Jöran Hök", "Senior Lecturer, Södertörn University", None),
    ]


def test_a_person_card_of_broken_lines_keeps_its_photo():
    # one name over its job title and a line naming whom they assist: one person
    card = (
        '<div class="member"><img src="/p/{s}.jpg" width="300" height="300" alt="">'
        "<div>{n}<br>{r}<br>{x}</div></div>"
    )
    html = "<h2>Our team</h2>" + "".join(
        card.format(s=s, n=n, r=r, x=x)
        for s, n, r, x in [
            ("a", "Ana Lima", "Executive Assistant", "Assistant to Mark Stone"),
            ("b", "Mark Stone", "Managing Director", "Lisbon office"),
        ]
    )
    assert [(n, u) for n, _, u in _people(html)] == [
        ("Ana Lima", "http://team.example/p/a.jpg"),
        ("Mark Stone", "http://team.example/p/b.jpg"),
    ]


def _project_cards(heading: str, names: list[str]) -> str:
    card = (
        '<div class="project"><div class="project-content"><figure class="project-image">'
        '<img src="/images/{s}.jpg" alt=" Project"></figure><h3>{n}</h3><p>2020, Fall</p>'
        '<a href="/{s}.html" class="button">Read more</a></div></div>'
    )
    cards = "".join(card.format(s=n.split()[-1].lower(), n=n) for n in names)
    return f'<div class="row"><h2>{heading}</h2></div><div class="project-list">{cards}</div>'


def test_member_cards_a_theme_styles_as_projects_are_people_under_a_team_heading():
    # a lab theme's card layout is called "project"; the heading over the grid says who
    # they are, and a grid of real projects on the same page stays a portfolio
    html = (
        '<h1 class="page-title">Our Team Members</h1>'
        + _project_cards("Ph.D Students", ["Xinyu Zhou", "Chang Liu"])
        + _project_cards("Research Staff", ["Jie Feng"])
        + _project_cards("Selected projects", ["Helios Bridge", "Aurora Tower"])
    )
    assert [n for n, _, _ in _people(html)] == ["Xinyu Zhou", "Chang Liu", "Jie Feng"]


def test_project_cards_with_no_team_heading_over_them_stay_a_portfolio():
    html = "<h1>Our work</h1>" + _project_cards("Featured", ["Helios Bridge", "Aurora Tower"])
    assert _people(html) == []


def test_a_sections_css_background_is_a_backdrop_not_a_photo():
    # a contact section's full-width background behind a form is no one's photo; a card's
    # own background portrait still is
    html = (
        '<section id="contato" class="ftco-consultation img" '
        'style="background-image: url(/images/bg_2.jpg);"><div class="col">'
        '<form><input name="email"></form></div></section>'
        '<div class="team"><div class="card" style="background-image: url(/p/ana.jpg)">'
        "<h3>Ana Santos</h3></div></div>"
    )
    photos = find_photos(LexborHTMLParser(html), BASE)
    assert [p.url for p in photos] == ["http://team.example/p/ana.jpg"]


def test_a_name_typed_with_a_lower_case_surname_in_a_name_slot_is_kept():
    # "Александра гаврилова" in the template's name element (BEM "team__name") is a typo
    # of a name; the same words in a plain heading would read as a phrase
    card = (
        '<a href="/employee.php" class="team__item"><div class="team__img">'
        '<img src="/img/team/{s}.jpg" alt="{n}"></div><div class="team__name caption">{n}</div>'
        '<div class="team__position">Координатор</div></a>'
    )
    html = '<section class="team"><h2>Команда</h2><div class="team__list">'
    html += "".join(
        card.format(s=s, n=n) for s, n in [("t1", "Руфина Волкова"), ("t2", "Александра гаврилова")]
    )
    html += "</div></section>"
    assert [n for n, _, _ in _people(html)] == ["Руфина Волкова", "Александра гаврилова"]


def test_a_card_of_a_name_over_a_job_title_the_lexicon_does_not_know_is_no_group():
    # two capitalised lines under one photo: the person and their job, not two people
    card = (
        '<div class="card"><picture><img class="card-img-top" src="/img/team/{s}.jpg" '
        'alt="Card image cap"></picture><div class="card-body"><p class="card-text">'
        "{n} <br><span>{r}</span></p></div></div>"
    )
    html = "<h2>OUR TEAM</h2>" + "".join(
        card.format(s=s, n=n, r=r)
        for s, n, r in [
            ("sofia", "SOFIA PAPADOPOULOU", "ARTIST / SCULPTRESS"),
            ("nikos", "NIKOS TZEREFOS", "TECH ELECTRONICS"),
        ]
    )
    assert [(n, u) for n, _, u in _people(html)] == [
        ("SOFIA PAPADOPOULOU", "http://team.example/img/team/sofia.jpg"),
        ("NIKOS TZEREFOS", "http://team.example/img/team/nikos.jpg"),
    ]


def test_social_icons_inside_a_card_are_never_its_photo():
    # a Bootstrap team card: the photo on top (alt "Card image cap"), the name, and three
    # social links as <img> icons, one of a channel the page files as an icon only by its
    # class and folder
    card = (
        '<div class="card"><img class="card-img-top" src="/images/my-team/{s}.jpg" '
        'alt="Card image cap"><div class="card-body"><h4>{n}</h4><p>Avukat</p>'
        '<span><img class="icon-svg" src="/images/social-media/facebook.svg" alt=""></span>'
        '<span><img class="icon-svg" src="/images/social-media/gmail.svg" alt=""></span>'
        '<span><img class="icon-svg" src="/images/social/kakao.svg" alt=""></span></div></div>'
    )
    html = "<h2>Ekibimiz</h2>" + "".join(
        card.format(s=s, n=n) for s, n in [("p1", "Selami Şahin"), ("p2", "Emre Şahin")]
    )
    assert [(n, u) for n, _, u in _people(html)] == [
        ("Selami Şahin", "http://team.example/images/my-team/p1.jpg"),
        ("Emre Şahin", "http://team.example/images/my-team/p2.jpg"),
    ]


def test_a_src_naming_a_folder_is_no_photo():
    # a photo never uploaded: the template's src is the folder ("img/team/", "img/team/#");
    # the person is listed without a photo, not with a download that must fail
    card = (
        '<div class="member"><img src="{src}" alt="Foto do {n}"><h3>{n}</h3><p>Advogado</p></div>'
    )
    html = "<h2>Nossa equipe</h2>" + "".join(
        card.format(src=src, n=n)
        for src, n in [("./img/team/", "Dr. Daniel Reys"), ("img/team/#", "Dra. Ana Reys")]
    )
    assert _people(html) == [
        ("Dr. Daniel Reys", "Advogado", None),
        ("Dra. Ana Reys", "Advogado", None),
    ]


def test_a_name_and_role_joined_by_a_dash_in_one_heading_are_split():
    # "Dra. Isabel López - Directora Médica": the dash ends the name whether or not the
    # lexicon knows the role ("Ginecóloga y Obstetra")
    card = (
        '<div class="doc"><img class="rounded-full" src="/source/{s}.jpg" alt="Foto del Personal">'
        '<div><h1 class="text-center"><strong>{t}</strong></h1></div><ul>'
        "<li><strong>Especialidad:</strong> Medicina Interna.</li></ul></div>"
    )
    html = "<h2>Nuestro equipo médico</h2>" + "".join(
        card.format(s=s, t=t)
        for s, t in [
            ("p1", "Dra. Isabel López - Directora Médica "),
            ("p2", "Dra. Sofía Ruiz - Ginecóloga y Obstetra"),
            ("p3", "Michelle de Jong - Beskers"),
        ]
    )
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Dra. Isabel López", "Directora Médica"),
        ("Dra. Sofía Ruiz", "Ginecóloga y Obstetra"),
        # one word after the dash is a double-barrelled surname
        ("Michelle de Jong - Beskers", "Especialidad: Medicina Interna."),
    ]


def test_cards_whose_entrance_animation_alternates_are_one_grid():
    # animate.css rows enter from the left and the right in turn: one grid of people
    row = (
        '<div class="row animated {a}"><div class="col-md-8"><h1>{n}</h1></div>'
        '<div class="col-md-4"><img src="/images/team/{s}.jpg" alt="{n} Image" width="300" '
        'height="400"></div></div><hr/>'
    )
    html = "<h2>Unser Team</h2>" + "".join(
        row.format(a=a, n=n, s=s)
        for a, n, s in [
            ("bounceInLeft", "Dr. med. Dieter Witzig", "dw"),
            ("bounceInRight", "Rubina Pagotto", "rp"),
            ("bounceInLeft", "Lara Keller", "lk"),
        ]
    )
    assert [n for n, _, _ in _people(html)] == [
        "Dr. med. Dieter Witzig",
        "Rubina Pagotto",
        "Lara Keller",
    ]


def test_a_logo_wall_named_only_by_one_word_alts_is_no_team():
    # partner logos: each image's only name is one word of alt text; the same shape under a
    # team heading (a board shown by first names) is the team's
    logos = "".join(
        f'<div class="logo"><img src="/images/partenaires/{n}.png" alt="{n}"></div>'
        for n in ("Bose", "Maif", "Monster")
    )
    board = "".join(
        f'<img class="orga" src="/img/PP_{n}.jpg" alt="{n}">' for n in ("Chiara", "Maxime")
    )
    assert _people(f"<h2>Nos partenaires</h2><div class='grid'>{logos}</div>") == []
    assert _people(f"<h2>Sponsors</h2><div class='row'>{logos}</div>") == []
    team = f"<h2>Notre équipe</h2><div class='row'>{board}</div>"
    assert [n for n, _, _ in _people(team)] == ["Chiara", "Maxime"]


def test_a_conference_speakers_page_lists_its_speakers():
    # a speakers page is a source of headshots like a team page (issue 15 audits them
    # together); its "More to be announced" card is no one
    card = (
        '<div class="speaker-container"><img src="/images/speakers/{s}.jpg" alt="{n} portrait">'
        '<div class="speaker-meta"><h3>{n}</h3><span class="speaker-position">{r}</span>'
        "</div></div>"
    )
    html = (
        "<h1>Speakers</h1><div class='speakers-list'>"
        + card.format(s="af", n="Adam Fletcher", r="Writer - Owner of The Hipstery")
        + card.format(s="jb", n="Julia Bauer", r="Head of Product, Mobile Apps")
        + '<div class="speaker-container more"><h3>More to be announced<br>...</h3></div></div>'
    )
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Adam Fletcher", "Writer - Owner of The Hipstery"),
        ("Julia Bauer", "Head of Product, Mobile Apps"),
    ]


def test_doctors_in_a_shop_themes_event_grid_under_a_team_heading_are_people():
    # a clinic built on a shop theme: the grid is "product-lists" / id "event-grid", the
    # heading over it says "our doctors", and each card puts the title above the name
    card = (
        '<div class="col-lg-3"><div class="infotobacsi"><a href="/bac-si/{s}">'
        '<img src="/data/Product/{s}.jpg" alt="{n}"></a><div class="infobacsi">'
        "<h5>{t}</h5><h4>{n}</h4></div></div></div>"
    )
    cards = "".join(
        card.format(s=s, n=n, t=t)
        for s, n, t in [
            ("nguyen-ba-hop", "NGUYỄN BÁ HỢP", "THẠC SĨ BÁC SĨ"),
            ("truong-do-khoa", "TRƯƠNG ĐỖ KHOA", "BÁC SĨ CHUYÊN KHOA I"),
        ]
    )
    html = (
        '<div class="row"><div class="title-block"><h3 class="title-group">ĐỘI NGŨ BÁC SĨ</h3>'
        '</div></div><div class="row product-lists product-item" id="event-grid">'
        + cards
        + "</div>"
    )
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("NGUYỄN BÁ HỢP", "THẠC SĨ BÁC SĨ"),
        ("TRƯƠNG ĐỖ KHOA", "BÁC SĨ CHUYÊN KHOA I"),
    ]
    # the same grid under an events heading stays the events'
    events = html.replace("ĐỘI NGŨ BÁC SĨ", "Upcoming events")
    assert _people(events) == []


def test_a_role_line_loses_its_bullet_keeps_a_leading_3d_and_is_never_a_bio_sentence():
    card = (
        '<div class="card"><img src="/img/{s}.jpg" alt=""><div class="body"><h4>{n}</h4>'
        "<p>{r}</p></div></div>"
    )
    html = "<h2>Ons team</h2>" + "".join(
        card.format(s=s, n=n, r=r)
        for s, n, r in [
            ("a", "Lydia Routsos", "&rsaquo; Tandarts"),
            ("b", "Sofia Papadopoulou", "3D Artist"),
            ("c", "Ueno Taro", "YahooやGREEの元エンジニア。<br>でも日々勉強中。"),
            ("d", "Jan de Groot", "2020, Fall"),
        ]
    )
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Lydia Routsos", "Tandarts"),
        ("Sofia Papadopoulou", "3D Artist"),
        ("Ueno Taro", None),
        ("Jan de Groot", None),
    ]
