"""The `outdated` score: is this photo old, or does it look old next to the team?

Age evidence: the oldest of EXIF capture date, HTTP Last-Modified and when the history database
first saw this exact photo; nothing before `refresh_years` counts, `max_age_years` counts fully.
Looks-old evidence, each relative to the team (robust z): low resolution, heavy compression,
faded colour, a yellowed cast, 4:3 webcam framing, noise. Score = 1 - (1 - age)(1 - looks),
with looks = 0.3 per piece of evidence (max 1).
"""

from __future__ import annotations

from datetime import datetime

from auditor.analysis.flags.base import TeamContext

__all__ = ["outdated_evidence"]

LOOKS_OLD_Z = 3.0  # how far from the team a looks-old signal must be to count
LOOKS_OLD_WEIGHT = 0.3
WEBCAM_ASPECT = 4 / 3


def _decimal_year(moment: datetime) -> float:
    start = datetime(moment.year, 1, 1, tzinfo=moment.tzinfo)
    end = datetime(moment.year + 1, 1, 1, tzinfo=moment.tzinfo)
    return moment.year + (moment - start) / (end - start)


def outdated_evidence(
    ctx: TeamContext, person_id: str, first_seen: datetime | None, now: datetime
) -> tuple[float, list[str]]:
    """The 0..1 outdated score of one photo and the evidence behind it, in words."""
    evidence: list[str] = []
    now_year = _decimal_year(now)
    dated = []
    for measure, what in (
        ("meta.exif_year", "taken"),
        ("meta.last_modified_year", "uploaded"),
    ):
        year = ctx.value(person_id, measure)
        if year is not None and year <= now_year + 0.1:
            dated.append((year, what))
    if first_seen is not None:
        dated.append((_decimal_year(first_seen), "first seen on the page"))
    age_score = 0.0
    if dated:
        year, what = min(dated)
        age = now_year - year
        refresh, limit = ctx.config.refresh_years, ctx.config.max_age_years
        if age >= refresh:
            age_score = 0.5 + 0.5 * min(1.0, (age - refresh) / max(limit - refresh, 1e-6))
            evidence.append(f"{what} {age:.0f} years ago (refresh every {refresh:.0f})")

    def low(measure: str) -> bool:
        z = ctx.zscore(person_id, measure)
        return z is not None and z <= -LOOKS_OLD_Z

    def high(measure: str) -> bool:
        z = ctx.zscore(person_id, measure)
        return z is not None and z >= LOOKS_OLD_Z

    if low("quality.face_size_px"):
        evidence.append("low resolution")
    if low("quality.jpeg_quality") or high("quality.blockiness"):
        evidence.append("heavy compression")
    if low("color.colorfulness") and ctx.value(person_id, "color.grayscale") != 1.0:
        evidence.append("faded colours")
    if high("color.cast_b"):
        evidence.append("yellowed colours")
    if high("quality.noise"):
        evidence.append("grainy")
    aspect = ctx.value(person_id, "image.aspect_ratio")
    team_aspect = ctx.median("image.aspect_ratio")
    if (
        aspect is not None
        and team_aspect is not None
        and abs(aspect - WEBCAM_ASPECT) < 0.03
        and abs(team_aspect - WEBCAM_ASPECT) > 0.15
    ):
        evidence.append("4:3 webcam framing")
    looks_evidence = len(evidence) - (1 if age_score else 0)
    looks_score = min(1.0, LOOKS_OLD_WEIGHT * looks_evidence)
    return 1.0 - (1.0 - age_score) * (1.0 - looks_score), evidence
