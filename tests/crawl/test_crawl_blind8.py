"""Rules added after the seventh and eighth blind reviews (session 37): markup real sites
use that the crawler misread, each reduced to the few elements that carry it, in our own
words."""

from __future__ import annotations

from auditor.crawl.name_evidence import NameLevel, read_name
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


def test_a_kana_reading_over_the_name_is_neither_the_name_nor_the_role():
    # furigana in its own line over "post + name", then a greeting; and over a bare name
    # whose bio opens with a "career" label
    doctor = (
        '<div class="doctor"><div class="photo"><img src="/img/{0}.jpg" alt="医者の写真"></div>'
        '<div class="doctor_name"><p class="small_txt">{1}</p><p>{2}</p></div>'
        '<p class="middle_txt">ごあいさつ</p>'
        "<p>当院のホームページをご覧いただき、ありがとうございます。</p></div>"
    )
    staff = (
        '<div class="staff"><img src="/img/{0}.jpg" alt="医者の写真">'
        '<div class="doctor_name"><p class="small_txt">{1}</p><p class="bold">{2}</p></div>'
        "<p>経歴</p><p>東都大学卒</p></div>"
    )
    html = (
        _grid(doctor, [("d1", "みやもと けんじ", "院長　宮本 健司")], heading="スタッフ紹介")
        + _grid(doctor, [("d2", "おかだ りょう", "矯正担当医　岡田 涼")], heading="矯正歯科")
        + _grid(
            staff,
            [("s1", "すずき はるか", "鈴木遥"), ("s2", "いしかわ なお", "石川奈央")],
            heading="スタッフ",
        )
    )
    assert _people(html) == [
        ("宮本 健司", "院長"),
        ("岡田 涼", "矯正担当医"),
        ("鈴木遥", None),
        ("石川奈央", None),
    ]


def test_labelled_profile_lines_are_fields_not_names_and_the_role_label_is_dropped():
    # "직책 : role" spaced out to line up with "이메일 : ...", under a one-word Hangul name;
    # and "Position: ..." in English: the value is the role
    card = (
        '<div class="col border"><div class="row"><div class="col-4"><img src="/img/{0}.jpg">'
        '</div><div class="col-8"><p class="display-6">{1}</p><br><p>{2}</p>'
        "<p>{3} : {0}@mail.example</p></div></div></div>"
    )
    korean = _grid(
        card,
        [
            ("jh", "한지훈", "직&nbsp;&nbsp;&nbsp;&nbsp;책 : 개발팀 팀장", "이메일"),
            ("sy", "오서연", "직&nbsp;&nbsp;&nbsp;&nbsp;책 : 디자인 및 개발", "이메일"),
        ],
        heading="개발자 소개",
    )
    english = _grid(
        card,
        [
            ("ab", "Anna Berg", "Position: Team lead", "E-mail"),
            ("jw", "Jonas Weber", "Position: Designer", "E-mail"),
        ],
    )
    assert _people(korean) == [("한지훈", "개발팀 팀장"), ("오서연", "디자인 및 개발")]
    assert _people(english) == [("Anna Berg", "Team lead"), ("Jonas Weber", "Designer")]


def test_a_job_word_closing_three_names_of_a_grid_is_their_role():
    # "Av. name Avukat" in each heading, every card in a column wrapper of its own; two
    # cards ending in one word keep it (a family firm's surname may be a job word)
    card = (
        '<div class="column"><div class="card"><img src="/img/{0}.jpg" class="cardimg"><br>'
        "<h2>{1}</h2><p>2012 yılında hukuk fakültesinden mezun olmuştur.</p></div></div>"
    )
    lawyers = _grid(
        card,
        [
            ("k1", "Av. Deniz Aksoy Avukat"),
            ("k2", "Av. Burak Tan Avukat"),
            ("k3", "Av. Selin Oral Avukat"),
        ],
        heading="Ekibimiz",
    )
    two = _grid(card, [("k1", "Av. Deniz Aksoy Avukat"), ("k2", "Av. Burak Tan Avukat")])
    assert _people(lawyers) == [
        ("Av. Deniz Aksoy", "Avukat"),
        ("Av. Burak Tan", "Avukat"),
        ("Av. Selin Oral", "Avukat"),
    ]
    assert _people(two) == [("Av. Deniz Aksoy Avukat", None), ("Av. Burak Tan Avukat", None)]


