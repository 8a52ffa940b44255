"""Features stage: decode each photo once and compute every registered measure.

Entry points: `measure_all(people, config, on_progress=None) -> list[Measurement]`, or a
`Measurer` that takes photos one at a time while they download; `measure_photo(data, config)`
measures one photo; `list_measures()` describes every measure. A `MeasureStore` keeps the
measures between runs, so a re-run measures only new or changed photos.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditor.features.pool import Measurer, measure_all
from auditor.features.registry import list_measures
from auditor.features.store import MeasureStore

if TYPE_CHECKING:
    from auditor.features.extract import measure_photo, perceptual_hash

__all__ = [
    "MeasureStore",
    "Measurer",
    "list_measures",
    "measure_all",
    "measure_photo",
    "perceptual_hash",
]


def __getattr__(name: str) -> object:
    """`measure_photo` and `perceptual_hash` load the extractor (OpenCV, every measure) on
    first use: the main process of a pooled run never measures, and starts crawling sooner."""
    if name in ("measure_photo", "perceptual_hash"):
        from auditor.features import extract

        return getattr(extract, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
