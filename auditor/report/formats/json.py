"""report.json: the machine contract, versioned like coverage.py's JSON report.

Shape (schema_version 1; every non-finite number is written as null)::

    schema_version  int
    tool            {name, version}
    run             {started, finished (ISO 8601 UTC), sources [str], settings {...},
                     pages [{url, status_code|null, people_found, error|null}]}
    team            {n_photos, median {measure: number}, spread {measure: number}, pinned {...},
                     clusters [{id, size, is_house_style, description, person_ids}],
                     notes [str], score (0..100)|null}
    photos          one per person found, in page order, failed and missing included:
                    {id, name, title|null, page_url|null, image_url|null,
                     status (ok|no_face|no_photo|failed), error|null,
                     features {measure id: number|null} (every reported measure, always),
                     info {str: str}, flags [{code, severity, message, measure|null,
                     value|null, typical|null}], scores {outlier, outdated} (0..1|null),
                     cluster|null, sha256|null, http {content_type, last_modified, etag},
                     fix {path ("fixes/..." beside report.json), changes [str], corrects
                     [flag code]}|null (a corrected draft that passes the audit),
                     needs_new_photo bool (a warning/error no draft can correct),
                     fix_note str|null (why a new photo is needed, or how to get a draft)}
    summary         `summarise(result)`: people, audited, flagged, by_status, by_flag,
                    flagged_by_severity, score
    excluded        crawl candidates left out: [{text, image_url|null, page_url|null, reason}]
    changes         null, or {previous_run, new_people, departed_people, changed_photos,
                     new_flags [{name, code}], resolved_flags [{name, code, photo_changed}],
                     not_checked [{name, code}] (flags of photos that failed this run),
                     baseline (bool), baseline_note (why not, or null),
                     trend [{started, score|null, flagged|null}] (recorded runs, oldest first)}
                    (a resolved flag with photo_changed false was not fixed: the team changed)
    assertions      null, or {passed, fail_on_new, hits [{person_id, name, code, severity,
                     level (warn|error), outcome (failed|warned|accepted|known), message,
                     note|null}], budgets_broken [{budget, message}], notes [str]}

The JSON Schema of this shape is docs/report.schema.json (tests validate real reports with it).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from auditor.models import (
    AssertionResult,
    AuditResult,
    ClusterSummary,
    Flag,
    MeasureInfo,
    PhotoFix,
    PhotoResult,
)
from auditor.report._summary import summarise

__all__ = ["SCHEMA_VERSION", "JsonFormat", "report_dict"]

# Bump when a key is removed, renamed or changes meaning; adding keys does not need a bump.
# 1: first version (tool, run, team, photos, summary, changes); later added: assertions.
SCHEMA_VERSION = 1


def _clean(value: Any) -> Any:
    """Make a value strict-JSON safe: NaN/inf -> None, tuples -> lists, keys -> str."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_clean(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars from the analysis
        return _clean(value.item())
    return value


def _flag(flag: Flag) -> dict[str, Any]:
    return {
        "code": flag.code,
        "severity": flag.severity.value,
        "message": flag.message,
        "measure": flag.measure,
        "value": flag.value,
        "typical": flag.typical,
    }


def _cluster(cluster: ClusterSummary) -> dict[str, Any]:
    return {
        "id": cluster.id,
        "size": cluster.size,
        "is_house_style": cluster.is_house_style,
        "description": cluster.description,
        "person_ids": list(cluster.person_ids),
    }


def _fix(fix: PhotoFix | None) -> dict[str, Any] | None:
    if fix is None or fix.path is None:
        return None
    return {"path": fix.path, "changes": list(fix.changes), "corrects": list(fix.corrects)}


def _photo(photo: PhotoResult, measure_ids: Sequence[str]) -> dict[str, Any]:
    person, measurement = photo.person, photo.measurement
    # Every listed measure appears for every photo (null = not measured / not applicable),
    # so consumers can rely on one shape.
    features = {mid: measurement.features.get(mid) for mid in measure_ids}
    return {
        "id": person.id,
        "name": person.name,
        "title": person.title,
        "page_url": person.page_url,
        "image_url": person.image_url,
        "status": photo.status.value,
        "error": measurement.error or person.error,
        "notes": list(person.notes),
        "features": features,
        "info": dict(measurement.info),
        "flags": [_flag(f) for f in photo.flags],
        "scores": {
            "outlier": photo.scores.get("outlier"),
            "outdated": photo.scores.get("outdated"),
        },
        "cluster": photo.cluster,
        "sha256": person.sha256,
        "http": {
            "content_type": person.http.content_type,
            "last_modified": person.http.last_modified,
            "etag": person.http.etag,
        },
        "fix": _fix(photo.fix),
        "needs_new_photo": bool(photo.fix and photo.fix.needs_new_photo),
        "fix_note": photo.fix.reason if photo.fix else None,
    }


def _assertions(assertions: AssertionResult | None) -> dict[str, Any] | None:
    if assertions is None:
        return None
    return {
        "passed": assertions.passed,
        "fail_on_new": assertions.fail_on_new,
        "hits": [
            {
                "person_id": hit.person_id,
                "name": hit.name,
                "code": hit.code,
                "severity": hit.severity.value,
                "level": hit.level,
                "outcome": hit.outcome.value,
                "message": hit.message,
                "note": hit.note,
            }
            for hit in assertions.hits
        ],
        "budgets_broken": [
            {"budget": breach.budget, "message": breach.message}
            for breach in assertions.budgets_broken
        ],
        "notes": list(assertions.notes),
    }


def report_dict(result: AuditResult, measures: Sequence[MeasureInfo]) -> dict[str, Any]:
    """The whole report as a strict-JSON-safe dict (schema `SCHEMA_VERSION`)."""
    measure_ids = [m.id for m in measures]
    run, team = result.run, result.team
    data = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": result.tool_name, "version": result.tool_version},
        "run": {
            "started": run.started,
            "finished": run.finished,
            "sources": list(run.sources),
            "settings": run.settings,
            "pages": [
                {
                    "url": page.url,
                    "status_code": page.status_code,
                    "people_found": page.people_found,
                    "error": page.error,
                }
                for page in run.pages
            ],
        },
        "team": {
            "n_photos": team.n_photos,
            "median": team.median,
            "spread": team.spread,
            "pinned": team.pinned,
            "clusters": [_cluster(c) for c in team.clusters],
            "notes": list(team.notes),
            "score": result.score,
        },
        "photos": [_photo(p, measure_ids) for p in result.photos],
        "summary": summarise(result),
        "changes": result.changes,
        "excluded": [
            {
                "text": item.text,
                "image_url": item.image_url,
                "page_url": item.page_url,
                "reason": item.reason,
            }
            for item in result.run.excluded
        ],
        "assertions": _assertions(result.assertions),
    }
    return _clean(data)


class JsonFormat:
    """report.json: `report_dict` as indented UTF-8 JSON."""

    name = "json"
    filename = "report.json"

    def __init__(self, measures: Sequence[MeasureInfo]) -> None:
        self.measures = tuple(measures)

    def render(self, result: AuditResult) -> str:
        """Serialise the result; raises ValueError if a non-finite number slipped through."""
        data = report_dict(result, self.measures)
        # allow_nan=False: the contract says NaN/inf are null, so a leak must fail loudly here.
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
