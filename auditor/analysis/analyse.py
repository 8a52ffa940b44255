"""Judge each photo against its team: house style, flags, clusters, scores.

The team consistency score (0–100) is the share of audited photos that match the house style,
where a photo with a warning counts half and a photo with an error counts zero: 100 means every
photo that could be checked looks like it belongs; 50 means half the page needs attention.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import pandas as pd

from auditor.analysis.clusters import cluster_styles
from auditor.analysis.duplicates import find_duplicates
from auditor.analysis.flags import (
    DEVIATION_RULES,
    TeamContext,
    background_color_rule,
    color_cast_rule,
    color_mode_rule,
    duplicate_rule,
    format_value,
    keep_stronger_colour_flag,
    multiple_faces_rule,
    no_face_rule,
    placeholder_rule,
)
from auditor.analysis.flags.base import plain_name
from auditor.analysis.outdated import outdated_evidence, outdated_flag
from auditor.analysis.outliers import outlier_scores, top_contributors
from auditor.analysis.style import MIN_SPREAD, HouseStyle
from auditor.config import AnalysisConfig
from auditor.models import (
    AnalysisResult,
    Flag,
    Measurement,
    Person,
    PhotoResult,
    Severity,
    Status,
    TeamStyle,
)

__all__ = ["analyse", "consistency_score"]

# Measures read by rules that have no minimum spread (flags, counts, skin colour).
RULE_MEASURES = {"color.grayscale", "face.count", "color.skin_a", "color.skin_b"}
SEVERITY_CREDIT = {None: 1.0, Severity.INFO: 1.0, Severity.WARNING: 0.5, Severity.ERROR: 0.0}
# A flag that explains another makes the other redundant: keep one clear reason per problem.
EXPLAINS = {
    "too_dark": {"background_color_mismatch", "low_contrast"},
    "too_bright": {"background_color_mismatch", "low_contrast"},
    "color_mode_mismatch": {"background_color_mismatch", "color_cast"},
    # no_face stays next to placeholder: the report contract gives every faceless photo no_face.
    "placeholder": {"duplicate_photo"},
    "low_resolution": {"blurry"},
    # A face filling the frame leaves only slivers of "background": its colour and clutter
    # are not measurable, and re-cropping is the fix anyway.
    "crop_too_tight": {"background_color_mismatch", "background_busy"},
}
CROP_HIDES_BACKGROUND = frozenset({"background_color_mismatch"}) & EXPLAINS["crop_too_tight"]
# At most this many measures are named in the "doesn't match the team's look" message.
OUTLIER_REASONS = 3


def consistency_score(photos: Sequence[PhotoResult]) -> float:
    """0–100: share of audited photos matching the house style (warning = half credit)."""
    audited = [p for p in photos if p.status in (Status.OK, Status.NO_FACE)]
    if not audited:
        return 0.0
    return 100.0 * sum(SEVERITY_CREDIT[p.worst_severity] for p in audited) / len(audited)


def _drop_explained(ctx: TeamContext, person_id: str, flags: list[Flag]) -> list[Flag]:
    codes = {f.code for f in flags}
    hidden = set().union(*(EXPLAINS.get(c, set()) for c in codes))
    if isinstance(ctx.pinned.get("background.color"), str):
        # A brand backdrop colour is a fact about the photo a re-crop does not change: with
        # a tight crop the reader must still learn that the backdrop is off-brand.
        hidden -= CROP_HIDES_BACKGROUND
    # A loose crop in a full-size image makes the face small: the fix is the crop, not a
    # higher-resolution original. A small image keeps both flags.
    height_z = ctx.zscore(person_id, "image.height_px")
    if "crop_too_loose" in codes and height_z is not None and height_z > -ctx.config.warning_z:
        hidden.add("low_resolution")
    return [f for f in flags if f.code not in hidden]


def _style_limit_notes(ctx: TeamContext) -> list[str]:
    """Say when a style limit yields to a team that is beyond it as a whole."""
    notes = []
    for rule in DEVIATION_RULES:
        if not rule.team_is_beyond_limit(ctx):
            continue
        limit = rule.absolute_ceiling if rule.absolute_ceiling is not None else rule.absolute_floor
        median = ctx.median(rule.measure)
        notes.append(
            f"{rule.failure_title}: most of the team's photos go past the usual limit on "
            f"{rule.limit_words} (typical photo {format_value(rule.measure, median)}; the limit "
            f"is {format_value(rule.measure, limit)}), so this is taken as the team's own style "
            "and each photo is compared with the team only."
        )
    return notes


def _style_outlier_flag(ctx: TeamContext, pid: str, score: float) -> Flag:
    parts: list[str] = []
    for measure, z in top_contributors(ctx.z, pid):
        name = plain_name(measure)
        if ctx.value(pid, measure) is None or any(name in p for p in parts):
            continue
        direction = "higher" if z > 0 else "lower"
        parts.append(f"{name} ({direction} than the team's)")
        if len(parts) == OUTLIER_REASONS:
            break
    reasons = f": mainly the {'; the '.join(parts)}" if parts else ""
    return Flag(
        "style_outlier",
        Severity.WARNING,
        f"This photo doesn't match the team's overall look{reasons}. Put it beside the "
        "house-style photos and retake or re-edit it to match.",
        None,
        score,
    )


def analyse(
    people: Sequence[Person],
    measurements: Sequence[Measurement],
    config: AnalysisConfig,
    *,
    photo_first_seen: Mapping[str, datetime] | None = None,
    now: datetime | None = None,
) -> AnalysisResult:
    """Learn the house style from the audited photos and judge every photo against it."""
    now = now or datetime.now(UTC)
    first_seen = photo_first_seen or {}
    audited = [
        (p, m)
        for p, m in zip(people, measurements, strict=True)
        if m.status in (Status.OK, Status.NO_FACE)
    ]
    ids = [p.id for p, _ in audited]
    table = pd.DataFrame(
        [
            {k: (v if v is not None else float("nan")) for k, v in m.features.items()}
            for _, m in audited
        ],
        index=ids,
        dtype=float,
    )
    # Every measure a rule reads exists as a column (NaN = not measured), so a features stage
    # that skipped a measure, or a team of failed photos, never breaks a rule.
    table = table.reindex(columns=sorted(set(table.columns) | set(MIN_SPREAD) | RULE_MEASURES))
    style = HouseStyle().fit(table) if len(table) else HouseStyle().fit(pd.DataFrame())
    z = style.score_samples(table) if len(table) else pd.DataFrame()
    ctx = TeamContext(
        table=table,
        style=style,
        z=z,
        config=config,
        names={p.id: p.name for p in people},
        info={p.id: m.info for p, m in audited},
        pinned=dict(config.pinned),
    )
    notes = _style_limit_notes(ctx)
    small_team = len(table) < config.min_team_for_clusters
    if small_team:
        notes.append(
            f"Only {len(table)} photos could be audited: each measure is compared with the team "
            "on its own; style groups and the overall-look check need "
            f"{config.min_team_for_clusters} or more."
        )
        clusters, cluster_of = (), {}
        outlier = pd.Series(0.0, index=ids)
    else:
        clusters, cluster_of = cluster_styles(table, z)
        outlier = outlier_scores(z, config.outlier_detector)
    duplicates = find_duplicates(
        {p.id: m.info.get("hash.phash", "") for p, m in audited},
        {p.id: p.sha256 for p, _ in audited},
        config.duplicate_max_bits,
    )

    results = []
    for person, measurement in zip(people, measurements, strict=True):
        if measurement.status not in (Status.OK, Status.NO_FACE):
            results.append(PhotoResult(person=person, measurement=measurement))
            continue
        pid = person.id
        has_face = measurement.status is Status.OK
        flags: list[Flag | None] = [
            no_face_rule(ctx, pid, has_face),
            multiple_faces_rule(ctx, pid),
            placeholder_rule(ctx, pid, has_face, duplicates),
            duplicate_rule(ctx, pid, duplicates),
            color_mode_rule(ctx, pid),
            color_cast_rule(ctx, pid),
            background_color_rule(ctx, pid),
            *(rule.evaluate(ctx, pid) for rule in DEVIATION_RULES),
        ]
        kept = keep_stronger_colour_flag(ctx, pid, [f for f in flags if f is not None])
        outdated = outdated_evidence(ctx, pid, first_seen.get(pid), now)
        age_flag = outdated_flag(ctx, outdated)
        if age_flag is not None:
            kept.append(age_flag)
        score = float(outlier.get(pid, 0.0))
        serious = any(f.severity is not Severity.INFO for f in kept)
        if not serious and score >= config.outlier_threshold:
            kept.append(_style_outlier_flag(ctx, pid, score))
        results.append(
            PhotoResult(
                person=person,
                measurement=measurement,
                flags=tuple(_drop_explained(ctx, pid, kept)),
                scores={"outlier": round(score, 3), "outdated": round(outdated.score, 3)},
                cluster=cluster_of.get(pid),
            )
        )
    team = TeamStyle(
        n_photos=len(table),
        median={c: float(v) for c, v in table.median().items() if pd.notna(v)},
        spread={
            c: float(v)
            for c, v in style.scale_.items()
            if pd.notna(v) and pd.notna(style.center_.get(c))
        }
        if len(table)
        else {},
        pinned=dict(config.pinned),
        clusters=clusters,
        notes=tuple(notes),
    )
    return AnalysisResult(team=team, photos=tuple(results), score=consistency_score(results))
