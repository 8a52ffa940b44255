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


def test_a_card_repeated_in_a_later_section_is_one_person():
    # the team grid, then a "Founder" section showing one of its cards again (same name, same
    # photo); two people who share a name but not a photo stay two
    card = (
        '<a class="team__item" href="/p"><img src="/img/{0}.jpg" alt="">'
        '<div class="team__name">{1}</div></a>'
    )
    grid = "".join(
        card.format(*r)
        for r in [("t1", "Vera Sokolova"), ("t2", "Oleg Petrov"), ("t3", "Ivan Popov")]
    )
    html = (
        f"<h2>Team</h2><div class='team'>{grid}</div>"
        f"<h3>Founder</h3><div class='team'>{card.format('t1', 'Vera Sokolova')}</div>"
        f"<h3>Advisers</h3><div class='team'>{card.format('t9', 'Ivan Popov')}</div>"
    )
    people = [(p.name, p.image_urls[-1].rsplit("/", 1)[-1]) for p in scan_page(html, BASE).people]
    assert people == [
        ("Vera Sokolova", "t1.jpg"),
        ("Oleg Petrov", "t2.jpg"),
        ("Ivan Popov", "t3.jpg"),
        ("Ivan Popov", "t9.jpg"),
    ]


def test_an_unfilled_template_card_is_no_person_and_an_unfilled_role_no_role():
    card = (
        '<div class="member"><img src="/{0}.jpg" alt=""><h3>{1}</h3>'
        '<p class="position">{2}</p></div>'
    )
    html = _grid(
        card,
        [
            ("1", "Aylin Çelik", "Muhasebe"),
            ("2", "İsim Soyisim", "Pozisyon"),
            ("3", "Marina Lebedeva", "Должность"),
            ("4", "Name Surname", "Position"),
        ],
    )
    assert _people(html) == [("Aylin Çelik", "Muhasebe"), ("Marina Lebedeva", None)]
    # the slots in the other order, the role's slot first in the name's block
    eyebrow = (
        '<div class="m"><img src="/{0}.jpg" alt="">'
        '<div class="name"><p>{2}</p><h3>{1}</h3></div></div>'
    )
    html = _grid(eyebrow, [("1", "Aylin Çelik", "Muhasebe"), ("2", "İsim Soyisim", "Pozisyon")])
    assert _people(html) == [("Aylin Çelik", "Muhasebe")]


def test_turkish_and_russian_job_titles_are_roles_not_names():
    # the role above the name and the name in bold: only the job words tell them apart
    card = (
        '<div class="card"><img src="/{0}.jpg" alt=""><div class="card-body">'
        "<p>{2}</p><strong>{1}</strong></div></div>"
    )
    html = _grid(
        card,
        [
            ("a", "Deniz Arslan", "Eğitim Komisyonu Başkanı"),
            ("b", "Anna Smirnova", "Руководитель проекта"),
        ],
    )
    assert _people(html) == [
        ("Deniz Arslan", "Eğitim Komisyonu Başkanı"),
        ("Anna Smirnova", "Руководитель проекта"),
    ]


def test_a_practice_area_in_capitals_beside_a_photo_is_no_person():
    html = (
        "<h2>Notre équipe</h2><div class='row'>"
        "<div class='c'><img src='/a.jpg' alt=''><h4>Claire DUMONT</h4><p>Associée</p></div>"
        "<div class='c'><img src='/b.jpg' alt=''><h4>Louis MARTIN</h4><p>Avocat</p></div></div>"
        "<div class='areas'><img src='/office.jpg' alt='photo1'>"
        "<div><div class='tile'> DROIT SOCIAL</div></div>"
        "<div><div class='tile'> DROIT FISCAL</div></div></div>"
    )
    assert [n for n, _ in _people(html)] == ["Claire DUMONT", "Louis MARTIN"]