def test_a_team_heading_three_paragraphs_above_its_list_still_names_it():
    # a firm's page: "I professionisti", three paragraphs about them, then the linked names
    prose = "<p>I professionisti dello studio affiancano i clienti con competenza e rapidità.</p>"
    names = ["Marta Rinaldi", "Paolo Ferri", "Chiara Longo"]
    items = "".join(f'<li><a href="/p/{i}">Avv. {n} &raquo;</a></li>' for i, n in enumerate(names))
    html = (
        "<main><h2>Lo studio</h2><p>Lo studio fonde la ventennale esperienza dei partner.</p>"
        f"<h2>I professionisti</h2>{prose * 3}<ul class='collaborators'>{items}</ul></main>"
    )
    assert _people(html) == [(f"Avv. {n}", None) for n in names]


def test_long_arabic_names_and_japanese_posts_before_the_name():
    # a six-word Arabic name ("عبد" opens a two-word given name); Japanese staff lines of
    # post + ideographic space + name, with posts the lexicon learnt from real clinics
    card = '<div class="card"><img src="/img/{0}.jpg" alt=""><h2 class="card-title">{1}</h2></div>'
    arabic = _grid(
        card,
        [("a1", "عبد الرحمن عبد الله محمد سالم"), ("a2", "سارة خالد العمري")],
        heading="فريق التحرير",
    )
    staff = (
        '<div class="staff"><img src="/img/{0}.jpg" alt=""><p class="staff_name">{1}</p>'
        '<p class="small_txt">{2}</p></div>'
    )
    japanese = _grid(
        staff,
        [
            ("j1", "矯正医　森本 彩", "Morimoto Aya"),
            ("j2", "トリートメントコーディネーター　原 美咲", "Hara Misaki"),
        ],
        heading="スタッフ紹介",
    )
    assert [name for name, _ in _people(arabic)] == [
        "عبد الرحمن عبد الله محمد سالم",
        "سارة خالد العمري",
    ]
    assert _people(japanese) == [
        ("森本 彩", "矯正医"),
        ("原 美咲", "トリートメントコーディネーター"),
    ]


def test_a_bold_field_label_and_a_heading_over_the_photo_are_not_the_name():
    # a university's staff cards: "<b>affiliation</b> value" lines under the name line, and
    # the first card under its section's heading set above the photo
    head = (
        '<div class="team-member"><h4>หัวหน้าภาควิชา</h4><img src="/img/h.jpg" alt="">'
        "<p>อาจารย์สมชาย ใจดี</p><p><b>สังกัด</b> ภาควิชาคอมพิวเตอร์</p></div>"
    )
    card = (
        '<div class="col-md-3"><div class="team-member"><img src="/img/{0}.jpg" alt="">'
        "<p>{1}</p><p><b>สังกัด</b> ภาควิชาคอมพิวเตอร์</p><p><b>สถานะ</b> ทำงานปกติ</p></div></div>"
    )
    html = head + _grid(
        card,
        [("a", "อาจารย์ ดร.มาลี ศรีสุข"), ("b", "อาจารย์วิชัย ทองดี")],
        heading="อาจารย์ประจำ",
    )
    assert [name for name, _ in _people(html)] == [
        "อาจารย์สมชาย ใจดี",
        "อาจารย์ ดร.มาลี ศรีสุข",
        "อาจารย์วิชัย ทองดี",
    ]


