"""Names and ids: stable person slugs, names from file stems, cleaning of alt text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "clean_alt",
    "clean_text",
    "folded_words",
    "looks_like_name",
    "name_from_stem",
    "names_match",
    "slugify",
    "unique_ids",
]

# Longest text accepted as a person's name; longer visible text is a bio or a sentence.
MAX_NAME_CHARS = 80
# Most words in a name ("Maria del Carmen de la Fuente y Ortega" has eight).
MAX_NAME_WORDS = 8
FALLBACK_SLUG = "person"

# Alt prefixes that describe the picture rather than name the person ("Photo of Jane Doe").
_ALT_PREFIX = re.compile(
    r"^\s*(?:an?\s+|the\s+)?(?:(?:professional|profile|team|staff|member|employee|portrait|"
    r"head\s*shot|headshot|photo(?:graph)?|picture|pic|image|img|avatar|thumbnail|bild|foto)"
    r"\s*)+(?:of|for|von|de)?\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_ALT_SUFFIX = re.compile(
    r"\s*[\-–—|,(]?\s*(?:head\s*shot|headshot|photo|portrait|picture|image|avatar)\)?\s*$",
    re.IGNORECASE,
)
# Alt values that say nothing about who is pictured.
_GENERIC = {
    "",
    "avatar",
    "image",
    "img",
    "photo",
    "picture",
    "pic",
    "portrait",
    "headshot",
    "head shot",
    "profile",
    "profile photo",
    "profile picture",
    "profile image",
    "team member",
    "team",
    "staff",
    "staff member",
    "employee",
    "member",
    "placeholder",
    "user",
    "person",
    "default",
    "thumbnail",
    "logo",
    "icon",
    "null",
    "none",
    "undefined",
    "untitled",
}
# Words that occur in headings and link texts but essentially never in a person's name.
_NON_NAME_WORDS = {
    "about",
    "address",
    "all",
    "and more",
    "board",
    "careers",
    "click",
    "company",
    "contact",
    "department",
    "directors",
    "email",
    "follow",
    "here",
    "join",
    "leadership",
    "linkedin",
    "load",
    "meet",
    "menu",
    "more",
    "name",
    "next",
    "our",
    "page",
    "people",
    "phone",
    "photo",
    "position",
    "previous",
    "profile",
    "read",
    "role",
    "see",
    "show",
    "staff",
    "team",
    "title",
    "twitter",
    "us",
    "vacancy",
    "vacant",
    "view",
    "we",
    "welcome",
    "who",
}
_FILENAME = re.compile(r"^[\w\-. ]+\.(?:jpe?g|png|gif|webp|avif|heic|bmp|tiff?|svg)$", re.I)
_SPACE = re.compile(r"\s+")
# Bidi embedding/override/isolate controls: invisible, and they can make a name display
# reversed in the report, the CSV or a terminal. Plain marks (LRM/RLM) are kept.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_WORD = re.compile(r"[^\W\d_]+(?:['’\-.][^\W\d_]+)*\.?", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]+")


def clean_text(text: str | None) -> str:
    """Collapse whitespace and strip; None becomes the empty string."""
    return _SPACE.sub(" ", _BIDI_CONTROLS.sub("", text or "")).strip()


def looks_like_name(text: str) -> bool:
    """Whether visible text could be a person's name (short, has letters, no heading words)."""
    text = clean_text(text)
    if not text or len(text) > MAX_NAME_CHARS:
        return False
    words = text.split()
    if len(words) > MAX_NAME_WORDS:
        return False
    if not any(ch.isalpha() for ch in text):
        return False
    if "@" in text or "://" in text or text.endswith((":", "?", "!")):
        return False
    lowered = {w.strip(".,:;!?()").lower() for w in words}
    return not (lowered & _NON_NAME_WORDS)


def clean_alt(alt: str | None) -> str | None:
    """A name from alt text with "Photo of" style prefixes stripped, or None if generic."""
    text = clean_text(alt)
    if _FILENAME.match(text):
        return None
    previous = None
    while previous != text:
        previous = text
        text = _ALT_PREFIX.sub("", text, count=1).strip()
        text = _ALT_SUFFIX.sub("", text).strip()
    text = text.strip(" .,:;|-–—")
    if text.lower() in _GENERIC or len(text) < 2 or not looks_like_name(text):
        return None
    return text


def _tokens(name: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", name.casefold())
    return {w.strip(".'’") for w in _WORD.findall(folded) if len(w.strip(".'’")) > 1}


def folded_words(text: str | None) -> set[str]:
    """The words of a text without case and accents, split at anything not a letter:
    "María-José Leiter", "maria-jose-leiter.jpg" and "maria.jose.leiter@x.es" share
    {"maria", "jose", "leiter"}."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return set(_LETTERS.findall(bare))


def names_match(a: str, b: str) -> bool:
    """Whether two renderings plausibly name the same person (shared name tokens)."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return True
    return bool(ta & tb)


def slugify(name: str) -> str:
    """An ascii, lowercase, hyphenated slug of a name ("Zoë O'Neil" -> "zoe-oneil")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r"['’`]", "", ascii_name.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    return slug[:MAX_NAME_CHARS].strip("-") or FALLBACK_SLUG


def unique_ids(names: Iterable[str]) -> list[str]:
    """Slugs for names in order, de-duplicated with -2, -3 (stable for the same order)."""
    seen: dict[str, int] = {}
    taken: set[str] = set()
    ids = []
    for name in names:
        base = slugify(name)
        count = seen.get(base, 0) + 1
        candidate = base if count == 1 else f"{base}-{count}"
        while candidate in taken:
            count += 1
            candidate = f"{base}-{count}"
        seen[base] = count
        taken.add(candidate)
        ids.append(candidate)
    return ids


def name_from_stem(stem: str) -> str:
    """A display name from a file stem ("jane-doe" -> "Jane Doe", "McKay_Ann" kept as is)."""
    parts = [p for p in re.split(r"[\s_\-.]+", stem) if p]
    name = " ".join(p.capitalize() if p.islower() else p for p in parts)
    return name or "Unnamed photo"
