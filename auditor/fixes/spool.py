"""The originals of one run, kept on disk while the run lasts, for the fixes stage.

The crawler hands each photo on and keeps no bytes (memory stays flat in the team size); the
drafts are made after the analysis, from the very bytes that were measured. So with `--fixes`
each photo is also written to a private temporary folder as it arrives, and read back only for
the photos that get a draft. The folder is deleted when the spool is closed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

__all__ = ["PhotoSpool"]


class PhotoSpool:
    """Photo bytes by page position, in a temporary folder (a context manager)."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="headshot-audit-originals-")
        self._root = Path(self._folder.name)

    def put(self, index: int, data: bytes) -> None:
        """Keep the photo of the person at page position `index`."""
        (self._root / f"{index}.bin").write_bytes(data)

    def get(self, index: int) -> bytes | None:
        """The photo kept for `index`, or None."""
        path = self._root / f"{index}.bin"
        return path.read_bytes() if path.exists() else None

    def close(self) -> None:
        """Delete every kept photo."""
        self._folder.cleanup()

    def __enter__(self) -> PhotoSpool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
