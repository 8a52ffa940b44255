"""Find the people on one HTML page: candidates from the markup, judged, then assembled.

How a page is read:

1. Structured data is read first (JSON-LD, `__NEXT_DATA__`, `window.__NUXT__`), then
   `<noscript>` fallbacks are merged into the lazy `<img>` they shadow and stylesheet
   background images are attached to the elements their selectors match.
2. Photo candidates: `<img>`/`<picture>` and elements with a CSS background image, minus
   decorative ones (photos.py).
3. Candidates: a card is the largest ancestor of a photo that holds no other photo; its name
   is the nearest visible name text, then `aria-label`, JSON-LD, cleaned alt text (cards.py).
   Siblings shaped like a card but without a photo, rosters (rosters.py), microdata and
   JSON-LD people are candidates too; `crawl.person_selector` replaces all of this.
4. The judge (judge.py) decides for each candidate: a person, or left out with a reason.
   People keep page order (structured-data-only people last); a roster or data entry that
   repeats a card is listed once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from auditor.crawl import cdn
from auditor.crawl.cards import (
    Card,
    aria_name,
    find_cards,
    job_title,
    name_from_bio,
    nearest_name,
    odd_name,
    shape,
    sibling_name,
)
from auditor.crawl.context import Section, SectionKind, kind_of, section_words
from auditor.crawl.dom import (
    absolute_url,
    ancestors,
    base_url,
    classes,
    text_chunks,
    text_of,
    unwrap_caption_buttons,
)
from auditor.crawl.judge import Candidate, Origin, Verdict, judge_candidates, shown_text
from auditor.crawl.links import discovery_links, looks_like_app_shell, pagination_links
from auditor.crawl.name_evidence import (
    NameLevel,
    field_line,
    is_degree,
    is_placeholder_role,
    is_role_text,
    read_name,
    split_degrees,
)
from auditor.crawl.naming import MAX_NAME_CHARS, clean_alt, clean_text, names_match
from auditor.crawl.photoless import photoless_cards
from auditor.crawl.photos import (
    Photo,
    apply_stylesheets,
    find_photos,
    hover_twins,
    linked_stylesheets,
    merge_noscript,
    shared_overlays,
)
from auditor.crawl.referrer import DEFAULT_POLICY, element_policy, page_policy
from auditor.crawl.rosters import listed_people, parse_roster_item, roster_candidates
from auditor.crawl.structured import (
    DataPerson,
    json_ld_people,
    microdata_person,
    next_data_people,
    nuxt_data_people,
    nuxt_people,
)

# The "shape" of a name read from a bare text node rather than an element.
_TEXT_SHAPE = ("#text", ())

__all__ = [
    "FoundPerson",
    "LeftOut",
    "PageScan",
    "check_nesting",
    "linked_stylesheets",
    "scan_page",
]

# Real pages nest a few dozen levels; browsers flatten beyond 512. Deeper is hostile or broken.
MAX_NESTING = 5_000
# Cards of one grid whose names close with the same job word before it counts as their role,
# and the fewest words such a name has (a full name and the job word).
MIN_SHARED_ROLE_CARDS = 3
MIN_NAME_WITH_ROLE_WORDS = 3
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
# Left-out candidates a page with no people names in its note, closest first.
NOTE_CANDIDATES = 3
# microdata `itemprop`s under which a Person describes the page rather than the team.
_METADATA_PROPS = frozenset({"author", "publisher", "creator", "editor", "contributor"})


@dataclass(frozen=True)
class FoundPerson:
    """A person found on a page; `image_urls` are absolute, best first (empty: no photo)."""

    name: str
    title: str | None = None
    image_urls: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    referrer_policy: str | None = None  # its <img referrerpolicy>; None: the page's


@dataclass(frozen=True)
class LeftOut:
    """A candidate the judge did not take for a team member, and why."""

    text: str
    image_url: str | None
    reason: str


@dataclass
class PageScan:
    """Everything one page tells the crawler: people, further pages, and why it may be empty."""

    people: list[FoundPerson] = field(default_factory=list)
    excluded: list[LeftOut] = field(default_factory=list)
    note: str | None = None  # set when candidates exist but none is a person
    next_pages: list[str] = field(default_factory=list)
    discover_links: list[str] = field(default_factory=list)
    needs_javascript: bool = False
    referrer_policy: str = DEFAULT_POLICY  # what its photo requests may tell (referrer.py)


def _resolve_data_people(people: list[DataPerson], base: str) -> dict[str, DataPerson]:
    out = {}
    for person in people:
        url = absolute_url(base, person.image) if person.image else None
        if url and not person.page_metadata:
            out[url] = person
    return out


def _card_text(card: Card) -> str:
    """What a nameless card shows, for the "left out" list (first line, or the alt text)."""
    for _, text in text_chunks(card.node):
        return text[:MAX_NAME_CHARS]
    if card.photo is not None and card.photo.alt:
        return clean_text(card.photo.alt)[:MAX_NAME_CHARS]
    return ""


def _urls(photo: Photo | None) -> tuple[str, ...]:
    if photo is None:
        return ()
    found = (*(cdn.upgrade(photo.larger) if photo.larger else ()), *cdn.upgrade(photo.url))
    return tuple(dict.fromkeys(found))


def _candidate_from_card(
    card: Card,
    by_image: dict[str, DataPerson],
    shared_alts: set[str],
    photo_ids: set[int],
    name_shapes: set[tuple[str, tuple[str, ...]]],
) -> Candidate | None:
    """The candidate a card offers (its name may be missing), or None for an unnamed tile.

    `name_shapes` collects the shapes of the elements photo cards took their names from; a
    card without a photo is a candidate only when it has a name, and is refused when that
    name sits in an element of another shape (a "Join us" tile beside the cards).
    """
    notes: list[str] = []
    name, name_node = nearest_name(card)
    name_shape = shape(name_node) if name_node is not None else _TEXT_SHAPE
    photo = card.photo
    group = (card.node.parent.mem_id, shape(card.node)) if card.node.parent else None
    base = Candidate(
        text=None,
        origin=Origin.CARD if photo is not None else Origin.TILE,
        node=card.node,
        photo=photo,
        order=card.order,
        group=group,
        image_urls=_urls(photo),
    )
    if photo is None:
        if name is None:
            return None
        base.text = name
        base.title = _role_of(card, name, name_node)
        if name_shape not in name_shapes and not card.names_itself:
            base.refused = "a tile beside the cards whose name is not where theirs are"
        return base
    if name is not None:
        name_shapes.add(name_shape)
        base.name_slot = name_node is not None and "name" in section_words(
            " ".join(classes(name_node))
        )
    flat_title = None
    if name is None and card.node.tag != "figure":  # a figure is whole: never its neighbours
        name, flat_title = sibling_name(card, photo_ids)
    alt_name = None
    if photo.alt is not None and clean_text(photo.alt) not in shared_alts:
        alt_name = clean_alt(photo.alt)
    data = by_image.get(photo.url)
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
        base.named_by_alt = True
        notes.append("Name taken from the photo's alt text (no visible name on the card).")
    if name is None:
        name = odd_name(card.node)
        base.shown_as_is = name is not None
        if name is not None:
            notes.append("The name on the card does not look like a person's name; shown as is.")
    if name is None:
        base.fallback_text = _card_text(card)
        return base
    split = _split_by_alt(name, alt_name)
    if split is not None:
        name, flat_title = split  # "Lucas Dubois - Kinésithérapeute" under alt "Lucas Dubois"
    if alt_name and not names_match(alt_name, name):
        notes.append(f'The photo\'s alt text ("{alt_name}") does not match the visible name.')
    if is_role_text(name) and read_name(name).level is NameLevel.NOT_NAME:
        # a card titled by the job ("Executive Chef"): the bio below names the person
        bio_name = name_from_bio(card.node, name)
        if bio_name:
            flat_title, name = name, bio_name
            notes.append(
                "Name taken from the first words of the bio; the card's heading is the role."
            )
    title = flat_title or _role_of(card, name, name_node)
    if title is None and data is not None:
        title = data.title
    named = _named_in_role_line(name, title)
    if named is not None:
        name, title = named
        notes.append("Name taken from the role line; the card's heading is its unit.")
    base.text, base.title, base.notes = name, _no_self_role(title, name), tuple(notes)
    base.core = _core(photo.node, name_node, card.node)
    return base


_SPACED_DASH = re.compile(r"\s+[-–—]\s+")


def _split_by_alt(text: str, alt_name: str | None) -> tuple[str, str] | None:
    """A heading of a name, a dash and one word the lexicon may not know as a job
    ("Lucas Dubois - Kinésithérapeute"): the photo's alt text spelling exactly the part
    before the dash says where the name ends (a one-word tail may else be a surname)."""
    if not alt_name:
        return None
    parts = _SPACED_DASH.split(text, maxsplit=1)
    if len(parts) != 2 or not parts[1].strip():
        return None
    head, tail = parts[0].strip(), parts[1].strip()
    if clean_text(alt_name).casefold() != head.casefold():
        return None
    return head, tail


def _named_in_role_line(heading: str, title: str | None) -> tuple[str, str] | None:
    """A unit's card that names its person in a labelled line ("khoa siêu âm" over "BS phụ
    trách: Lưu Minh Phúc", "Labor" over "Leitung: Dr. Anna Weber"): the person is the one
    in the line, and the label and the unit are their role. Only when the heading reads as
    no name itself and the label is one person's post."""
    if title is None or read_name(heading).level is NameLevel.NAME:
        return None
    people = parse_roster_item(title)
    if len(people) != 1 or people[0][1] is None:
        return None
    name, post = people[0]
    if names_match(name, heading):
        return None
    unit = heading if read_name(heading).level is NameLevel.WEAK else None
    return name, f"{post}, {unit}" if unit else post