def _rows(rows: list[tuple[str, ...]], cell: str = "td") -> str:
    return "".join("<tr>" + "".join(f"<{cell}>{c}</{cell}>" for c in row) + "</tr>" for row in rows)


def test_a_table_with_name_and_contact_columns_is_a_staff_directory():
    # no role column: the department column is the role, the heading names no team
    table = (
        "<table>"
        + _rows([("Name", "Department", "E-Mail", "Office")], "th")
        + _rows(
            [
                ("Laura Kessler", "Biology", "lkessler@college.example", "Science Hall 214"),
                ("Omar Haddad", "Chemistry", "ohaddad@college.example", "Science Hall 120"),
            ]
        )
    )
    html = f"<h1>Academic Department Heads Information</h1>{table}</table>"
    assert _people(html) == [("Laura Kessler", "Biology"), ("Omar Haddad", "Chemistry")]


def test_one_word_names_under_a_name_header_and_a_role_carried_by_rowspan():
    # Korean names are one word; "연구원" spans the rows below it
    head = _rows([("직위", "성명", "업무", "메일주소")], "th")
    body = (
        "<tr><td>연구교수</td><td>정다은</td><td>연구</td><td>a@uni.example</td></tr>"
        '<tr><td rowspan="3">연구원</td><td>최민서</td><td>학습법지원</td>'
        "<td>b@uni.example</td></tr>"
        "<tr><td>한유진</td><td>교수법지원</td><td>c@uni.example</td></tr>"
        "<tr><td>오세훈</td><td>이러닝지원</td><td>d@uni.example</td></tr>"
    )
    html = f"<h4>교직원 안내</h4><table><thead>{head}</thead><tbody>{body}</tbody></table>"
    assert _people(html) == [
        ("정다은", "연구교수"),
        ("최민서", "연구원"),
        ("한유진", "연구원"),
        ("오세훈", "연구원"),
    ]


def test_a_boards_header_less_table_with_an_empty_seat_and_a_committee():
    # "Post | Name" rows; a vacant seat names its stand-in; a committee's table below
    board = _rows(
        [
            ("<strong>Voorzitter</strong>", "vacant ( interim: Pieter de Groot)"),
            ("<strong>Secretaris</strong>", "Mila Jansen"),
            ("<strong>Lid</strong>", "Sanne Visser (Evenementen)"),
        ]
    )
    committee = _rows(
        [("<strong>Hoofd</strong>", "Daan Bakker"), ("<strong>Lid</strong>", "Eva Smit")]
    )
    html = (
        f"<h4>Bestuur</h4><table><tbody>{board}</tbody></table>"
        f"<h4>Technische commissie</h4><table><tbody>{committee}</tbody></table>"
    )
    assert _people(html) == [
        ("Pieter de Groot", "Voorzitter (interim)"),
        ("Mila Jansen", "Secretaris"),
        ("Sanne Visser", "Lid (Evenementen)"),
        ("Daan Bakker", "Hoofd"),
        ("Eva Smit", "Lid"),
    ]


def test_a_header_row_of_bold_cells_and_row_header_posts():
    # "区 分 | 団体・職名 | 氏 名" set in a th and two bold tds; each row's post in its own
    # th; the middle column is where the officer works, not their post here
    head = "<tr><th><b>区 分</b></th><td><b>団体・職名</b></td><td><b>氏 名</b></td></tr>"
    body = "".join(
        f"<tr><th>{post}</th><td>{work}</td><td>{name}</td></tr>"
        for post, work, name in [
            ("会長", "(株)山田製作所　代表取締役社長", "山田　一郎"),
            ("副会長", "九州銀行(株)　支店長", "佐藤　花子"),
            ("監事", "福田会計事務所　所長", "福田　健"),
        ]
    )
    html = f"<h2>役員一覧</h2><table>{head}{body}</table>"
    assert _people(html) == [("山田 一郎", "会長"), ("佐藤 花子", "副会長"), ("福田 健", "監事")]


