"""A small on-disk HTTP cache that always revalidates (ETag / Last-Modified).

Why hand-written rather than hishel 2: a scheduled audit must see a changed photo on every
run, so every stored response is revalidated with a conditional request rather than served
fresh by RFC 9111 freshness rules (hishel 2 only revalidates when asked per request). The
crawler also follows redirects itself (each hop passes the trust boundary and robots.txt) and
streams bodies under a byte cap, so the cache has to sit above the transport, where hishel's
transport cannot. What it needs is tiny: one validator pair and one body per URL.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CacheEntry", "HttpCache"]

CACHE_FORMAT = 1
# A response is not stored when the disk would be left with less free space than this: the
# cache only saves downloads, and must never take the room the report and history need.
RESERVE_FREE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class CacheEntry:
    """One stored response: the validators the server gave and the body."""

    url: str
    content_type: str | None
    etag: str | None
    last_modified: str | None
    body: bytes

    def conditional_headers(self) -> dict[str, str]:
        """The If-None-Match / If-Modified-Since headers that revalidate this entry."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


class HttpCache:
    """Responses stored by URL in a folder; a None folder disables caching."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    def _paths(self, url: str) -> tuple[Path, Path]:
        assert self.folder is not None
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.folder / f"{key}.json", self.folder / f"{key}.body"

    def lookup(self, url: str) -> CacheEntry | None:
        """The stored response for `url`, or None (missing, unreadable or another format)."""
        if self.folder is None:
            return None
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if meta.get("format") != CACHE_FORMAT or meta.get("url") != url:
            return None
        if len(body) != meta.get("size"):
            return None  # a torn write: treat as missing
        return CacheEntry(
            url=url,
            content_type=meta.get("content_type"),
            etag=meta.get("etag"),
            last_modified=meta.get("last_modified"),
            body=body,
        )

    def store(self, entry: CacheEntry, cache_control: str | None = None) -> None:
        """Keep a response that has a validator and does not forbid storing."""
        if self.folder is None or not (entry.etag or entry.last_modified):
            return
        if cache_control and "no-store" in cache_control.lower():
            return
        try:
            if shutil.disk_usage(self.folder).free - len(entry.body) < RESERVE_FREE_BYTES:
                return
        except OSError:
            return
        meta_path, body_path = self._paths(entry.url)
        meta = {
            "format": CACHE_FORMAT,
            "url": entry.url,
            "content_type": entry.content_type,
            "etag": entry.etag,
            "last_modified": entry.last_modified,
            "size": len(entry.body),
        }
        try:
            _atomic_write(body_path, entry.body)
            _atomic_write(meta_path, json.dumps(meta).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only costs a re-download next time


def _atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so concurrent readers never see half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
