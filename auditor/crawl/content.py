"""What a response really is: image magic bytes and HTML text decoding."""

from __future__ import annotations

import codecs
import re

from auditor.crawl.charset import decode_undeclared

__all__ = ["check_image", "decode_html", "human_size", "sniff_image"]

# Leading bytes of the formats a browser shows in an <img> (and the decoder may read).
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "png"),
    (b"GIF87a", 0, "gif"),
    (b"GIF89a", 0, "gif"),
    (b"WEBP", 8, "webp"),
    (b"BM", 0, "bmp"),
    (b"II*\x00", 0, "tiff"),
    (b"MM\x00*", 0, "tiff"),
    (b"ftypavif", 4, "avif"),
    (b"ftypavis", 4, "avif"),
    (b"ftypheic", 4, "heic"),
    (b"ftypheix", 4, "heic"),
    (b"ftypmif1", 4, "heic"),
    (b"\x00\x00\x00\x0cjP  ", 0, "jpeg2000"),
)
_SVG = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE svg[^>]*>\s*)?<svg\b", re.S
)
# How many bytes of a page are searched for a <meta charset> declaration (HTML spec: 1024).
CHARSET_PREFIX_BYTES = 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


def sniff_image(body: bytes) -> str | None:
    """The image format the bytes start with ("jpeg", "png", "svg", ...), or None."""
    for magic, offset, kind in _MAGIC:
        if body[offset : offset + len(magic)] == magic:
            if kind == "webp" and not body.startswith(b"RIFF"):
                continue
            return kind
    if _SVG.match(body[:4096]):
        return "svg"
    return None


def _describe(body: bytes) -> str:
    head = body[:512].lstrip().lower()
    if not body:
        return "an empty file"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<head" in head:
        return "an HTML page"
    if head.startswith((b"{", b"[")):
        return "JSON"
    if head.startswith(b"<"):
        return "markup"
    return "data that is not a known image format"


def check_image(body: bytes, media_type: str) -> str | None:
    """None if the bytes are an image; else a readable reason ("server sent text/html, ...")."""
    kind = sniff_image(body)
    if kind is not None:
        return None
    if (
        media_type
        and not media_type.startswith("image/")
        and media_type
        not in (
            "application/octet-stream",
            "binary/octet-stream",
        )
    ):
        return f"server sent {media_type}, not an image"
    label = f" labelled {media_type}" if media_type else ""
    return f"server sent {_describe(body)}{label}, not an image"


def decode_html(body: bytes, content_type: str | None, url: str | None = None) -> str:
    """Page text: charset from the header, then a BOM, then <meta charset>, then UTF-8, then
    what the bytes and the site's country domain say (`charset.decode_undeclared`)."""
    candidates: list[str] = []
    if content_type:
        match = re.search(r"charset\s*=\s*[\"']?([\w\-:.]+)", content_type, re.I)
        if match:
            candidates.append(match.group(1))
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace")
    meta = _META_CHARSET.search(body[:CHARSET_PREFIX_BYTES])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    for index, name in enumerate(candidates):
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        if codec.startswith(("utf-16", "utf-32")) and b"\x00" not in body[:CHARSET_PREFIX_BYTES]:
            continue  # a wide-charset label on byte-oriented text (no NULs, no BOM) is wrong
        if codec == "utf-8" and index < len(candidates) - 1:
            try:
                return body.decode("utf-8")
            except UnicodeDecodeError:
                # a server's blanket "charset=utf-8" over a legacy page: its <meta> knows better
                continue
        return body.decode(codec, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return decode_undeclared(body, url)


def human_size(n_bytes: int) -> str:
    """A byte count for people: 20000000 -> "20 MB", 1500 -> "1.5 kB"."""
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n_bytes >= size:
            return f"{n_bytes / size:.3g} {unit}"
    return f"{n_bytes} bytes"
