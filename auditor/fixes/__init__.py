"""Fixes stage: corrected drafts of the photos the file can fix, a verdict on the rest.

Runs after the analysis. Entry point: `fix_photos(result, config, originals=None, out_dir=None)
-> AuditResult` (see `stage`). It plans which flags can be corrected from the file (`plan`),
re-crops to the house framing (`geometry`), corrects white balance, exposure and contrast
(`colour`) and a plain backdrop's colour (`backdrop`), then re-measures the draft with the
features stage and re-judges it against the team's fitted house style (`draft`). `PhotoSpool`
keeps the originals of a run for it.

Names are imported on first use: the CLI makes its `PhotoSpool` before the crawl, and must not
load the analysis stage (pandas, scikit-learn) then; the audit loads it in the background.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "CORRECTION_FOR",
    "FIXES_FOLDER",
    "PhotoSpool",
    "Plan",
    "draft_name",
    "fix_photos",
    "plan_photo",
]

_HOME = {
    "CORRECTION_FOR": "plan",
    "Plan": "plan",
    "plan_photo": "plan",
    "PhotoSpool": "spool",
    "FIXES_FOLDER": "names",
    "draft_name": "names",
    "fix_photos": "stage",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for."""
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
