"""Person cards: the element around each photo, and the name and job title it shows.

A card is the largest ancestor of a photo (at most MAX_CARD_LEVELS up) that holds no other
photo. The name is the visible name text nearest to the photo (name-classed element, heading,
figcaption, strong text, a bare text node); the title is a title-classed element or the short
line after the name. Siblings shaped like a card but without a photo are cards too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from auditor.crawl.context import kind_of
from auditor.crawl.dom import (
    MAX_CARD_LEVELS,
    NON_TEXT_TAGS,
    ancestors,
    ancestors_until,
    classes,
    text_chunks,
    text_of,
)
from auditor.crawl.lexicon import BIO_LABELS, CREDIT_PREFIXES, UNSPACED_SCRIPT, word_set
from auditor.crawl.name_evidence import (
    TRAILING_BRACKET,
    NameLevel,
    field_line,
    is_affiliation,
    is_degree,
    is_role_text,
    name_words,
    read_name,
    split_degrees,
    without_transliteration,
)
from auditor.crawl.naming import MAX_NAME_CHARS, clean_alt, clean_text, looks_like_name
from auditor.crawl.photos import Photo, empty_photo_slot

__all__ = [
    "MAX_TITLE_CHARS",
    "Card",
    "aria_name",
    "classed_as_name",
    "classed_as_role",
    "find_cards",
    "is_photo_credit",
    "job_title",
    "name_after_rank",
    "name_from_bio",
    "nearest_name",
    "odd_name",
    "rank_before",
    "shape",
    "sibling_name",
]

# Sibling elements after a wrapper-less photo that are searched for its name.
MAX_FLAT_SIBLINGS = 4
# Longest visible text taken as a job title (longer text is a bio, not a title).
MAX_TITLE_CHARS = 100

MAX_TITLE_WORDS = 12

_TITLE_CLASS = re.compile(
    r"(?:^|[-_])(?:title|role|position|job|jobtitle|designation|subtitle|occupation|rank)(?:$|[-_])"
    r"|[-_]sub$",  # a BEM card's "b-card__sub" under its "b-card__title"
    re.I,
)
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_EYEBROW_TAGS = frozenset(["p", "div", "span", "small", "strong", "b", "em", "i", "label"])
# A component's heading, whatever its tag: Bootstrap's "card-title", WordPress's "entry-title".
_HEADING_CLASS = re.compile(r"^(?:card|entry)(?:-|__)title$", re.I)
# Classes that name the role itself; a plain "title"/"subtitle" class is weaker evidence.
_ROLE_CLASS = re.compile(
    r"(?:^|[-_])(?:role|position|job|jobtitle|designation|occupation|rank)(?:$|[-_])", re.I
)
# Classes of the lines beside a role that are not the role (an affiliation, a contact).
_NOT_ROLE_CLASS = re.compile(
    r"(?:^|[-_])(?:affiliation|affil|organi[sz]ation|org|company|employer|institution|"
    r"department|dept|location|city|email|phone|degree|"
    r"article-info|entry-meta|post-meta)(?:$|[-_])",  # a CMS's post metadata, not a role
    re.I,
)

# ("fio": Russian templates' фамилия-имя-отчество, the full name field)
_NAME_CLASS = re.compile(r"(?:^|[-_])(?:name|fullname|full-name|person-name|fio)(?:$|[-_])", re.I)
# "...-name" classes that name something other than the person; a BEM element of such a
# block ("team__name", the name in a team card) is the person's.
_OTHER_NAME_CLASS = re.compile(
    r"(?:company|org|organi[sz]ation|team|dept|department|site|brand|file|user|image|img|"
    r"photo|job|event|product|school|city|location|office)(?:-+|_(?!_))name",
    re.I,
)

# Classes and microdata that mark one part of a name ("first-name", "tmm_lname", "surname",
# itemprop="givenName"): the name is the parts together, not the first part alone.
_NAME_PART_CLASS = re.compile(
    r"(?:^|[-_])(?:first|last|given|family|middle|sur|f|l)[-_]?name(?:$|[-_])", re.I
)
_NAME_PART_PROPS = frozenset({"givenName", "additionalName", "familyName"})

_ARIA_PREFIX = re.compile(
    r"^\s*(?:(?:view|see|read|open|visit)\s+(?:the\s+)?(?:full\s+)?"
    r"(?:profile|bio|biography|more|details)\s*(?:of|for|about|:)?\s*|about\s+)",
    re.I,
)

_BREAK_TAGS = ("br", "p", "div", "li", "dd", "dt", "small", "h1", "h2", "h3", "h4", "h5", "h6")

_NUMBERED = re.compile(r"\d")
# Text for screen readers only, which a sighted visitor never sees beside the name.
_SCREEN_READER = re.compile(
    r"^(?:[a-z0-9]+-)?(?:sr-only|screen-reader-text|screen-reader-only|visually-?hidden|"
    r"hidden-visually|screen-only|offscreen|a11y-hidden)$",
    re.I,
)

# Elements a browser lays out inside a line of text (everything else starts a new line).
_INLINE_TAGS = frozenset(
    """
    a abbr b bdi bdo cite code data dfn em font i kbd label mark q s samp span strong sub sup
    time u var wbr
    """.split()  # noqa: SIM905 - a word list reads better as text
)

MAX_STACKED_PARTS = 3  # a name set one word a line: surname, given name, patronymic
CLAUSE_MIN_WORDS = 3  # lower-case words after a comma that make the text a sentence
# Punctuation set around a name, not part of it: separators and a link's arrow ("Avv. Luca
# Rossi »").
_AROUND_NAME = " ,–—-|·»›→"
_NAME_SPLIT = re.compile(r"\s*(?:,|\s[-–—|]\s|\s·\s)\s*")
_DASH_SPLIT = re.compile(r"\s[-–—|·]\s")

_NAME_CLASS_SELECTOR = "[class*=name], [class*=fio]"
_NAME_SELECTORS = (
    "[itemprop=name], [itemprop=givenName], [itemprop=familyName]",
    _NAME_CLASS_SELECTOR,
    "h1, h2, h3, h4, h5, h6, figcaption",
    "strong, b, dt, caption",
)


def classed_as_name(node: LexborNode) -> bool:
    """Whether an element's class says it holds a person's name ("name", "team__name"; not
    "company-name")."""
    return any(_NAME_CLASS.search(c) and not _OTHER_NAME_CLASS.search(c) for c in classes(node))


def classed_as_role(node: LexborNode) -> bool:
    """Whether an element's class says it holds a job title ("role", "position")."""
    return any(_ROLE_CLASS.search(c) for c in classes(node))


