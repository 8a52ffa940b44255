"""The `Referer` a browser sends when a page loads its images (W3C Referrer Policy).

Image servers with hotlink protection answer 403 to a photo request whose Referer is not one
of their own pages; a browser passes because it names the page. So each photo request carries
the page's URL by the policy a browser applies: the image's `referrerpolicy` attribute, else
the page's `<meta name="referrer">`, else the browsers' default,
`strict-origin-when-cross-origin` (the full URL to the page's own origin, only the origin to
another one, nothing from https to http). A page or image that asks for no Referer gets none
(some image hosts refuse any foreign Referer, and pages mark those images so).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["DEFAULT_POLICY", "POLICIES", "Referrer", "element_policy", "page_policy"]

DEFAULT_POLICY = "strict-origin-when-cross-origin"
POLICIES = frozenset(
    {
        "no-referrer",
        "no-referrer-when-downgrade",
        "same-origin",
        "origin",
        "strict-origin",
        "origin-when-cross-origin",
        "strict-origin-when-cross-origin",
        "unsafe-url",
    }
)
# Old keywords the HTML spec still maps for <meta name="referrer">.
_LEGACY = {
    "never": "no-referrer",
    "default": DEFAULT_POLICY,
    "always": "unsafe-url",
    "origin-when-crossorigin": "origin-when-cross-origin",
}
_DEFAULT_PORTS = {"http": 80, "https": 443}


def page_policy(tree: LexborHTMLParser) -> str:
    """The referrer policy a page sets with `<meta name="referrer">` (the last valid one wins,
    as in a browser), else the default."""
    policy = DEFAULT_POLICY
    for meta in tree.css("meta[name][content]"):
        if (meta.attributes.get("name") or "").strip().lower() != "referrer":
            continue
        value = (meta.attributes.get("content") or "").strip().lower()
        value = _LEGACY.get(value, value)
        if value in POLICIES:
            policy = value
    return policy


def element_policy(node: LexborNode) -> str | None:
    """The policy an `<img referrerpolicy=...>` sets for its own loads; None: the page's."""
    if node.tag != "img":
        return None  # a CSS background loads by the page's (or stylesheet's) policy
    value = (node.attributes.get("referrerpolicy") or "").strip().lower()
    return value if value in POLICIES else None


def _origin(parts) -> tuple[str, str, int | None]:
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port


@dataclass(frozen=True)
class Referrer:
    """The page a request is made for, and the policy that decides what it may tell."""

    page_url: str
    policy: str = DEFAULT_POLICY

    def header_for(self, target: str) -> str | None:
        """The Referer header value for a request to `target`, or None to send none."""
        page, dest = urlsplit(self.page_url), urlsplit(target)
        if page.scheme.lower() not in _DEFAULT_PORTS:
            return None  # a local file or CSV list is no page a server knows
        host = page.hostname or ""
        netloc = f"[{host}]" if ":" in host else host
        try:
            netloc += f":{page.port}" if page.port is not None else ""
        except ValueError:
            return None  # a malformed port: no URL worth telling
        # the referrer never carries user name, password or fragment
        full = urlunsplit((page.scheme, netloc, page.path or "/", page.query, ""))
        origin = urlunsplit((page.scheme, netloc, "/", "", ""))
        same = _origin(page) == _origin(dest)
        downgrade = page.scheme.lower() == "https" and dest.scheme.lower() != "https"
        policy = self.policy
        if policy == "no-referrer":
            return None
        if policy == "unsafe-url":
            return full
        if policy == "origin":
            return origin
        if policy == "same-origin":
            return full if same else None
        if policy == "strict-origin":
            return None if downgrade else origin
        if policy == "origin-when-cross-origin":
            return full if same else origin
        if policy == "no-referrer-when-downgrade":
            return None if downgrade else full
        # strict-origin-when-cross-origin, the browsers' default
        if same:
            return full
        return None if downgrade else origin
