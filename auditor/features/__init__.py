"""Features stage: decode each photo once and compute every registered measure.

Entry point: `measure_all(people, config, on_progress=None) -> list[Measurement]`.
"""
