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
from urllib.parse import parse_qsl, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from auditor.crawl import cdn
from auditor.crawl.naming import (
    MAX_NAME_CHARS,
    clean_alt,
    clean_text,
    looks_like_name,
    names_match,
)
from auditor.crawl.srcset import largest, parse_srcset
from auditor.crawl.structured import (
    DataPerson,
    json_ld_people,
    microdata_person,
    next_data_people,
)

__all__ = ["FoundPerson", "PageScan", "linked_stylesheets", "scan_page"]

# An image whose explicit width and height are both at most this is an icon, not a headshot.
ICON_MAX_PX = 48
# Explicit width/height ratios outside this range are banners or strips, not portraits.
MIN_PORTRAIT_ASPECT, MAX_PORTRAIT_ASPECT = 0.3, 2.5
# Longest visible text taken as a job title (longer text is a bio, not a title).
MAX_TITLE_CHARS = 100
MAX_TITLE_WORDS = 12
# Visible body text shorter than this, with no people, suggests a JavaScript app shell.
APP_SHELL_MAX_TEXT = 200
# A card is at most this many levels above its photo (real cards nest 1-6 deep); the bound
# also keeps hostile, deeply nested markup linear.
MAX_CARD_LEVELS = 8
# Stylesheet rules with a background image that are matched against the page, at most.
MAX_BACKGROUND_RULES = 500
# An alt text shared by at least this many cards on one page says nothing about anyone.
SHARED_ALT_MIN = 3

_LAZY_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset", "data-original-set")
_LAZY_SRC_ATTRS = (
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-lazy",
    "data-url",
    "data-full-src",
    "data-hi-res-src",
    "data-noscript-src",
)
_BG_ATTRS = ("data-bg", "data-background", "data-background-image", "data-audit-bg")
_BGSET_ATTRS = ("data-bgset",)
_DECORATIVE_REGIONS = ("header", "nav", "footer")
_DECORATIVE_ROLES = ("banner", "navigation", "contentinfo")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.I | re.S)
_CSS_BG_DECL = re.compile(r"background(?:-image)?\s*:\s*([^;]*url\([^;]*)", re.I | re.S)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_PSEUDO = re.compile(r"::?(?:before|after|first-line|first-letter)\b", re.I)
_TITLE_CLASS = re.compile(
    r"(?:^|[-_])(?:title|role|position|job|jobtitle|designation|subtitle|occupation)(?:$|[-_])",
    re.I,
)
_NAME_CLASS = re.compile(r"(?:^|[-_])(?:name|fullname|full-name|person-name)(?:$|[-_])", re.I)
_ARIA_PREFIX = re.compile(
    r"^\s*(?:(?:view|see|read|open|visit)\s+(?:the\s+)?(?:full\s+)?"
    r"(?:profile|bio|biography|more|details)\s*(?:of|for|about|:)?\s*|about\s+)",
    re.I,
)
_PAGE_PARAM = ("page", "p", "pg", "paged")
_PAGE_PATH = re.compile(r"/page/(\d+)/?$")
_MORE_TEXT = re.compile(
    r"^\s*(?:load|show|see|view)\s+more\b|^\s*more\s+(?:people|members|team)|^\s*next(?:\s+page)?\s*[›»>→]*\s*$|^[›»→]$",
    re.I,
)
_TEAM_WORDS = re.compile(
    r"team|people|staff|about|leadership|who-we-are|directory|faculty|management|founders|"
    r"board|employees|members|our-story|partners",
    re.I,
)
_APP_ROOTS = "#root, #app, #__next, #__nuxt, [data-reactroot], [ng-version], app-root"
_CLONE_CLASSES = ("slick-cloned", "swiper-slide-duplicate", "cloned")
_IMAGE_PATH = re.compile(r"\.(?:jpe?g|png|webp|gif|avif)$", re.I)
_NON_TEXT_TAGS = ("script", "style", "template", "noscript", "svg", "button", "select", "option")


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


def _base_url(tree: LexborHTMLParser, url: str) -> str:
    base = tree.css_first("base[href]")
    if base is not None:
        return urljoin(url, base.attributes.get("href") or "")
    return url