def _core(photo: LexborNode, name_node: LexborNode | None, card: LexborNode) -> LexborNode:
    """The smallest element holding a card's photo and its name: on a page with one photo the
    card reaches far up, but only this part is about the person."""
    if name_node is None:
        return card
    around_name = {a.mem_id for a in ancestors(name_node)}
    for ancestor in ancestors(photo):
        if ancestor.mem_id in around_name:
            return ancestor
        if ancestor.mem_id == card.mem_id:
            break
    return card


def _role_of(card: Card, name: str, name_node: LexborNode | None) -> str | None:
    return _no_self_role(job_title(card.node, name, name_node), name)


def _no_self_role(title: str | None, name: str) -> str | None:
    """A role that repeats the name, is only a degree or a template's unfilled slot
    ("Position"), is no role."""
    field = field_line(title) if title is not None else None
    if field is not None:
        title = field[1] if field[0] else None  # "Position: CEO" is "CEO"; "E-Mail: ..." none
    if title is None or is_placeholder_role(title):
        return None
    bare, _ = split_degrees(name)
    if title.casefold() in (name.casefold(), bare.casefold()):
        return None
    if all(is_degree(w) for w in title.replace(",", " ").split()):
        return None
    return title


def _selected_candidates(
    tree: LexborHTMLParser, selector: str, photos: list[Photo], order: dict[int, int]
) -> list[Candidate]:
    """crawl.person_selector: each matching element is one person card, whatever it shows."""
    by_node = {p.node.mem_id: p for p in photos}
    out = []
    for node in tree.css(selector):
        photo = next((by_node[d.mem_id] for d in node.traverse() if d.mem_id in by_node), None)
        card = Card(node=node, photo=photo, order=order.get(node.mem_id, 0))
        name, name_node = nearest_name(card)
        if name is None and photo is not None:
            name = aria_name(node) or clean_alt(photo.alt)
        out.append(
            Candidate(
                text=name,
                origin=Origin.SELECTOR,
                title=_role_of(card, name, name_node) if name else None,
                node=node,
                photo=photo,
                order=card.order,
                image_urls=_urls(photo),
                fallback_text=_card_text(card),
            )
        )
    return out


