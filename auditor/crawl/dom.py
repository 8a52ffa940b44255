"""Small helpers over the parsed HTML tree: URLs, ancestors, visible text, classes."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from auditor.crawl.naming import clean_text

__all__ = [
    "MAX_CARD_LEVELS",
    "NON_TEXT_TAGS",
    "absolute_url",
    "ancestors",
    "ancestors_until",
    "base_url",
    "classes",
    "inside",
    "text_chunks",
    "text_of",
    "unwrap_caption_buttons",
]

# A card is at most this many levels above its photo (real cards nest 1-6 deep); the bound
# also keeps hostile, deeply nested markup linear.
MAX_CARD_LEVELS = 8

NON_TEXT_TAGS = ("script", "style", "template", "noscript", "svg", "button", "select", "option")


# What a browser's URL parser strips first (WHATWG URL: C0 controls and space at the ends, then
# every tab and newline).
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SPECIAL = ("http", "https")  # the schemes whose URLs read a backslash as a slash


def _backslashes(ref: str) -> str:
    """`\\` as `/` before the query, where a browser reads it so in http(s) URLs."""
    cut = min((i for i in (ref.find("?"), ref.find("#")) if i >= 0), default=len(ref))
    return ref[:cut].replace("\\", "/") + ref[cut:]


def base_url(tree: LexborHTMLParser, url: str) -> str:
    """The URL relative links resolve against (`<base href>` or the page URL)."""
    base = tree.css_first("base[href]")
    if base is not None:
        return absolute_url(url, base.attributes.get("href")) or url
    return url


def absolute_url(base: str, ref: str | None) -> str | None:
    """An absolute http(s) (or file:, refused later with a reason) URL; None for empty,
    `data:`, `javascript:` and the like, and for URLs too malformed to parse.

    The reference is cleaned as a browser's URL parser does (WHATWG URL): tabs and line
    breaks anywhere are dropped (a `src` wrapped over two lines by a template) and, in
    http(s) URLs, a backslash is a slash (`images\\team\\a.jpg` written on Windows). Non-ASCII
    and spaces are left as written: the HTTP client percent-encodes them in UTF-8, and an
    existing `%20` is not encoded twice.
    """
    ref = _TAB_OR_NEWLINE.sub("", (ref or "").strip().strip(_C0_OR_SPACE))
    if not ref or ref.startswith("#"):
        return None
    lowered = ref.lower()
    if lowered.startswith(("data:", "javascript:", "about:", "blob:", "mailto:", "tel:")):
        return None
    try:
        if "\\" in ref and (urlsplit(ref).scheme or urlsplit(base).scheme).lower() in _SPECIAL:
            ref = _backslashes(ref)
        url = urljoin(base, ref)
        parts = urlsplit(url)
        _ = parts.hostname, parts.port  # both raise ValueError on a malformed authority
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https", "file"):
        return None
    return url.split("#", 1)[0]


def inside(node: LexborNode, tag: str) -> bool:
    """Whether `node` has an ancestor with tag `tag`."""
    parent = node.parent
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def ancestors(node: LexborNode) -> list[LexborNode]:
    """The node's ancestors, nearest first, stopping below <body>."""
    out = []
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html", "#document"):
        out.append(parent)
        parent = parent.parent
    return out


def ancestors_until(node: LexborNode, stop: LexborNode) -> list[LexborNode]:
    """The node's ancestors up to (not including) `stop`."""
    out = []
    parent = node.parent
    while parent is not None and parent.mem_id != stop.mem_id:
        out.append(parent)
        parent = parent.parent
    return out


def text_of(node: LexborNode) -> str:
    """The element's text with whitespace collapsed."""
    return clean_text(node.text(deep=True, separator=" "))


def text_chunks(node: LexborNode) -> list[tuple[LexborNode, str]]:
    """Visible text chunks (text nodes) in document order, skipping script/style/... content."""
    hidden: set[int] = set()
    for excluded in node.css(", ".join(NON_TEXT_TAGS)):
        hidden.update(child.mem_id for child in excluded.traverse(include_text=True))
    out = []
    for child in node.traverse(include_text=True):
        if not child.is_text_node or child.mem_id in hidden:
            continue
        text = clean_text(child.text_content)
        if text:
            out.append((child, text))
    return out


def classes(node: LexborNode) -> list[str]:
    """The element's class names."""
    return (node.attributes.get("class") or "").split()


# What makes a <button> a caption rather than a control: a name set in bold or a heading.
_CAPTION_PARTS = "b, strong, h2, h3, h4, h5, h6"


def unwrap_caption_buttons(tree: LexborHTMLParser) -> None:
    """Turn buttons that hold a caption into plain text: a slider card's "<button><b>Raúl
    Portal</b><br><i>Titular</i></button>" is the name and role a visitor reads, where a
    button's own label ("Read more", "Book now") is a control and stays one (NON_TEXT_TAGS)."""
    for button in tree.css("button"):
        if button.css_first(_CAPTION_PARTS) is not None:
            button.unwrap()