def test_cards_whose_photos_are_missing_are_listed_beside_the_one_that_has_one():
    # four cards, only one with a photo file; the others' <img> points at a folder (nothing
    # uploaded yet): the page's people are all listed, three of them without a photo, each
    # with their own role
    card = (
        '<div class="col-md-3 profile"><div class="img-box"><img src="{0}" class="img-fluid">'
        "<h2>{1}</h2><h3>{2}</h3></div></div>"
    )
    rows = [
        ("img/", "Bert Aalders", "Algemeen Directeur"),
        ("img/", "Bas Hoek", "Directeur Kwekerij"),
        ("img/staff/manon.jpeg", "Manon Teeuw", "Financial Controller"),
        ("img/", "Jan Brink", "Directeur Broeierij"),
    ]
    html = "<h1>Ons team</h1><div class='row'>" + "".join(card.format(*r) for r in rows) + "</div>"
    people = scan_page(html, BASE).people
    assert [(p.name, p.title, len(p.image_urls)) for p in people] == [
        ("Bert Aalders", "Algemeen Directeur", 0),
        ("Bas Hoek", "Directeur Kwekerij", 0),
        ("Manon Teeuw", "Financial Controller", 1),
        ("Jan Brink", "Directeur Broeierij", 0),
    ]


def test_a_bracketed_part_after_a_name_is_pronouns_or_the_job_title():
    card = '<div class="m"><img src="/{0}.jpg" alt=""><h3>{1}</h3></div>'
    html = _grid(
        card,
        [
            ("a", "佐藤 翔吾（院長）"),
            ("b", "Ana Lima (she/her)"),
            ("c", "Jo Kim (CEO)"),
            ("d", "陆琨（Amy Lu）"),
        ],
    )
    assert _people(html) == [
        ("佐藤 翔吾", "院長"),
        ("Ana Lima (she/her)", None),
        ("Jo Kim", "CEO"),
        ("陆琨（Amy Lu）", None),
    ]


def test_a_lone_name_and_role_line_under_a_team_heading_is_a_person():
    html = (
        "<h2>Zarząd</h2><div class='photo'><img src='/a.jpg' alt=''><p><b>Dawid Nowak</b> "
        "Prezes zarządu</p></div><div class='photo'><img src='/b.jpg' alt=''><p><b>Jan Lis</b>"
        " Członek zarządu</p></div>"
        "<div class='featured'><h2>Zespół developerski</h2>"
        "<p>Piotr Sowa - architekt IT / lead developer</p></div>"
        "<div class='featured'><h2>Zespół</h2><p>Anna Kowalska started the firm in 2009.</p></div>"
    )
    assert ("Piotr Sowa", "architekt IT / lead developer") in _people(html)
    assert not any(name.startswith("Anna") for name, _ in _people(html))


def test_a_role_element_of_two_lines_keeps_both_and_drops_its_contact_line():
    card = '<div class="m"><img src="/{0}.jpg" alt=""><h3>{1}</h3><p class="position">{2}</p></div>'
    html = _grid(
        card,
        [
            ("a", "Jane Roe", "Partner<br>Head of Tax"),
            (
                "b",
                "Kate Moss",
                "Associate<br><a href='mailto:kate@firm.example'>kate@firm.example</a>",
            ),
        ],
    )
    assert _people(html) == [("Jane Roe", "Partner, Head of Tax"), ("Kate Moss", "Associate")]


def test_a_japanese_title_before_the_name_is_the_role_and_the_latin_line_is_no_role():
    card = (
        '<div class="staff"><img src="/{0}.jpg" alt=""><div class="docter_name">'
        '<p class="staff_name">{1}</p><p class="small_txt">{2}</p></div></div>'
    )
    html = "<h2>スタッフ紹介</h2>" + "".join(
        card.format(*r)
        for r in [
            ("s1", "院長\u3000坂井 孝", "Sakai Takashi"),
            ("s2", "副院長\u3000有村 龍", "Arimura Ryu"),
            ("s3", "歯科医師\u3000久保 卓", "Kubo Taku"),
        ]
    )
    assert _people(html) == [("坂井 孝", "院長"), ("有村 龍", "副院長"), ("久保 卓", "歯科医師")]
    # the same in a flat layout: photo, then the name block, one after the other
    flat = (
        '<div class="photo"><img src="/{0}.jpg" alt=""></div><div class="docter_name">'
        '<p class="staff_name">{1}</p><p class="small_txt">{2}</p></div>'
    )
    html = (
        "<h2>スタッフ紹介</h2><div class='wrap'>"
        + "".join(
            flat.format(*r)
            for r in [
                ("s1", "院長\u3000坂井 孝", "Sakai Takashi"),
                ("s2", "副院長\u3000有村 龍", "Arimura Ryu"),
            ]
        )
        + "</div>"
    )
    assert _people(html) == [("坂井 孝", "院長"), ("有村 龍", "副院長")]