def test_class_less_name_cards_with_the_subjects_taught():
    # a school's teaching council: no photos, each teacher an h6 and the subjects below;
    # the first card has no class at all
    teachers = [
        ("Mgr Ewa Nowicka", "język polski"),
        ("Mgr Piotr Zieliński", "matematyka, fizyka, wiedza o społeczeństwie, etyka"),
        ("Ks. Adam Lis", "religia"),
    ]
    cards = "".join(
        f"<div{'' if i == 0 else ' class=pt-45'}><h6>{n}</h6> {s} </div>"
        for i, (n, s) in enumerate(teachers)
    )
    html = f"<h2>Rada pedagogiczna 2017/2018</h2><div class='mx-auto'>{cards}</div>"
    assert _people(html) == teachers


def test_posts_followed_by_names_in_chinese_and_the_unit_line_above_them():
    # "基础法学" names the unit; each post's names are spaced, two-character names padded
    html = (
        "<div class='content'><h2>教师队伍</h2><div style='height:5px'></div>"
        "<p>基础法学<br>教  授：周明远  林  悦<br>副教授：陈  晨  赵立新<br>讲  师：孙思远</p>"
        "</div>"
    )
    assert _people(html) == [
        ("周明远", "教授"),
        ("林 悦", "教授"),
        ("陈 晨", "副教授"),
        ("赵立新", "副教授"),
        ("孙思远", "讲师"),
    ]


def test_an_arabic_section_heading_is_a_phrase_and_ali_is_a_name():
    assert read_name("نخبة من الخبراء في خدمتكم").level is NameLevel.NOT_NAME
    assert read_name("على عيسى").level is NameLevel.NAME


def test_a_board_table_classed_role_and_name_above_a_team_picture():
    # the cells' classes say which is the name; "~" is a vacant seat; the one photo below,
    # "team picture", is the group's: it names nobody and hides no one
    rows = "".join(
        f'<tr><td class="role">{role}</td><td class="name">{name}</td></tr>'
        for role, name in [
            ("Président", "Marc DUVAL"),
            ("Vice-Président", "~"),
            ("Trésorière", "Claire MOREAU"),
        ]
    )
    html = (
        "<section><div class='row'><div class='col-md-6'><h2>Conseil d'Administration</h2>"
        f"<table class='ass-org'>{rows}</table></div></div>"
        '<div class="row"><div><img src="img/accueil.jpg" alt="team picture"></div></div>'
        "</section>"
    )
    people = scan_page(html, BASE).people
    assert [(p.name, p.title) for p in people] == [
        ("Marc DUVAL", "Président"),
        ("Claire MOREAU", "Trésorière"),
    ]
    assert all(not p.image_urls for p in people)


def test_a_themes_team_image_alt_on_every_portrait_is_no_group_photo():
    card = (
        '<div class="member"><img src="/our_team/{0}.jpg" alt="team image">'
        '<h3>{1}</h3><p class="position">{2}</p></div>'
    )
    html = _grid(card, [("mk", "Monika Kowal", "Prezes"), ("wc", "Wojciech Czarny", "Grafik")])
    assert _people(html) == [("Monika Kowal", "Prezes"), ("Wojciech Czarny", "Grafik")]


def test_products_named_like_people_with_prices_in_local_currencies_are_no_people():
    # a batik shop's cloths carry people-like names; the line under each is its price
    card = (
        '<div class="card"><img src="images/{0}.jpeg" alt="Batik Motif {0}"><h3>{1}</h3>'
        '<p>{2}</p><a href="{0}.html" class="btn-outline">Lihat Detail</a></div>'
    )
    shop = (
        "<h2>Koleksi Lengkap Kami</h2><div class='product-grid'>"
        + "".join(
            card.format(*r)
            for r in [
                ("amerta", "Amerta Wijaya", "Rp 230.000,00"),
                ("permata", "Permata Jaya", "Rp 220.000,00"),
            ]
        )
        + "</div>"
    )
    prices = [("a", "Jan Nowak", "120 zł"), ("b", "Anna Lis", "89,90 zł")]
    assert _people(shop) == []
    assert _people(_grid(card, prices, heading="Sklep")) == []


