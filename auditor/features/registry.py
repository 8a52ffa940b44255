"""The measure registry: one small function per measure, registered with its metadata.

Lighthouse-style: a measure declares what it needs (names of `PhotoContext` attributes) and
receives only those, as keyword arguments. The registry drives extraction, the CSV columns,
`docs/measures.md` and the report's methods appendix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from auditor.models import MeasureInfo

__all__ = ["MEASURES", "RegisteredMeasure", "list_measures", "measure"]


@dataclass(frozen=True)
class RegisteredMeasure:
    """A measure's metadata plus the function that computes it."""

    info: MeasureInfo
    needs: tuple[str, ...]
    func: Callable[..., float | None]


MEASURES: dict[str, RegisteredMeasure] = {}


def measure(
    *,
    id: str,
    unit: str,
    description: str,
    needs: tuple[str, ...],
    valid_range: tuple[float | None, float | None] = (None, None),
) -> Callable[[Callable[..., float | None]], Callable[..., float | None]]:
    """Register a measure function under `id` (decorator)."""

    def register(func: Callable[..., float | None]) -> Callable[..., float | None]:
        if id in MEASURES:
            raise ValueError(f"measure {id!r} registered twice")
        info = MeasureInfo(id=id, unit=unit, description=description, valid_range=valid_range)
        MEASURES[id] = RegisteredMeasure(info=info, needs=needs, func=func)
        return func

    return register


def list_measures() -> tuple[MeasureInfo, ...]:
    """Metadata of every registered measure, in registration (= documentation) order."""
    from auditor.features import measures  # noqa: F401 - importing registers the measures

    return tuple(m.info for m in MEASURES.values())