def test_a_name_set_one_word_a_line_is_one_name():
    card = (
        '<td><img src="/{0}.png" width="165" height="186" alt=""><div class="spec_fio">{1}</div>'
        '<div class="spec_dolj">{2}</div></td>'
    )
    html = (
        "<h2>Наши специалисты</h2><table><tr>"
        + "".join(
            card.format(*r)
            for r in [
                ("f1", "Смирнов<br>Пётр<br>Ильич", "Уролог"),
                ("f2", "Орлова<br>Мария<br>Сергеевна", "Кардиолог, врач высшей категории"),
            ]
        )
        + "</tr></table>"
    )
    assert [n for n, _ in _people(html)] == ["Смирнов Пётр Ильич", "Орлова Мария Сергеевна"]


def test_staff_listed_by_title_and_surname_and_role_name_lines_are_people():
    table = (
        "<h2>Lehrkräfte</h2><table><thead><tr><th>Name</th><th>Fach</th><th>Funktion</th></tr>"
        "</thead><tbody>"
        "<tr><td>Frau Brandt</td><td>Mathematik</td><td>Schulleiterin</td></tr>"
        "<tr><td>Herr Reuter</td><td>Informatik</td><td></td></tr>"
        "<tr><td>Frau Wendt</td><td>Englisch</td><td></td></tr></tbody></table>"
    )
    board = (
        "<h2>Styrelse</h2><p>Ordförande: Johan Berg<br>Kassör: Jonas Ek<br>"
        "Ledamot: Malin Strand</p>"
    )
    assert _people(table + board) == [
        ("Frau Brandt", "Schulleiterin"),  # the "Funktion" column, not the subjects
        ("Herr Reuter", None),
        ("Frau Wendt", None),
        ("Johan Berg", "Ordförande"),
        ("Jonas Ek", "Kassör"),
        ("Malin Strand", "Ledamot"),
    ]


def test_a_labs_obog_list_under_a_heading_in_a_list_is_former_members():
    html = (
        "<h1>Members</h1><div class='member'><ul><h1>M2</h1></ul>"
        "<ul><li>Kenta ISHII</li><li>Yui MORI</li><li>Sora ABE</li></ul></div>"
        "<div class='member'><ul><h1>2019 OBOG</h1></ul>"
        "<ul><li>Ryo OKADA</li><li>Mei SATO</li><li>Jun KATO</li></ul></div>"
    )
    scan = scan_page(html, BASE)
    assert [p.name for p in scan.people] == ["Kenta ISHII", "Yui MORI", "Sora ABE"]
    assert {e.text for e in scan.excluded} >= {"Ryo OKADA", "Mei SATO", "Jun KATO"}


def test_a_name_given_in_its_script_then_in_latin_letters_is_one_name():
    # a lab's staff list (no photos) and its professors' cards, each name followed by
    # "/ Latin letters"; a professor's rank before the name is the role
    card = (
        '<li><img src="/img/{0}.jpg"><div class="profile"><p class="name">'
        '<span class="post">{1}</span> <span class="ja">{2}</span> <span class="en">/ {3}</span>'
        "</p></div></li>"
    )
    html = (
        "<h2>MEMBER</h2><ul class='members'>"
        + card.format("ota", "Professor", "大田 啓", "Ota Kei")
        + card.format("iwa", "Project Assistant Professor", "岩田 雅", "Iwata Masa")
        + "</ul><h3 class='member-title'>Staff</h3><ul class='member-profile'>"
        "<li class='name'><p><span class='ja'>加藤 奈子</span> <span class='en'>/ Kato Nako</span>"
        "</p></li><li class='name'><p><span class='ja'>周 真</span> <span class='en'>/ Zhou Zhen"
        "</span></p></li></ul>"
    )
    assert _people(html) == [
        ("大田 啓", "Professor"),
        ("岩田 雅", "Project Assistant Professor"),
        ("加藤 奈子", None),
        ("周 真", None),
    ]