def _is_title_element(node: LexborNode) -> bool:
    """Whether an element holds a job title (itemprop or a title/role class).

    A heading is never one by class alone: WordPress themes put the person's name in
    `<h3 class="entry-title">`; nor is a card's own heading class on any tag (Bootstrap's
    `<b class="card-title">` holding the name).
    """
    if (node.attributes.get("itemprop") or "") == "jobTitle":
        return True
    if node.tag in _HEADING_TAGS:
        return False
    return any(_TITLE_CLASS.search(c) and not _HEADING_CLASS.match(c) for c in classes(node))


def _segments(node: LexborNode, *, skip_titles: bool = False) -> list[str]:
    """The element's text split at line breaks and block children ("Jane Doe<br>CTO"), and
    where two inline elements' texts abut with no space ("<span>Sarah Kessler</span><span>
    TechCrunch</span>" reads "KesslerTechCrunch" unless the site styles them as blocks); a
    given name and surname that abut stay one line (`_name_parts`). With `skip_titles`, a
    role element inside ("<strong>Kim Minjun <span class="rank">CEO</span></strong>") is left
    out: it is the role, not part of the name."""
    segments: list[str] = []
    current: list[str] = []
    last: LexborNode | None = None
    for child in node.traverse(include_text=True):
        if child.mem_id == node.mem_id:
            continue
        if child.is_text_node:
            if not any(
                a.tag in NON_TEXT_TAGS
                or (skip_titles and (_is_title_element(a) or _trailing_role(a, node)))
                for a in ancestors_until(child, node)
            ):
                value = child.text_content or ""
                if last is not None and _abutting(current, [last], child, value):
                    if _name_parts("".join(current), value):
                        current.append(" ")
                    else:
                        segments.append(clean_text("".join(current)))
                        current = []
                current.append(value)
                if value.strip():
                    last = child
        elif child.tag in _BREAK_TAGS:
            segments.append(clean_text("".join(current)))
            current = []
            last = None
    segments.append(clean_text("".join(current)))
    return [s for s in segments if s]


def _trailing_role(element: LexborNode, holder: LexborNode) -> bool:
    """Whether an inline element closing a name's element holds its job title or department
    ("Werner Rempfler <span class="gray">Treuhand</span>"): set apart by its own element."""
    if element.parent is None or element.parent.mem_id != holder.mem_id:
        return False
    if element.tag not in ("span", "small", "em", "i"):
        return False
    after = element.next
    while after is not None:
        if after.is_element_node or (after.text_content or "").strip():
            return False  # not the last thing in the name's element
        after = after.next
    return is_role_text(text_of(element))


def _worded_segments(node: LexborNode, *, skip_titles: bool = False) -> list[str]:
    """`_segments` without lines of punctuation only: a decorative separator set in its own
    element ("<span>|</span>Werner Rempfler") is no line of the name."""
    lines = _segments(node, skip_titles=skip_titles)
    return [line for line in lines if any(ch.isalpha() for ch in line)]


def _plausible(text: str) -> str | None:
    """The name in a text, also when a role follows it ("Ben Okoro, Head of Sales").

    Degrees stay in the name ("Jane Roe, PhD"): they are never the role.
    """
    text = _stray_stop(text.strip(_AROUND_NAME))
    if field_line(text) is not None:
        return None  # "직    책 : 개발팀 팀장", "E-Mail: ...": a profile's field, not a name
    native = without_transliteration(text)
    if native:
        return _plausible(native)  # "加藤 奈津子 / Kato Natuko": the name as written first
    bracket = TRAILING_BRACKET.search(text)
    if bracket and bracket.start() > 0:
        # "Ana Lima (she/her)" is her name as shown; "佐藤 翔吾（院長）", "Jo Kim (CEO)" a name
        # and its job title (`_tail` gives the title)
        head = text[: bracket.start()].strip()
        if _plausible(head) == head:
            return head if is_role_text(bracket.group(1)) else text
    bare, degrees = split_degrees(text)
    if degrees and _plausible(bare) == bare:
        return text
    ranked = (
        _name_before_rank(text)
        or name_after_rank(text)
        or _name_before_role_words(text)
        or _name_after_role_words(text)
    )
    if ranked:
        return ranked
    head, *rest = _NAME_SPLIT.split(text, maxsplit=1)
    if rest and _dash_ends_name(text, head, rest[0]):
        return head
    if looks_like_name(text) and not any(ch.isdigit() for ch in text) and "," not in text:
        return text
    if rest and _clause(rest[0]):
        return None  # "Drei Dinge, auf die Sie sich verlassen können": a sentence, no name
    if head != text and looks_like_name(head) and not any(ch.isdigit() for ch in head):
        return head
    return None


def _dash_ends_name(text: str, head: str, tail: str) -> bool:
    """Whether a spaced dash ends the name ("Dra. Isabel López - Directora Médica"): the
    tail is a job title or several words; one word is more of the name, a double-barrelled
    surname ("Michelle de Jong - Beskers")."""
    if not _DASH_SPLIT.search(text) or read_name(head).level is not NameLevel.NAME:
        return False
    return is_role_text(tail) or len(name_words(tail)) > 1


