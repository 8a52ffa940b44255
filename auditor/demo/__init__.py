"""The built-in demo: a team page made from bundled real portraits, served on 127.0.0.1.

`headshot-audit demo` audits it through exactly the same code path as `headshot-audit audit`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from auditor.demo.server import serve_folder
from auditor.demo.site import DEMO_PEOPLE, build_demo_site

__all__ = ["DEMO_PEOPLE", "build_demo_site", "serve_demo_site", "serve_folder"]


@contextmanager
def serve_demo_site(names: Sequence[tuple[str, str]] | None = None) -> Iterator[str]:
    """Build the demo site in a temporary folder and serve it; yields the team page URL."""
    with tempfile.TemporaryDirectory(prefix="headshot-demo-") as tmp:
        build_demo_site(Path(tmp), names)
        with serve_folder(Path(tmp)) as base_url:
            yield base_url + "index.html"
