"""Photo candidates on a page: the URL a browser would load largest, minus decorative images.

`<img>`/`<picture>`/`srcset`, lazy-load attributes and `<noscript>` twins, CSS backgrounds
(inline, `<style>`, linked stylesheets), lightbox links; icons, banners, header/nav/footer
images, 1x1 and `data:` placeholders and carousel clones are excluded by evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from auditor.crawl.dom import (
    MAX_CARD_LEVELS,
    NON_TEXT_TAGS,
    absolute_url,
    base_url,
    classes,
    inside,
    text_of,
)
from auditor.crawl.srcset import largest, parse_srcset

__all__ = [
    "ICON_MAX_PX",
    "MAX_BACKGROUND_RULES",
    "PICTURE_MIN_PX",
    "Photo",
    "apply_stylesheets",
    "carousel_clone",
    "channel_icon",
    "empty_photo_slot",
    "find_photos",
    "hover_twins",
    "linked_stylesheets",
    "merge_noscript",
    "shared_overlays",
]

# An image whose declared width or height is at most this is an icon, not a headshot.
ICON_MAX_PX = 48
# An image declared at least this wide and high is laid out as a picture, not an icon: its
# alt text naming a social network ("LinkedIn" on a portrait linking to the profile) does
# not make it one (a file named after the network still does).
PICTURE_MIN_PX = 96

# Stylesheet rules with a background image that are matched against the page, at most.
MAX_BACKGROUND_RULES = 500
# Explicit width/height ratios outside this range are banners or strips, not portraits.
MIN_PORTRAIT_ASPECT, MAX_PORTRAIT_ASPECT = 0.3, 2.5

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

# Elements whose CSS background is the backdrop of a part of the page, never a headshot
# (those sit on a card: a div, article, span, figure or link).
_BACKDROP_TAGS = frozenset({"section", "header", "footer", "main", "form"})
_BG_ATTRS = ("data-bg", "data-background", "data-background-image", "data-audit-bg")

_BGSET_ATTRS = ("data-bgset",)

_DECORATIVE_REGIONS = ("header", "nav", "footer")

_DECORATIVE_ROLES = ("banner", "navigation", "contentinfo")

_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.I | re.S)

_CSS_BG_DECL = re.compile(r"background(?:-image)?\s*:\s*([^;]*url\([^;]*)", re.I | re.S)

_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)

_PSEUDO = re.compile(r"::?(?:before|after|first-line|first-letter)\b", re.I)

_CLONE_CLASSES = ("slick-cloned", "swiper-slide-duplicate", "cloned", "clone")

_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_MODAL_CLASS = re.compile(r"^(?:modal|popup|pop-up|dialog|lightbox|overlay)(?:$|[-_])", re.I)
_IMAGE_PATH = re.compile(r"\.(?:jpe?g|png|webp|gif|avif)$", re.I)

# Social networks and contact channels: an image labelled only with one of them is the icon
# of a link ("LinkedIn", "icon-email.png"), however large its file; by alt text alone, only
# when the page does not lay it out at a picture's size (PICTURE_MIN_PX).
_CHANNELS = frozenset(
    """
    linkedin twitter facebook instagram youtube github gitlab xing tiktok pinterest threads
    mastodon bluesky dribbble behance medium vimeo flickr snapchat telegram whatsapp skype
    orcid researchgate scholar email mail envelope phone telephone tel fax vcard rss website
    web gmail outlook wechat weixin weibo kakaotalk viber messenger discord slack reddit
    tumblr vk vkontakte zalo googleplus gplus
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_LABEL_SPLIT = re.compile(r"[^\w]+|_")
# Words around a channel's name in icon labels and file names ("Follow us on LinkedIn").
_ICON_WORDS = frozenset(
    """
    icon icons ico logo social link links profile follow us on me my share btn button sm
    small white black grey gray color colour mono round circle square fill filled outline
    google e
    """.split()  # noqa: SIM905
)