def _clause(text: str) -> bool:
    """Whether what follows a comma goes on with a sentence (lower case, several words, no
    job title), where a name's comma is followed by a role ("Ben Okoro, Head of Sales")."""
    words = text.split()
    return len(words) >= CLAUSE_MIN_WORDS and text[:1].islower() and not is_role_text(text)


def _stray_stop(text: str) -> str:
    """A name typed with a full stop after it ("Ross Lee."): the stop is no part of it, unless
    it ends an initial, an abbreviation or a degree ("Ana B.", "Jr.", "Ph.D.")."""
    last = text.split()[-1] if text.split() else ""
    if not last.endswith(".") or last.count(".") > 1 or len(text.split()) < 2:
        return text
    word = last[:-1]
    if len(word) < 3 or not word.isalpha() or word.isupper() or is_degree(last):
        return text
    return text[:-1] if read_name(text[:-1]).level is NameLevel.NAME else text


def _name_before_rank(text: str) -> str | None:
    """The name of a caseless-script text that ends in a job title, as Korean, Japanese and
    Chinese write name then rank ("이선우 대표변호사", "山田 太郎 代表取締役"): the words
    before it."""
    words = text.split()
    if len(words) < 2 or not UNSPACED_SCRIPT.search(words[0]) or not is_role_text(words[-1]):
        return None
    head = [w for w in words[:-1] if not is_role_text(w)]
    name = " ".join(head)
    return name if head and len(head) == len(words) - 1 and looks_like_name(name) else None


def name_after_rank(text: str) -> str | None:
    """The name of a caseless-script text that starts with a job title ("院長　坂本 孝夫",
    "副院長 有福 龍大郎": the clinic's director, then the family and given name; "Associate
    Professor 下嶋 美恵"): the words after it (`rank_before` gives the title)."""
    words = text.split()
    first = next((i for i, w in enumerate(words) if UNSPACED_SCRIPT.search(w)), None)
    if first is None:
        return None
    if first == 0:
        first = 1  # the rank is the first word ("院長"), the name all the rest
    rank = " ".join(words[:first])
    if first >= len(words) or not is_role_text(rank):
        return None
    name = " ".join(words[first:])
    if is_role_text(name) or read_name(name).level is not NameLevel.NAME:
        return None
    return name


def rank_before(text: str, name: str) -> str | None:
    """The job title written before the name in one text ("院長　坂本 孝夫" -> "院長")."""
    text = clean_text(without_transliteration(text) or text)
    if not text.endswith(name) or text == name:
        return None
    head = text[: -len(name)].strip()
    return _short(head) if is_role_text(head) else None


def _transliteration(line: str, name: str) -> bool:
    """Whether a line under a name in a caseless script is the name in Latin letters
    ("坂本 孝夫" over "Sakamoto Takao"), not a job title."""
    return (
        UNSPACED_SCRIPT.search(name) is not None
        and UNSPACED_SCRIPT.search(line) is None
        and not is_role_text(line)
        and read_name(line).level is NameLevel.NAME
    )


# Words that qualify the post after them ("Senior", "Deputy"): no post a name can follow.
_RANK_MODIFIERS = word_set(
    "senior junior vice deputy assistant associate chief general managing lead executive "
    "principal acting interim"
)
# A grade after a post ("Chuyên khoa I", "Level II"): no part of a name.
_GRADE = re.compile(r"^(?:[IVX]+|\w)$")
# Hiragana, katakana and their marks, with spaces: a name's reading; kanji: a name's letters.
_KANA_LINE = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\s\u3000・ー]+")
_KANJI = re.compile(r"[\u3400-\u9fff]")
# Shortest job word read at the end of a compound ("manager" in "Projectmanager").
MIN_ROLE_SUFFIX = 5


def _name_after_role_words(text: str) -> str | None:
    """The name of a heading that opens with the post and runs on into the name ("Firma
    Hukuk Kurucusu Mehmet Can İlgar", "Geschäftsführer Max Berger"): the full name after the
    last job word (`rank_before` gives the post). Only a name of two words or more: "Partner
    Relations" is no person."""
    if _NAME_SPLIT.search(text):
        return None
    words = text.split()
    last = max((i for i, w in enumerate(words) if is_role_text(w)), default=None)
    if last is None or len(words) - last - 1 < 2 or words[last].casefold() in _RANK_MODIFIERS:
        return None  # "Senior Projectmanager Webdevelopment": a post the lexicon lacks
    name = " ".join(words[last + 1 :])
    if read_name(name).level is not NameLevel.NAME or is_role_text(name):
        return None
    if any(_compound_role(w) or _GRADE.match(w) for w in words[last + 1 :]):
        return None
    return name


def _compound_role(word: str) -> bool:
    """Whether a word is a compound ending in a job word ("Projectmanager", "Teamleiterin"),
    which Dutch and German write as one word: a post, not a surname."""
    return any(is_role_text(word[start:]) for start in range(3, len(word) - MIN_ROLE_SUFFIX + 1))


def _name_before_role_words(text: str) -> str | None:
    """The name of a heading that runs on into the job title with no mark between ("Av. Kazım
    Özer Ortak/Avukat", "Jan Nowak Prezes Zarządu"): the words before the trailing job words
    (two of them, or titles joined by a slash), when they are a full name."""
    if _NAME_SPLIT.search(text):
        return None  # a comma or a dash sets the role apart: read below
    words = text.split()
    end = len(words)
    while end > 0 and is_role_text(words[end - 1]) and not UNSPACED_SCRIPT.search(words[end - 1]):
        end -= 1
    tail = words[end:]
    if len(tail) < 2 and not any("/" in w for w in tail):
        return None  # one job word may be a surname ("María José Leiter", "Carlos Gerente")
    if len(words[:end]) < 2:
        return None
    head = " ".join(words[:end])
    if is_role_text(head) or read_name(head).level is not NameLevel.NAME:
        return None
    return head


