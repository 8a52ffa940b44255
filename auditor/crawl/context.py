"""Which section of the page an element sits in: team, something else, or former members.

The nearest evidence wins, climbing from the element: the id, classes and `aria-label` of
each ancestor (`<section id="portfolio">`, `class="team-grid"`), then the heading just before
that ancestor (`<h2>Testimonials</h2><div class="grid">`). A heading that names no known kind
("Engineering") is remembered as the label and the climb goes on, so an outer "Our team"
still counts. Words are matched whole, so "network" is not "work". The vocabulary is English
plus the commonest German, French, Spanish and Dutch section words ("Mitarbeiter",
"Témoignages"); other languages fall back to the name and markup evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from selectolax.lexbor import LexborNode

from auditor.crawl.dom import classes, text_of
from auditor.crawl.lexicon import (
    CJK_SECTION_LABELS,
    QUOTE_SECTION_WORDS,
    TEAM_SECTION_WORDS,
    UNSPACED_SCRIPT,
)

__all__ = [
    "Section",
    "SectionKind",
    "is_section_label",
    "kind_of",
    "section_of",
    "section_words",
]

# Element siblings looked at before each ancestor when searching for its heading.
MAX_HEADING_LOOKBACK = 5
# Ancestors climbed; deeper markup than this around a card is wrapper noise.
MAX_SECTION_LEVELS = 14
# Levels above a "project" class (a theme's card layout: "project-list", "project-content")
# searched for the heading that says what the cards are: "Ph.D Students" over a lab's
# member cards styled as projects is a team; any other heading, or none, leaves a portfolio.
MAX_LAYOUT_LEVELS = 3
# A heading wrapper (`<div class="section-title"><h2>…`) has no more text than this.
MAX_HEADING_WRAPPER_CHARS = 200
# A paragraph ending in a colon just before a list labels it ("Ph.D. graduates:") when short.
MAX_LABEL_PARAGRAPH_CHARS = 60


class SectionKind(StrEnum):
    """What a section of a page is about, as far as its labels tell."""

    TEAM = "team"
    FORMER = "former members"
    PORTFOLIO = "portfolio or projects"
    POSTS = "blog, news or events"
    QUOTES = "testimonials or reviews"
    CLIENTS = "clients, partners or sponsors"
    HISTORY = "history or timeline"
    OFFER = "values, features or services"
    OTHER = "other"


# Kinds a theme's classes name for its grid layouts, whatever the grid holds: a clinic's
# doctors in a shop theme's "product-lists" / "event-grid", a lab's members in "project" cards.
_LAYOUT_KINDS = frozenset({SectionKind.PORTFOLIO, SectionKind.POSTS, SectionKind.OFFER})

# Whole words (after splitting ids/classes at - _ and case changes) that name a section kind.
# Order matters: "Former team" is FORMER; "What people say" is quotes; then TEAM, so a
# WordPress card's "post-12 type-team_member" classes or a "Project team" heading still say
# team.
_KIND_WORDS: tuple[tuple[SectionKind, frozenset[str]], ...] = (
    (
        SectionKind.FORMER,
        frozenset(
            {
                "alumni",
                "alumnae",
                "alumnus",
                "former",
                "past",
                "previous",
                "graduates",
                "memoriam",
                "ehemalige",
                "anciens",
                "obog",  # Japanese labs' "OB/OG": old boys and girls, graduated members
            }
        ),
    ),
    # "What people say", "What our clients are saying": quotes, whoever says them
    (SectionKind.QUOTES, frozenset({"say", "says", "saying", "said"})),
    (
        SectionKind.TEAM,
        frozenset(
            {
                "team",
                "teams",
                "people",
                "staff",
                "leadership",
                "leaders",
                "management",
                "board",
                "directors",
                "trustees",
                "faculty",
                "members",
                "member",
                "founders",
                "employees",
                "crew",
                "researchers",
                "students",
                "postdocs",
                "fellows",
                "advisors",
                "advisers",
                "committee",
                "council",
                "secretariat",
                "executives",
                "officers",
                "colleagues",
                "personnel",
                # a conference's speakers are the people a speakers page shows with their
                # headshots: a source audited beside the team page (issue 15)
                "speakers",
                "panelists",
                "keynotes",
                "mitarbeiter",
                "mitarbeitende",
                "vorstand",
                "geschäftsführung",
                "équipe",
                "equipe",
                "equipo",
                "medewerkers",
                "bestuur",
                "attorneys",
                "lawyers",
                "physicians",
                "doctors",
            }
        )
        | TEAM_SECTION_WORDS
        | CJK_SECTION_LABELS["team"],
    ),
    (
        SectionKind.QUOTES,
        frozenset(
            {
                "testimonial",
                "testimonials",
                "review",
                "reviews",
                "quote",
                "quotes",
                "témoignages",
                "testimonios",
                "kundenstimmen",
            }
        )
        | QUOTE_SECTION_WORDS
        | CJK_SECTION_LABELS["testimonials or reviews"],
    ),
    (
        SectionKind.CLIENTS,
        frozenset(
            {
                "client",
                "clients",
                "customer",
                "customers",
                "partner",
                "partners",
                "sponsor",
                "sponsors",
                "supporters",
                "funders",
                "logos",
                "brands",
                "trusted",
                "backed",
                "backers",
                "investors",
                "funded",
                "kunden",
                "referenzen",
                "clientes",
                "klanten",
                # partner organisations and sponsors in French, German, Spanish,
                # Portuguese, Polish and Russian (a firm's own partners are "associés",
                # "socios", "Partner" of a law firm: see judge._partners_of_a_firm)
                "partenaires",
                "partenaire",
                "mécènes",
                "financeurs",
                "sponsoren",
                "förderer",
                "patrocinadores",
                "parceiros",
                "partnerzy",
                "партнеры",
                "партнёры",
            }
        )
        | CJK_SECTION_LABELS["clients, partners or sponsors"],
    ),
    (
        SectionKind.PORTFOLIO,
        frozenset(
            {
                "portfolio",
                "projekte",
                "projets",
                "proyectos",
                "projecten",
                "project",
                "projects",
                "work",
                "works",
                "case",
                "cases",
                "showcase",
                "product",
                "products",
                "services",
                # a shop's products and collections ("Koleksi Lengkap Kami", "Unsere Produkte")
                "produk",
                "produkte",
                "produits",
                "productos",
                "prodotti",
                "producten",
                "produkty",
                "produtos",
                "ürünler",
                "ürünlerimiz",
                "товары",
                "продукция",
                "koleksi",
                "kollektion",
                "catalog",
                "catalogue",
                "katalog",
                "shop",
            }
        ),
    ),
    (
        SectionKind.POSTS,
        frozenset(
            {
                "blog",
                "news",
                "posts",
                "articles",
                "stories",
                "insights",
                "press",
                "events",
                "event",
                "webinars",
                "publications",
                "updates",
                "aktuelles",
                "neuigkeiten",
                "actualités",
                "noticias",
                "nieuws",
                "comments",
                "comment",
                "byline",
                "author",
            }
        )
        | CJK_SECTION_LABELS["blog, news or events"],
    ),
    (SectionKind.HISTORY, frozenset({"timeline", "history", "milestones", "journey"})),
    (
        SectionKind.OFFER,
        frozenset(
            {
                "values",
                "features",
                "benefits",
                "perks",
                "offerings",
                "principles",
                "mission",
                "solutions",
                "capabilities",
                "leistungen",
                "dienstleistungen",
                "why",
                "facilities",
                "locations",
                "offices",
                "awards",
                "certifications",
            }
        ),
    ),
)
# Class prefixes of a CMS's list views, whose classes name the layout, not the content:
# Joomla's category blog (`com-content-category-blog__item blog-item`) lists any category of
# articles, a team as often as news; the category's heading says which.
_CMS_VIEW_PREFIXES = ("com-content-",)
# Label words split at spaces, punctuation, case changes and apostrophes (French and Italian
# elide the article: "L'équipe", "Dell'azienda")
_SPLIT = re.compile(r"[\s\-_/.,:;!?&|()\[\]'’]+|(?<=[a-z])(?=[A-Z])")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_CJK_KINDS = tuple(
    (kind, CJK_SECTION_LABELS[kind.value])
    for kind in SectionKind
    if kind.value in CJK_SECTION_LABELS
)


@dataclass(frozen=True)
class Section:
    """The kind of section an element sits in, and the label that said so."""

    kind: SectionKind
    label: str = ""  # the heading text or id/class that decided, "" when nothing did
    # a team section known only from a label above the element's own heading ("Our
    # attorneys" over "How we help"): the team's sub-sections, or other content on its page
    inherited: bool = False


# Thai writes words unspaced too ("คณาจารย์กลุ่มวิชาคณิตศาสตร์": the faculty of mathematics)
_THAI = re.compile(r"[\u0e00-\u0e7f]")


def section_words(text: str) -> set[str]:
    """Lower-case whole words of a label, id or class list ("teamGrid" -> {"team", "grid"})."""
    return {w.lower() for w in _SPLIT.split(text or "") if w}


def kind_of(text: str) -> SectionKind | None:
    """The section kind a heading, title or class list names, or None."""
    return _kind(section_words(text))


def is_section_label(text: str) -> bool:
    """Whether every word of a text is a section word ("OFFICERS", "役員紹介", "Our Team"
    aside): a page heading on a hero image, never a person's name."""
    words = section_words(text)
    return bool(words) and all(
        any(w in vocab for _, vocab in _KIND_WORDS) or _names_kind_unspaced(w) for w in words
    )