def _mark_excluded(tree: LexborHTMLParser, selector: str) -> set[int]:
    """The ids of every node inside an element matching crawl.exclude_selector."""
    covered: set[int] = set()
    for node in tree.css(selector):
        covered.update(child.mem_id for child in node.traverse())
    return covered


def _page_is_team(tree: LexborHTMLParser, candidates: list[Candidate]) -> bool:
    """Whether the page as a whole is about people: its title or heading says so, or it
    already shows at least two named photo cards."""
    for node in tree.css("title, h1"):
        if kind_of(text_of(node)) is SectionKind.TEAM:
            return True
    named = [c for c in candidates if c.photo is not None and c.text]
    return sum(1 for c in named if read_name(c.text).level is NameLevel.NAME) >= 2


def _photo_cards_show_people(candidates: list[Candidate]) -> bool:
    """Whether the page's photo cards show its people. App state (`__NEXT_DATA__`, Nuxt's
    payload) repeats what a server-rendered page shows, and often more (every author of the
    CMS): it is read only when no photo card is a person, as on a page that renders its team
    in the browser and shows only testimonials or logos in its HTML."""
    if not any(c.photo for c in candidates):
        return False
    verdicts = judge_candidates(candidates)
    judged = zip(candidates, verdicts, strict=True)
    return any(v is not None and v.person and c.photo for c, v in judged)