def _name_from_element(node: LexborNode) -> str | None:
    if _is_title_element(node):
        return None
    content = clean_text(node.attributes.get("content"))
    if content:
        return _plausible(content)
    segments = _without_reading(_worded_segments(node, skip_titles=True))
    if not segments:
        return None
    stacked = _stacked_name(segments)
    return stacked or _plausible(segments[0])


def kana_reading(text: str) -> bool:
    """Whether a line is written in kana only ("おおた ともや"): set over or under a name in
    kanji, it is the name's reading (furigana), not the name or a role."""
    return _KANA_LINE.fullmatch(clean_text(text)) is not None


def _without_reading(segments: list[str]) -> list[str]:
    """An element's lines without the kana reading set over the name ("おおた ともや" over
    "院長 太田 智也")."""
    if len(segments) > 1 and kana_reading(segments[0]) and _KANJI.search(segments[1]):
        return segments[1:]
    return segments


def _stacked_name(segments: list[str]) -> str | None:
    """A name set one word a line ("Алексеев<br>Александр<br>Львович": surname, given name,
    patronymic), when the element holds nothing else."""
    if not 2 <= len(segments) <= MAX_STACKED_PARTS or any(len(s.split()) > 1 for s in segments):
        return None
    joined = " ".join(segments)
    if is_role_text(joined) or read_name(joined).level is not NameLevel.NAME:
        return None
    return joined


def _name_part(node: LexborNode) -> bool:
    """Whether an element holds one part of a name (a given name, a surname)."""
    if (node.attributes.get("itemprop") or "") in _NAME_PART_PROPS:
        return True
    return any(_NAME_PART_CLASS.search(c) for c in classes(node))


def _parts_in(holder: LexborNode) -> list[LexborNode]:
    """The visible name parts inside an element, outermost only (a `first-name` div around
    an `itemprop="givenName"` span is one part), in page order."""
    parts: list[LexborNode] = []
    seen: set[int] = set()
    for node in holder.traverse():
        if node.mem_id == holder.mem_id or not node.is_element_node:
            continue
        if not _name_part(node) or not text_of(node):
            continue
        above = ancestors_until(node, holder)
        if any(a.mem_id in seen for a in above) or any(a.tag in NON_TEXT_TAGS for a in above):
            continue
        parts.append(node)
        seen.add(node.mem_id)
    return parts


def _name_from_parts(part: LexborNode, card: LexborNode) -> tuple[str | None, LexborNode]:
    """The name a part belongs to, and its last part (the name's element). The parts are
    those in the smallest element around `part` that holds all of the card's parts near it
    (given name and surname may sit in two wrappers). When they share one line, the name is
    that line without a role element on it (`Dr. <span class="first-name">Marta</span>
    Kowalczyk <span class="role">CEO</span>` is "Dr. Marta Kowalczyk"); stacked on lines of
    their own, it is the parts joined in page order."""
    holder = part.parent or part
    parts = _parts_in(holder)
    while holder.mem_id != card.mem_id and holder.parent is not None:
        wider = _parts_in(holder.parent)
        if len(wider) <= len(parts):
            break
        holder, parts = holder.parent, wider
    texts = [text_of(n) for n in parts]
    if not texts:
        return None, part
    lines = _segments(holder)
    line, end = (lines[0] if lines else ""), 0
    for text in texts:
        found = line.find(text, end)
        if found < 0:
            return _plausible(" ".join(texts)), parts[-1]
        end = found + len(text)
    for node in holder.traverse():
        role = text_of(node) if node.is_element_node and _is_title_element(node) else ""
        if role and line.find(role, end) >= 0:
            line = line[: line.find(role, end)]  # "<span class=role>CEO</span>" on the line
            break
    return _plausible(line), parts[-1]


def _visible_name(card: LexborNode) -> tuple[str | None, LexborNode | None]:
    """The first plausible name in a card, by element priority then document order."""
    for selector in _NAME_SELECTORS:
        nodes = card.css(selector)
        for index, node in enumerate(nodes):
            if _name_part(node):
                if any(a.tag in NON_TEXT_TAGS for a in ancestors_until(node, card)):
                    continue
                name, last = _name_from_parts(node, card)
                if name:
                    return name, last
                continue
            if selector == _NAME_CLASS_SELECTOR and not any(
                _NAME_CLASS.search(c) and not _OTHER_NAME_CLASS.search(c) for c in classes(node)
            ):
                continue
            if any(a.tag in NON_TEXT_TAGS for a in ancestors_until(node, card)):
                continue
            name = _name_from_element(node)
            if name:
                below = _name_below_eyebrow(name, nodes[index + 1 : index + 2])
                if (
                    below is None
                    and _label_like(node)
                    and read_name(name).level is not (NameLevel.NAME)
                ):
                    named_line = _named_line(card, name)
                    if named_line:
                        return named_line, None
                return below or _heading_below_line(name, node) or (name, node)
    found = _bare_names(card)
    if not found:
        return None, None
    # a role written right above the name ("Top Stylist" / "Yui Ishino", an eyebrow line):
    # the next line is the name ("Thomas Leiter" alone stays the name)
    (index, first), rest = found[0], found[1:]
    if rest and is_role_text(first) and rest[0][0] == index + 1 and not is_role_text(rest[0][1]):
        return rest[0][1], None
    return first, None


