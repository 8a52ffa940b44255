"""Local sources: a folder of photos (one person per file); the CSV list is in csv_source.py."""

from __future__ import annotations

import email.utils
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from auditor.crawl.content import human_size
from auditor.crawl.naming import name_from_stem
from auditor.exceptions import CrawlError

__all__ = [
    "IMAGE_SUFFIXES",
    "LocalPhoto",
    "SourceRow",
    "folder_rows",
    "is_url",
    "read_local_photo",
    "skipped_files",
]

IMAGE_SUFFIXES = (
    ".jpg",
    ".jpeg",
    ".png",
    ".webp",
    ".gif",
    ".bmp",
    ".tif",
    ".tiff",
    ".avif",
    ".heic",
    ".heif",
)


@dataclass(frozen=True)
class SourceRow:
    """One person from a local source: a name, an optional title and a photo URL or path."""

    name: str
    title: str | None
    photo: str | None  # an http(s) URL, an absolute file path, or None (no photo)


@dataclass(frozen=True)
class LocalPhoto:
    """A photo read from disk, or the reason it could not be."""

    data: bytes | None
    content_type: str | None
    last_modified: str | None
    error: str | None = None


def is_url(text: str) -> bool:
    """Whether a source or CSV cell is an http(s) URL rather than a path."""
    return text.strip().lower().startswith(("http://", "https://"))


# Files an operating system leaves in a folder of photos (dot files are left out too).
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", "icon\r"})


def _visible_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise CrawlError(f"Folder not found: {folder}")
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.name.lower() not in _SYSTEM_FILES
    )


def folder_rows(folder: Path) -> list[SourceRow]:
    """One row per image file in the folder, sorted by file name, named after the stem."""
    files = [p for p in _visible_files(folder) if p.suffix.lower() in IMAGE_SUFFIXES]
    return [SourceRow(name=name_from_stem(p.stem), title=None, photo=str(p)) for p in files]


def skipped_files(folder: Path) -> list[Path]:
    """The folder's other files (not hidden, not an image extension): the report lists them as
    left out, so a photo saved as `.jfif` or `.svg` does not vanish without a word."""
    return [p for p in _visible_files(folder) if p.suffix.lower() not in IMAGE_SUFFIXES]


def read_local_photo(path: Path, max_bytes: int) -> LocalPhoto:
    """A photo file's bytes and facts, refusing files over the size cap before reading them."""
    try:
        stat = path.stat()
        if not path.is_file():
            return LocalPhoto(None, None, None, error=f"not a file: {path}")
        if stat.st_size > max_bytes:
            return LocalPhoto(
                None, None, None, error=f"larger than the {human_size(max_bytes)} limit"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        return LocalPhoto(None, None, None, error=f"file not found: {path}")
    except OSError as exc:
        return LocalPhoto(None, None, None, error=f"cannot read {path}: {exc.strerror or exc}")
    content_type = mimetypes.guess_type(path.name)[0]
    modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
    return LocalPhoto(data=data, content_type=content_type, last_modified=modified)
