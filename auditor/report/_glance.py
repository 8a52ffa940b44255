"""The one-page summary at the top of the report: what a manager reads when they read nothing else.

Plain sentences built from the same counts as the tiles (`summarise`), the action list and the
recorded runs: how consistent the page is, how many photos need work, the commonest problems,
whom to start with, and the trend. Nothing here is a new judgement.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup

from auditor.models import AuditResult, Status
from auditor.report._actions import Action
from auditor.report._svg import TrendPoint, trend_svg

__all__ = ["GlanceView", "Step", "build_glance"]

# The summary names at most this many problems, kinds of work, and people per kind of work.
TOP_PROBLEMS = 3
FIRST_STEPS = 4
NAMES_PER_STEP = 4
# A trend needs at least this many recorded runs to be drawn.
MIN_TREND_RUNS = 2


@dataclass(frozen=True)
class Step:
    """One kind of work from the action list and the people it applies to, most urgent first."""

    todo: str
    people: tuple[tuple[str, str | None], ...]  # (name, card anchor), at most NAMES_PER_STEP
    more: int  # further people with the same thing to do


@dataclass(frozen=True)
class GlanceView:
    """The summary's sentences, problem list, first people and trend."""

    headline: str
    facts: tuple[str, ...]
    problems: tuple[tuple[str, int], ...]  # (flag title, photos)
    first_steps: tuple[Step, ...]  # the most urgent kinds of work, each with its people
    more_steps: int  # further kinds of work in the action list
    trend_svg: Markup | None
    trend_note: str


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _needs_changes(flagged: int, errors: int) -> str:
    if not flagged:
        return "No photo needs changes."
    if flagged == 1:
        return "1 photo needs changes" + (", urgently." if errors else ".")
    return f"{flagged} photos need changes" + (f", {errors} of them urgently." if errors else ".")


def _steps(actions: Sequence[Action]) -> tuple[Step, ...]:
    """The action list grouped by what to do, in the order of each group's most urgent row.

    Seventy people needing the same reshoot read as one line with names, not seventy lines.
    """
    groups: dict[str, list[Action]] = {}
    for action in actions:
        groups.setdefault(action.todo, []).append(action)
    return tuple(
        Step(
            todo=todo,
            people=tuple((a.name, a.anchor) for a in members[:NAMES_PER_STEP]),
            more=max(0, len(members) - NAMES_PER_STEP),
        )
        for todo, members in groups.items()
    )


def _short_date(iso: str) -> str:
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    return f"{moment.day} {moment:%b %Y}"


def _trend(result: AuditResult) -> tuple[Markup | None, str]:
    runs = [r for r in (result.changes or {}).get("trend") or () if isinstance(r, dict)]
    if len(runs) < MIN_TREND_RUNS:
        return None, ""
    points = [
        TrendPoint(_short_date(str(r.get("started", ""))), r.get("score"), r.get("flagged"))
        for r in runs
    ]
    first, last = points[0], points[-1]
    bits = []
    if first.score is not None and last.score is not None:
        change = round(last.score) - round(first.score)
        how = "up" if change > 0 else "down" if change < 0 else "unchanged"
        bits.append(
            f"score {how} from {round(first.score)} to {round(last.score)}"
            if change
            else f"score unchanged at {round(last.score)}"
        )
    if first.flagged is not None and last.flagged is not None:
        bits.append(f"photos needing changes {first.flagged} then, {last.flagged} now")
    note = f"Over {len(points)} audits since {first.label}: " + "; ".join(bits) + "."
    return trend_svg(points), note if bits else ""


def build_glance(
    result: AuditResult,
    summary: dict[str, Any],
    actions: tuple[Action, ...],
    score: int | None,
    verdict: str,
    top_issues: Sequence[tuple[str, str, int, str]],
) -> GlanceView:
    """The summary for one audit (see module docstring).

    `top_issues` is the report's (code, title, photos, worst severity), worst first.
    """
    audited, flagged, people = summary["audited"], summary["flagged"], summary["people"]
    errors = summary["flagged_by_severity"]["error"]
    missing = summary["by_status"][Status.NO_PHOTO.value]
    failed = summary["by_status"][Status.FAILED.value]
    headline = (
        f"{verdict}: the team scores {score} out of 100."
        if score is not None and math.isfinite(score)
        else f"{verdict}."
    )
    facts = [
        f"{_plural(people, 'person', 'people')} on the page; "
        f"{_plural(audited, 'photo')} could be checked.",
        _needs_changes(flagged, errors),
    ]
    if missing or failed:
        gaps = []
        if missing:
            gaps.append(f"{_plural(missing, 'person', 'people')} without a photo")
        if failed:
            gaps.append(f"{_plural(failed, 'photo')} that could not be opened")
        facts.append("Also: " + " and ".join(gaps) + ".")
    changes = result.changes or {}
    fixed = [r for r in changes.get("resolved_flags") or () if isinstance(r, dict)]
    really_fixed = sum(bool(r.get("photo_changed")) for r in fixed)
    new = len(changes.get("new_flags") or ())
    if changes.get("previous_run"):
        facts.append(
            f"Since the last audit ({_short_date(str(changes['previous_run']))}): "
            f"{_plural(really_fixed, 'problem')} fixed with a new photo, "
            f"{_plural(new, 'new problem')}."
        )
    problems = tuple((title, n) for _, title, n, _ in top_issues[:TOP_PROBLEMS])
    steps = _steps(actions)
    svg, note = _trend(result)
    return GlanceView(
        headline=headline,
        facts=tuple(facts),
        problems=problems,
        first_steps=steps[:FIRST_STEPS],
        more_steps=max(0, len(steps) - FIRST_STEPS),
        trend_svg=svg,
        trend_note=note,
    )