def _label_like(node: LexborNode) -> bool:
    """Whether an element is set as a label rather than a name: bold text opening a line
    that goes on ("<p><b>สังกัด</b> ภาควิชาคอมพิวเตอร์</p>": affiliation, then its value), or
    a heading set above the card's photo ("<h4>หัวหน้าภาควิชา</h4><img>": the section's)."""
    if any(_NAME_CLASS.search(c) for c in classes(node)):
        return False  # the page says it is the name
    if node.tag in ("b", "strong"):
        holder = node.parent
        line = text_of(holder) if holder is not None else ""
        own = text_of(node)
        rest = line[len(own) :]
        # "<strong>박서연</strong> 부사장": a name and its job title, not a label and its value
        return line.startswith(own) and rest[:1].isspace() and not is_role_text(rest)
    if node.tag in _HEADING_TAGS and kind_of(text_of(node)) is None:
        sibling = node.next
        while sibling is not None and not sibling.is_element_node:
            sibling = sibling.next
        if sibling is None:
            return False
        return sibling.tag == "img" or sibling.css_first("img") is not None
    return False


def _named_line(card: LexborNode, label: str) -> str | None:
    """A bare line of the card that reads as a full name (and no job title), other than
    `label`: the person's name when the element found first is only a label."""
    for _, text in _bare_names(card):
        if text == label or is_role_text(text) or is_affiliation(text):
            continue
        if read_name(text).level is NameLevel.NAME:
            return text
    return None


def _name_below_eyebrow(first: str, following: list[LexborNode]) -> tuple[str, LexborNode] | None:
    """The name in the next heading when the first is a job title written above it ("THẠC
    SĨ BÁC SĨ" in an h5 over the doctor's name in an h4)."""
    if not following or not is_role_text(first):
        return None
    name = _name_from_element(following[0])
    if name and not is_role_text(name) and read_name(name).level is NameLevel.NAME:
        return name, following[0]
    return None


def _heading_below_line(first: str, holder: LexborNode) -> tuple[str, LexborNode] | None:
    """The name in a heading inside a name block whose first line is another text ("<div
    class="name"><p>Bilişim Komisyonu Başkanı</p><h3>Erbil Nas</h3>": a role written above
    the name, in words the lexicon may not know). Templates set the name as the heading and
    the line above it small; a heading that is a job title or no clear name is passed over."""
    if holder.tag in _HEADING_TAGS:
        return None
    for heading in holder.css(", ".join(_HEADING_TAGS)):
        name = _name_from_element(heading)
        if not name or name == first:
            continue
        if not is_role_text(name) and read_name(name).level is NameLevel.NAME:
            return name, heading
        return None
    return None


def _bare_names(card: LexborNode) -> list[tuple[int, str]]:
    """The plausible names of a card's bare text lines, with their line numbers (the title
    is then found by its text, not by an element)."""
    found = []
    for number, (text_nodes, line) in enumerate(_lines(card)):
        # the whole line ("Graham" "Ellis" in two spans), else each of its texts ("Mark
        # Twain" of "Mark Twain says:")
        readings = [(text_nodes, line)] if len(text_nodes) > 1 else []
        readings += [([t], clean_text(t.text_content)) for t in text_nodes]
        for nodes, text in readings:
            if any(_is_title_element(h) for t in nodes for h in ancestors_until(t, card)):
                continue
            candidate = _plausible(text)
            if candidate:
                found.append((number, candidate))
                break
    return found


_CONTINUATIONS = (",", ";", ")", "®", "™", "©", "*", "†")


def _parent_id(node: LexborNode) -> int | None:
    return node.parent.mem_id if node.parent is not None else None


def _abutting(raw: list[str], nodes: list[LexborNode], child: LexborNode, value: str) -> bool:
    """Whether `value` starts right where the line's text ends, with no space, in another
    element, as a new line would. Text that starts with a comma or a mark continues its line
    ("Rachel Kim<span>, CFA</span>", "CFP<sup>®</sup>"): no line starts with them."""
    if not (raw and nodes and value[:1].strip() and raw[-1][-1:].strip()):
        return False
    if value.lstrip().startswith(_CONTINUATIONS):
        return False
    return _parent_id(child) != _parent_id(nodes[-1])


def _name_parts(before: str, after: str) -> bool:
    """Whether two abutting inline texts are the given name and surname of one person
    (`<span>Marta</span><span>Kowalczyk</span>`, spaced by a CSS margin or stacked as two
    blocks): one word each, and together a full name. "Ana Lima" "CEO" are two lines."""
    first, second = clean_text(before).split(), clean_text(after).split()
    if len(first) != 1 or len(second) != 1:
        return False
    return read_name(f"{first[0]} {second[0]}").level is NameLevel.NAME


def _lines(card: LexborNode) -> list[tuple[list[LexborNode], str]]:
    """The card's visible text as a browser lays it out, line by line: inline elements
    separated by a space join (`<span>Graham</span> <span>Ellis</span>` is one line), block
    elements and `<br>` break. Inline texts that abut without a space break too: they read
    "DoeCEO" unless the site styles them as blocks, so it must; but a one-word given name
    and surname that abut are one name however the site spaces them (`_name_parts`)."""
    visible = {node.mem_id for node, _ in text_chunks(card)}
    lines: list[tuple[list[LexborNode], str]] = []
    nodes: list[LexborNode] = []
    raw: list[str] = []

    def flush() -> None:
        text = clean_text("".join(raw))
        if text:
            lines.append((list(nodes), text))
        nodes.clear()
        raw.clear()

    for child in card.traverse(include_text=True):
        if child.mem_id == card.mem_id:
            continue
        if child.is_element_node:
            if child.tag not in _INLINE_TAGS:
                flush()
            continue
        if not child.is_text_node:
            continue
        value = child.text_content or ""
        if child.mem_id not in visible:
            if value.strip() or not value:
                continue  # script, style, svg... text
        elif _abutting(raw, nodes, child, value):
            if _name_parts("".join(raw), value):
                raw.append(" ")  # "Marta" "Kowalczyk": one name, spaced by the site's CSS
            else:
                flush()  # "Jane Doe" and "CEO" in two abutting spans: styled as blocks
        raw.append(value)
        if value.strip():
            nodes.append(child)
    flush()
    return lines


