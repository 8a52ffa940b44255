"""Name rules added after blind batch 3 (session 31): names split over abutting spans,
portraits whose alt text names only a social network, surnames that are role words. Each
test is the few elements of real markup that carry the rule."""

from __future__ import annotations

from auditor.crawl.page import scan_page

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
