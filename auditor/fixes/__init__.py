"""Fixes stage: corrected drafts of the photos the file can fix, a verdict on the rest.

Runs after the analysis. Entry point: `fix_photos(result, config, originals=None, out_dir=None)
-> AuditResult` (see `stage`). It plans which flags can be corrected from the file (`plan`),
re-crops to the house framing (`geometry`), corrects white balance, exposure and contrast
(`colour`) and a plain backdrop's colour (`backdrop`), then re-measures the draft with the
features stage and re-judges it against the team's fitted house style (`draft`). `PhotoSpool`
keeps the originals of a run for it.
"""

from __future__ import annotations

from auditor.fixes.plan import CORRECTION_FOR, Plan, plan_photo
from auditor.fixes.spool import PhotoSpool
from auditor.fixes.stage import FIXES_FOLDER, draft_name, fix_photos

__all__ = [
    "CORRECTION_FOR",
    "FIXES_FOLDER",
    "PhotoSpool",
    "Plan",
    "draft_name",
    "fix_photos",
    "plan_photo",
]
