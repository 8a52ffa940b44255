"""The `outdated` score: is this photo old, or does it look old next to the team?

Age evidence: the oldest of EXIF capture date, HTTP Last-Modified and when the history database
first saw this exact photo; nothing before `refresh_years` counts, `max_age_years` counts fully.
Looks-old evidence, each relative to the team (robust z): low resolution, heavy compression,
faded colour, a yellowed cast, 4:3 webcam framing, noise. Score = 1 - (1 - age)(1 - looks),
with looks = 0.3 per piece of evidence (max 1).

Severity follows the refresh policy: a photo past the refresh interval but within the age
limit, and looking like the team, is *due* for a refresh (info); past the limit, or looking
old, it is a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from auditor.analysis.flags.base import TeamContext, make_flag
from auditor.analysis.flags.colour import cast_evidence
from auditor.analysis.flags.deviation import VISIBLE_COMPRESSION_QUALITY
from auditor.features.measures.meta import decimal_year
from auditor.models import Flag, Severity

__all__ = ["Outdated", "outdated_evidence", "outdated_flag"]

LOOKS_OLD_Z = 3.0  # how far from the team a looks-old signal must be to count
LOOKS_OLD_WEIGHT = 0.3
WEBCAM_ASPECT = 4 / 3
FIX = "Schedule a new headshot in the house style."


@dataclass(frozen=True)
class Outdated:
    """One photo's outdated score and the evidence behind it."""

    score: float
    age_years: float | None = None  # age by the oldest date known, when past the refresh
    dated_by: str = ""  # "taken", "uploaded" or "first seen on the page"
    looks_old: tuple[str, ...] = ()  # looks-old evidence, in words


def _looks_old(ctx: TeamContext, person_id: str) -> list[str]:
    """Signs of an old photo, each far (LOOKS_OLD_Z) from the team."""

    def low(measure: str) -> bool:
        z = ctx.zscore(person_id, measure)
        return z is not None and z <= -LOOKS_OLD_Z

    def high(measure: str) -> bool:
        z = ctx.zscore(person_id, measure)
        return z is not None and z >= LOOKS_OLD_Z

    evidence = []
    if low("quality.face_size_px"):
        evidence.append("low resolution")
    # Compression counts only where it shows (the heavy_compression rule's own limit).
    quality = ctx.value(person_id, "quality.jpeg_quality")
    visible = quality is not None and quality < VISIBLE_COMPRESSION_QUALITY
    if (visible and low("quality.jpeg_quality")) or high("quality.blockiness"):
        evidence.append("heavy compression")
    if low("color.colorfulness") and ctx.value(person_id, "color.grayscale") != 1.0:
        evidence.append("faded colours")
    # Yellowed means a real cast towards yellow (neutral tones, backdrop and skin agree), not
    # warm skin, hair or clothes: those raise the neutral tones' b* alone.
    cast_b, team_b = ctx.value(person_id, "color.cast_b"), ctx.median("color.cast_b")
    yellower = cast_b is not None and team_b is not None and cast_b > team_b
    if yellower and cast_evidence(ctx, person_id) >= LOOKS_OLD_Z:
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
    return evidence


def outdated_evidence(
    ctx: TeamContext, person_id: str, first_seen: datetime | None, now: datetime
) -> Outdated:
    """The 0..1 outdated score of one photo and the evidence behind it."""
    now_year = decimal_year(now)
    dated = []
    for measure, what in (
        ("meta.exif_year", "taken"),
        ("meta.last_modified_year", "uploaded"),
    ):
        year = ctx.value(person_id, measure)
        if year is not None and year <= now_year + 0.1:
            dated.append((year, what))
    if first_seen is not None:
        dated.append((decimal_year(first_seen), "first seen on the page"))
    age_score, age, what = 0.0, None, ""
    if dated:
        year, what = min(dated)
        refresh, limit = ctx.config.refresh_years, ctx.config.max_age_years
        if now_year - year >= refresh:
            age = now_year - year
            age_score = 0.5 + 0.5 * min(1.0, (age - refresh) / max(limit - refresh, 1e-6))
    looks = _looks_old(ctx, person_id)
    looks_score = min(1.0, LOOKS_OLD_WEIGHT * len(looks))
    score = 1.0 - (1.0 - age_score) * (1.0 - looks_score)
    return Outdated(score, age, what if age is not None else "", tuple(looks))


def outdated_flag(ctx: TeamContext, finding: Outdated) -> Flag | None:
    """The `outdated` flag for a finding over the threshold, worded by its evidence."""
    if finding.score < ctx.config.outdated_threshold:
        return None
    config = ctx.config
    policy = (
        f"a new headshot every {config.refresh_years:g} years, {config.max_age_years:g} at most"
    )
    age = finding.age_years
    dated = f"{finding.dated_by} {age:.0f} years ago" if age is not None else ""
    if finding.looks_old:
        severity = Severity.WARNING
        evidence = ", ".join(([dated] if dated else []) + list(finding.looks_old))
        message = f"This photo looks outdated: {evidence}. {FIX}"
    elif age is not None and age >= config.max_age_years:
        severity = Severity.WARNING
        message = f"This photo is too old: {dated} (the policy: {policy}). {FIX}"
    else:
        severity = Severity.INFO
        message = f"This photo is due for a refresh: {dated} (the policy: {policy}). {FIX}"
    return make_flag("outdated", severity, message, None, finding.score)
