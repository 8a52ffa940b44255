"""Cards of a team that shows no photos at all: a lab's or a board's grid of name cards.

Photo cards are found around photos (`cards.find_cards`), and a photo-less card beside them
by their shape. A team whose cards all lack a photo (a grey box with initials, an emoji, a
text badge) has no photo to start from, so its people were dropped without a word. Here a
card is an element whose tag and classes repeat on the page (or a class-less one with a
heading of its own), that holds no photo, is short, is titled by a heading that reads as a
full name over a job title or a short line (the subjects a teacher teaches), and sits in a
team section (the innermost of nested wrappers). Such cards go on to the judge like
any photo-less card; the report lists their people as "no photo".
"""

from __future__ import annotations

from collections import defaultdict

from selectolax.lexbor import LexborHTMLParser, LexborNode

from auditor.crawl.cards import Card, job_title, shape
from auditor.crawl.context import SectionKind, section_of
from auditor.crawl.dom import NON_TEXT_TAGS, ancestors, classes, text_of
from auditor.crawl.name_evidence import NameLevel, is_role_text, read_name
from auditor.crawl.photos import carousel_clone

__all__ = ["photoless_cards"]

_CARD_TAGS = frozenset({"article", "div", "li", "section"})
# A card names one person in a few lines: longer is a bio page, a post or a section.
MAX_CARD_CHARS = 600
MIN_REPEATS = 2  # cards of one shape on the page
# Most words of the line under a name that is no job title the lexicon knows ("język
# polski", "Biology, Chemistry"): longer is a sentence of a bio.
MAX_LINE_WORDS = 6
MAX_ITEM_WORDS = 4  # words of one item of a comma-separated line
_HEADINGS = "h2, h3, h4, h5, h6"
_HEADING_TAGS = frozenset(_HEADINGS.split(", "))
OWN_HEADING_DEPTH = 3  # <article> <ul> <li> <h3>
_LINE_TAGS = frozenset({"ul", "ol", "li", "div", "header", "hgroup"})


def photoless_cards(
    tree: LexborHTMLParser, taken: set[int], photo_ids: set[int], order: dict[int, int]
) -> list[Card]:
    """Name cards without photos in the page's team sections (`taken`: the photo cards; a
    lone photo's card reaches far up, so a name card may sit inside one)."""
    if tree.body is None:
        return []
    by_shape: dict[tuple, list[LexborNode]] = defaultdict(list)
    for node in tree.body.traverse():
        if not node.is_element_node or node.tag not in _CARD_TAGS:
            continue
        # class-less cards too, when a heading is their own ("<div><h6>Mgr Anna Nowak</h6>
        # język polski</div>", "<article><ul><li><h3>name</h3></li><li>post</li>"):
        # wrappers' nesting is not gone through again
        if classes(node) or _own_heading(node):
            by_shape[shape(node)].append(node)
    kept: list[LexborNode] = []
    for nodes in by_shape.values():
        if len(nodes) < MIN_REPEATS:
            continue
        cards = [node for node in nodes if _name_card(node, taken, photo_ids)]
        kept += _in_team_sections(cards)
    ids = {node.mem_id for node in kept}
    return [
        Card(node=node, photo=None, order=order.get(node.mem_id, 0), names_itself=True)
        for node in kept
        # nested wrappers around one card (a column, a box, its header): the innermost is it
        if not any(d.mem_id in ids for d in node.traverse() if d.mem_id != node.mem_id)
    ]


def _own_heading(node: LexborNode) -> bool:
    """A heading is the element's child, its first child's child, or a child of that
    child's first child (a semantic card: a list of lines whose first item is the name)."""
    for _ in range(OWN_HEADING_DEPTH):
        children = [c for c in node.iter() if c.is_element_node]
        if any(c.tag in _HEADING_TAGS for c in children):
            return True
        if not children or children[0].tag not in _LINE_TAGS:
            return False
        node = children[0]
    return False


def _name_card(node: LexborNode, taken: set[int], photo_ids: set[int]) -> bool:
    if node.mem_id in taken:
        return False
    if any(a.tag in NON_TEXT_TAGS or a.tag in ("header", "nav", "footer") for a in ancestors(node)):
        return False
    if any(d.mem_id in photo_ids or d.mem_id in taken for d in node.traverse()):
        return False
    if len(text_of(node)) > MAX_CARD_CHARS:
        return False
    if carousel_clone(node):
        return False  # a slider's copy of a card (its photo is skipped as a clone)
    headings = node.css(_HEADINGS)
    if len(headings) != 1:
        return False
    name = text_of(headings[0])
    if read_name(name).level is not NameLevel.NAME:
        return False
    # a name over a line of its own (a role, the subjects a teacher teaches); a heading
    # over a tagline ("Meet our team") reads as no name above
    title = job_title(node, name, headings[0])
    if title is None:
        return False
    if is_role_text(title):
        return True
    # a line the lexicon does not know as a job: only under the name, never an eyebrow
    # above a section's heading ("Meet our experts" over "<h2>…</h2>")
    text = text_of(node)
    return _short_line(title) and text.find(title) > text.find(name) >= 0


def _short_line(text: str) -> bool:
    """A few words, or a list of short items ("filozofia, etyka, wiedza o społeczeństwie"),
    not a sentence."""
    if text.rstrip().endswith((".", "!", "?")):
        return False
    parts = [p for p in text.split(",") if p.strip()]
    return len(text.split()) <= MAX_LINE_WORDS or all(
        len(p.split()) <= MAX_ITEM_WORDS for p in parts
    )


def _in_team_sections(cards: list[LexborNode]) -> list[LexborNode]:
    """The cards in a team section, judged once per row of siblings by its first card: a
    later sibling's own "heading above" is the card before it."""
    verdict: dict[int | None, bool] = {}
    kept = []
    for node in cards:
        parent = node.parent.mem_id if node.parent is not None else None
        if parent not in verdict:
            verdict[parent] = section_of(node).kind is SectionKind.TEAM
        if verdict[parent]:
            kept.append(node)
    return kept