def _structured_candidates(
    tree: LexborHTMLParser, ld_people: list[DataPerson], app_people: list[DataPerson], base: str
) -> list[Candidate]:
    """Microdata and JSON-LD/app people, to be kept when no card showed them."""
    out = []
    for item in tree.css('[itemscope][itemtype*="schema.org/Person"]'):
        micro = microdata_person(item)
        if micro is None:
            continue
        image = absolute_url(base, micro.image) if micro.image else None
        out.append(
            Candidate(
                text=micro.name,
                origin=Origin.MICRODATA,
                title=_no_self_role(micro.title, micro.name),
                image_urls=cdn.upgrade(image) if image else (),
                node=item,
                page_metadata=item.attributes.get("itemprop")
                if item.attributes.get("itemprop") in _METADATA_PROPS
                else None,
            )
        )
    for data in ld_people + app_people:
        image = absolute_url(base, data.image) if data.image else None
        kind = kind_of(data.found_under)
        out.append(
            Candidate(
                text=data.name,
                origin=Origin.STRUCTURED,
                title=_no_self_role(data.title, data.name),
                image_urls=cdn.upgrade(image) if image else (),
                notes=("Found in the page's structured data, not in a visible card.",),
                page_metadata=data.page_metadata,
                section=Section(kind, data.found_under) if kind is not None else None,
            )
        )
    return out


def _no_people_note(excluded: list[tuple[Candidate, Verdict]]) -> str:
    """What a page with candidates but no people says: the closest ones and why not."""
    best = sorted(excluded, key=lambda item: -item[1].score)[:NOTE_CANDIDATES]
    listed = "; ".join(f'"{shown_text(c)[:50]}" ({v.reason})' for c, v in best)
    return (
        f"No team members found among {len(excluded)} candidates on this page. "
        f"Closest: {listed}. If these are people, set crawl.person_selector to their cards "
        "(see docs/crawling.md)."
    )


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


