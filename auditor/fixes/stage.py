"""The fixes stage: a plan for every flagged photo, and corrected drafts where the file allows.

`fix_photos(result, config, originals=..., out_dir=...)` returns the result with
`PhotoResult.fix` set on every photo that has a warning or error: either a draft written to
`out_dir/fixes/` (path relative to `out_dir`, what was changed, which flags it removes) or
`needs_new_photo` with the reason. Without `originals` it only plans (no pixels touched): each
flagged photo still says whether it needs a new photo or can be corrected from the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from auditor.analysis.analyse import team_context
from auditor.analysis.flags import TeamContext
from auditor.config import Config
from auditor.fixes.draft import Draft, make_draft
from auditor.fixes.names import FIXES_FOLDER, draft_name
from auditor.fixes.plan import Plan, plan_photo
from auditor.fixes.targets import HouseTargets, house_targets
from auditor.models import AuditResult, PhotoFix, PhotoResult, Status
from auditor.threads import single_threaded

__all__ = ["DRAFT_POSSIBLE", "FIXES_FOLDER", "draft_name", "fix_photos"]

FILE_MODE = 0o644
# The card's note when the file can be corrected but no draft was asked for. It is read by
# marketing, not by whoever runs the tool: the operator's hint (`--fixes`) is in the CLI's
# output and summary.md.
DRAFT_POSSIBLE = (
    "This photo can be corrected from its file: whoever runs the audit can make a corrected draft."
)


def _new_photo(reasons: tuple[str, ...], corrects: tuple[str, ...] = ()) -> PhotoFix:
    """A new-photo verdict; `corrects` names the flags the file alone could have corrected."""
    text = "; ".join(reasons)
    return PhotoFix(
        needs_new_photo=True, corrects=corrects, reason=text[:1].upper() + text[1:] + "."
    )


def _draft(
    data: bytes,
    photo: PhotoResult,
    plan: Plan,
    team: TeamContext,
    targets: HouseTargets,
    config: Config,
    now: datetime,
) -> Draft:
    """`make_draft`, with any failure turned into a reason: one photo never stops the run."""
    try:
        return make_draft(
            data,
            photo,
            plan.corrections,
            plan.corrects,
            team=team,
            targets=targets,
            features=config.features,
            min_quality=config.fixes.min_jpeg_quality,
            now=now,
        )
    except Exception as exc:  # last line of defence, like the measuring pool's
        return Draft(None, reason=f"the draft could not be made ({type(exc).__name__})")


def fix_photos(
    result: AuditResult,
    config: Config,
    *,
    originals: Callable[[int], bytes | None] | None = None,
    out_dir: Path | None = None,
    now: datetime | None = None,
) -> AuditResult:
    """The result with a fix (draft or new-photo verdict) on every seriously flagged photo.

    OpenMP and BLAS are held to one thread, as in the analysis: each draft's numeric work is
    small, and more threads only wait for each other (and for the other processes' cores).
    """
    with single_threaded():
        return _fix_all(result, config, originals, out_dir, now or datetime.now(UTC))


def _fix_all(
    result: AuditResult,
    config: Config,
    originals: Callable[[int], bytes | None] | None,
    out_dir: Path | None,
    now: datetime,
) -> AuditResult:
    """`fix_photos`' work: a plan for every flagged photo, and a draft where one can be made."""
    people = [p.person for p in result.photos]
    team = team_context(people, [p.measurement for p in result.photos], config.analysis)
    targets = house_targets(team)
    photos: list[PhotoResult] = []
    for index, photo in enumerate(result.photos):
        plan = plan_photo(team, photo) if photo.status in (Status.OK, Status.NO_FACE) else None
        if plan is None:
            photos.append(photo)
            continue
        if not plan.draftable:
            fix = _new_photo(plan.new_photo_for, plan.corrects)
        elif originals is None or out_dir is None:
            fix = PhotoFix(
                needs_new_photo=False,
                corrects=plan.corrects,
                reason=DRAFT_POSSIBLE,
            )
        else:
            data = originals(index)
            if data is None:
                fix = PhotoFix(
                    needs_new_photo=False,
                    corrects=plan.corrects,
                    reason="The original was not kept for this run, so no draft was made.",
                )
            else:
                draft = _draft(data, photo, plan, team, targets, config, now)
                if draft.jpeg is None or draft.measurement is None:
                    fix = _new_photo(
                        (f"no correction passed the audit: {draft.reason}",), plan.corrects
                    )
                else:
                    relative = f"{FIXES_FOLDER}/{draft_name(index, photo.person.name)}"
                    path = out_dir / relative
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(draft.jpeg)
                    path.chmod(FILE_MODE)
                    fix = PhotoFix(
                        needs_new_photo=False,
                        path=relative,
                        changes=draft.changes,
                        corrects=draft.corrects,
                        thumbnail=draft.measurement.thumbnail,
                    )
        photos.append(replace(photo, fix=fix))
    return replace(result, photos=tuple(photos))
