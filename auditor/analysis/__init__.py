"""Analysis stage: learn the team's house style and flag the photos that break it.

Entry point: `analyse(people, measurements, config, photo_first_seen=None, now=None)
-> AnalysisResult`.
"""

from __future__ import annotations

from auditor.analysis.analyse import analyse, consistency_score
from auditor.analysis.style import HouseStyle

__all__ = ["HouseStyle", "analyse", "consistency_score"]
