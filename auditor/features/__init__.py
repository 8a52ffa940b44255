"""Features stage: decode each photo once and compute every registered measure.

Entry points: `measure_all(people, config, on_progress=None) -> list[Measurement]`, or a
`Measurer` that takes photos one at a time while they download; `measure_photo(data, config)`
measures one photo; `list_measures()` describes every measure.
"""

from __future__ import annotations

from auditor.features.extract import measure_photo, perceptual_hash
from auditor.features.pool import Measurer, measure_all
from auditor.features.registry import list_measures

__all__ = ["Measurer", "list_measures", "measure_all", "measure_photo", "perceptual_hash"]