def scan_page(
    html: str,
    url: str,
    css: dict[str, str] | None = None,
    *,
    person_selector: str = "",
    exclude_selector: str = "",
) -> PageScan:
    """People, left-out candidates, pagination and discovery links of one HTML page at `url`.

    `person_selector` / `exclude_selector` are the config's CSS overrides: when set, each
    element matching the first is a person card, and nothing inside the second is a person.
    """
    check_nesting(html)
    tree = LexborHTMLParser(html)
    base = base_url(tree, url)
    ld_people = json_ld_people(tree)
    app_people = next_data_people(tree) + nuxt_people(tree) + nuxt_data_people(tree)
    by_image = _resolve_data_people(ld_people + app_people, base)
    app_shell = looks_like_app_shell(tree)
    merge_noscript(tree)
    unwrap_caption_buttons(tree)
    apply_stylesheets(tree, base, css or {})
    photos = find_photos(tree, base)
    order = {}
    if tree.body is not None:
        for index, node in enumerate(tree.body.traverse()):
            order[node.mem_id] = index
    candidates = _page_candidates(tree, photos, order, by_image, person_selector)
    if not person_selector:
        # a list inside a person's card is theirs (a bio's list), not a roster; inside a card
        # that is no person (a heading over a chart, "Le bureau") it may well be the team's
        group_photos = _refuse_group_photos(candidates)
        judged = zip(candidates, judge_candidates(candidates), strict=True)
        card_ids = {
            (c.core or c.node).mem_id
            for c, v in judged
            if c.node is not None
            and id(c) not in group_photos
            and (v is None or v.person or (v.decisive and not v.label_only))
        }
        candidates += roster_candidates(
            tree, cards=card_ids, order=order, page_is_team=_page_is_team(tree, candidates)
        )
    candidates.sort(key=lambda c: c.order)
    if not person_selector:
        shown = app_people and _photo_cards_show_people(candidates)
        candidates += _structured_candidates(tree, ld_people, [] if shown else app_people, base)
    if exclude_selector:
        covered = _mark_excluded(tree, exclude_selector)
        for candidate in candidates:
            if candidate.node is not None and candidate.node.mem_id in covered:
                candidate.refused = f"inside crawl.exclude_selector ({exclude_selector})"
                candidate.own_verdict = None  # judged again with the refusal
    people, excluded = _assemble(candidates, judge_candidates(candidates))
    note = _no_people_note(excluded) if excluded and not people else None
    return PageScan(
        people=people,
        excluded=[
            LeftOut(
                text=shown_text(c),
                image_url=c.image_urls[-1] if c.image_urls else None,
                reason=v.reason,
            )
            for c, v in excluded
        ],
        note=note,
        next_pages=pagination_links(tree, base, url),
        discover_links=discovery_links(tree, base, url),
        needs_javascript=not people and app_shell,
        referrer_policy=page_policy(tree),
    )


# People listed line by line beside one photo that make it a group photo: three, as a card's
# two lines are its person's name and a job title the lexicon may not know ("ARTIST /
# SCULPTRESS", "TECH ELECTRONICS" read as names).
MIN_GROUP_LISTED = 3


def _refuse_group_photos(candidates: list[Candidate]) -> set[int]:
    """Photo cards whose text lists several people line by line: one photo of them all,
    no one's headshot; the list is read as a roster (ids of the refused candidates)."""
    refused = set()
    for candidate in candidates:
        if candidate.photo is None or candidate.node is None or candidate.refused:
            continue
        count = listed_people(candidate.core or candidate.node)
        if count >= MIN_GROUP_LISTED:
            candidate.refused = f"one photo beside a list of {count} names: a group photo"
            refused.add(id(candidate))
    return refused


def _page_candidates(
    tree: LexborHTMLParser,
    photos: list[Photo],
    order: dict[int, int],
    by_image: dict[str, DataPerson],
    person_selector: str,
) -> list[Candidate]:
    """Candidates from cards around photos (or from crawl.person_selector, which wins)."""
    if person_selector:
        return _selected_candidates(tree, person_selector, photos, order)
    photo_ids = {p.node.mem_id for p in photos}
    twins = hover_twins(photos) | shared_overlays(photos)
    cards = find_cards([p for p in photos if p.node.mem_id not in twins], order)
    taken = {c.node.mem_id for c in cards}
    cards += photoless_cards(tree, taken, photo_ids, order)
    alts = [clean_text(c.photo.alt) for c in cards if c.photo is not None and c.photo.alt]
    shared_alts = {a for a in alts if alts.count(a) >= SHARED_ALT_MIN}
    name_shapes: set[tuple[str, tuple[str, ...]]] = set()
    found: list[Candidate] = []
    # photo cards first: they teach which elements hold names in this page's cards
    for card in sorted(cards, key=lambda c: c.photo is None):
        candidate = _candidate_from_card(card, by_image, shared_alts, photo_ids, name_shapes)
        if candidate is not None:
            found.append(candidate)
    _shared_trailing_roles(found)
    # a photo-less name card repeating a photo card's person (a text copy) is not another one
    pictured = {(c.text or "").casefold() for c in found if c.photo is not None}
    named_cards = {id(c.node) for c in cards if c.names_itself}
    return [c for c in found if id(c.node) not in named_cards or c.text.casefold() not in pictured]