def odd_name(card: LexborNode) -> str | None:
    """Last resort for a card with a photo: a heading whose text is odd but clearly a label.

    Very long text, markup characters or no letters at all (emoji) fail `looks_like_name`,
    yet such a heading still names the person on the card; it is kept (shortened) rather
    than losing the person. Ordinary words ("Our office in Lisbon") stay rejected.
    """
    for node in card.css("[itemprop=name], [class*=name], h1, h2, h3, h4, h5, h6, figcaption"):
        if _is_title_element(node):
            continue
        text = _segments(node)[0] if _segments(node) else ""
        odd = len(text) > MAX_NAME_CHARS or "<" in text or ">" in text
        odd = odd or (bool(text) and not any(ch.isalpha() for ch in text))
        if odd:
            return text if len(text) <= MAX_NAME_CHARS else text[: MAX_NAME_CHARS - 1] + "…"
    return None


def aria_name(card: LexborNode) -> str | None:
    """A name from `aria-label` on the card or a link in it ("View profile of Jane Doe")."""
    for node in [card, *card.css("[aria-label]")]:
        label = node.attributes.get("aria-label")
        if label:
            name = clean_alt(_ARIA_PREFIX.sub("", label))
            if name:
                return name
    return None


def _short(text: str) -> str | None:
    """`text` if it can be a job title: short, and not an e-mail address, link or phone number."""
    text = text.strip(" ,–—-|·›»•▸►*")  # list bullets too ("› Tandarts")
    if not text or len(text) > MAX_TITLE_CHARS or len(text.split()) > MAX_TITLE_WORDS:
        return None
    if "@" in text or "://" in text or text.startswith(("+", "(")):
        return None
    first, *rest = text.split()
    ordinal = re.fullmatch(r"\d{1,2}\.", first) is not None and is_role_text(" ".join(rest))
    if not any(ch.isalpha() for ch in first) and not ordinal:
        return None  # a phone number or a year ("0171 …", "2020, Fall"); "3D Artist" stays,
        # and so does a numbered post ("1. Vorsitzender", "2. Vorsitzende")
    if text.endswith("。"):
        return None  # a sentence of a bio ("YahooやGREEの元エンジニア。")
    return text


def _tail(text: str, name: str) -> str | None:
    """What follows the name in one text ("Ben Okoro, Head of Sales" -> "Head of Sales")."""
    text = text.strip()
    if text.startswith(name) and text != name:
        rest = text[len(name) :].strip()
        bracket = TRAILING_BRACKET.fullmatch(rest)
        return _short(bracket.group(1) if bracket else rest)
    return None


def _role_elements(card: LexborNode, name_node: LexborNode | None) -> list[LexborNode]:
    """The card's own role elements, best evidence first: `itemprop=jobTitle`, then a
    role/position class, then a title/subtitle class; affiliation and contact lines never."""
    ranked: list[tuple[int, LexborNode]] = []
    for node in card.css("[itemprop=jobTitle], [class]"):
        if name_node is not None and node.mem_id == name_node.mem_id:
            continue
        if not _is_title_element(node) or _wraps_name(node, name_node) or _career_entry(node, card):
            continue
        names = classes(node)
        strong = any(_ROLE_CLASS.search(c) for c in names)
        if not strong and any(_NOT_ROLE_CLASS.search(c) for c in names):
            continue
        if (node.attributes.get("itemprop") or "") == "jobTitle":
            rank = 0
        elif strong:
            rank = 1
        else:
            rank = 2
        ranked.append((rank, node))
    ranked.sort(key=lambda item: item[0])  # stable: document order within a rank
    return [node for _, node in ranked]


def _career_entry(node: LexborNode, card: LexborNode) -> bool:
    """Whether a role element is one entry of a career list inside the card: list items
    that each hold an element of the same class (`<ul class="parcours"><li><span
    class="role">`, past posts and employers). The person's post is the line by the name,
    not the list's first entry. A team listed as `<li>` cards is no career list: there the
    item is the card or holds it."""
    item = node.parent
    while item is not None and item.mem_id != card.mem_id and item.tag not in ("li", "ul", "ol"):
        item = item.parent
    if item is None or item.mem_id == card.mem_id or item.tag != "li" or item.parent is None:
        return False
    wanted = set(classes(node))
    entries = [li for li in item.parent.iter() if li.tag == "li"]
    return (
        bool(wanted)
        and len(entries) >= 2
        and all(any(wanted <= set(classes(n)) for n in li.css("[class]")) for li in entries)
    )


def _wraps_name(node: LexborNode, name_node: LexborNode | None) -> bool:
    """Whether a title-classed element holds the name: a wrapper whose class only places it
    (Elementor's `elementor-position-top`, Beaver's `fl-callout-photo-above-title`), not the
    role line."""
    return name_node is not None and any(a.mem_id == node.mem_id for a in ancestors(name_node))


def job_title(card: LexborNode, name: str, name_node: LexborNode | None) -> str | None:
    """The job title: the card's role element, else the short text right after the name.

    An affiliation line between the name and the role ("University of Oslo") is skipped.
    """
    marked = None
    for node in _role_elements(card, name_node):
        text = clean_text(node.attributes.get("content")) or _role_lines(node)
        if text and text != name and len(text) <= MAX_TITLE_CHARS:
            marked = text
            break
    if marked is None or is_role_text(marked):
        return marked or _title_by_text(card, name, name_node)
    # a "role" element holding no job title ("Experience.") loses to a job title written
    # right under the name ("STRUCTURAL ENGINEER" in a "qualification" line)
    written = _title_by_text(card, name, name_node)
    return written if written and is_role_text(written) else marked


def _role_lines(node: LexborNode) -> str:
    """A role element's text, its lines joined by commas ("Partner<br>Head of Tax" ->
    "Partner, Head of Tax"); a line that cannot be a job title (an e-mail address, a phone
    number) is left out, unless no line can."""
    lines = _segments(node)
    kept = [line for line in (_short(line) for line in lines) if line]
    return ", ".join(kept) if kept else text_of(node)


