"""Judge the candidates a page offers: is each one a current team member? Scored and explained.

Finding candidates (cards around photos, photo-less tiles, structured data, rosters) is the
job of `page.py` and `rosters.py`; this module only weighs the evidence about each one:

- decisive, each with its own reason: the page's author/publisher in structured data;
  what the finder already refused (inside `crawl.exclude_selector`); no name at all; a
  section about former members, portfolio, posts, testimonials, clients or history; a
  logo or group photo; an image from a logos/clients folder, a tile that says "Client";
  a dated entry (news, blog, timeline); a card whose heading is a headline while a name
  stands in its text (a news item); text that does not read as a name (digits, a phrase,
  a thing, a job title); a one-word name whose role says it is an animal;
- scored: how strongly the text reads as a name (+1 a full name, 0 a single word or odd
  text), a team section (+1), a quote in the card (-1), an SVG image (-1). A card with a
  photo needs a score of at least 0, anything without a photo or with a quote at least 1;
- page level: a hidden pop-up copy follows its visible card; in a grid of same-shaped cards
  where most are decisively not people, the rest are not people either (unless they show a
  full name and a job title); on a page with a labelled team section or a grid of titled
  cards, a card elsewhere must be shaped like the team's cards or show a job title, and a
  lone image under the team's heading named only by its alt text is a banner; a single
  card whose text is a section heading and not clearly a name is a heading over an image.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborNode

from auditor.crawl.cards import shape
from auditor.crawl.context import (
    Section,
    SectionKind,
    is_section_label,
    section_of,
    section_words,
)
from auditor.crawl.decoys import client_evidence, folder_evidence, pet_evidence
from auditor.crawl.dom import classes, text_chunks, text_of
from auditor.crawl.name_evidence import (
    PARTICLES,
    NameLevel,
    NameReading,
    is_role_text,
    name_words,
    read_name,
)
from auditor.crawl.naming import folded_words
from auditor.crawl.photos import Photo

__all__ = [
    "GRID_MIN_CARDS",
    "Candidate",
    "Origin",
    "Verdict",
    "judge_candidates",
    "shown_text",
]

# A grid of at least this many same-shaped cards is judged as a whole as well.
GRID_MIN_CARDS = 3
# A quotation in a card is a testimonial when it is at least this long.
MIN_QUOTE_CHARS = 40
# Tags inside a card compared when matching its markup against the team's cards.
MAX_FINGERPRINT_TAGS = 24
# Links that lead to one person's profile elsewhere.
_PROFILE_LINKS = ("linkedin.com/in/", "orcid.org/", "scholar.google.", "github.com/")
# A second line of at most this many words can be a job title ("Pastry chef").
MAX_ROLE_LIKE_WORDS = 5
# Score a candidate needs: a photo card, and anything without a photo.
PHOTO_CARD_MIN_SCORE = 0
NO_PHOTO_MIN_SCORE = 1

_LOGO_WORDS = frozenset({"logo", "logos", "logotype", "wordmark", "brandmark"})
_GROUP_WORDS = frozenset(
    {
        "group",
        "everyone",
        "crowd",
        "together",
        "offsite",
        "retreat",
        "gruppenfoto",
        "gruppenbild",
        "teamfoto",
        "groepsfoto",
        "集合写真",
        "단체사진",
        "合影",
        "合照",
    }
)
# "team picture", "staff photo", "photo de groupe", "foto de grupo", "zdjęcie grupowe"
_GROUP_PHOTO = re.compile(
    r"\b(?:team|group|staff|class)[\s-]?(?:photo|picture|pic|shot|foto|image)s?\b|"
    r"\b(?:photo|image)s? (?:de|du) (?:groupe|l'équipe)\b|\bfoto (?:de|di|do|da) (?:grupo|gruppo|"
    r"equipe|equipo)\b|\bzdjęcie grupowe\b|\bgrup fotoğrafı\b",
    re.I,
)
GROUP_PHOTO_REASON = "a group photo, not one person's headshot"
# A capitalised group word after a capitalised word: part of an organisation's name ("Adam
# Druck Group", "Boston Consulting Group", "Allianz Gruppe"), not a word about the image
_ORGANISATION = re.compile(r"\b([A-Z][\w.&'-]*) +(?:Group|Gruppe|Groupe|Grupo|Gruppo|Groep)\b")
_QUOTE_CLASSES = frozenset({"quote", "testimonial", "testimonials", "review", "blockquote"})
# Elements whose classes may name a quotation (checked for whole words after matching).
_QUOTE_SELECTOR = ", ".join(f"[class*={word}]" for word in ("quote", "testimonial", "review"))
_QUOTE_MARKS = ("“", '"', "«", "„", "‘", "'")
# Unicode categories of what may follow a sentence's last word: emoji and their skin-tone
# modifiers, joiners and variation selectors, spaces
_TRAILING_MARKS = frozenset({"So", "Sk", "Cf", "Mn", "Zs"})
_CLOSING_QUOTE_MARKS = ("”", '"', "»", "“", "’", "'")
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE = re.compile(
    rf"^(?:(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{_MONTHS})\.?\s+\d{{4}}|"
    rf"(?:{_MONTHS})\.?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|"
    r"(?:19|20)\d\d)$",
    re.I,
)

# A line that is only a price ("£12.50 GBP", "From £950.", "19,90 €", "$9/mo"): a product or
# a priced service, never a person. Amounts inside a sentence ("deals up to $250m") are bios.
_CURRENCY = (
    r"(?:[£$€¥₹₫₺₽₩₱฿]|R\$|(?:usd|eur|gbp|chf|cad|aud|nzd|sek|nok|dkk|idr|rp|vnd|try|tl|"
    r"pln|zł|czk|kč|huf|ft|rub|руб|brl|krw|jpy|cny|rmb|myr|rm|php|thb|inr|rs|kr|lei|лв)\.?(?!\w)|"
    r"원|円|元|บาท)"
)
_PRICE = re.compile(
    r"^(?:(?:from|only|now|was|regular|sale|unit|price|prices|starting|at|just)\s+)*"
    rf"(?:{_CURRENCY}\s?\d[\d,.]*|\d[\d,.]*\s?{_CURRENCY})"
    rf"(?:\s?{_CURRENCY})?(?:\s?(?:/|per\s)\s?[a-z]+)?\.?$",
    re.I,
)

# "Partners" heads the people of a law firm, a consultancy or a fund as often as partner
# companies: under a label that says nothing more, a card with a person's name and a job
# title is a team member (partner companies' cards carry a company name and no job title).
_PEOPLE_OR_COMPANIES = frozenset({"partner", "partners", "our", "the", "meet", "senior"})

_SECTION_REASONS = {
    SectionKind.FORMER: "listed among former members",
    SectionKind.PORTFOLIO: "in a portfolio or projects section",
    SectionKind.POSTS: "in a blog, news or events section",
    SectionKind.QUOTES: "in a testimonials section",
    SectionKind.CLIENTS: "in a clients, partners or sponsors section",
    SectionKind.HISTORY: "in a history or timeline section",
    SectionKind.OFFER: "in a values, features or services section",
}


class Origin(StrEnum):
    """Where on the page a candidate was found."""

    CARD = "card"  # an element around a photo
    TILE = "tile"  # a photo-less sibling shaped like the photo cards
    MICRODATA = "microdata"  # schema.org/Person microdata outside any card
    STRUCTURED = "structured"  # JSON-LD or app state (__NEXT_DATA__, __NUXT__) not in a card
    ROSTER = "roster"  # a name in a list or table of a team section
    SELECTOR = "selector"  # an element matching crawl.person_selector


@dataclass(eq=False)
class Candidate:
    """Something on a page that may be a team member, with the markup it came from."""

    text: str | None  # the name as read ("" or None: no name found)
    origin: Origin
    title: str | None = None
    image_urls: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    node: LexborNode | None = None  # the card, tile or roster element
    core: LexborNode | None = None  # the part of a card holding its photo and name
    photo: Photo | None = None
    order: int = 0  # document order of `node`
    group: tuple[int, tuple[str, tuple[str, ...]]] | None = None  # (parent, shape) of a grid
    fallback_text: str = ""  # what to show for a nameless candidate
    page_metadata: str | None = None  # "author", "publisher"...: describes the page itself
    refused: str | None = None  # a reason the finder already has (exclude selector, shape)
    section: Section | None = None  # precomputed by the finder (rosters), else judged here
    shown_as_is: bool = False  # odd text (markup, emoji, very long) kept as a photo card's name
    named_by_alt: bool = False  # the name is the photo's alt text: the card shows none
    # the name's element is classed as a name ("team__name"), or its table column is headed
    # as names ("성명", "Name")
    name_slot: bool = False
    # the verdict on its own evidence, kept: a page is judged more than once while its
    # candidates are gathered (rosters, app state), and this part does not change
    own_verdict: Verdict | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Verdict:
    """The judgement on one candidate: a person or not, the score, and why not."""

    person: bool
    score: int = 0
    reason: str = ""
    decisive: bool = False  # excluded by one piece of evidence, not by a low score
    # excluded only because its text is no name: says nothing of a list inside the card
    label_only: bool = False


def _words_of(node: LexborNode, *, with_alt: bool = True) -> set[str]:
    attrs = node.attributes
    found: set[str] = set()
    labels = (attrs.get("alt") if with_alt else None, attrs.get("aria-label"), attrs.get("title"))
    for value in labels:
        found |= section_words(value or "")
    found |= section_words(" ".join(classes(node)))
    return found


def _image_evidence(photo: Photo, name: str | None = None) -> str | None:
    """Why the photo is not a person's photo (a logo, a group photo), or None.

    An alt text that is the card's full name plus "logo" ("Sage Kirk logo", a theme's
    template) says nothing of the image: the name is the card's, the word the theme's."""
    path = unquote(urlsplit(photo.url).path).lower()
    words = _words_of(photo.node)
    parent = photo.node.parent
    if parent is not None and parent.tag in ("a", "picture", "figure", "span"):
        words |= _words_of(parent)
    file_words = section_words(path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    alt = photo.alt or ""
    other = _words_of(photo.node, with_alt=False) | file_words
    if parent is not None and parent.tag in ("a", "picture", "figure", "span"):
        other |= _words_of(parent)
    if (words | file_words) & _LOGO_WORDS and not _alt_is_name_and_logo(photo, name, other):
        return "the image is a logo"
    caption = ""
    figure = photo.node.parent
    while figure is not None and figure.tag != "figure" and figure.tag not in ("body", "html"):
        figure = figure.parent
    if figure is not None and figure.tag == "figure":
        node = figure.css_first("figcaption")
        caption = node.text(deep=True) if node is not None else ""
    described = section_words(_without_organisation(alt, name)) | section_words(caption)
    if described & _GROUP_WORDS or "team photo" in alt.lower() or "group photo" in alt.lower():
        return GROUP_PHOTO_REASON
    if _GROUP_PHOTO.search(f"{alt} {caption}") and not _alt_shared(photo):
        return GROUP_PHOTO_REASON  # "team picture" on one image; a theme's alt on every card
    return None


def _without_organisation(alt: str, name: str | None) -> str:
    """The alt text without the names of organisations in it, when it opens with the card's
    full name ("Adam Druck, Team Lead at Adam Druck Group" is Adam's portrait: "Group" is his
    firm's name, not a description of the image). An alt that does not name the card's person
    is kept whole ("The Smith Group at the retreat" stays a group photo)."""
    if not name or read_name(name).level is not NameLevel.NAME:
        return alt
    opening = folded_words(" ".join(alt.split()[: len(name.split())]))
    if not opening or opening != folded_words(name):
        return alt
    return _ORGANISATION.sub(r"\1", alt)


def _alt_shared(photo: Photo) -> bool:
    """Whether another image on the page has the same alt text (a theme's "team image" on
    every card's portrait: it describes none of them)."""
    top = photo.node
    while top.parent is not None:
        top = top.parent
    alt = (photo.alt or "").strip()
    return sum(1 for img in top.css("img") if (img.attributes.get("alt") or "").strip() == alt) > 1


def _alt_is_name_and_logo(photo: Photo, name: str | None, other_words: set[str]) -> bool:
    """Whether the only logo word is in an alt text that otherwise spells the card's full
    name, and nothing else about the image (file, classes, its link) says logo."""
    alt = photo.alt or ""
    if not name or other_words & _LOGO_WORDS or not section_words(alt) & _LOGO_WORDS:
        return False
    if read_name(name).level is not NameLevel.NAME:
        return False
    spelled = folded_words(" ".join(w for w in alt.split() if w.lower() not in _LOGO_WORDS))
    return bool(spelled) and spelled == folded_words(name)


def _drawn(photo: Photo) -> bool:
    """An SVG file: logos and icons are drawn, photos are not (but some teams use drawn
    avatars, so this only weighs against the candidate)."""
    path = unquote(urlsplit(photo.url).path).lower()
    return path.endswith((".svg", ".svgz"))


def _dated(card: LexborNode, texts: list[str]) -> bool:
    """A card with a date is a news item, blog post, event or timeline entry."""
    if card.css_first("time") is not None:
        return True
    return any(_DATE.match(text.strip(" ,·|–—-")) for text in texts)


def _without_trailing_marks(text: str) -> str:
    """A text without the closing quotation marks, emoji and spaces after its last word
    ("… Will definitely use again! Thank you 🙏🏾" ends in "you")."""
    end = len(text)
    while end > 0 and (
        text[end - 1] in "”’\"'»" or unicodedata.category(text[end - 1]) in _TRAILING_MARKS
    ):
        end -= 1
    return text[:end]


def _whole_quote(text: str) -> bool:
    """Whether a text of two words or more is set in quotation marks from end to end."""
    text = text.strip()
    return (
        len(text.split()) >= 2
        and text.startswith(_QUOTE_MARKS)
        and text.endswith(_CLOSING_QUOTE_MARKS)
        and len(text) > 2
    )


def _quoted(card: LexborNode, texts: list[str], name: str) -> bool:
    """A card holding a quotation (a testimonial's shape): quote markup, text in quotation
    marks, or a statement before the name (team cards put a bio after it)."""
    if card.css_first("blockquote, q") is not None:
        return True
    nodes = [card, *card.css(_QUOTE_SELECTOR)]
    if any(section_words(" ".join(classes(node))) & _QUOTE_CLASSES for node in nodes):
        return True
    if any(len(text) >= MIN_QUOTE_CHARS and text.startswith(_QUOTE_MARKS) for text in texts):
        return True
    if any(_whole_quote(text) for text in texts):
        return True  # a short one in quotation marks: '"Wonderful - thank you!"'

    for text in texts:
        if name in text:
            return False
        if len(text) >= MIN_QUOTE_CHARS and _without_trailing_marks(text).endswith((".", "!", "?")):
            return True
    return False


def _page_is_about(card: LexborNode | None, name: str) -> bool:
    """Whether the page's main heading is this name: a profile page of one person (a
    founder's bio), where a quotation is their own words, not a client's."""
    if card is None:
        return False
    top = card
    while top.parent is not None:
        top = top.parent
    heading = top.css_first("h1")
    return heading is not None and text_of(heading).casefold() == name.casefold()


def _titled_by_another_heading(card: LexborNode, name: str) -> bool:
    """Whether the card's heading is a headline (words, digits, no name and no job title)
    while the name stands in its text: a news card whose excerpt starts with the chairman's
    name ("<h5>Celebrating 20 years</h5><p>Mr Hung, Chairman, spoke…</p>")."""
    headings = [text_of(h) for h in card.css("h1, h2, h3, h4, h5, h6")]
    headings = [h for h in headings if h]
    if not headings or any(name in h for h in headings):
        return False
    return all(read_name(h).level is NameLevel.NOT_NAME and not is_role_text(h) for h in headings)


def _spellings(candidate: Candidate) -> list[set[str]]:
    """The words of what else in a card names its person: the photo's alt text and file
    name, and each e-mail address ("thomas-leiter.jpg", "thomas.leiter@firma.de")."""
    found = []
    if candidate.photo is not None:
        found.append(folded_words(candidate.photo.alt))
        path = unquote(urlsplit(candidate.photo.url).path)
        found.append(folded_words(path.rsplit("/", 1)[-1].rsplit(".", 1)[0]))
    card = candidate.core or candidate.node
    for link in card.css("a[href^=mailto]") if card is not None else []:
        address = (link.attributes.get("href") or "")[len("mailto:") :]
        found.append(folded_words(address.split("@", 1)[0]))
    return found


def _surname_is_a_job_word(candidate: Candidate) -> bool:
    """Whether a text that reads as a job title only by a job word after the given name
    ("Thomas Leiter", "Carlos Gerente") is a person's name on this card: the card shows a
    job title of its own besides it, and the photo's alt text or file name, or an e-mail
    address in the card, spells every word of the name. A job heading starts with its job
    word ("Leiter Vertrieb") and is never read this way."""
    text = candidate.text or ""
    if read_name(text, role_surnames=True).level is not NameLevel.NAME:
        return False
    title = candidate.title or ""
    if not is_role_text(title) or folded_words(title) == folded_words(text):
        return False
    wanted = folded_words(" ".join(name_words(text)))
    return bool(wanted) and any(wanted <= spelled for spelled in _spellings(candidate))


def shown_text(candidate: Candidate) -> str:
    """What a candidate shows: its name, else the text beside its image."""
    return candidate.text or candidate.fallback_text or "(no text)"


def _partners_of_a_firm(section: Section, candidate: Candidate) -> bool:
    """A "Partners" section of people, not of companies (see _PEOPLE_OR_COMPANIES)."""
    words = section_words(section.label)
    return (
        section.kind is SectionKind.CLIENTS
        and bool(words & {"partner", "partners"})
        and words <= _PEOPLE_OR_COMPANIES
        and bool(candidate.title)
        and bool(candidate.text)
        and read_name(candidate.text or "").level is NameLevel.NAME
    )


def _judge_one(candidate: Candidate) -> Verdict:
    """The verdict on one candidate from its own evidence."""
    if candidate.page_metadata:
        return Verdict(
            False,
            reason=f"the page's {candidate.page_metadata} in its structured data, "
            "not a team member",
            decisive=True,
        )
    if candidate.refused:
        return Verdict(False, reason=candidate.refused, decisive=True)
    if candidate.origin is Origin.SELECTOR:
        if candidate.text:
            return Verdict(True, score=1)
        return Verdict(
            False, reason="matches crawl.person_selector but shows no name", decisive=True
        )
    section = candidate.section
    if section is None:
        node = candidate.core or candidate.node  # from the photo-and-name part outwards
        section = section_of(node) if node is not None else Section(SectionKind.OTHER)
        candidate.section = section
    if section.kind in _SECTION_REASONS and not _partners_of_a_firm(section, candidate):
        label = f' ("{section.label[:60]}")' if section.label else ""
        return Verdict(False, reason=_SECTION_REASONS[section.kind] + label, decisive=True)
    if candidate.photo is not None:
        image = _image_evidence(candidate.photo, candidate.text) or folder_evidence(
            candidate.photo.url
        )
        if image:
            # a group photo is nobody's card: a list of the people in it is read as a roster
            group = image == GROUP_PHOTO_REASON
            return Verdict(False, reason=image, decisive=True, label_only=group)
    card = candidate.node if candidate.origin in (Origin.CARD, Origin.TILE) else None
    texts = [text for _, text in text_chunks(card)] if card is not None else []
    if card is not None and _dated(card, texts):
        return Verdict(
            False, reason="a dated entry (news, blog post, event or timeline)", decisive=True
        )
    if card is not None and any(_PRICE.match(text) for text in texts):
        return Verdict(False, reason="a product or offer with a price", decisive=True)
    if (
        card is not None
        and read_name(candidate.text or "").level is NameLevel.NAME
        and _titled_by_another_heading(card, candidate.text or "")
    ):
        return Verdict(
            False,
            reason="the card's heading is a title, not this name: a post or news item "
            "mentioning them",
            decisive=True,
        )
    # the part of the card around its photo and name: a lone photo's card reaches far up,
    # maybe over an "Our clients" heading that says nothing about this person
    core = [text for _, text in text_chunks(candidate.core)] if candidate.core else texts
    client = client_evidence([*core, candidate.title or ""])
    if client:
        return Verdict(False, reason=client, decisive=True)
    if not candidate.text:
        why = read_name(candidate.fallback_text).why if candidate.fallback_text else ""
        reason = "no name beside the image" + (f" (its text: {why})" if why else "")
        return Verdict(False, reason=reason, decisive=True)
    pet = pet_evidence(candidate.text, candidate.title)
    if pet:
        return Verdict(False, reason=pet, decisive=True)
    if is_section_label(candidate.text):
        # a photo under the section's heading ("Vorstand" over a banner): a list of the
        # board inside it is the board's, as for any text that is no name
        return Verdict(
            False,
            reason="its text is a section heading, not a name",
            decisive=True,
            label_only=True,
        )
    reading = read_name(candidate.text)
    if reading.level is NameLevel.NOT_NAME and _surname_is_a_job_word(candidate):
        reading = read_name(candidate.text, role_surnames=True)
    if reading.level is NameLevel.NOT_NAME and candidate.name_slot:
        reading = read_name(candidate.text, lower_case_parts=True)
    if candidate.shown_as_is:
        reading = NameReading(NameLevel.WEAK)  # odd, but the only label the photo has
    if reading.level is NameLevel.NOT_NAME:
        return Verdict(
            False,
            reason=f"does not read as a person's name: {reading.why}",
            decisive=True,
            label_only=True,
        )
    if (
        candidate.named_by_alt
        and reading.level is NameLevel.WEAK
        and section.kind is not SectionKind.TEAM
    ):
        # "Bose", "Maif" on a partners' logo wall: one word of alt text is all that names it
        return Verdict(
            False, reason="only its alt text names it, in one word, outside any team section"
        )
    score = int(reading.level)
    if section.kind is SectionKind.TEAM:
        score += 1
    if (
        candidate.origin is Origin.ROSTER
        and candidate.name_slot
        and reading.level is (NameLevel.WEAK)
    ):
        score += 1  # "이종권" in the "성명" column: the header says what the words cannot
    quoted = card is not None and _quoted(card, texts, candidate.text)
    if (
        quoted
        and is_role_text(candidate.title or "")
        and (section.kind is SectionKind.TEAM or _page_is_about(card, candidate.text))
    ):
        quoted = False  # a motto on a team member's profile, with their job title
    if quoted:
        score -= 1
    drawn = candidate.photo is not None and _drawn(candidate.photo)
    if drawn:
        score -= 1
    has_photo = candidate.photo is not None
    needed = PHOTO_CARD_MIN_SCORE if has_photo else NO_PHOTO_MIN_SCORE
    if quoted:
        needed = max(needed, 1)  # a quote with a face and a name is a testimonial's shape
    if candidate.origin in (Origin.STRUCTURED, Origin.MICRODATA):
        # structured data says "Person" outright; a full name is still required ("admin")
        needed = 1 if reading.level is NameLevel.NAME else NO_PHOTO_MIN_SCORE + 1
    if score >= needed:
        return Verdict(True, score=score)
    if quoted:
        where = "in" if section.kind is SectionKind.TEAM else "outside any"
        reason = f"a quote beside a name {where} team section, without a job title (a testimonial)"
    elif drawn:
        reason = "the image is an SVG graphic (logos and icons are drawn), nothing says person"
    elif reading.level is NameLevel.WEAK:
        reason = "the text is not clearly a person's full name and nothing else says so"
    else:
        reason = "not enough evidence that this is a person"
    return Verdict(False, score=score, reason=reason)


def _follow_visible_twins(candidates: Sequence[Candidate], verdicts: list[Verdict | None]) -> None:
    """A hidden pop-up copy of a visible card is not listed again (either way)."""
    visible = {
        (c.text or "").casefold()
        for c in candidates
        if c.text and not (c.photo is not None and c.photo.hidden)
    }
    for index, candidate in enumerate(candidates):
        hidden = candidate.photo is not None and candidate.photo.hidden
        if hidden and candidate.text and candidate.text.casefold() in visible:
            verdicts[index] = None


def _clearly_a_person(candidate: Candidate) -> bool:
    """A full name with a job title: evidence of its own that a grid's majority does not
    outvote (a grid of the agency's logo, its people and its clients' logos)."""
    text = candidate.text or ""
    return read_name(text).level is NameLevel.NAME and _role_like(candidate.title)


def _judge_grids(candidates: Sequence[Candidate], verdicts: list[Verdict | None]) -> None:
    """In a grid where most cards are decisively not people, no card is, unless it shows a
    full name and a job title."""
    grids: dict[tuple, list[int]] = defaultdict(list)
    for index, candidate in enumerate(candidates):
        if candidate.group is not None and verdicts[index] is not None:
            grids[candidate.group].append(index)
    for members in grids.values():
        if len(members) < GRID_MIN_CARDS:
            continue
        judged = [(i, verdicts[i]) for i in members]
        refused = [i for i, v in judged if v is not None and not v.person and v.decisive]
        if len(refused) * 2 <= len(members):
            continue
        examples = ", ".join(f'"{shown_text(candidates[i])[:40]}"' for i in refused[:2])
        for i, verdict in judged:
            if (
                verdict is not None
                and verdict.person
                and candidates[i].origin is not Origin.SELECTOR
                and not _clearly_a_person(candidates[i])
            ):
                verdicts[i] = Verdict(
                    False,
                    score=verdict.score,
                    reason=f"most cards in its grid are not people ({examples})",
                )


def _fingerprint(node: LexborNode) -> tuple:
    """A card's markup: its tag and classes and the tags inside it, in order. Generic grid
    classes ("col") alone would make a shop tile look like a team card."""
    inner = tuple(n.tag for n in node.traverse() if n.is_element_node)[:MAX_FINGERPRINT_TAGS]
    return (*shape(node), inner)


def _contact(node: LexborNode) -> bool:
    """Whether a card offers a way to reach one person: e-mail, phone or a profile link."""
    for link in node.css("a[href]"):
        href = (link.attributes.get("href") or "").lower()
        if href.startswith(("mailto:", "tel:")) or any(p in href for p in _PROFILE_LINKS):
            return True
    return any("@" in text and "." in text.split("@")[-1] for _, text in text_chunks(node))


def _role_like(title: str | None) -> bool:
    """Whether a card's second line reads as a job title ("Pastry chef"), not a description
    ("We say what we see.")."""
    if not title:
        return False
    if is_role_text(title):
        return True
    return len(title.split()) <= MAX_ROLE_LIKE_WORDS and read_name(title).level is not (
        NameLevel.NOT_NAME
    )


def _team_evidence(
    candidates: Sequence[Candidate], verdicts: list[Verdict | None]
) -> tuple[list[Candidate], bool]:
    """The cards that show the page's team: those in a labelled team section, else those in
    grids where most cards (two at least) carry a job title. Also whether a team section
    was seen."""
    people = [
        c
        for c, v in zip(candidates, verdicts, strict=True)
        if v is not None
        and v.person
        and c.node is not None
        and c.section is not None
        and c.origin in (Origin.CARD, Origin.TILE)
    ]
    in_team = [c for c in people if c.section is not None and c.section.kind is SectionKind.TEAM]
    # cards labelled team directly, when there are any; else those under an outer team label
    in_section = [c for c in in_team if c.section is not None and not c.section.inherited]
    in_section = in_section or in_team
    grids: dict[tuple, list[Candidate]] = defaultdict(list)
    for candidate in people:
        if candidate.group is not None:
            grids[candidate.group].append(candidate)
    titled = [
        c
        for members in grids.values()
        if sum(_role_like(m.title) for m in members) >= max(2, len(members) / 2)
        for c in members
    ]
    seen = {id(c) for c in in_section}
    return in_section + [c for c in titled if id(c) not in seen], bool(in_section)


def _lone_alt_image(candidate: Candidate, shape_counts: Counter, grid_counts: Counter) -> bool:
    """A photo whose only name is its alt text, in markup no other team card shares, on a
    page whose team shows its names: a banner under the team's heading ("함께 성장하는
    한빛소프트웨어"), not a person. A grid of photos named by their alt texts shares its cards'
    markup and stays; so does a page's only card."""
    if not candidate.named_by_alt or candidate.origin is not Origin.CARD:
        return False
    if candidate.group is not None and grid_counts[candidate.group] > 1:
        return False
    own = _fingerprint(candidate.core or candidate.node)
    others = sum(shape_counts.values()) - shape_counts[own]
    return shape_counts[own] <= 1 and others >= GRID_MIN_CARDS - 1


def _outside_team(candidates: Sequence[Candidate], verdicts: list[Verdict | None]) -> None:
    """On a page that shows where its team is, a card elsewhere must look like its cards.

    The team shows in a labelled section, or in a grid whose cards carry job titles.
    Department sections ("Engineering") reuse the team's card markup or at least show a job
    title; value, feature, shop and stockist tiles with a two-word heading ("Quick
    Delivery", "Kings Road") do neither, nor offer an e-mail address, phone or profile
    link. With a labelled team section, a roster elsewhere is left out too: the team's own
    lists sit in its section.
    """
    team, labelled = _team_evidence(candidates, verdicts)
    if not team:
        return
    team_shapes = {_fingerprint(c.core or c.node) for c in team}
    team_grids = {c.group for c in team if c.group is not None}
    shape_counts = Counter(_fingerprint(c.core or c.node) for c in team)
    grid_counts = Counter(c.group for c in team if c.group is not None)
    direct = any(c.section is not None and not c.section.inherited for c in team if labelled)
    for index, candidate in enumerate(candidates):
        verdict = verdicts[index]
        if verdict is None or not verdict.person or candidate.node is None:
            continue
        section = candidate.section
        if section is None:
            continue
        if section.kind is SectionKind.TEAM and _lone_alt_image(
            candidate, shape_counts, grid_counts
        ):
            verdicts[index] = Verdict(
                False,
                score=verdict.score,
                reason="an image under the team's heading named only by its alt text, "
                "not shaped like the team cards",
            )
            continue
        # a card under an outer team label only (the page's "Our attorneys" over a "How we
        # help" section) is checked like one outside, when other cards are labelled directly
        inherited = direct and section.kind is SectionKind.TEAM and section.inherited
        if section.kind is not SectionKind.OTHER and not (
            inherited and candidate.origin in (Origin.CARD, Origin.TILE)
        ):
            continue
        if candidate.origin in (Origin.CARD, Origin.TILE):
            if candidate.group in team_grids:
                continue  # a sibling in the team's own grid or slider
            if _fingerprint(candidate.core or candidate.node) in team_shapes:
                continue
            if _role_like(candidate.title):
                continue  # "Software Engineer" under "Engineering": staff in other markup
            if _contact(candidate.core or candidate.node):
                continue  # an e-mail address, phone or profile link: a person's card
            reason = "outside the page's team cards and not shaped like them"
        elif candidate.origin is Origin.ROSTER and labelled:
            reason = "a list outside the page's team section"
        else:
            continue
        verdicts[index] = Verdict(False, score=verdict.score, reason=reason)


def _weak_loners(candidates: Sequence[Candidate], verdicts: list[Verdict | None]) -> None:
    """A photo card whose text is not clearly a name and is a section's heading ("Le bureau",
    "a shared purpose.", "Honestidad"), outside a team section and in no grid of its kind,
    is a heading over an image: first names alone ("Theo") are a team's style only across a
    grid of them."""
    sizes = Counter(
        c.group
        for c, v in zip(candidates, verdicts, strict=True)
        if c.group is not None and v is not None and v.person
    )
    for index, candidate in enumerate(candidates):
        verdict = verdicts[index]
        if verdict is None or not verdict.person or candidate.origin is not Origin.CARD:
            continue
        section = candidate.section
        in_team = section is not None and section.kind is SectionKind.TEAM
        if in_team and not _lower_case_word(candidate.text or ""):
            continue  # under the team's heading a lone "Manisha" may be the only member
        if candidate.group is not None and sizes[candidate.group] > 1:
            continue
        if read_name(candidate.text or "").level is not NameLevel.WEAK:
            continue
        if is_role_text(candidate.title or ""):
            continue
        if not _section_heading_text(candidate):
            continue
        verdicts[index] = Verdict(
            False,
            score=verdict.score,
            reason="a single card whose text is not clearly a person's name",
        )


def _lower_case_word(text: str) -> bool:
    """Whether a text has a lower-case word that is no name particle ("Le bureau")."""
    return any(w[:1].islower() and w.lower() not in PARTICLES for w in text.split())


def _section_heading_text(candidate: Candidate) -> bool:
    """Whether the card's text is a section's heading (an h1 or h2, where pages title their
    blocks; cards title people with smaller ones) or reads as a sentence's fragment."""
    text = candidate.text or ""
    if text[:1].islower() or text.endswith((".", "!", "?")):
        return True
    card = candidate.core or candidate.node
    return card is not None and any(text in (h.text(deep=True) or "") for h in card.css("h1, h2"))


def judge_candidates(candidates: Sequence[Candidate]) -> list[Verdict | None]:
    """One verdict per candidate, in order; None for a hidden copy of a visible card."""
    for candidate in candidates:
        if candidate.own_verdict is None:
            candidate.own_verdict = _judge_one(candidate)
    verdicts: list[Verdict | None] = [c.own_verdict for c in candidates]
    _follow_visible_twins(candidates, verdicts)
    _judge_grids(candidates, verdicts)
    _weak_loners(candidates, verdicts)
    _outside_team(candidates, verdicts)
    return verdicts
