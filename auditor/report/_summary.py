"""The counts every consumer of a report needs: by status, by flag code, by worst severity."""

from __future__ import annotations

from collections import Counter
from typing import Any

from auditor.models import AuditResult, Severity, Status

__all__ = ["drafts_possible", "summarise"]

# Statuses whose photo was decoded and measured; `no_photo` and `failed` were not audited.
AUDITED_STATUSES = (Status.OK, Status.NO_FACE)
# Severities that make a photo count as "flagged" for readers and budgets (info is advice).
FLAGGED_SEVERITIES = (Severity.WARNING, Severity.ERROR)


def summarise(result: AuditResult) -> dict[str, Any]:
    """Count people by status, flags by code and photos by their worst flag's severity.

    Returns a JSON-ready dict (it is `report.json`'s `summary`)::

        people               everyone found, including failed and missing photos
        audited              photos that were measured (status ok or no_face)
        flagged              photos whose worst flag is a warning or an error
        by_status            {status: people}, every status present (0 when none)
        by_flag              {flag code: photos carrying it}, most frequent first
        flagged_by_severity  {severity: photos whose worst flag has it}, every severity present
        score                the team consistency score 0..100, or None
    """
    by_status = Counter(p.status.value for p in result.photos)
    by_flag: Counter[str] = Counter()
    for photo in result.photos:
        # A photo counts once per code even when a rule fired twice (e.g. two duplicates).
        by_flag.update({flag.code for flag in photo.flags})
    worst = Counter(p.worst_severity.value for p in result.photos if p.worst_severity)
    return {
        "people": len(result.photos),
        "audited": sum(by_status[s.value] for s in AUDITED_STATUSES),
        "flagged": sum(worst[s.value] for s in FLAGGED_SEVERITIES),
        "by_status": {s.value: by_status[s.value] for s in Status},
        "by_flag": dict(sorted(by_flag.items(), key=lambda item: (-item[1], item[0]))),
        "flagged_by_severity": {s.value: worst[s.value] for s in Severity},
        "score": result.score,
    }


def drafts_possible(result: AuditResult) -> int:
    """Photos the file alone can correct that have no draft yet: the operator's `--fixes` hint."""
    return sum(bool(p.fix and p.fix.draft_possible) for p in result.photos)