def _absolute(base: str, ref: str | None) -> str | None:
    """An absolute http(s) URL, or None for empty, data:, javascript: and the like."""
    ref = (ref or "").strip()
    if not ref or ref.startswith("#"):
        return None
    lowered = ref.lower()
    if lowered.startswith(("data:", "javascript:", "about:", "blob:", "mailto:", "tel:")):
        return None
    url = urljoin(base, ref)
    if urlsplit(url).scheme.lower() not in ("http", "https", "file"):
        return None
    return url.split("#", 1)[0]


def linked_stylesheets(html: str, url: str) -> list[str]:
    """Absolute URLs of the page's `<link rel=stylesheet>` files on the same host."""
    tree = LexborHTMLParser(html)
    base = _base_url(tree, url)
    host = urlsplit(url).netloc
    out = []
    for link in tree.css("link[href]"):
        rel = (link.attributes.get("rel") or "").lower().split()
        href = _absolute(base, link.attributes.get("href"))
        if "stylesheet" in rel and href and urlsplit(href).netloc == host and href not in out:
            out.append(href)
    return out


# -- preparing the tree ----------------------------------------------------------------------


def _merge_noscript(tree: LexborHTMLParser) -> None:
    """Give a lazy <img> its <noscript> twin's URL, and unwrap other noscript images."""
    for noscript in tree.css("noscript"):
        inner = noscript.css_first("img")
        if inner is None:
            noscript.decompose()
            continue
        shadowed = noscript.prev
        while shadowed is not None and not shadowed.is_element_node:
            shadowed = shadowed.prev
        if shadowed is not None and shadowed.tag != "img":
            shadowed = shadowed.css_first("img") if shadowed.tag == "picture" else None
        if shadowed is None and noscript.parent is not None:
            siblings = [n for n in noscript.parent.css("img") if not _inside(n, "noscript")]
            shadowed = siblings[0] if len(siblings) == 1 else None
        if shadowed is not None:
            src = inner.attributes.get("src")
            srcset = inner.attributes.get("srcset")
            if src:
                shadowed.attrs["data-noscript-src"] = src
            if srcset and not shadowed.attributes.get("data-srcset"):
                shadowed.attrs["data-srcset"] = srcset
            noscript.decompose()
        else:
            noscript.unwrap()