def test_a_back_link_and_a_speaker_label_are_no_names():
    # a menu page's images above "⬅ Zurück"; "English Speaker - Rev. ..." starts with the
    # speaker's label, not a name ("Mark Back" stays a name)
    menu = (
        "<h1>Speisekarte</h1><img src='images/m1.jpeg' alt='Speisekarte 1'>"
        "<img src='images/m2.jpeg' alt='Speisekarte 2'><a href='index.html'>⬅ Zurück</a>"
    )
    assert _people(menu) == []
    assert read_name("English Speaker").level is NameLevel.NOT_NAME
    assert read_name("Mark Back").level is NameLevel.NAME


def test_a_reviews_widget_in_french_and_an_unfilled_template_list_no_one():
    review = (
        '<div class="avis"><img src="/pp{0}.jpg" alt=""><p class="nom-client">{1}</p>'
        "<p>il y a 2 mois</p><p>Travail soigné, équipe à l'écoute.</p></div>"
    )
    reviews = (
        "<h2>Vous pouvez nous faire CONFIANCE</h2><div class='avis-google'>"
        + "".join(review.format(i, n) for i, n in enumerate(["Luis Vasco", "Nadia Brun"]))
        + "</div>"
    )
    template = (
        '<table class="badge"><tr><td><img src="/Karting.jpeg" alt="Image du pilote"></td>'
        "<td><h1>Nom_pilote</h1><p>Description pilote...</p></td></tr></table>"
    )
    members = "<h2>Les membres</h2><h3>Bureau</h3>" + template * 3
    assert _people(reviews) == []
    assert _people(members) == []


def test_short_quotes_in_quotation_marks_under_clients_names_are_testimonials():
    # a client's name, their firm, then a short quote as bare text: no quote markup
    card = (
        '<div class="col-sm"><div class="media"><img class="mr-3 tst-img" src="/img/{0}.jpg" '
        'alt="{1}"><div class="media-body"><h5 class="mt-0">{1}</h5><p class="tst-org">{2}</p>'
        "{3}</div></div></div>"
    )
    rows = [
        ("ea", "Erin Armfield", "Armfield Media", '"Wonderful - thank you!"'),
        ("as", "Aaron Stead", "Stead Legal", '"Thanks for great work, Paul!"'),
    ]
    html = (
        "<div class='container tst-blk'><div class='row'>"
        + "".join(card.format(*r) for r in rows)
        + "</div></div>"
    )
    assert _people(html) == []


def test_a_photo_kept_in_a_testimonials_folder_is_a_customers():
    # the quote above the name ends without a full stop ("Thank you 🙏🏾")
    card = (
        '<div id="{0}"><div class="bubble"><p>Kept in contact with me the whole way through '
        'and found a replacement fast. Thank you 🙏🏾</p></div><div class="media">'
        '<img src="/assets/testimonials/{0}.jpg" class="img-circle" alt=""><div class="media-body">'
        "<h4>{1}</h4>Hired boxers<br>Promoter</div></div></div>"
    )
    html = "<section>" + card.format("nigel", "Nigel Thorpe") + "</section>"
    assert _people(html) == []


def test_the_photos_alt_text_says_where_the_name_ends_before_a_dash():
    # "Name - one job word the lexicon lacks": the alt spells the name ("Jan de Wit - Beek"
    # with no alt stays whole: a one-word tail may be a double-barrelled surname)
    card = '<article class="membre"><img src="/img/{0}.jpg" alt="{1}"><h3>{2}</h3></article>'
    html = _grid(
        card,
        [
            ("ld", "Lucas Dubois", "Lucas Dubois - Kinésithérapeute"),
            ("sr", "Sophie Roux", "Sophie Roux - Ostéopathe"),
            ("jw", "", "Jan de Wit - Beek"),
        ],
        heading="Notre équipe",
    )
    assert _people(html) == [
        ("Lucas Dubois", "Kinésithérapeute"),
        ("Sophie Roux", "Ostéopathe"),
        ("Jan de Wit - Beek", None),
    ]