def test_a_list_of_linked_names_with_arrows_keeps_the_names_only():
    html = (
        "<main><h2>I professionisti</h2><ul>"
        "<li><a href='/p/rossi'>Avv. Lucia Rossi &raquo;</a></li>"
        "<li><a href='/p/verdi'>Avv. Marco Verdi &raquo;</a></li>"
        "<li><a href='/p/neri'>Dott.ssa Anna Neri &raquo;</a></li></ul></main>"
    )
    assert [n for n, _ in _people(html)] == [
        "Avv. Lucia Rossi",
        "Avv. Marco Verdi",
        "Dott.ssa Anna Neri",
    ]


def test_a_table_with_name_and_function_columns_lists_people_under_any_heading():
    html = (
        "<h2>Kontakt</h2><p>Schreiben Sie uns.</p><table><thead><tr><th>Name</th><th>Fach</th>"
        "<th>Funktion</th></tr></thead><tbody>"
        "<tr><td>Frau Albers</td><td>Deutsch</td><td>Schulleiterin</td></tr>"
        "<tr><td>Herr Becker</td><td>Sport</td><td></td></tr></tbody></table>"
        # a table of products under the same kind of heading is no list of people
        "<h2>Preise</h2><table><tr><th>Produkt</th><th>Preis</th></tr>"
        "<tr><td>Premium Paket</td><td>20 EUR</td></tr></table>"
    )
    assert _people(html) == [("Frau Albers", "Schulleiterin"), ("Herr Becker", None)]


def test_a_numbered_post_is_a_role():
    card = '<div class="m"><img src="/{0}.jpg" alt=""><h3>{1}</h3><p>{2}</p></div>'
    html = _grid(
        card,
        [("a", "Henrik Molde", "1. Vorsitzender"), ("b", "Alex Birn", "2. Vorsitzende")],
    )
    assert _people(html) == [("Henrik Molde", "1. Vorsitzender"), ("Alex Birn", "2. Vorsitzende")]


def test_a_caption_in_a_button_is_read_but_a_buttons_label_is_not():
    card = (
        '<div class="slide"><div class="team-block"><div class="img"><img src="/{0}.jpg" '
        'alt=""></div><button class="team-button"><b>{1}</b><br><i>{2}</i></button>'
        "<button class='more'>Ver más</button></div></div>"
    )
    html = _grid(card, [("a", "Raúl Portero", "Titular"), ("b", "Inés Barrio", "Socia")])
    assert _people(html) == [("Raúl Portero", "Titular"), ("Inés Barrio", "Socia")]


def test_a_portrait_and_its_hover_image_are_one_photo_and_the_heading_names_it():
    card = (
        '<a class="content-nav" href="/{0}"><div class="container-img">'
        '<img class="img1" src="/img/firm-{0}.jpg" alt="firm-{0}">'
        '<img class="img2" src="/img/firm-{0}-hobby.jpg" alt="firm-{0}-hobby"></div>'
        '<h3 class="nav"><span class="line">|</span>{1} <span class="gray">{2}</span></h3></a>'
    )
    html = (
        "<div class='grid'>"
        + "".join(
            card.format(*r)
            for r in [("wr", "Werner Rempel", "Treuhand"), ("rs", "Rosa Schatz", "Sekretariat")]
        )
        + "</div>"
    )
    people = scan_page(html, BASE).people
    assert [(p.name, p.title, p.image_urls[-1].rsplit("/", 1)[-1]) for p in people] == [
        ("Werner Rempel", "Treuhand", "firm-wr.jpg"),
        ("Rosa Schatz", "Sekretariat", "firm-rs.jpg"),
    ]