def _title_by_text(card: LexborNode, name: str, name_node: LexborNode | None) -> str | None:
    """The job title by position: the name element's second line, else the line after it;
    a line set right above a name heading (`_eyebrow`) when the line after is no job title."""
    below = _title_below(card, name, name_node)
    eyebrow = _eyebrow(name_node)
    if eyebrow and not (below and is_role_text(below)):
        return eyebrow
    return below


def _eyebrow(name_node: LexborNode | None) -> str | None:
    """The short line right before a name heading in its own block ("<p>Bilişim Komisyonu
    Başkanı</p><h3>Erbil Nas</h3>"): the role, written above the name."""
    if name_node is None or name_node.tag not in _HEADING_TAGS:
        return None
    before = name_node.prev
    while before is not None and not before.is_element_node:
        if (before.text_content or "").strip():
            return None  # bare text between: not a line of its own
        before = before.prev
    if before is None or before.tag not in _EYEBROW_TAGS:
        return None
    if before.css_first("img, picture, svg, a, button") is not None:
        return None  # a photo, a link or a control, not a line of text
    if not _opens_its_block(before):
        return None  # "<img><div>Acme</div><h3>Name</h3>": a line after the photo, not above
    if any(_NOT_ROLE_CLASS.search(c) or "name" in c.casefold() for c in classes(before)):
        return None  # an affiliation or contact line, a company's name
    text = text_of(before)
    return _short(text) if text else None


def _opens_its_block(node: LexborNode) -> bool:
    """Whether no element comes before `node` in its parent."""
    before = node.prev
    while before is not None:
        if before.is_element_node:
            return False
        before = before.prev
    return True


def _title_below(card: LexborNode, name: str, name_node: LexborNode | None) -> str | None:
    """The name element's second line, else the line after the name."""
    if name_node is not None:
        segments = _without_reading(_worded_segments(name_node))
        if segments:
            tail = _tail(segments[0], name) or rank_before(segments[0], name)
            if tail:
                return tail
            if len(segments) > 1 and not _transliteration(segments[1], name):
                return _short(segments[1])
    seen_name = False
    above = ""  # the line right above the name: an eyebrow role ("Top Stylist" / name)
    for text_nodes, text in _lines(card):
        inside = [
            name_node is not None and (_inside_name(name_node, t) or t.mem_id == name_node.mem_id)
            for t in text_nodes
        ]
        if not seen_name:
            if any(inside) or text.strip(" ,–—-|·").startswith(name):
                seen_name = True
                # "<strong>Name</strong> – Role" in one line: the role is what follows
                tail = _tail(text, name) if not all(inside) else None
                if tail:
                    return tail
                if is_role_text(above):
                    return _short(above)
            else:
                above = text
            continue
        if any(inside):
            continue
        kept = [t for t in text_nodes if not _not_role_text(t, card)]
        line = clean_text(" ".join(t.text_content or "" for t in kept))
        if _transliteration(line, name) or kana_reading(line):
            continue
        if line.casefold().rstrip(":：") in BIO_LABELS:
            return None  # the bio begins ("経歴" over "昭和大学卒"): no role is given
        if not line or is_affiliation(line) or is_photo_credit(line):
            continue
        return _short(line)
    return None


def is_photo_credit(text: str) -> bool:
    """Whether a line credits the photographer ("Foto: Studio Lichtblick", "© Jan Holm")."""
    return clean_text(text).lower().startswith(CREDIT_PREFIXES)


def _not_role_text(text_node: LexborNode, card: LexborNode) -> bool:
    """Text beside a name that is not its role: a link or button, text for screen readers
    only ("Regular price", which a sighted visitor never sees), an affiliation or contact."""
    for holder in ancestors_until(text_node, card):
        if holder.tag in ("a", "button"):
            return True
        names = classes(holder)
        if any(_SCREEN_READER.match(c) or _NOT_ROLE_CLASS.search(c) for c in names):
            return True
    return False


def _inside_name(name_node: LexborNode, text_node: LexborNode) -> bool:
    """Whether `text_node` sits inside the element the name was read from."""
    parent = text_node.parent
    while parent is not None:
        if parent.mem_id == name_node.mem_id:
            return True
        parent = parent.parent
    return False


_ANIMATION = re.compile(
    r"^(?:animated|animate__\w+|wow|aos-\w+|(?:bounce|fade|slide|zoom|flip|rotate|roll|"
    r"light[sS]peed|back)(?:In|Out)\w*)$"
)


def shape(node: LexborNode) -> tuple[str, tuple[str, ...]]:
    """An element's tag and sorted classes: cards of one list share it.

    Classes with a digit are left out: builders number or hash each item
    (`elementor-element-3a1f2b`, `et_pb_team_member_2`, `fl-node-5f3a2b1c`,
    `comp-lq2x0k9__item-j90`), which would make every card of a grid a shape of its own.
    So are BEM modifiers of a class the element has (`team-member--no-photo`,
    `card--featured` beside `team-member`, `card`): a variant of the same card. And so are
    entrance animations (animate.css `bounceInLeft` / `bounceInRight` alternating down a
    grid, WOW.js, AOS): how a card appears, not what it is.
    """
    names = [c for c in classes(node) if not _NUMBERED.search(c) and not _ANIMATION.match(c)]
    kept = (c for c in names if not ("--" in c and c.split("--", 1)[0] in names))
    return node.tag or "", tuple(sorted(kept))


@dataclass
class Card:
    """One person card: its element and its photo (None for a card without a photo)."""

    node: LexborNode
    photo: Photo | None
    order: int
    # a card of a photo-less team grid: its own heading is its name, not one learnt from
    # the page's photo cards (`photoless.py`)
    names_itself: bool = False


