"""Find the people on one HTML page: person cards, their best photo URL, name and job title.

How a page is read (each step is evidence, not a guess from file names):

1. Structured data is read first (JSON-LD, `__NEXT_DATA__`), then `<noscript>` fallbacks are
   merged into the lazy `<img>` they shadow and stylesheet background images are attached to
   the elements their selectors match.
2. Photo candidates: `<img>`/`<picture>` and elements with a CSS background image, minus
   decorative ones: inside header/nav/footer, tiny (explicit size <= 48 px), banner-shaped,
   1x1/`data:` placeholders, or a background that wraps the page heading.
3. A card is the largest ancestor of a photo that holds no other photo. The name is the
   nearest visible name text (name-classed element, heading, figcaption, strong text, a bare
   text node), then `aria-label`, JSON-LD, cleaned alt text. A card without a usable name is
   not a person.
4. Siblings shaped like a card (same tag and classes) but without a photo are people with no
   photo; JSON-LD/microdata people not seen in a card are added after the cards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from auditor.crawl import cdn
from auditor.crawl.cards import (
    Card,
    aria_name,
    find_cards,
    job_title,
    nearest_name,
    odd_name,
    shape,
    sibling_name,
)
from auditor.crawl.dom import absolute_url, base_url
from auditor.crawl.links import discovery_links, looks_like_app_shell, pagination_links
from auditor.crawl.naming import clean_alt, clean_text, names_match
from auditor.crawl.photos import apply_stylesheets, find_photos, linked_stylesheets, merge_noscript
from auditor.crawl.structured import (
    DataPerson,
    json_ld_people,
    microdata_person,
    next_data_people,
)

# The "shape" of a name read from a bare text node rather than an element.
_TEXT_SHAPE = ("#text", ())

__all__ = ["FoundPerson", "PageScan", "check_nesting", "linked_stylesheets", "scan_page"]

# Real pages nest a few dozen levels; browsers flatten beyond 512. Deeper is hostile or broken.
MAX_NESTING = 5_000
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
# Tags that do not nest for this count: void elements, and those whose end tag is optional
# (a long list of <li> or <p> without end tags is ordinary HTML, not deep nesting).
_FLAT = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "option",
        "optgroup",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "rt",
        "rp",
    ]
)

# An alt text shared by at least this many cards on one page says nothing about anyone.
SHARED_ALT_MIN = 3


@dataclass(frozen=True)
class FoundPerson:
    """A person found on a page; `image_urls` are absolute, best first (empty: no photo)."""

    name: str
    title: str | None = None
    image_urls: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass
class PageScan:
    """Everything one page tells the crawler: people, further pages, and why it may be empty."""

    people: list[FoundPerson] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)
    discover_links: list[str] = field(default_factory=list)
    needs_javascript: bool = False


def _resolve_data_people(people: list[DataPerson], base: str) -> dict[str, DataPerson]:
    out = {}
    for person in people:
        url = absolute_url(base, person.image) if person.image else None
        if url:
            out[url] = person
    return out


def _is_hidden(card: Card) -> bool:
    return card.photo is not None and card.photo.hidden


def _person_from_card(
    card: Card,
    by_image: dict[str, DataPerson],
    shared_alts: set[str],
    photo_ids: set[int],
    name_shapes: set[tuple[str, tuple[str, ...]]],
) -> FoundPerson | None:
    """The person a card shows, or None when it names nobody.

    `name_shapes` collects the shapes of the elements photo cards took their names from; a
    card without a photo counts only when its name sits in an element of such a shape (a
    "Join us" tile beside the cards is not a person).
    """
    notes: list[str] = []
    name, name_node = nearest_name(card)
    name_shape = shape(name_node) if name_node is not None else _TEXT_SHAPE
    if card.photo is None:
        if name is None or name_shape not in name_shapes:
            return None
    elif name is not None:
        name_shapes.add(name_shape)
    photo = card.photo
    flat_title = None
    if name is None and photo is not None:
        name, flat_title = sibling_name(card, photo_ids)
    alt_name = None
    if photo is not None and photo.alt is not None and clean_text(photo.alt) not in shared_alts:
        alt_name = clean_alt(photo.alt)
    data = by_image.get(photo.url) if photo is not None else None
    if card.node.attributes.get("itemscope") is not None:
        micro = microdata_person(card.node)
        if micro is not None and name is None:
            name = micro.name
    if name is None:
        name = aria_name(card.node)
    if name is None and data is not None:
        name = data.name
    if name is None and alt_name is not None:
        name = alt_name
        notes.append("Name taken from the photo's alt text (no visible name on the card).")
    if name is None and photo is not None:
        name = odd_name(card.node)
        if name is not None:
            notes.append("The name on the card does not look like a person's name; shown as is.")
    if name is None:
        return None
    if alt_name and not names_match(alt_name, name):
        notes.append(f'The photo\'s alt text ("{alt_name}") does not match the visible name.')
    title = flat_title or job_title(card.node, name, name_node)
    if title is None and data is not None:
        title = data.title
    urls: tuple[str, ...] = ()
    if photo is not None:
        found = (*(cdn.upgrade(photo.larger) if photo.larger else ()), *cdn.upgrade(photo.url))
        urls = tuple(dict.fromkeys(found))
    return FoundPerson(name=name, title=title, image_urls=urls, notes=tuple(notes))


def check_nesting(html: str, limit: int = MAX_NESTING) -> None:
    """Refuse markup nested deeper than any real page (walking it would take minutes).

    One linear pass over the tags; void elements and self-closing tags do not nest.
    """
    depth = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            depth = max(0, depth - 1)
        elif name not in _FLAT and not self_closing:
            depth += 1
            if depth > limit:
                raise ValueError(
                    f"the page's markup is nested more than {limit:,} levels deep "
                    "(a broken or hostile page)"
                )


def scan_page(html: str, url: str, css: dict[str, str] | None = None) -> PageScan:
    """People, pagination links and discovery links of one HTML page at `url`."""
    check_nesting(html)
    tree = LexborHTMLParser(html)
    base = base_url(tree, url)
    ld_people = json_ld_people(tree)
    app_people = next_data_people(tree)
    by_image = _resolve_data_people(ld_people + app_people, base)
    app_shell = looks_like_app_shell(tree)
    merge_noscript(tree)
    apply_stylesheets(tree, base, css or {})
    photos = find_photos(tree, base)
    photo_ids = {p.node.mem_id for p in photos}
    order = {}
    if tree.body is not None:
        for index, node in enumerate(tree.body.traverse()):
            order[node.mem_id] = index
    cards = find_cards(photos, order)
    alts = [clean_text(c.photo.alt) for c in cards if c.photo is not None and c.photo.alt]
    shared_alts = {a for a in alts if alts.count(a) >= SHARED_ALT_MIN}
    name_shapes: set[tuple[str, tuple[str, ...]]] = set()
    found: dict[int, FoundPerson] = {}
    # photo cards first: they teach which elements hold names in this page's cards
    for index, card in sorted(enumerate(cards), key=lambda item: item[1].photo is None):
        person = _person_from_card(card, by_image, shared_alts, photo_ids, name_shapes)
        if person is not None:
            found[index] = person
    # a bio pop-up repeats a visible card: keep the card, drop the hidden repeat
    visible = {p.name.casefold() for i, p in found.items() if not _is_hidden(cards[i])}
    people = [
        found[i]
        for i in sorted(found)
        if not (_is_hidden(cards[i]) and found[i].name.casefold() in visible)
    ]
    # microdata people whose card had no photo candidate
    known = {p.name.casefold() for p in people}
    known_urls = {u for p in people for u in p.image_urls}
    for item in tree.css('[itemscope][itemtype*="schema.org/Person"]'):
        micro = microdata_person(item)
        if micro is None or micro.name.casefold() in known:
            continue
        image = absolute_url(base, micro.image) if micro.image else None
        people.append(
            FoundPerson(
                name=micro.name,
                title=micro.title,
                image_urls=cdn.upgrade(image) if image else (),
            )
        )
        known.add(micro.name.casefold())
    for data in ld_people + (app_people if not people else []):
        image = absolute_url(base, data.image) if data.image else None
        if data.name.casefold() in known or (image and image in known_urls):
            continue
        people.append(
            FoundPerson(
                name=data.name,
                title=data.title,
                image_urls=cdn.upgrade(image) if image else (),
                notes=("Found in the page's structured data, not in a visible card.",),
            )
        )
        known.add(data.name.casefold())
    return PageScan(
        people=people,
        next_pages=pagination_links(tree, base, url),
        discover_links=discovery_links(tree, base, url),
        needs_javascript=not people and app_shell,
    )