def test_an_indonesian_committee_list_of_posts_and_names():
    # "Post : Name"; a body is no person; a post with its holder in brackets; "Ibu" is a
    # form of address
    items = [
        "Penanggung Jawab : Dewan Pengurus Pusat",
        "Koordinator : Penasehat Wilayah Barat (Ibu Sari Wulandari)",
        "Ketua : Budi Santoso",
        "Wakil Ketua : Rina Hartono",
        "Bendahara : Agus Pratama",
    ]
    html = "<h1>Susunan Panitia</h1><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    assert _people(html) == [
        ("Ibu Sari Wulandari", "Penasehat Wilayah Barat"),
        ("Budi Santoso", "Ketua"),
        ("Rina Hartono", "Wakil Ketua"),
        ("Agus Pratama", "Bendahara"),
    ]


def test_a_bem_cards_title_over_its_sub_is_the_name_over_the_role():
    # background-image portraits; the surname on a line of its own in "__title"
    card = (
        '<div class="col-sm-4"><div class="b-card b-card--doctor"><div class="b-card__img" '
        'style="background-image: url(/img/{0}.jpg);"></div><div class="b-card__title">{1}'
        '</div><div class="b-card__sub">{2}</div></div></div>'
    )
    html = _grid(
        card,
        [
            ("d1", "Орлова<br>Марина Сергеевна", "Врач стоматолог-ортодонт"),
            ("d2", "Кузнецов<br>Илья Петрович", "Врач стоматолог-хирург"),
        ],
        heading="Наши врачи",
    )
    assert _people(html) == [
        ("Орлова Марина Сергеевна", "Врач стоматолог-ортодонт"),
        ("Кузнецов Илья Петрович", "Врач стоматолог-хирург"),
    ]


def test_thai_faculty_cards_without_photos_in_a_pricing_theme():
    # a theme's pricing boxes hold the lecturers; the group heading is one unspaced Thai word
    card = (
        '<div class="col-lg-4 col-md-6"><div class="ts-pricing-box"><div class="ts-pricing-header">'
        '<h2 class="ts-pricing-name"><a href="#">{0}</a></h2><p>ตำแหน่ง : {1}</p></div></div></div>'
    )
    rows = [("รศ.ดร.สมศักดิ์ ใจงาม", "รองศาสตราจารย์"), ("ผศ.ดร.วิไล ศรีทอง", "ผู้ช่วยศาสตราจารย์")]
    html = (
        "<div class='row'><div class='col-md-12'><h2>คณาจารย์กลุ่มวิชาคณิตศาสตร์</h2></div>"
        + "".join(card.format(*r) for r in rows)
        + "</div>"
    )
    assert _people(html) == rows


def test_a_committee_table_gives_each_list_of_names_its_rows_post():
    # "<td>Koordinator</td><td>:</td><td><ul>…</ul></td>"; first names alone count in a
    # team's lists
    rows = [("- Transportasi", ["Rudi Hartanto", "Armando"]), ("Koordinator", ["Lina Wijaya"])]
    body = "".join(
        f"<tr><td>{label}</td><td>:</td><td><ul>"
        + "".join(f"<li>{n}</li>" for n in names)
        + "</ul></td></tr>"
        for label, names in rows
    )
    html = f"<h1>Susunan Panitia</h1><table>{body}</table>"
    assert _people(html) == [
        ("Rudi Hartanto", "Transportasi"),
        ("Armando", "Transportasi"),
        ("Lina Wijaya", "Koordinator"),
    ]