def test_job_ads_and_reviews_with_a_job_title_are_no_team():
    ads = "".join(
        f"<div class='vacatures'><a href='/{i}'><img class='vac' src='/v{i}.jpg' width='400' "
        f"height='200'></a><h2>{h}</h2><h3>{t}</h3></div>"
        for i, h, t in [
            (1, "Vacature Software Engineer – Medior", "Kom jij ons team versterken?"),
            (2, "Vacature stagiair – vanaf februari 2020", "Vanaf februari 2020 is er plaats."),
        ]
    )
    reviews = "".join(
        f"<div class='card'><img src='/r{i}.jpg' alt=''><p>Ótimo serviço!</p><p>{n} "
        f"<small>Programador</small></p></div>"
        for i, n in [(1, "Marco Sousa"), (2, "Ana Prado")]
    )
    html = (
        f"<h1>Vacatures</h1>{ads}"
        f"<section class='avaliacoes'><h2>O que nossos clientes dizem...</h2>{reviews}</section>"
    )
    assert _people(html) == []


def test_a_board_table_of_post_and_name_rows_lists_the_names_with_their_posts():
    rows = [("Prezes", "Przemysław Kowal", "Zarząd"), ("Skarbnik", "Jerzy Grzyb", "Zarząd")]
    html = (
        "<h2>Zarząd</h2><table><tr><td>STANOWISKO</td><td>IMIĘ I NAZWISKO</td><td>ORGAN</td></tr>"
        + "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
        + "</table>"
    )
    assert _people(html) == [("Przemysław Kowal", "Prezes"), ("Jerzy Grzyb", "Skarbnik")]
    # the heading set in the table's own first row names it
    html = (
        "<table><tr><td colspan='2'><h3>Styrelsen 2013</h3></td></tr>"
        "<tr><td>Ordförande</td><td>Håkan Lind</td></tr>"
        "<tr><td>Kassör</td><td>Niklas Kron</td></tr></table>"
    )
    assert _people(html) == [("Håkan Lind", "Ordförande"), ("Niklas Kron", "Kassör")]


def test_a_clubs_board_listed_as_post_and_name_under_a_banner_photo():
    html = (
        "<div class='greeting' style='background-image: url(/img/intro/vorstand.png)'>"
        "<h2>Vorstand</h2><p>Der Vorstand leitet die Angelegenheiten des Vereins.</p></div>"
        "<div class='text-field1'><h4>Amtsinhaber</h4><ul>"
        "<li>1. Vorsitzender: Rainer Vogt</li><li>Kassenwärtin: Briska Horn</li>"
        "<li>Schriftführerin: Erika Fink</li><li>Sportwart: Dieter Brand</li></ul></div>"
    )
    assert _people(html) == [
        ("Rainer Vogt", "1. Vorsitzender"),
        ("Briska Horn", "Kassenwärtin"),
        ("Erika Fink", "Schriftführerin"),
        ("Dieter Brand", "Sportwart"),
    ]


def test_a_spanish_board_member_titled_vocal_is_the_role_over_a_nickname():
    card = '<div class="m"><img src="/{0}.jpg" alt=""><p>{1}</p><h3>{2}</h3></div>'
    html = "<h2>Junta directiva</h2>" + "".join(
        card.format(*r) for r in [("a", "Presidente", "Mario Ruiz"), ("b", "Vocal", "Guti")]
    )
    assert _people(html) == [("Mario Ruiz", "Presidente"), ("Guti", "Vocal")]


def test_a_themes_mask_over_every_portrait_is_no_photo_and_a_glued_title_keeps_the_name():
    card = (
        '<div class="dt-sc-team"><div class="image"><img class="item-mask" src="/images/mask.png"'
        ' alt=""><img src="/images/{0}.jpg" alt="" title="{1}"></div>'
        '<div class="team-details"><h4>{1}老师</h4><h5>{2}</h5></div></div>'
    )
    html = "<h2>师资团队</h2>" + "".join(
        card.format(*r)
        for r in [
            ("cm", "丛明", "数学组组长"),
            ("qc", "阙辰", "教学组组长"),
            ("xj", "宣举", "名师"),
        ]
    )
    people = scan_page(html, BASE).people
    assert [(p.name, p.title, p.image_urls[-1].rsplit("/", 1)[-1]) for p in people] == [
        ("丛明老师", "数学组组长", "cm.jpg"),
        ("阙辰老师", "教学组组长", "qc.jpg"),
        ("宣举老师", "名师", "xj.jpg"),
    ]
