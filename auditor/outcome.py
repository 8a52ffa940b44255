"""What a job is told at the end of a run: the verdict, who broke which assertion, the report.

Why: a scheduled job is read by someone who did not watch it run. On failure the log says, even
with --quiet, which people and flags broke which assertion (a few lines, then "and N more") and
where the report is; in JSON log mode the last record is a summary a log collector can index.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from auditor.assertions import describe_failures
from auditor.exit_codes import ExitCode
from auditor.models import AssertionResult, AuditResult, Outcome

__all__ = ["failure_headline", "outcome_record", "report_outcome"]

log = logging.getLogger("auditor")


def _count(assertions: AssertionResult | None, outcome: Outcome) -> int:
    return sum(h.outcome is outcome for h in assertions.hits) if assertions else 0


def outcome_record(result: AuditResult, summary: dict[str, Any], html: Path) -> dict[str, Any]:
    """The final JSON log record: what a job or log collector needs without the report."""
    assertions = result.assertions
    passed = assertions is None or assertions.passed
    return {
        "event": "summary",
        "passed": passed,
        "exit_code": int(ExitCode.OK if passed else ExitCode.ASSERTIONS_FAILED),
        "score": result.score,
        "people": summary["people"],
        "audited": summary["audited"],
        "flagged": summary["flagged"],
        "by_status": summary["by_status"],
        "flagged_by_severity": summary["flagged_by_severity"],
        "failures": [
            {"name": h.name, "person_id": h.person_id, "code": h.code, "severity": h.severity}
            for h in (assertions.failures if assertions else ())
        ],
        "budgets_broken": [
            {"budget": b.budget, "message": b.message}
            for b in (assertions.budgets_broken if assertions else ())
        ],
        "warned": _count(assertions, Outcome.WARNED),
        "accepted": _count(assertions, Outcome.ACCEPTED),
        "known": _count(assertions, Outcome.KNOWN),
        "report": str(html),
        "report_dir": str(html.parent),
    }


def failure_headline(assertions: AssertionResult) -> str:
    """One line: how many flags on how many people, and how many budgets, broke the run."""
    parts = []
    if assertions.failures:
        people = len({h.person_id for h in assertions.failures})
        new = " new" if assertions.fail_on_new else ""
        parts.append(f"{len(assertions.failures)}{new} flag(s) at level error on {people} people")
    if assertions.budgets_broken:
        parts.append(f"{len(assertions.budgets_broken)} budget(s) broken")
    return "Assertions failed: " + ", ".join(parts)


def report_outcome(
    result: AuditResult, summary: dict[str, Any], html: Path, *, as_json: bool
) -> ExitCode:
    """Log the verdict (failures at ERROR, so --quiet keeps them) and return the exit code."""
    assertions = result.assertions
    passed = assertions is None or assertions.passed
    if assertions is not None:
        for note in assertions.notes:
            log.warning("%s", note)
        warned = _count(assertions, Outcome.WARNED)
        if warned:
            log.warning("%d flag(s) at assertion level warn (listed in the report).", warned)
    if as_json:
        headline = "Passed" if passed or assertions is None else failure_headline(assertions)
        fields = outcome_record(result, summary, html)
        log.log(logging.INFO if passed else logging.ERROR, "%s", headline, extra={"fields": fields})
    elif not passed and assertions is not None:
        lines = [failure_headline(assertions)]
        lines += ["  " + line for line in describe_failures(assertions)]
        lines.append(f"  Report: {html}")
        log.error("%s", "\n".join(lines))
    return ExitCode.OK if passed else ExitCode.ASSERTIONS_FAILED
