"""CDN and CMS resize URLs: derive the original (largest) image a thumbnail URL was made from.

`upgrade(url)` returns the URLs to try in order: the derived original first, the URL as found
last, so a site where the original is not published still yields its (smaller) photo.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

__all__ = ["upgrade"]

# WordPress thumbnails: "jane-150x150.jpg" is a resized copy of "jane.jpg".
_WP_SIZE = re.compile(r"-\d{2,5}x\d{2,5}(?=\.(?:jpe?g|png|gif|webp|avif)$)", re.I)
# A Cloudinary transformation segment: comma-separated "key_value" parts (c_fill,w_300,h_300).
_CLOUDINARY_TRANSFORM = re.compile(r"^(?:[a-z]{1,3}_[^,/]+)(?:,[a-z]{1,3}_[^,/]+)*$")
_CLOUDINARY_VERSION = re.compile(r"^v\d+$")
# Wix renditions: "/media/<file>/v1/fill/w_300,h_375,.../<name>" is made from "/media/<file>".
_WIX_RENDITION = re.compile(
    r"^(?P<original>.*/media/[^/]+\.(?:jpe?g|png|gif|webp|avif))/v1/[a-z_]+/[^/]*/[^/]+$", re.I
)
# imgix rendering parameters that shrink or re-encode; the rest (e.g. signatures) are kept.
_IMGIX_RESIZE = {"w", "h", "fit", "crop", "dpr", "q", "auto", "fm", "rect", "max-w", "max-h"}


def _wordpress(url: str) -> str | None:
    parts = urlsplit(url)
    if "/wp-content/" not in parts.path and "/uploads/" not in parts.path:
        return None
    path = _WP_SIZE.sub("", parts.path, count=1)
    if path == parts.path:
        return None
    return urlunsplit(parts._replace(path=path))


def _next_image(url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.path.endswith("/_next/image"):
        return None
    inner = dict(parse_qsl(parts.query)).get("url")
    if not inner:
        return None
    return urljoin(url, inner)


def _cloudinary(url: str) -> str | None:
    parts = urlsplit(url)
    if "cloudinary" not in parts.netloc and "/image/upload/" not in parts.path:
        return None
    segments = parts.path.split("/")
    try:
        upload = segments.index("upload")
    except ValueError:
        return None
    rest = segments[upload + 1 :]
    kept = [s for s in rest[:-1] if not _CLOUDINARY_TRANSFORM.match(s)] + rest[-1:]
    if kept == rest:
        return None
    return urlunsplit(parts._replace(path="/".join(segments[: upload + 1] + kept)))


def _wix(url: str) -> str | None:
    parts = urlsplit(url)
    match = _WIX_RENDITION.match(parts.path)
    if match is None:
        return None
    return urlunsplit(parts._replace(path=match.group("original"), query=""))


def _imgix(url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.netloc.endswith(".imgix.net"):
        return None
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(k == "s" for k, _ in query):
        return None  # a signed URL: changing any parameter invalidates the signature
    kept = [(k, v) for k, v in query if k.lower() not in _IMGIX_RESIZE]
    if len(kept) == len(query):
        return None
    return urlunsplit(parts._replace(query=urlencode(kept)))


def upgrade(url: str) -> tuple[str, ...]:
    """URLs to try for a photo, best first: the derived original, then `url` itself."""
    derived = url
    for rule in (_next_image, _cloudinary, _wix, _imgix, _wordpress):
        try:
            better = rule(derived)
            if better:
                urlsplit(better).port  # noqa: B018 - raises ValueError on a malformed authority
        except ValueError:
            continue  # a malformed inner URL: keep what we have
        if better:
            derived = better
    if derived != url:
        return (derived, url)
    return (url,)
