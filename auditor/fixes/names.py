"""Where drafts live in a run folder and what they are called (no heavy imports: the run
folder's checks and the report read these too)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["DRAFT_NAME", "FIXES_FOLDER", "draft_name", "is_draft_path"]

FIXES_FOLDER = "fixes"
MAX_NAME_CHARS = 40
DRAFT_NAME = re.compile(r"\d{3,}-[a-z0-9-]+\.jpg")  # what `draft_name` makes, and nothing else


def draft_name(index: int, name: str) -> str:
    """A safe, unique file name for a draft: page position and the person's name, ASCII."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:MAX_NAME_CHARS] or "photo"
    return f"{index + 1:03d}-{slug}.jpg"


def is_draft_path(path: str) -> bool:
    """True for "fixes/<draft name>", the only paths the report links drafts by."""
    folder, _, name = path.partition("/")
    return folder == FIXES_FOLDER and DRAFT_NAME.fullmatch(name) is not None