def find_cards(photos: list[Photo], order: dict[int, int]) -> list[Card]:
    """The cards of the photos (plus photo-less siblings shaped like them), in page order."""
    counts: dict[int, int] = {}
    for photo in photos:
        for ancestor in ancestors(photo.node):
            counts[ancestor.mem_id] = counts.get(ancestor.mem_id, 0) + 1
    cards = []
    for photo in photos:
        card = photo.node
        for ancestor in ancestors(photo.node)[:MAX_CARD_LEVELS]:
            if counts.get(ancestor.mem_id, 0) != 1 or _beside_broken_twins(card, photo, counts):
                break
            card = ancestor
        cards.append(Card(node=card, photo=photo, order=order.get(card.mem_id, 0)))
    # siblings shaped like a card but without a photo are people without a photo
    taken = {c.node.mem_id for c in cards}
    shapes = {(c.node.parent.mem_id, shape(c.node)) for c in cards if c.node.parent}
    for parent_id, wanted in shapes:
        parent = next(
            c.node.parent for c in cards if c.node.parent and c.node.parent.mem_id == parent_id
        )
        for child in parent.iter():
            if child.mem_id in taken or not _same_kind(shape(child), wanted):
                continue
            if counts.get(child.mem_id, 0) == 0:
                cards.append(Card(node=child, photo=None, order=order.get(child.mem_id, 0)))
                taken.add(child.mem_id)
    cards.sort(key=lambda c: c.order)
    return cards


def _beside_broken_twins(node: LexborNode, photo: Photo, counts: dict[int, int]) -> bool:
    """Whether `node` (around a photo) has siblings of its shape whose <img> names no file
    (`src="img/"`, `empty_photo_slot`): the photo's card among cards whose photos are
    missing. Climbing on would make the whole grid one card, named by its first name and
    titled by another's role, and drop the others without a word."""
    if node.mem_id == photo.node.mem_id or node.parent is None:
        return False
    wanted = shape(node)
    for sibling in node.parent.iter():
        if sibling.mem_id == node.mem_id or counts.get(sibling.mem_id, 0):
            continue
        if _same_kind(shape(sibling), wanted) and any(
            empty_photo_slot(img) for img in sibling.css("img")
        ):
            return True
    return False


def _same_kind(child: tuple[str, tuple[str, ...]], card: tuple[str, tuple[str, ...]]) -> bool:
    """Whether a sibling is shaped like the photo cards: the same tag and classes, or some of
    them (`div.card` beside `div.card.person`: the class a theme adds only with a photo)."""
    return child == card or (
        child[0] == card[0] and bool(child[1]) and set(child[1]) < set(card[1])
    )


def nearest_name(card: Card) -> tuple[str | None, LexborNode | None]:
    """The visible name closest to the card's photo (climbing from the photo to the card)."""
    if card.photo is None:
        return _visible_name(card.node)
    levels = []
    for ancestor in ancestors(card.photo.node):
        levels.append(ancestor)
        if ancestor.mem_id == card.node.mem_id:
            break
    if card.photo.node.mem_id == card.node.mem_id or not levels:
        levels = [card.node]
    # a text near the photo that reads as a job title or a credit ("Geschäftsführer",
    # "Foto: Studio X") does not end the search: TYPO3 and other CMSs put the name in the
    # element's header above the image; it is kept only when nothing further up reads better
    fallback: tuple[str | None, LexborNode | None] = (None, None)
    for level in levels:
        name, node = _visible_name(level)
        if name:
            if read_name(name).level is not NameLevel.NOT_NAME:
                return name, node
            fallback = fallback if fallback[0] else (name, node)
    return fallback if fallback[0] else _title_pair_name(card.node)


def sibling_name(card: Card, photo_ids: set[int]) -> tuple[str | None, str | None]:
    """Name and title from the siblings after a photo in a flat layout.

    `<img><h3>Jane Doe</h3><p>CTO</p><img>...` has no element around each person: the lines
    after the photo, up to the next photo, name them.
    """
    lines: list[str] = []
    node = card.node.next
    steps = 0
    while node is not None and steps < MAX_FLAT_SIBLINGS:
        if node.is_element_node:
            if node.mem_id in photo_ids or any(c.mem_id in photo_ids for c in node.traverse()):
                break
            if node.tag not in NON_TEXT_TAGS:
                lines += _segments(node)
                steps += 1
        elif node.is_text_node and clean_text(node.text_content):
            lines.append(clean_text(node.text_content))
            steps += 1
        node = node.next
    for index, line in enumerate(lines):
        name = _plausible(line)
        if name:
            tail = _tail(line, name) or rank_before(line, name)
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if _transliteration(following, name):
                following = ""
            return name, tail or _short(following)
    return None, None


_BIO_VERBS = (
    "is|has|was|joined|joins|brings|leads|heads|oversees|started|began|founded|runs|manages"
    "|ist|hat|est|es|ha|è|é"
)
_BIO_START = re.compile(rf"^((?:\S+\s+){{1,3}}?\S+)\s+(?:{_BIO_VERBS})\s", re.I)


def name_from_bio(card: LexborNode, heading: str) -> str | None:
    """The person a card titled by a job ("Executive Chef") is about: the full name its bio
    opens with ("Jeff Lee is the creative force…")."""
    for _, text in text_chunks(card):
        if text == heading:
            continue
        match = _BIO_START.match(text)
        if match and read_name(match.group(1)).level is NameLevel.NAME:
            return match.group(1)
        return None  # only the first text after the heading opens the bio
    return None


def _title_pair_name(card: LexborNode) -> tuple[str | None, LexborNode | None]:
    """BEM cards often call the name "title" and the role "subtitle": with two such
    elements and no other name, the first one is the name."""
    titled = [n for n in card.css("[class]") if _is_title_element(n) and text_of(n)]
    if len(titled) >= 2:
        name = _plausible(text_of(titled[0]))
        if name:
            return name, titled[0]
    return None, None