# Class words and folder names of icons: a card's social links are images too.
_ICON_CLASS_WORDS = frozenset({"icon", "icons", "emoji"})
_ICON_FOLDERS = frozenset({"icon", "icons", "social-media", "social-icons", "emoji", "flags"})

# Formats the decoder is known to read; a <source> of another type is used only as a last resort.
_DECODABLE_TYPES = ("image/jpeg", "image/jpg", "image/png", "image/webp", "image/gif", "")


def linked_stylesheets(html: str, url: str) -> list[str]:
    """Absolute URLs of the page's `<link rel=stylesheet>` files on the same host."""
    tree = LexborHTMLParser(html)
    base = base_url(tree, url)
    host = urlsplit(url).netloc
    out = []
    for link in tree.css("link[href]"):
        rel = (link.attributes.get("rel") or "").lower().split()
        href = absolute_url(base, link.attributes.get("href"))
        if "stylesheet" in rel and href and urlsplit(href).netloc == host and href not in out:
            out.append(href)
    return out


def merge_noscript(tree: LexborHTMLParser) -> None:
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
            siblings = [n for n in noscript.parent.css("img") if not inside(n, "noscript")]
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


def apply_stylesheets(tree: LexborHTMLParser, page_url: str, css: dict[str, str]) -> None:
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
            url = absolute_url(sheet_url, match.group(2)) if match else None
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


def channel_icon(label: str | None, *, alt: bool = True) -> bool:
    """Whether an alt text (or, with `alt=False`, a file stem) names only a social network or
    contact channel. "X" counts in alt text only: "x.jpg" is as likely a person's photo."""
    words = {w for w in _LABEL_SPLIT.split((label or "").lower()) if w} - _ICON_WORDS
    channels = _CHANNELS | {"x"} if alt else _CHANNELS
    return bool(words) and words <= channels


def _laid_out_as_picture(width: float | None, height: float | None) -> bool:
    """Whether the page declares an image at a picture's size on both sides: an icon is never
    laid out 320 px wide, whatever its alt text says."""
    return width is not None and height is not None and min(width, height) >= PICTURE_MIN_PX


def _icon_by_markup(node: LexborNode, url: str) -> bool:
    """An image the page itself files as an icon: its class says so ("icon-svg",
    "social-icon"), or it lives in an icons or social-media folder."""
    words = {w for c in classes(node) for w in _LABEL_SPLIT.split(c.lower()) if w}
    folders = {
        w
        for part in urlsplit(url).path.lower().split("/")[:-1]
        for w in (part, *_LABEL_SPLIT.split(part))
    }
    return bool(words & _ICON_CLASS_WORDS or folders & _ICON_FOLDERS)


def _decorative(node: LexborNode, url: str) -> bool:
    """Evidence that an image is not a person's photo: position, icon size, banner shape or a
    label naming a social network or contact channel."""
    stem = urlsplit(url).path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    width, height = _declared_size(node)
    if channel_icon(stem, alt=False):
        return True
    if _icon_by_markup(node, url) and not _laid_out_as_picture(width, height):
        return True
    if channel_icon(node.attributes.get("alt")) and not _laid_out_as_picture(width, height):
        return True  # a portrait linked to its LinkedIn profile may say only "LinkedIn"
    if width is not None and height is not None:
        if width <= ICON_MAX_PX and height <= ICON_MAX_PX:
            return True
        if height > 0 and not MIN_PORTRAIT_ASPECT <= width / height <= MAX_PORTRAIT_ASPECT:
            return True
    elif (width is not None and width <= ICON_MAX_PX) or (
        height is not None and height <= ICON_MAX_PX
    ):
        return True  # one declared side of icon size (`<img width="16">` by a "CV" link)
    if (node.attributes.get("role") or "") == "presentation":
        return True
    parent = node.parent
    while parent is not None:
        role = (parent.attributes.get("role") or "").lower() if parent.is_element_node else ""
        if parent.tag in _DECORATIVE_REGIONS or role in _DECORATIVE_ROLES:
            # a <header> inside a card (article > header > img) is part of the card
            if parent.tag == "header" and inside(parent, "article"):
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
    """Whether a src names a file: not inline data, a script, a fragment, or a folder
    ("img/team/", "img/team/#": a photo never uploaded, shown by the browser as broken)."""
    ref = (ref or "").strip()
    if not ref or ref.lower().startswith(("data:", "javascript:", "about:", "#")):
        return False
    try:
        parts = urlsplit(ref)
    except ValueError:
        return True  # a malformed URL fails later, with its reason, on its person
    return not (parts.path.endswith("/") and not parts.query)