def _names_kind_unspaced(word: str) -> bool:
    """Whether an unspaced word holds a section label ("管理团队", "チーム紹介")."""
    return bool(UNSPACED_SCRIPT.search(word)) and any(
        label in word for _, labels in _CJK_KINDS for label in labels
    )


def _kind(words: set[str]) -> SectionKind | None:
    for kind, vocabulary in _KIND_WORDS:
        if words & vocabulary:
            return kind
    # unspaced scripts write a label inside a longer word ("我们的团队", "チーム紹介")
    unspaced = [w for w in words if UNSPACED_SCRIPT.search(w) or _THAI.search(w)]
    for kind, labels in _CJK_KINDS:
        if any(label in word for word in unspaced for label in labels):
            return kind
    return None


def _own_label(node: LexborNode) -> str:
    attrs = node.attributes
    names = classes(node)
    if any(c.startswith(_CMS_VIEW_PREFIXES) for c in names):
        names = []  # a CMS view's layout classes ("blog-item"), not what the content is
    return " ".join(v for v in (attrs.get("id"), " ".join(names), attrs.get("aria-label")) if v)


def _heading_text(node: LexborNode) -> str | None:
    """The text of a heading element, or of a small wrapper holding one and no image."""
    if not node.is_element_node:
        return None
    if node.tag in _HEADINGS or (node.attributes.get("role") or "") == "heading":
        return text_of(node)
    if node.tag == "p":
        text = text_of(node)
        return text if text.endswith(":") and len(text) <= MAX_LABEL_PARAGRAPH_CHARS else None
    # a list holding only a heading is a hand-written page's wrapper ("<ul><h1>2019 OBOG</h1>
    # </ul>", then the year's list of graduates)
    wrapper = node.tag in ("div", "header", "hgroup") or (
        node.tag in ("ul", "ol") and node.css_first("li") is None
    )
    if wrapper and node.css_first("img") is None:
        inner = node.css_first("h1, h2, h3, h4, h5, h6")
        if inner is not None and len(text_of(node)) <= MAX_HEADING_WRAPPER_CHARS:
            return text_of(inner)
    return None


