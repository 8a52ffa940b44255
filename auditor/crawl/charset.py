"""The text of a page that names no charset and is not UTF-8, read as a browser would.

Browsers do not read such a page as windows-1252 everywhere: Firefox's detector (chardetng)
weighs the bytes and the site's country domain. A Russian page saved in windows-1251 read as
windows-1252 turns "Иванов" into "Èâàíîâ", and the name is lost. `charset-normalizer` tells
scripts apart reliably (Cyrillic, Greek, Hebrew, Arabic, Thai, CJK), but not the Latin code pages
from each other on a page's few accented names: it reads French windows-1252 as windows-1250
("Hélène" -> "Hélčne"). So a Latin-script page stays windows-1252 (the web's default) unless its
country domain or the bytes' clear coherence say Central European, Turkish, Baltic or Vietnamese.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from charset_normalizer import from_bytes

__all__ = ["decode_undeclared", "non_latin_text"]

REPLACEMENT = "\ufffd"
# A UTF-8 page with a few broken bytes (a pasted Windows-1252 "é", a download cut inside a
# character) is still UTF-8: legacy text almost never forms valid multi-byte sequences, so
# more than this many valid non-ASCII characters per broken one says UTF-8.
UTF8_GOOD_PER_BAD = 3

WEB_DEFAULT = "cp1252"
# A country domain whose legacy pages are in another Latin code page (as chardetng weighs TLDs).
_TLD_CODEPAGE = {
    **dict.fromkeys(("pl", "cz", "sk", "hu", "si", "hr", "ro", "ba", "rs", "al"), "cp1250"),
    "tr": "cp1254",
    **dict.fromkeys(("lt", "lv", "ee"), "cp1257"),
    "vn": "cp1258",
}
# The ISO code page that legacy pages of the same countries used as often as the Windows one.
_ISO_SIBLING = {"cp1250": ("iso8859_2",), "cp1257": ("iso8859_13",), "cp1254": ("iso8859_9",)}
# How many of the page's non-ASCII letters must be of another script than Latin to trust the
# detector's non-Latin reading.
NON_LATIN_SHARE = 0.5


def decode_undeclared(body: bytes, url: str | None = None) -> str:
    """Text of `body`, a page with no usable charset label whose bytes are not valid UTF-8."""
    text = _mostly_utf8(body) or non_latin_text(body)
    if text is not None:
        return text
    return body.decode(_latin_codepage(body, url), errors="replace")


def _mostly_utf8(body: bytes) -> str | None:
    """The UTF-8 text, a broken byte replaced, if nearly all its non-ASCII bytes are UTF-8."""
    text = body.decode("utf-8", errors="replace")
    bad = text.count(REPLACEMENT) - body.count(REPLACEMENT.encode())
    good = sum(ord(c) > 127 for c in text) - text.count(REPLACEMENT)
    return text if good > UTF8_GOOD_PER_BAD * bad else None


def non_latin_text(body: bytes) -> str | None:
    """The text, if the detector reads it as a script other than Latin (else None)."""
    best = from_bytes(body).best()
    if best is not None and _mostly_non_latin(str(best)):
        return str(best)
    return None


def _mostly_non_latin(text: str) -> bool:
    """Whether most of the letters beyond ASCII belong to a script other than Latin."""
    letters = [c for c in text if ord(c) > 127 and c.isalpha()]
    if not letters:
        return False
    other = sum(not unicodedata.name(c, "LATIN").startswith("LATIN") for c in letters)
    return other / len(letters) > NON_LATIN_SHARE


def _latin_codepage(body: bytes, url: str | None) -> str:
    """The Latin code page: the domain's, else the one whose text is least garbled, ties 1252."""
    tld = (urlsplit(url).hostname or "").rsplit(".", 1)[-1] if url else ""
    local = _TLD_CODEPAGE.get(tld, WEB_DEFAULT)
    preferred = [local, *_ISO_SIBLING.get(local, ())]
    preferred += [c for c in (WEB_DEFAULT, "cp1250") if c not in preferred]
    matches = list(from_bytes(body, cp_isolation=preferred))
    if not matches:
        return preferred[0]
    least = min(m.chaos for m in matches)
    for codepage in preferred:
        if any(m.chaos == least and codepage in m.could_be_from_charset for m in matches):
            return codepage
    return preferred[0]
