"""Which measures a report lists: the features registry, else what the photos carry.

The registry (`auditor.features.list_measures()`) gives each measure its unit and description
and fixes the column order. The report must still render when it is unavailable (an older
features stage, a hand-built result in a test), so the fallback derives bare `MeasureInfo`s
from the feature ids present in the result, in first-seen order.
"""

from __future__ import annotations

from collections.abc import Sequence

from auditor.models import AuditResult, MeasureInfo

__all__ = ["registered_measures", "resolve_measures"]


def registered_measures() -> tuple[MeasureInfo, ...] | None:
    """The features stage's measure registry, or None when it does not provide one."""
    try:
        from auditor.features import list_measures  # type: ignore[attr-defined]
    except ImportError:
        return None
    return tuple(list_measures())


def resolve_measures(
    result: AuditResult, measures: Sequence[MeasureInfo] | None = None
) -> tuple[MeasureInfo, ...]:
    """The measures to report: the given or registered ones, plus any extra id a photo has.

    Ids present in the photos but missing from the registry are appended (with an empty unit)
    so that no number the audit produced is silently dropped from the CSV or JSON.
    """
    base = tuple(measures) if measures is not None else registered_measures() or ()
    known = {m.id for m in base}
    extra: list[MeasureInfo] = []
    for photo in result.photos:
        for measure_id in photo.measurement.features:
            if measure_id not in known:
                known.add(measure_id)
                extra.append(MeasureInfo(id=measure_id, unit="", description=""))
    return base + tuple(extra)