def _inside(node: LexborNode, tag: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def _apply_stylesheets(tree: LexborHTMLParser, page_url: str, css: dict[str, str]) -> None:
    """Mark elements that stylesheet rules give a background image (`data-audit-bg`)."""
    sheets = [(page_url, style.text(deep=True) or "") for style in tree.css("style")]
    sheets += list(css.items())
    applied = 0
    for sheet_url, text in sheets:
        text = _CSS_COMMENT.sub("", text)
        for selectors, body in _CSS_RULE.findall(text):
            decl = _CSS_BG_DECL.search(body)
            if not decl:
                continue
            applied += 1
            if applied > MAX_BACKGROUND_RULES:
                return  # a framework's sprite sheet, not a team's photos: stop matching
            match = _CSS_URL.search(decl.group(1))
            url = _absolute(sheet_url, match.group(2)) if match else None
            if not url:
                continue
            for selector in selectors.split(","):
                selector = _PSEUDO.sub("", selector).strip()
                if not selector or selector.startswith("@"):
                    continue
                try:
                    nodes = tree.css(selector)
                except Exception:
                    continue
                for node in nodes:
                    node.attrs["data-audit-bg"] = url


# -- photos --------------------------------------------------------------------------------


def _px(value: str | None) -> float | None:
    match = re.match(r"^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$", value or "")
    return float(match.group(1)) if match else None


def _declared_size(node: LexborNode) -> tuple[float | None, float | None]:
    width, height = _px(node.attributes.get("width")), _px(node.attributes.get("height"))
    style = node.attributes.get("style") or ""
    if width is None and (m := re.search(r"(?<![-\w])width\s*:\s*(\d+(?:\.\d+)?)px", style)):
        width = float(m.group(1))
    if height is None and (m := re.search(r"(?<![-\w])height\s*:\s*(\d+(?:\.\d+)?)px", style)):
        height = float(m.group(1))
    return width, height


def _decorative(node: LexborNode) -> bool:
    """Evidence that an image is not a person's photo: position, icon size or banner shape."""
    width, height = _declared_size(node)
    if width is not None and height is not None:
        if width <= ICON_MAX_PX and height <= ICON_MAX_PX:
            return True
        if height > 0 and not MIN_PORTRAIT_ASPECT <= width / height <= MAX_PORTRAIT_ASPECT:
            return True
    elif (width is not None and width <= 1) or (height is not None and height <= 1):
        return True
    if (node.attributes.get("role") or "") == "presentation":
        return True
    parent = node.parent
    while parent is not None:
        role = (parent.attributes.get("role") or "").lower() if parent.is_element_node else ""
        if parent.tag in _DECORATIVE_REGIONS or role in _DECORATIVE_ROLES:
            # a <header> inside a card (article > header > img) is part of the card
            if parent.tag == "header" and _inside(parent, "article"):
                parent = parent.parent
                continue
            return True
        parent = parent.parent
    return False


def _srcset_candidates(node: LexborNode, attrs: tuple[str, ...]) -> list:
    out = []
    for attr in attrs:
        out += [c for c in parse_srcset(node.attributes.get(attr)) if _usable(c.url)]
    return out


def _usable(ref: str | None) -> bool:
    ref = (ref or "").strip()
    return bool(ref) and not ref.lower().startswith(("data:", "javascript:", "about:", "#"))


# Formats the decoder is known to read; a <source> of another type is used only as a last resort.
_DECODABLE_TYPES = ("image/jpeg", "image/jpg", "image/png", "image/webp", "image/gif", "")


def _img_url(img: LexborNode) -> str | None:
    """The URL a browser would load for this <img> at its largest size (as written)."""
    candidates = []
    fallback = []
    picture = img.parent if img.parent is not None and img.parent.tag == "picture" else None
    if picture is not None:
        for source in picture.css("source"):
            kind = (source.attributes.get("type") or "").strip().lower()
            found = _srcset_candidates(source, ("srcset", *_LAZY_SRCSET_ATTRS))
            (candidates if kind in _DECODABLE_TYPES else fallback).extend(found)
    candidates += _srcset_candidates(img, ("srcset", *_LAZY_SRCSET_ATTRS))
    best = largest(candidates)
    if best is not None:
        return best.url
    for attr in _LAZY_SRC_ATTRS:
        if _usable(img.attributes.get(attr)):
            return (img.attributes.get(attr) or "").strip()
    src = img.attributes.get("src")
    if _usable(src):
        return (src or "").strip()
    best = largest(fallback)
    return best.url if best is not None else None


def _bg_url(node: LexborNode) -> str | None:
    """A background photo URL from inline style, lazy data attributes or a stylesheet rule."""
    style = node.attributes.get("style") or ""
    decl = _CSS_BG_DECL.search(style)
    if decl and (match := _CSS_URL.search(decl.group(1))) and _usable(match.group(2)):
        return match.group(2).strip()
    for attr in _BGSET_ATTRS:
        best = largest([c for c in parse_srcset(node.attributes.get(attr)) if _usable(c.url)])
        if best is not None:
            return best.url
    for attr in _BG_ATTRS:
        value = (node.attributes.get(attr) or "").strip()
        match = _CSS_URL.search(value)
        value = match.group(2) if match else value
        if _usable(value):
            return value
    return None


@dataclass
class _Photo:
    node: LexborNode
    url: str  # absolute
    alt: str | None
    larger: str | None = None  # a linked full-size image (lightbox), tried first


def _carousel_clone(node: LexborNode) -> bool:
    """Whether the node sits in a slide a carousel library duplicated (slick, swiper)."""
    parent = node.parent
    for _ in range(MAX_CARD_LEVELS):
        if parent is None:
            return False
        if any(c in _CLONE_CLASSES for c in _classes(parent)):
            return True
        parent = parent.parent
    return False


def _lightbox(node: LexborNode, base: str) -> str | None:
    """The full-size image an <img> links to (`<a href="big.jpg"><img src="small.jpg">`)."""
    parent = node.parent
    if node.tag != "img" or parent is None:
        return None
    if parent.tag == "picture":
        parent = parent.parent
    if parent is None or parent.tag != "a":
        return None
    href = _absolute(base, parent.attributes.get("href"))
    if href and _IMAGE_PATH.search(urlsplit(href).path):
        return href
    return None


def _find_photos(tree: LexborHTMLParser, base: str) -> list[_Photo]:
    photos: list[_Photo] = []
    body = tree.body
    if body is None:
        return photos
    for node in body.traverse():
        if not node.is_element_node or node.tag in ("body", "html"):
            continue
        if node.tag == "img":
            ref = _img_url(node)
            alt = node.attributes.get("alt")
        elif node.tag in _NON_TEXT_TAGS or node.tag in ("source", "picture"):
            continue
        else:
            ref = _bg_url(node)
            alt = node.attributes.get("aria-label") or node.attributes.get("title")
            if ref and node.css_first("h1") is not None:
                continue  # a background behind the page heading is a hero banner
        url = _absolute(base, ref) if ref else None
        if url is None or _decorative(node):
            continue
        if _carousel_clone(node):
            continue
        photos.append(_Photo(node=node, url=url, alt=alt, larger=_lightbox(node, base)))
    # a background on an element that also holds an <img> photo is a frame, not a photo
    ids = {p.node.mem_id for p in photos}
    return [
        p
        for p in photos
        if p.node.tag == "img" or not any(c.mem_id in ids for c in p.node.css("img"))
    ]


# -- cards, names, titles --------------------------------------------------------------------


def _ancestors(node: LexborNode) -> list[LexborNode]:
    out = []
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html", "#document"):
        out.append(parent)
        parent = parent.parent
    return out


def _text(node: LexborNode) -> str:
    return clean_text(node.text(deep=True, separator=" "))


def _chunks(node: LexborNode) -> list[tuple[LexborNode, str]]:
    """Visible text chunks (text nodes) in document order, skipping script/style/... content."""
    hidden: set[int] = set()
    for excluded in node.css(", ".join(_NON_TEXT_TAGS)):
        hidden.update(child.mem_id for child in excluded.traverse(include_text=True))
    out = []
    for child in node.traverse(include_text=True):
        if not child.is_text_node or child.mem_id in hidden:
            continue
        text = clean_text(child.text_content)
        if text:
            out.append((child, text))
    return out


def _ancestors_until(node: LexborNode, stop: LexborNode) -> list[LexborNode]:
    out = []
    parent = node.parent
    while parent is not None and parent.mem_id != stop.mem_id:
        out.append(parent)
        parent = parent.parent
    return out


def _classes(node: LexborNode) -> list[str]:
    return (node.attributes.get("class") or "").split()


def _is_title_element(node: LexborNode) -> bool:
    """Whether an element holds a job title (itemprop or a title/role class).

    A heading is never one by class alone: WordPress themes put the person's name in
    `<h3 class="entry-title">`.
    """
    if (node.attributes.get("itemprop") or "") == "jobTitle":
        return True
    if node.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return False
    return any(_TITLE_CLASS.search(c) for c in _classes(node))


_BREAK_TAGS = ("br", "p", "div", "li", "dd", "dt", "small", "h1", "h2", "h3", "h4", "h5", "h6")
_NAME_SPLIT = re.compile(r"\s*(?:,|\s[-–—|]\s|\s·\s)\s*")


def _segments(node: LexborNode) -> list[str]:
    """The element's text split at line breaks and block children ("Jane Doe<br>CTO")."""
    segments: list[str] = []
    current: list[str] = []
    for child in node.traverse(include_text=True):
        if child.mem_id == node.mem_id:
            continue
        if child.is_text_node:
            if not any(a.tag in _NON_TEXT_TAGS for a in _ancestors_until(child, node)):
                current.append(child.text_content or "")
        elif child.tag in _BREAK_TAGS:
            segments.append(clean_text(" ".join(current)))
            current = []
    segments.append(clean_text(" ".join(current)))
    return [s for s in segments if s]


def _plausible(text: str) -> str | None:
    """The name in a text, also when a role follows it ("Ben Okoro, Head of Sales")."""
    text = text.strip(" ,–—-|·")
    if looks_like_name(text) and not any(ch.isdigit() for ch in text) and "," not in text:
        return text
    head = _NAME_SPLIT.split(text, maxsplit=1)[0]
    if head != text and looks_like_name(head) and not any(ch.isdigit() for ch in head):
        return head
    return None


def _name_from_element(node: LexborNode) -> str | None:
    if _is_title_element(node):
        return None
    content = clean_text(node.attributes.get("content"))
    if content:
        return _plausible(content)
    segments = _segments(node)
    return _plausible(segments[0]) if segments else None


_NAME_SELECTORS = (
    "[itemprop=name]",
    "[class*=name]",
    "h1, h2, h3, h4, h5, h6, figcaption",
    "strong, b, dt, caption",
)


def _visible_name(card: LexborNode) -> tuple[str | None, LexborNode | None]:
    """The first plausible name in a card, by element priority then document order."""
    for selector in _NAME_SELECTORS:
        for node in card.css(selector):
            if selector == "[class*=name]" and not any(
                _NAME_CLASS.search(c) for c in _classes(node)
            ):
                continue
            if any(a.tag in _NON_TEXT_TAGS for a in _ancestors_until(node, card)):
                continue
            name = _name_from_element(node)
            if name:
                return name, node
    for text_node, text in _chunks(card):
        holders = _ancestors_until(text_node, card)
        if any(_is_title_element(h) for h in holders):
            continue
        candidate = _plausible(text)
        if candidate:
            # a bare text node: the title is found by its text, not by an element
            return candidate, None
    return None, None


def _odd_name(card: LexborNode) -> str | None:
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


def _aria_name(card: LexborNode) -> str | None:
    for node in [card, *card.css("[aria-label]")]:
        label = node.attributes.get("aria-label")
        if label:
            name = clean_alt(_ARIA_PREFIX.sub("", label))
            if name:
                return name
    return None


def _short(text: str) -> str | None:
    """`text` if it can be a job title: short, and not an e-mail address, link or phone number."""
    text = text.strip(" ,–—-|·")
    if not text or len(text) > MAX_TITLE_CHARS or len(text.split()) > MAX_TITLE_WORDS:
        return None
    if "@" in text or "://" in text or text.startswith(("+", "(")) or text[0].isdigit():
        return None
    return text


def _tail(text: str, name: str) -> str | None:
    """What follows the name in one text ("Ben Okoro, Head of Sales" -> "Head of Sales")."""
    text = text.strip()
    if text.startswith(name) and text != name:
        return _short(text[len(name) :])
    return None


def _title(card: LexborNode, name: str, name_node: LexborNode | None) -> str | None:
    """The job title: a title-classed element, else the short text right after the name."""
    for node in card.css("[itemprop=jobTitle], [class]"):
        if name_node is not None and node.mem_id == name_node.mem_id:
            continue
        if _is_title_element(node):
            text = clean_text(node.attributes.get("content")) or _text(node)
            if text and text != name and len(text) <= MAX_TITLE_CHARS:
                return text
    if name_node is not None:
        segments = _segments(name_node)
        if segments:
            tail = _tail(segments[0], name)
            if tail:
                return tail
            if len(segments) > 1:
                return _short(segments[1])
    seen_name = False
    for text_node, text in _chunks(card):
        holders = _ancestors_until(text_node, card)
        in_name = name_node is not None and (
            inside_name_of(name_node, text_node) or text_node.mem_id == name_node.mem_id
        )
        if not seen_name:
            if in_name or text.strip(" ,–—-|·").startswith(name):
                seen_name = True
                tail = None if in_name else _tail(text, name)
                if tail:
                    return tail
            continue
        if in_name or any(h.tag in ("a", "button") for h in holders):
            continue
        return _short(text)
    return None


def inside_name_of(name_node: LexborNode, text_node: LexborNode) -> bool:
    """Whether `text_node` sits inside the element the name was read from."""
    parent = text_node.parent
    while parent is not None:
        if parent.mem_id == name_node.mem_id:
            return True
        parent = parent.parent
    return False


def _signature(node: LexborNode) -> tuple[str, tuple[str, ...]]:
    return node.tag or "", tuple(sorted(_classes(node)))


@dataclass
class _Card:
    node: LexborNode
    photo: _Photo | None
    order: int


def _cards(photos: list[_Photo], order: dict[int, int]) -> list[_Card]:
    counts: dict[int, int] = {}
    for photo in photos:
        for ancestor in _ancestors(photo.node):
            counts[ancestor.mem_id] = counts.get(ancestor.mem_id, 0) + 1
    cards = []
    for photo in photos:
        card = photo.node
        for ancestor in _ancestors(photo.node)[:MAX_CARD_LEVELS]:
            if counts.get(ancestor.mem_id, 0) != 1:
                break
            card = ancestor
        cards.append(_Card(node=card, photo=photo, order=order.get(card.mem_id, 0)))
    # siblings shaped like a card but without a photo are people without a photo
    taken = {c.node.mem_id for c in cards}
    shapes = {(c.node.parent.mem_id, _signature(c.node)) for c in cards if c.node.parent}
    for parent_id, shape in shapes:
        parent = next(
            c.node.parent for c in cards if c.node.parent and c.node.parent.mem_id == parent_id
        )
        for child in parent.iter():
            if child.mem_id in taken or _signature(child) != shape:
                continue
            if counts.get(child.mem_id, 0) == 0:
                cards.append(_Card(node=child, photo=None, order=order.get(child.mem_id, 0)))
                taken.add(child.mem_id)
    cards.sort(key=lambda c: c.order)
    return cards


def _nearest_name(card: _Card) -> tuple[str | None, LexborNode | None]:
    """The visible name closest to the card's photo (climbing from the photo to the card)."""
    if card.photo is None:
        return _visible_name(card.node)
    levels = []
    for ancestor in _ancestors(card.photo.node):
        levels.append(ancestor)
        if ancestor.mem_id == card.node.mem_id:
            break
    if card.photo.node.mem_id == card.node.mem_id or not levels:
        levels = [card.node]
    for level in levels:
        name, node = _visible_name(level)
        if name:
            return name, node
    return _title_pair_name(card.node)


def _title_pair_name(card: LexborNode) -> tuple[str | None, LexborNode | None]:
    """BEM cards often call the name "title" and the role "subtitle": with two such
    elements and no other name, the first one is the name."""
    titled = [n for n in card.css("[class]") if _is_title_element(n) and _text(n)]
    if len(titled) >= 2:
        name = _plausible(_text(titled[0]))
        if name:
            return name, titled[0]
    return None, None


# -- the page ----------------------------------------------------------------------------------


def _resolve_data_people(people: list[DataPerson], base: str) -> dict[str, DataPerson]:
    out = {}
    for person in people:
        url = _absolute(base, person.image) if person.image else None
        if url:
            out[url] = person
    return out


def _person_from_card(
    card: _Card,
    by_image: dict[str, DataPerson],
    shared_alts: set[str],
) -> FoundPerson | None:
    notes: list[str] = []
    name, name_node = _nearest_name(card)
    photo = card.photo
    alt_name = None
    if photo is not None and photo.alt is not None and clean_text(photo.alt) not in shared_alts:
        alt_name = clean_alt(photo.alt)
    data = by_image.get(photo.url) if photo is not None else None
    if card.node.attributes.get("itemscope") is not None:
        micro = microdata_person(card.node)
        if micro is not None and name is None:
            name = micro.name
    if name is None:
        name = _aria_name(card.node)
    if name is None and data is not None:
        name = data.name
    if name is None and alt_name is not None:
        name = alt_name
        notes.append("Name taken from the photo's alt text (no visible name on the card).")
    if name is None and photo is not None:
        name = _odd_name(card.node)
        if name is not None:
            notes.append("The name on the card does not look like a person's name; shown as is.")
    if name is None:
        return None
    if alt_name and not names_match(alt_name, name):
        notes.append(f'The photo\'s alt text ("{alt_name}") does not match the visible name.')
    title = _title(card.node, name, name_node)
    if title is None and data is not None:
        title = data.title
    urls: tuple[str, ...] = ()
    if photo is not None:
        found = (*(cdn.upgrade(photo.larger) if photo.larger else ()), *cdn.upgrade(photo.url))
        urls = tuple(dict.fromkeys(found))
    return FoundPerson(name=name, title=title, image_urls=urls, notes=tuple(notes))


def _pagination(tree: LexborHTMLParser, base: str, url: str) -> list[str]:
    out: list[str] = []
    here = urlsplit(url)
    current = _page_number(url) or 1

    def add(ref: str | None) -> None:
        target = _absolute(base, ref)
        if (
            target
            and target != url
            and target not in out
            and urlsplit(target).netloc == here.netloc
        ):
            out.append(target)

    for node in tree.css("link[rel][href], a[rel][href]"):
        if "next" in (node.attributes.get("rel") or "").lower().split():
            add(node.attributes.get("href"))
    for link in tree.css("a[href]"):
        href = link.attributes.get("href")
        target = _absolute(base, href)
        if not target:
            continue
        number = _page_number(target)
        parts = urlsplit(target)
        same_list = parts.path == here.path or _PAGE_PATH.sub("", parts.path) == _PAGE_PATH.sub(
            "", here.path
        )
        if (number is not None and number > current and same_list) or _MORE_TEXT.search(
            _text(link)
        ):
            add(href)
    return out


def _page_number(url: str) -> int | None:
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in _PAGE_PARAM and value.isdigit():
            return int(value)
    match = _PAGE_PATH.search(parts.path)
    return int(match.group(1)) if match else None


def _discover(tree: LexborHTMLParser, base: str, url: str) -> list[str]:
    host = urlsplit(url).netloc
    out = []
    for link in tree.css("a[href]"):
        target = _absolute(base, link.attributes.get("href"))
        if not target or target == url or urlsplit(target).netloc != host:
            continue
        teamish = _TEAM_WORDS.search(urlsplit(target).path) or _TEAM_WORDS.search(_text(link))
        if teamish and target not in out:
            out.append(target)
    return out


def _looks_like_app_shell(tree: LexborHTMLParser) -> bool:
    """Evidence that the HTML is a JavaScript app's empty shell, read before any tree edits.

    Little text plus an app mount point (`#root`, `#__next`, ...), a `<noscript>` asking for
    JavaScript, or no text at all beside script files. A plain page that merely has no people
    ("Under construction") is not one.
    """
    body = tree.body
    if body is None:
        return False
    text = " ".join(t for _, t in _chunks(body))
    if len(text) >= APP_SHELL_MAX_TEXT:
        return False
    if tree.css_first(_APP_ROOTS) is not None:
        return True
    if any("javascript" in (n.text(deep=True) or "").lower() for n in tree.css("noscript")):
        return True
    return not text and tree.css_first("script[src]") is not None


def scan_page(html: str, url: str, css: dict[str, str] | None = None) -> PageScan:
    """People, pagination links and discovery links of one HTML page at `url`."""
    tree = LexborHTMLParser(html)
    base = _base_url(tree, url)
    ld_people = json_ld_people(tree)
    app_people = next_data_people(tree)
    by_image = _resolve_data_people(ld_people + app_people, base)
    app_shell = _looks_like_app_shell(tree)
    _merge_noscript(tree)
    _apply_stylesheets(tree, base, css or {})
    photos = _find_photos(tree, base)
    order = {}
    if tree.body is not None:
        for index, node in enumerate(tree.body.traverse()):
            order[node.mem_id] = index
    cards = _cards(photos, order)
    alts = [clean_text(c.photo.alt) for c in cards if c.photo is not None and c.photo.alt]
    shared_alts = {a for a in alts if alts.count(a) >= SHARED_ALT_MIN}
    people: list[FoundPerson] = []
    for card in cards:
        person = _person_from_card(card, by_image, shared_alts)
        if person is not None:
            people.append(person)
    # microdata people whose card had no photo candidate
    known = {p.name.casefold() for p in people}
    known_urls = {u for p in people for u in p.image_urls}
    for item in tree.css('[itemscope][itemtype*="schema.org/Person"]'):
        micro = microdata_person(item)
        if micro is None or micro.name.casefold() in known:
            continue
        image = _absolute(base, micro.image) if micro.image else None
        people.append(
            FoundPerson(
                name=micro.name,
                title=micro.title,
                image_urls=cdn.upgrade(image) if image else (),
            )
        )
        known.add(micro.name.casefold())
    for data in ld_people + (app_people if not people else []):
        image = _absolute(base, data.image) if data.image else None
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
        next_pages=_pagination(tree, base, url),
        discover_links=_discover(tree, base, url),
        needs_javascript=not people and app_shell,
    )
