"""Where to go next from a page: pagination, same-site discovery, and app-shell detection."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from selectolax.lexbor import LexborHTMLParser

from auditor.crawl.dom import absolute_url, text_chunks, text_of

__all__ = [
    "APP_SHELL_MAX_TEXT",
    "TEAM_WORDS",
    "discovery_links",
    "looks_like_app_shell",
    "pagination_links",
]

# Visible body text shorter than this, with no people, suggests a JavaScript app shell.
APP_SHELL_MAX_TEXT = 200

_PAGE_PARAM = ("page", "p", "pg", "paged")

_PAGE_PATH = re.compile(r"/page/(\d+)/?$")
# Where a "Load more" button keeps the URL its script fetches.
_ENDPOINT_ATTRS = ("data-endpoint", "data-url", "data-href", "data-next-url", "data-next")

_MORE_TEXT = re.compile(
    r"^\s*(?:load|show|see|view)\s+more\b|^\s*more\s+(?:people|members|team)|^\s*next(?:\s+page)?\s*[›»>→]*\s*$|^[›»→]$",
    re.I,
)

TEAM_WORDS = re.compile(
    r"team|people|staff|about|leadership|who-we-are|directory|faculty|management|founders|"
    r"board|employees|members|our-story|partners",
    re.I,
)

_APP_ROOTS = "#root, #app, #__next, #__nuxt, [data-reactroot], [ng-version], app-root"


def pagination_links(tree: LexborHTMLParser, base: str, url: str) -> list[str]:
    """Further pages of the same listing: rel=next, ?page=N, /page/N/, "Load more"."""
    out: list[str] = []
    here = urlsplit(url)
    current = _page_number(url) or 1

    def add(ref: str | None) -> None:
        target = absolute_url(base, ref)
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
        target = absolute_url(base, href)
        if not target:
            continue
        number = _page_number(target)
        parts = urlsplit(target)
        same_list = parts.path == here.path or _PAGE_PATH.sub("", parts.path) == _PAGE_PATH.sub(
            "", here.path
        )
        if (number is not None and number > current and same_list) or _MORE_TEXT.search(
            text_of(link)
        ):
            add(href)
    # a "Load more" button names the endpoint its script fetches (WordPress REST, a theme's
    # AJAX page): the crawler reads it as the next page, HTML or JSON
    for node in tree.css("button, a, div, span"):
        endpoint = next(
            (node.attributes.get(a) for a in _ENDPOINT_ATTRS if node.attributes.get(a)), None
        )
        label = text_of(node) or node.attributes.get("aria-label") or ""
        if endpoint and ("/" in endpoint or "?" in endpoint) and _MORE_TEXT.search(label):
            add(endpoint)
    return out


def _page_number(url: str) -> int | None:
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in _PAGE_PARAM and value.isdigit():
            return int(value)
    match = _PAGE_PATH.search(parts.path)
    return int(match.group(1)) if match else None


def discovery_links(tree: LexborHTMLParser, base: str, url: str) -> list[str]:
    """Same-site links that look like team/people pages (for `discover`)."""
    host = urlsplit(url).netloc
    out = []
    for link in tree.css("a[href]"):
        target = absolute_url(base, link.attributes.get("href"))
        if not target or target == url or urlsplit(target).netloc != host:
            continue
        teamish = TEAM_WORDS.search(urlsplit(target).path) or TEAM_WORDS.search(text_of(link))
        if teamish and target not in out:
            out.append(target)
    return out


def looks_like_app_shell(tree: LexborHTMLParser) -> bool:
    """Evidence that the HTML is a JavaScript app's empty shell, read before any tree edits.

    Little text plus an app mount point (`#root`, `#__next`, ...), a `<noscript>` asking for
    JavaScript, or no text at all beside script files. A plain page that merely has no people
    ("Under construction") is not one.
    """
    body = tree.body
    if body is None:
        return False
    text = " ".join(t for _, t in text_chunks(body))
    if len(text) >= APP_SHELL_MAX_TEXT:
        return False
    if tree.css_first(_APP_ROOTS) is not None:
        return True
    if any("javascript" in (n.text(deep=True) or "").lower() for n in tree.css("noscript")):
        return True
    return not text and tree.css_first("script[src]") is not None