def _shared_trailing_roles(candidates: list[Candidate]) -> None:
    """One job word closing the names of several cards of one grid ("Av. Özlem Demir
    Avukat", "Av. Gökhan Kaymaz Avukat"): their role, set on the name's line. Alone it may
    be a surname ("Thomas Leiter"), and two of a family firm may share one; three cards of
    a grid ending in it is the role."""
    groups: dict[tuple[object, str], list[Candidate]] = {}
    for candidate in candidates:
        words = (candidate.text or "").split()
        if candidate.title is None and len(words) >= MIN_NAME_WITH_ROLE_WORDS:
            # cards of one shape: each card may sit in a column wrapper of its own
            kind = candidate.group[1] if candidate.group else None
            groups.setdefault((kind, words[-1].casefold()), []).append(candidate)
    for (_, last), members in groups.items():
        if len(members) < MIN_SHARED_ROLE_CARDS or not is_role_text(last):
            continue
        for candidate in members:
            head, role = candidate.text.rsplit(maxsplit=1)
            if read_name(head).level is NameLevel.NAME:
                candidate.text, candidate.title = head, role


def _assemble(
    candidates: list[Candidate], verdicts: list[Verdict | None]
) -> tuple[list[FoundPerson], list[tuple[Candidate, Verdict]]]:
    """People in page order (structured-only ones last), and the left-out candidates.

    A roster or structured-data entry whose name (or photo URL) a card already showed is not
    listed again, either way; nor is a card that repeats an earlier one's name and photo (a
    "Founder" or "Ambassadors" section showing people of the team grid again).
    """
    people: list[FoundPerson] = []
    excluded: list[tuple[Candidate, Verdict]] = []
    known: set[str] = set()
    known_urls: set[str] = set()
    shown: set[tuple[str, str | None]] = set()
    left_names: set[str] = set()
    listed: set[tuple[str, str]] = set()  # (name, photo URL) of the people listed
    for candidate, verdict in zip(candidates, verdicts, strict=True):
        if verdict is None:
            continue
        key = (candidate.text or "").casefold()
        structured = candidate.origin in (Origin.MICRODATA, Origin.STRUCTURED)
        # two cards may show two people of one name; a list or data repeat of a card may not
        if key and key in known and (structured or candidate.origin is Origin.ROSTER):
            continue
        if structured and key and key in left_names and not verdict.person:
            continue  # the data copy of a card already left out (a testimonial's)
        if structured and candidate.image_urls and candidate.image_urls[-1] in known_urls:
            continue
        photo = candidate.image_urls[-1] if candidate.image_urls else None
        if verdict.person and photo and (key, photo) in listed:
            continue  # the same card again: one person, one photo
        if verdict.person and candidate.text:
            people.append(
                FoundPerson(
                    name=candidate.text,
                    title=candidate.title,
                    image_urls=candidate.image_urls,
                    notes=candidate.notes,
                    referrer_policy=(
                        element_policy(candidate.photo.node) if candidate.photo else None
                    ),
                )
            )
            known.add(key)
            known_urls.update(candidate.image_urls)
            if photo:
                listed.add((key, photo))
            continue
        left = (
            shown_text(candidate).casefold(),
            candidate.image_urls[-1] if candidate.image_urls else None,
        )
        if left not in shown:
            shown.add(left)
            left_names.add(key)
            excluded.append((candidate, verdict))
    return people, excluded