def _decoration(node: LexborNode) -> bool:
    """An element that shows nothing to read: a rule, a spacer, a coloured bar."""
    return (
        node.tag in ("div", "span", "hr", "br")
        and not text_of(node)
        and node.css_first("img, svg, picture, video, iframe") is None
    )


def _heading_before(node: LexborNode) -> tuple[str, SectionKind | None] | None:
    """The heading just before `node`: the first classified one among the headings and label
    paragraphs directly above it ("<h2>Group members</h2><p>We are:</p><ul>"), else the
    nearest one as a label. Intro paragraphs are passed over; any other element ends the
    search (a list or grid above belongs to its own heading)."""
    sibling = node.prev
    seen = 0
    first: str | None = None
    while sibling is not None and seen < MAX_HEADING_LOOKBACK:
        if sibling.is_element_node:
            text = _heading_text(sibling)
            if not text and _decoration(sibling):
                sibling = sibling.prev  # a coloured bar or spacer under the heading
                continue
            if not text:
                if sibling.tag == "p" and sibling.css_first("img") is None:
                    seen += 1  # an intro paragraph between a heading and its grid
                    sibling = sibling.prev
                    continue
                break
            kind = kind_of(text)
            if kind is not None:
                return text, kind
            first = first or text
            seen += 1
        sibling = sibling.prev
    return (first, None) if first else None


def section_of(node: LexborNode, *, skip_own: bool = False) -> Section:
    """The section `node` sits in, judged from the nearest labelled ancestor or heading.

    `skip_own` ignores the node's own id/class (a card's own "member-card" class is not a
    section label, but its "portfolio-item" class is evidence, so callers usually keep it).
    """
    label = ""
    current: LexborNode | None = node
    level = 0
    layout: tuple[Section, int] | None = None  # a theme's "project" classes, and where
    while (
        current is not None and current.tag not in ("body", "html") and level < MAX_SECTION_LEVELS
    ):
        if layout is not None and level - layout[1] > MAX_LAYOUT_LEVELS:
            return layout[0]
        if not (skip_own and level == 0):
            own = _own_label(current)
            kind = _kind(section_words(own)) if own else None
            if layout is None and kind in _LAYOUT_KINDS:
                layout = (Section(kind, own), level)
            elif kind is SectionKind.TEAM or (layout is None and kind is not None):
                return Section(kind, own, inherited=kind is SectionKind.TEAM and bool(label))
            elif kind is not None and kind not in _LAYOUT_KINDS:
                return layout[0]
        heading = _heading_before(current)
        if heading is not None:
            text, kind = heading
            if layout is not None and kind is not SectionKind.TEAM:
                return layout[0]
            if kind is not None:
                return Section(kind, text, inherited=kind is SectionKind.TEAM and bool(label))
            label = label or text
        current = current.parent
        level += 1
    return layout[0] if layout is not None else Section(SectionKind.OTHER, label)
