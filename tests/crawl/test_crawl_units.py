"""Pure pieces of the crawler: srcset parsing, CDN originals, names and slugs, content sniffing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from auditor.crawl.cdn import upgrade
from auditor.crawl.content import check_image, decode_html, sniff_image
from auditor.crawl.naming import clean_alt, name_from_stem, names_match, slugify, unique_ids
from auditor.crawl.page import scan_page
from auditor.crawl.referrer import DEFAULT_POLICY, Referrer, page_policy
from auditor.crawl.srcset import Candidate, largest, parse_srcset


def test_srcset_follows_the_html_spec():
    cloudinary = (
        "https://res.cloudinary.com/x/image/upload/c_fill,w_300,h_300/a.jpg 300w,"
        "https://res.cloudinary.com/x/image/upload/c_fill,w_600,h_600/a.jpg 600w"
    )
    assert [c.width for c in parse_srcset(cloudinary)] == [300, 600]
    assert largest(parse_srcset(cloudinary)).url.endswith("c_fill,w_600,h_600/a.jpg")
    assert parse_srcset("a.jpg, b.jpg 2x,c.jpg 1.5x") == [
        Candidate("a.jpg"),
        Candidate("b.jpg", density=2.0),
        Candidate("c.jpg", density=1.5),
    ]
    assert largest(parse_srcset("a.jpg, b.jpg 2x,c.jpg 1.5x")).url == "b.jpg"
    # trailing commas end a URL; invalid descriptors drop only their candidate
    assert parse_srcset("a.jpg,, b.jpg 10q, c.jpg 100w") == [
        Candidate("a.jpg"),
        Candidate("c.jpg", width=100),
    ]
    assert parse_srcset("x.jpg 300w (max-width: 10px), y.jpg 200w") == [
        Candidate("y.jpg", width=200)
    ]
    assert parse_srcset("") == [] and largest([]) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://x.org/wp-content/uploads/2020/01/jane-150x150.jpg",
            (
                "https://x.org/wp-content/uploads/2020/01/jane.jpg",
                "https://x.org/wp-content/uploads/2020/01/jane-150x150.jpg",
            ),
        ),
        ("https://x.org/photos/1024x768-office.jpg", ("https://x.org/photos/1024x768-office.jpg",)),
        (
            "https://x.org/_next/image?url=%2Fteam%2Fa.jpg&w=256&q=75",
            (
                "https://x.org/team/a.jpg",
                "https://x.org/_next/image?url=%2Fteam%2Fa.jpg&w=256&q=75",
            ),
        ),
        (
            "https://res.cloudinary.com/demo/image/upload/c_thumb,g_face,w_200/v123/team/a.jpg",
            (
                "https://res.cloudinary.com/demo/image/upload/v123/team/a.jpg",
                "https://res.cloudinary.com/demo/image/upload/c_thumb,g_face,w_200/v123/team/a.jpg",
            ),
        ),
        (
            "https://acme.imgix.net/team/a.jpg?w=200&h=200&fit=crop&auto=format",
            (
                "https://acme.imgix.net/team/a.jpg",
                "https://acme.imgix.net/team/a.jpg?w=200&h=200&fit=crop&auto=format",
            ),
        ),
        # a signed imgix URL cannot be changed without breaking its signature
        ("https://acme.imgix.net/a.jpg?w=200&s=abc", ("https://acme.imgix.net/a.jpg?w=200&s=abc",)),
    ],
)
def test_cdn_urls_lead_to_the_original(url, expected):
    assert upgrade(url) == expected


@pytest.mark.parametrize(
    ("alt", "name"),
    [
        ("Photo of Jane Doe", "Jane Doe"),
        ("Headshot: Jane Doe", "Jane Doe"),
        ("Jane Doe - headshot", "Jane Doe"),
        ("Portrait of Dr. Jane Doe", "Dr. Jane Doe"),
        ("Avatar", None),
        ("...", None),
        ("team member", None),
        ("IMG_2041.JPG", None),
        ("Our team at the offsite", None),
        ("", None),
        (None, None),
    ],
)
def test_alt_text_is_cleaned_and_generic_alts_rejected(alt, name):
    assert clean_alt(alt) == name


def test_slugs_and_ids_are_stable_ascii_and_deduplicated():
    assert slugify("Zoë O'Neil-Smith") == "zoe-oneil-smith"
    assert slugify("李小龙") == "person"
    assert unique_ids(["Sam Lee", "Ann", "Sam Lee", "sam lee", "Sam Lee-2"]) == [
        "sam-lee",
        "ann",
        "sam-lee-2",
        "sam-lee-3",
        "sam-lee-2-2",
    ]
    assert name_from_stem("jane-doe") == "Jane Doe"
    assert name_from_stem("McKay_ann") == "McKay Ann"
    assert names_match("Dr. Jane Doe", "Jane Doe") and not names_match("John Smith", "Joanna Nowak")


def test_content_sniffing_and_decoding(make_photo):
    assert sniff_image(make_photo(0)) == "jpeg"
    assert sniff_image(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>') == "svg"
    assert check_image(make_photo(0), "application/octet-stream") is None
    assert check_image(b"{}", "application/json") == "server sent application/json, not an image"
    assert decode_html("Zoë".encode("cp1252"), "text/html; charset=windows-1252") == "Zoë"
    assert decode_html(b'<meta charset="iso-8859-1">Zo\xeb', None).endswith("Zoë")
    assert decode_html("Zoë".encode(), None) == "Zoë"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "<div class='card'>",
                "</div>",
                "<img src='a.jpg' alt='Photo of Ann Lee'>",
                "<img srcset=', ,x 2x,'>",
                "<picture><source srcset='b.webp 9w'>",
                "<h3>",
                "</h3>",
                "Ann Lee",
                "<noscript><img src=n.jpg></noscript>",
                "<style>.x{background:url(",
                "</style>",
                '<script type=\'application/ld+json\'>{"@type":"Person","name":1}</script>',
                "<a href='?page=2'>2</a>",
                "<figure><figcaption>",
                "\u202eRTL",
                "<br>",
                "&amp;",
                "<div style=\"background-image:url('c.jpg')\">",
                "<table><tr itemscope itemtype='schema.org/Person'>",
                "<img src='http://[zz]/a.jpg'>",
                "<img src='/_next/image?url=http%3A%2F%2F%5Bzz%5D%2Fa.jpg&w=1'>",
                "<a href='http://[::1'>next</a>",
                "<img srcset='http://x:99999/a.jpg 2x'>",
                "<base href='http://[bad'>",
            ]
        ),
        max_size=40,
    ),
    st.text(max_size=60),
)
def test_page_parser_never_crashes_on_random_html(parts, noise):
    scan = scan_page("".join(parts) + noise, "http://team.example/a/")
    for person in scan.people:
        assert person.name and all(
            u.startswith(("http://", "https://", "file:")) for u in person.image_urls
        )


def test_hostile_names_are_kept_as_text_and_deep_nesting_stays_fast():
    import time

    cards = (
        '<div class="c"><img src="a.jpg"><h3>&lt;script&gt;alert(1)&lt;/script&gt;</h3></div>'
        '<div class="c"><img src="b.jpg"><h3>😀🎉</h3></div>'
        f'<div class="c"><img src="c.jpg"><h3>{"A" * 5000}</h3></div>'
        '<div class="c"><img src="d.jpg"><h3>שרה כהן</h3></div>'
        '<figure><img src="o.jpg"><figcaption>Our office in Lisbon</figcaption></figure>'
    )
    people = scan_page(cards, "http://team.example/").people
    names = [p.name for p in people]
    assert names[:2] == ["<script>alert(1)</script>", "😀🎉"]
    assert len(names[2]) == 80 and names[2].endswith("…")
    assert names[3] == "שרה כהן"
    assert len(people) == 4  # the office photo is not a person
    assert all("does not look like" in p.notes[0] for p in people[:3])

    depth = 3000
    html = (
        "<div>x " * depth
        + '<div class="c"><img src="a.jpg"><h3>Ann Lee</h3></div>'
        + "</div>" * depth
    )
    started = time.monotonic()
    assert [p.name for p in scan_page(html, "http://team.example/").people] == ["Ann Lee"]
    assert time.monotonic() - started < 2


def test_table_header_rows_and_contact_lines_are_not_people_or_titles():
    html = """<table><tr><th>Photo</th><th>Name</th><th>Title</th></tr>
    <tr><td><img src="a.jpg"></td><td>Jane Doe</td><td>CTO</td></tr>
    <tr><td><img src="b.jpg"></td><td>John Roe</td><td>CFO</td></tr></table>
    <div class="m"><img src="c.jpg"><h3 class="entry-title">Kim Lee</h3>
    <p>kim@example.org</p></div>"""
    people = scan_page(html, "http://team.example/").people
    assert [(p.name, p.title) for p in people] == [
        ("Jane Doe", "CTO"),
        ("John Roe", "CFO"),
        ("Kim Lee", None),
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_text_helpers_never_crash_and_slugs_stay_ascii(text):
    import re

    for candidate in parse_srcset(text):
        assert candidate.url and not candidate.url.endswith(",")
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slugify(text))
    cleaned = clean_alt(text)
    assert cleaned is None or (0 < len(cleaned) <= 80)
    upgrade("http://team.example/" + text)


def test_photo_less_tiles_count_only_when_named_like_the_photo_cards():
    html = """<div class="grid">
      <div class="card"><img src="a.jpg"><h3>Ann Able</h3><p>CEO</p></div>
      <div class="card"><img src="b.jpg"><h3>Ben Baker</h3><p>CTO</p></div>
      <div class="card"><h3>Cy Cole</h3><p>CFO</p></div>
      <div class="card"><p>Engineering</p><a href="/jobs">Open roles</a></div>
    </div>"""
    people = scan_page(html, "http://team.example/").people
    assert [(p.name, p.image_urls) for p in people] == [
        ("Ann Able", ("http://team.example/a.jpg",)),
        ("Ben Baker", ("http://team.example/b.jpg",)),
        ("Cy Cole", ()),
    ]


def test_name_classes_that_name_something_else_are_ignored():
    html = """<div class="c"><img src="a.jpg"><div class="company-name">Acme</div>
      <h3>Jane Doe</h3><p class="job-title">CEO</p></div>
      <div class="c"><img src="b.jpg"><div class="company-name">Acme</div><h3>Joe Roe</h3></div>"""
    people = scan_page(html, "http://team.example/").people
    assert [(p.name, p.title) for p in people] == [("Jane Doe", "CEO"), ("Joe Roe", None)]


def test_bio_pop_ups_do_not_repeat_people_but_hidden_only_people_stay():
    html = """<div class="team">
      <div class="card"><img src="ann-thumb.jpg"><h3>Ann Able</h3></div>
      <div class="card"><img src="ben-thumb.jpg"><h3>Ben Baker</h3></div>
    </div>
    <div class="modal fade" id="bio-ann"><div class="modal-body">
      <img src="ann-large.jpg"><h3>Ann Able</h3><p>Ann founded the company in 2009.</p></div></div>
    <div class="more-people" style="display: none">
      <div class="card"><img src="cy.jpg"><h3>Cy Cole</h3></div></div>"""
    people = scan_page(html, "http://team.example/").people
    assert [(p.name, p.image_urls[0].rsplit("/", 1)[-1]) for p in people] == [
        ("Ann Able", "ann-thumb.jpg"),
        ("Ben Baker", "ben-thumb.jpg"),
        ("Cy Cole", "cy.jpg"),
    ]


@pytest.mark.parametrize(
    ("policy", "same", "cross", "downgrade"),
    [
        # the browsers' default: full URL to its own origin, the origin elsewhere, none to http
        (DEFAULT_POLICY, "https://team.example/about/people?x=1", "https://team.example/", None),
        ("no-referrer", None, None, None),
        ("origin", "https://team.example/", "https://team.example/", "https://team.example/"),
        ("same-origin", "https://team.example/about/people?x=1", None, None),
        ("strict-origin", "https://team.example/", "https://team.example/", None),
        (
            "no-referrer-when-downgrade",
            "https://team.example/about/people?x=1",
            "https://team.example/about/people?x=1",
            None,
        ),
        (
            "unsafe-url",
            "https://team.example/about/people?x=1",
            "https://team.example/about/people?x=1",
            "https://team.example/about/people?x=1",
        ),
    ],
)
def test_the_referer_follows_the_referrer_policy(policy, same, cross, downgrade):
    referrer = Referrer("https://ann:secret@team.example/about/people?x=1#top", policy)
    assert referrer.header_for("https://TEAM.example:443/img/a.jpg") == same
    assert referrer.header_for("https://cdn.example/a.jpg") == cross
    assert referrer.header_for("http://team.example/a.jpg") == downgrade


def test_a_pages_referrer_policy_is_read_from_its_meta_and_local_sources_send_none():
    def policy(head: str) -> str:
        return page_policy(LexborHTMLParser(f"<html><head>{head}</head><body></body></html>"))

    assert policy("") == DEFAULT_POLICY
    assert policy('<meta name="referrer" content="no-referrer">') == "no-referrer"
    assert policy('<meta name="REFERRER" content=" Origin ">') == "origin"
    assert policy('<meta name="referrer" content="never">') == "no-referrer"  # legacy word
    # an unknown value is ignored; the last valid one wins
    two = '<meta name="referrer" content="origin"><meta name="referrer" content="bogus">'
    assert policy(two) == "origin"
    assert Referrer("/home/me/team.csv").header_for("https://team.example/a.jpg") is None
    assert Referrer("http://[::1]:8080/t").header_for("http://[::1]:8080/a.jpg") == (
        "http://[::1]:8080/t"
    )
