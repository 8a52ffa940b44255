"""Portraits drawn in inline SVG (`<svg><image href>` clipped to a circle) are photos."""

from __future__ import annotations

from auditor.crawl.page import scan_page

BASE = "http://127.0.0.1/team/"


def _portrait(href_attr: str, path: str, label: str, hidden: bool = False) -> str:
    aria = ' aria-hidden="true"' if hidden else ' role="img"'
    return (
        f'<svg viewBox="0 0 200 200"{aria}><title>{label}</title><defs><clipPath id="c">'
        '<circle cx="100" cy="100" r="96"/></clipPath></defs>'
        f'<image {href_attr}="{path}" width="200" height="200" clip-path="url(#c)"/></svg>'
    )


def _people(html: str) -> list[tuple[str, str | None, str | None]]:
    return [
        (p.name, p.title, p.image_urls[0] if p.image_urls else None)
        for p in scan_page(html, BASE).people
    ]


def test_svg_images_are_the_cards_photos_with_href_or_xlink_href():
    cards = "".join(
        f'<li class="person">{_portrait(attr, f"/p/{slug}.jpg", f"Portrait of {name}")}'
        f"<h3>{name}</h3><p>{role}</p></li>"
        for attr, slug, name, role in [
            ("href", "ana", "Ana Lima", "Founder"),
            ("xlink:href", "ben", "Ben Okoro", "Designer"),
            ("href", "cleo", "Cleo Vance", "Studio Manager"),
        ]
    )
    assert _people(f'<h2>Our team</h2><ul class="people">{cards}</ul>') == [
        ("Ana Lima", "Founder", "http://127.0.0.1/p/ana.jpg"),
        ("Ben Okoro", "Designer", "http://127.0.0.1/p/ben.jpg"),
        ("Cleo Vance", "Studio Manager", "http://127.0.0.1/p/cleo.jpg"),
    ]


def test_an_svg_photo_without_a_visible_name_is_named_by_the_svgs_title():
    card = f'<div class="member">{_portrait("href", "/p/dev.jpg", "Dev Okafor")}</div>'
    assert _people(f"<h2>Our team</h2>{card}") == [
        ("Dev Okafor", None, "http://127.0.0.1/p/dev.jpg")
    ]


def test_an_svg_hidden_from_assistive_technology_is_decoration():
    blob = _portrait("href", "/img/studio-wide.jpg", "", hidden=True)
    html = f"<section><h2>Ana Lima</h2><p>Founder</p>{blob}</section>"
    assert _people(html) == []
