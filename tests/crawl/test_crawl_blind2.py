"""Rules added after the second blind pages (session 27): markup of real CMSs and languages
the crawler misread, each reduced to the few elements that carry it."""

from __future__ import annotations

from auditor.crawl.context import SectionKind, is_section_label, kind_of
from auditor.crawl.name_evidence import NameLevel, read_name
from auditor.crawl.page import scan_page

BASE = "http://team.example/"


def _people(html: str) -> list[tuple[str, str | None, str | None]]:
    return [
        (p.name, p.title, p.image_urls[0] if p.image_urls else None)
        for p in scan_page(html, BASE).people
    ]


def test_job_titles_in_other_languages_are_not_names():
    for role in (
        "Geschäftsführerin",
        "Ansprechpartnerin Kundendienst",
        "Directrice générale",
        "Amministratore delegato",
        "Diretora de Engenharia",
    ):
        assert read_name(role).level is NameLevel.NOT_NAME, role
    # surnames that are also words stay names
    assert read_name("Hans Meister").level is NameLevel.NAME


_TYPO3 = (
    '<div class="frame frame-type-textpic"><header><h3>{name}</h3></header>'
    '<div class="ce-textpic ce-left ce-intext"><div class="ce-gallery"><div class="ce-row">'
    '<div class="ce-column"><figure class="image"><img src="/{slug}.jpg" width="300" '
    'height="400" alt="">{caption}</figure></div></div></div>'
    '<div class="ce-bodytext"><p>{role}</p><p>Tel. 089 123 456</p></div></div></div>'
)


def test_a_name_in_the_element_header_above_the_photo_beats_the_role_below():
    # TYPO3 fluid_styled_content: header, then gallery, then bodytext with the role
    html = "<h2>Unser Team</h2>" + "".join(
        _TYPO3.format(name=n, slug=s, role=r, caption=c)
        for n, s, r, c in [
            ("Lena Groß", "gross", "Assistenz der Geschäftsführung", ""),
            ("Jürgen Weiß", "weiss", "Leiter Technik", ""),
        ]
    )
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Lena Groß", "Assistenz der Geschäftsführung"),
        ("Jürgen Weiß", "Leiter Technik"),
    ]


def test_a_photo_credit_is_neither_the_name_nor_the_role():
    caption = '<figcaption class="image-caption">Foto: Studio Lichtblick</figcaption>'
    html = "<h2>Unser Team</h2>" + "".join(
        _TYPO3.format(name=n, slug=s, role=r, caption=caption)
        for n, s, r in [
            ("Lena Groß", "gross", "Geschäftsführerin"),
            ("Ida Roth", "roth", "Prokuristin"),
        ]
    )
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Lena Groß", "Geschäftsführerin"),
        ("Ida Roth", "Prokuristin"),
    ]


def test_employee_quotes_are_the_team():
    quote = (
        '<div class="employee-quote"><img src="/{slug}.jpg" width="280" height="280" alt="">'
        "<blockquote><p>&ldquo;I shipped to production in my second week, nobody "
        'blinked.&rdquo;</p></blockquote><p class="employee-quote__name">{name}</p>'
        '<p class="employee-quote__role">{role}</p></div>'
    )
    html = "<h2>Life at Acme</h2>" + "".join(
        quote.format(slug=s, name=n, role=r)
        for s, n, r in [("noor", "Noor Haddad", "Data Engineer"), ("kw", "Kwame Asante", "CSM")]
    )
    assert [n for n, _, _ in _people(html)] == ["Noor Haddad", "Kwame Asante"]
    assert kind_of("customer-quote") is SectionKind.QUOTES


def test_joomla_category_blog_classes_do_not_make_people_posts():
    item = (
        '<div class="com-content-category-blog__item blog-item"><figure class="left item-image">'
        '<img src="/images/staff/{slug}.jpg" width="400" height="500" alt=""></figure>'
        '<div class="item-content"><div class="page-header"><h2 itemprop="name">{name}</h2>'
        '</div><dl class="article-info text-muted"><dt class="article-info-term">Dettagli</dt>'
        '<dd class="hits">Visite: 311</dd></dl><p><strong>{role}</strong></p></div></div>'
    )
    html = (
        '<div class="com-content-category-blog blog"><h1>Il nostro team</h1>'
        '<div class="com-content-category-blog__items blog-items">'
        + "".join(
            item.format(slug=s, name=n, role=r)
            for s, n, r in [
                ("gdl", "Giovanni De Luca", "Amministratore delegato"),
                ("fl", "Francesca Lo Presti", "Responsabile amministrativa"),
            ]
        )
        + "</div></div>"
    )
    assert [(n, t) for n, t, _ in _people(html)] == [
        ("Giovanni De Luca", "Amministratore delegato"),
        ("Francesca Lo Presti", "Responsabile amministrativa"),
    ]


def test_japanese_section_labels_and_a_heading_on_a_hero_are_not_people():
    officer = (
        '<div class="officer-item"><div class="officer-photo"><img src="/o_{i}.jpg" '
        'width="360" height="450" alt=""></div><p class="officer-position">{role}</p>'
        '<p class="officer-name">{name}</p></div>'
    )
    voice = (
        '<div class="v-item"><img src="/v_{i}.jpg" width="200" height="200" alt="">'
        '<p class="v-company">株式会社さくら物流</p><p class="v-name">{name}</p></div>'
    )
    html = (
        '<div class="page-header" style="background-image:url(/mv.jpg)">'
        '<h2><span class="en">OFFICERS</span>役員紹介</h2></div>'
        "<section><h3>役員一覧</h3>"
        + officer.format(i=1, role="代表取締役社長", name="山田 太郎")
        + officer.format(i=2, role="監査役", name="伊藤 健太")
        + "</section><section><h3>お客様の声</h3>"
        + voice.format(i=1, name="中村 様")
        + voice.format(i=2, name="小林 様")
        + "</section>"
    )
    assert [n for n, _, _ in _people(html)] == ["山田 太郎", "伊藤 健太"]
    assert is_section_label("OFFICERS") and not is_section_label("Grace Partner")