def empty_photo_slot(img: LexborNode) -> bool:
    """Whether an <img> names no file to load in any of its sources ("img/", an empty src):
    a photo never uploaded, which a browser shows as a broken image."""
    return _img_url(img) is None


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


def _svg_image(node: LexborNode) -> tuple[str | None, str | None]:
    """A photo drawn in inline SVG (`<svg><image href>`, a portrait clipped to a circle): its
    URL, and the SVG's accessible name (aria-label, else its <title>) as the alt text. An SVG
    hidden from assistive technology (aria-hidden) is decoration: no photo."""
    svg = node.parent
    while svg is not None and svg.tag != "svg":
        svg = svg.parent
    if svg is None or (svg.attributes.get("aria-hidden") or "").strip().lower() == "true":
        return None, None
    ref = node.attributes.get("href") or node.attributes.get("xlink:href")
    if not _usable(ref):
        return None, None
    title = svg.css_first("title")
    label = svg.attributes.get("aria-label") or (title.text(deep=True) if title else None)
    return (ref or "").strip(), label


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
class Photo:
    """A photo candidate: its element, absolute URL, alt text and any full-size link."""

    node: LexborNode
    url: str  # absolute
    alt: str | None
    larger: str | None = None  # a linked full-size image (lightbox), tried first
    hidden: bool = False  # inside a modal, dialog or hidden block (often a bio pop-up)


# Cards that repeat one file beside their own photo before it is an overlay, not a portrait.
MIN_OVERLAY_REPEATS = 3


def _pairs(photos: list[Photo]) -> list[list[Photo]]:
    """The photos that share their parent element with exactly one other, two by two."""
    by_parent: dict[int, list[Photo]] = {}
    for photo in photos:
        if photo.node.parent is not None:
            by_parent.setdefault(photo.node.parent.mem_id, []).append(photo)
    return [pair for pair in by_parent.values() if len(pair) == 2]


def hover_twins(photos: list[Photo]) -> set[int]:
    """The second photos of wrappers that hold two photos of one person and nothing else
    (`_one_portrait`): a portrait and the picture a hover swaps in ("<div><img class="img1">
    <img class="img2"></div>"), one person's slot. Counted as two, each photo would be a card of
    its own, named only by its alt text, and the name under both would be no one's."""
    twins: set[int] = set()
    for pair in _pairs(photos):
        parent = pair[0].node.parent
        children = [c for c in parent.iter() if c.is_element_node]
        if len(children) == 2 and not text_of(parent) and _one_portrait(*pair):
            twins.add(pair[1].node.mem_id)
    return twins


def shared_overlays(photos: list[Photo]) -> set[int]:
    """Photos that are a card's overlay, not its person: in a wrapper holding two photos, the
    one whose file every such card repeats (a theme's "mask.png" frame over each portrait)
    beside one that is the card's own. The same file shown alone in several cards is kept: a
    placeholder the audit must report."""
    seen: dict[str, int] = {}
    for photo in photos:
        seen[photo.url] = seen.get(photo.url, 0) + 1
    overlays: set[int] = set()
    for pair in _pairs(photos):
        counts = [seen[p.url] for p in pair]
        for photo, count, other in zip(pair, counts, counts[::-1], strict=True):
            if count >= MIN_OVERLAY_REPEATS and other == 1:
                overlays.add(photo.node.mem_id)
    return overlays


