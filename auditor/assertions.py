"""Assertions: which flags and budgets break a run (exit 1), like Lighthouse CI's assertions.

Why: a scheduled job must fail for what the team decided matters, not for every flag. Each flag
code gets a level (`off`, `warn`, `error`, from `[assertions]`); the legacy `budgets.fail_on`
(and `--fail-on`) makes every code not listed there `error` at or above its severity. An
accepted exception (person + code + reason, optional expiry) turns a failure into "accepted"
until the day after it expires. With `fail_on_new`, a flag the previous recorded run of the
same sources already had for that person is "known" instead of failed; on a first run every
flag is new. The budgets (score, share flagged, failed photos, people without a photo) are
checked on every run, new or not.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from datetime import date, datetime

from auditor.config import AcceptedException, Config
from auditor.models import (
    AssertionHit,
    AssertionResult,
    AuditResult,
    BudgetBreach,
    Outcome,
    Severity,
    Status,
)
from auditor.report import summarise

__all__ = ["MAX_LISTED", "describe_failures", "evaluate_assertions", "level_for"]

# Failures listed in a job's output before "and N more" (the report has them all).
MAX_LISTED = 5
# Longest name shown on one output line (crawled names can be kilobytes long).
MAX_NAME_TEXT = 60
# A flag message ends with its fix, the part a reader acts on: room for both.
MAX_MESSAGE_TEXT = 200


def level_for(code: str, severity: Severity, config: Config) -> str:
    """The level ("off", "warn" or "error") one flag gets from the assertions config."""
    assertions = config.assertions
    asserted = severity.rank >= Severity(assertions.min_severity).rank
    if code in assertions.levels:
        return assertions.levels[code] if asserted else "off"
    fail_on = config.budgets.fail_on
    if fail_on != "none" and severity.rank >= Severity(fail_on).rank:
        return "error"
    return assertions.default_level if asserted else "off"


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _matches(exception: AcceptedException, person_id: str, name: str, code: str) -> bool:
    wanted = _normal(exception.person)
    return exception.code == code and wanted in (_normal(name), _normal(person_id))


def _today(result: AuditResult) -> date:
    """The run's own day (UTC), so a report re-rendered later judges expiry the same way."""
    try:
        return datetime.fromisoformat(result.run.started).date()
    except ValueError:
        return date.today()


def _broken_budgets(result: AuditResult, config: Config) -> list[BudgetBreach]:
    """Every budget this result breaks (empty = all kept)."""
    budgets = config.budgets
    broken = []
    summary = summarise(result)  # the counts the report shows are the counts budgets judge
    audited, flagged, by_status = summary["audited"], summary["flagged"], summary["by_status"]
    if audited and flagged / audited > budgets.max_flagged_share:
        broken.append(
            BudgetBreach(
                "max_flagged_share",
                f"{flagged / audited:.0%} of photos are flagged; the budget allows "
                f"{budgets.max_flagged_share:.0%}",
            )
        )
    if result.score is not None and result.score < budgets.min_score:
        broken.append(
            BudgetBreach(
                "min_score",
                f"consistency score {result.score:.0f} is below the budget {budgets.min_score:.0f}",
            )
        )
    failed = by_status[Status.FAILED.value]
    if 0 <= budgets.max_failed < failed:
        broken.append(
            BudgetBreach(
                "max_failed",
                f"{failed} photo(s) could not be downloaded or decoded; "
                f"the budget allows {budgets.max_failed}",
            )
        )
    no_photo = by_status[Status.NO_PHOTO.value]
    if 0 <= budgets.max_no_photo < no_photo:
        broken.append(
            BudgetBreach(
                "max_no_photo",
                f"{no_photo} people have no photo; the budget allows {budgets.max_no_photo}",
            )
        )
    return broken


def evaluate_assertions(
    result: AuditResult,
    config: Config,
    previous_flags: Mapping[str, Set[str]] | None = None,
) -> AssertionResult:
    """Judge every flag and budget of `result`.

    `previous_flags` maps person id -> flag codes of the previous recorded run of the same
    sources (None: no previous run, so every flag is new). It matters only with
    `assertions.fail_on_new`.
    """
    today = _today(result)
    fail_on_new = config.assertions.fail_on_new
    exceptions = config.assertions.exceptions
    used: set[int] = set()
    expired_hits: set[int] = set()
    hits: list[AssertionHit] = []
    for photo in result.photos:
        person = photo.person
        worst: dict[str, Severity] = {}
        messages: dict[str, str] = {}
        for flag in photo.flags:  # one hit per code: a rule may fire twice (two duplicates)
            if flag.code not in worst or flag.severity.rank > worst[flag.code].rank:
                worst[flag.code], messages[flag.code] = flag.severity, flag.message
        for code, severity in worst.items():
            level = level_for(code, severity, config)
            if level == "off":
                continue
            outcome = Outcome.FAILED if level == "error" else Outcome.WARNED
            note = None
            for index, exception in enumerate(exceptions):
                if not _matches(exception, person.id, person.name, code):
                    continue
                if exception.expires is not None and exception.expires < today:
                    expired_hits.add(index)
                    continue
                used.add(index)
                outcome = Outcome.ACCEPTED
                until = f" (until {exception.expires.isoformat()})" if exception.expires else ""
                note = exception.reason + until
                break
            known = previous_flags is not None and code in previous_flags.get(person.id, ())
            if outcome is Outcome.FAILED and fail_on_new and known:
                outcome = Outcome.KNOWN
                note = "already flagged in the previous run"
            hits.append(
                AssertionHit(
                    person_id=person.id,
                    name=person.name,
                    code=code,
                    severity=severity,
                    level=level,
                    outcome=outcome,
                    message=messages[code],
                    note=note,
                )
            )
    notes = []
    for index, exception in enumerate(exceptions):
        label = f"the exception for {exception.person} / {exception.code}"
        if index in expired_hits and index not in used:
            notes.append(
                f"{label[0].upper()}{label[1:]} expired on {exception.expires}; "
                "the flag counts again."
            )
        elif index not in used and index not in expired_hits:
            notes.append(f"{label[0].upper()}{label[1:]} matches no asserted flag in this run.")
    return AssertionResult(
        hits=tuple(hits),
        budgets_broken=tuple(_broken_budgets(result, config)),
        notes=tuple(notes),
        fail_on_new=fail_on_new,
    )


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_failures(assertions: AssertionResult, limit: int = MAX_LISTED) -> list[str]:
    """A few readable lines on what broke the run, then "and N more" (empty when it passed)."""
    lines = [f"budget broken: {breach.message}" for breach in assertions.budgets_broken]
    failures = assertions.failures
    for hit in failures[:limit]:
        name, message = _clip(hit.name, MAX_NAME_TEXT), _clip(hit.message, MAX_MESSAGE_TEXT)
        lines.append(f"{name}: {hit.code} ({hit.severity.value}) — {message}")
    if len(failures) > limit:
        lines.append(f"and {len(failures) - limit} more")
    return lines
