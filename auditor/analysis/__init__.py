"""Analysis stage: learn the team's house style and flag the photos that break it.

Entry point: `analyse(people, measurements, config, photo_first_seen=None, now=None)
-> AnalysisResult`.
"""