def _one_portrait(first: Photo, second: Photo) -> bool:
    """Whether two photos side by side are one person's: the second's file is the first's
    with a suffix ("werner-rempfler.jpg", "werner-rempfler-jagd.jpg"), they share their alt
    text, or a class says one is the hover image. Two people's photos ("PP_Chiara.jpg",
    "PP_Maxime.jpg") are not."""
    stems = [_stem(p.url) for p in (first, second)]
    if all(stems) and (stems[1].startswith(stems[0]) or stems[0].startswith(stems[1])):
        return True
    if first.alt and first.alt == second.alt:
        return True
    return any("hover" in c.lower() for p in (first, second) for c in classes(p.node))


def _stem(url: str) -> str:
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0].lower()


def carousel_clone(node: LexborNode) -> bool:
    """Whether the node is or sits in a slide a carousel library duplicated (slick, swiper)."""
    parent: LexborNode | None = node
    for _ in range(MAX_CARD_LEVELS + 1):
        if parent is None:
            return False
        if any(c in _CLONE_CLASSES for c in classes(parent)):
            return True
        parent = parent.parent
    return False


def _hidden(node: LexborNode) -> bool:
    """Whether the node sits in a block a visitor does not see until they click (a bio modal)."""
    current: LexborNode | None = node
    while current is not None and current.tag not in ("body", "html"):
        if current.tag in ("dialog", "template"):
            return True
        attrs = current.attributes
        if "hidden" in attrs or (attrs.get("aria-hidden") or "") == "true":
            return True
        if _DISPLAY_NONE.search(attrs.get("style") or ""):
            return True
        if any(_MODAL_CLASS.search(c) for c in classes(current)):
            return True
        current = current.parent
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
    href = absolute_url(base, parent.attributes.get("href"))
    if href and _IMAGE_PATH.search(urlsplit(href).path):
        return href
    return None


def find_photos(tree: LexborHTMLParser, base: str) -> list[Photo]:
    """Person-photo candidates of the page in document order, decorative ones excluded."""
    photos: list[Photo] = []
    body = tree.body
    if body is None:
        return photos
    for node in body.traverse():
        if not node.is_element_node or node.tag in ("body", "html"):
            continue
        if node.tag == "img":
            ref = _img_url(node)
            alt = node.attributes.get("alt")
        elif node.tag == "image":
            ref, alt = _svg_image(node)
        elif node.tag in NON_TEXT_TAGS or node.tag in ("source", "picture"):
            continue
        else:
            ref = _bg_url(node)
            alt = node.attributes.get("aria-label") or node.attributes.get("title")
            if ref and (node.tag in _BACKDROP_TAGS or node.css_first("h1, form") is not None):
                continue  # behind a page section, its heading or a form: a backdrop
        url = absolute_url(base, ref) if ref else None
        if url is None or _decorative(node, url):
            continue
        if carousel_clone(node):
            continue
        photos.append(
            Photo(node=node, url=url, alt=alt, larger=_lightbox(node, base), hidden=_hidden(node))
        )
    # a background on an element that also holds an <img> photo is a frame, not a photo
    ids = {p.node.mem_id for p in photos}
    photos = [
        p
        for p in photos
        if p.node.tag == "img" or not any(c.mem_id in ids for c in p.node.css("img"))
    ]
    return [p for p in photos if not _alternate_layer(p, photos)]


def _alternate_layer(photo: Photo, photos: list[Photo]) -> bool:
    """Whether a hidden photo is another layer of a visible one beside it (a "fun" photo shown
    on hover, the back of a flip): same parent, so the visible one is the person's headshot.
    Counted as a photo, it would split the card in two and cut the photo off from its role."""
    parent = photo.node.parent
    if not photo.hidden or parent is None:
        return False
    return any(
        not other.hidden
        and other.node.parent is not None
        and other.node.parent.mem_id == parent.mem_id
        for other in photos
    )
