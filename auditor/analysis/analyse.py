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
    attire_colour_rule,
    background_color_rule,
    color_cast_rule,
    color_mode_rule,
    duplicate_rule,
    expression_rule,
    eyes_closed_rule,
    format_value,
    head_turned_rule,
    inconsistent_pages_rule,
    keep_stronger_colour_flag,
    multiple_faces_rule,
    no_face_rule,
    over_retouched_rule,
    placeholder_rule,
)
from auditor.analysis.flags.base import plain_name
from auditor.analysis.flags.colour import brand_backdrop
from auditor.analysis.outdated import outdated_evidence, outdated_flag
from auditor.analysis.outliers import outlier_scores, top_contributors
from auditor.analysis.pages import find_cross_page_photos
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

__all__ = ["analyse", "consistency_score", "judge_photo", "team_context"]

# Measures read by rules that have no minimum spread (flags, counts, skin colour).
RULE_MEASURES = {
    "color.grayscale",
    "face.count",
    "color.skin_a",
    "color.skin_b",
    "expression.smile",
    "expression.eyes_open",
    "attire.lab_l",
    "attire.lab_a",
    "attire.lab_b",
}
SEVERITY_CREDIT = {None: 1.0, Severity.INFO: 1.0, Severity.WARNING: 0.5, Severity.ERROR: 0.0}
# A flag that explains another makes the other redundant: keep one clear reason per problem.
EXPLAINS = {
    "too_dark": {"background_color_mismatch", "low_contrast"},
    "too_bright": {"background_color_mismatch", "low_contrast"},
    "color_mode_mismatch": {"background_color_mismatch", "color_cast"},
    # no_face stays next to placeholder: the report contract gives every faceless photo no_face.
    "placeholder": {"duplicate_photo"},
    "low_resolution": {"blurry"},
    "blurry": {"over_retouched"},
    # A face filling the frame leaves only slivers of "background": its colour and clutter
    # are not measurable, and re-cropping is the fix anyway.
    "crop_too_tight": {"background_color_mismatch", "background_busy"},
    # A flag, banner or scene behind the person *is* the background's odd colour: one reason
    # and one fix (a plain backdrop). Full-corpus run (evaluate_flags seed 7 x 24): 22 of the
    # 27 colour flags the blind labels do not hold were on GPO portraits the reviewer marked
    # busy (flags behind S001198, P000612, E000295, R000600, R000605), all also busy here.
    "background_busy": {"background_color_mismatch"},
}
# A brand backdrop colour is a fact about the photo that neither a re-crop nor clearing the
# background of clutter makes true: against a pinned colour, the backdrop finding stays.
BRAND_KEEPS = frozenset({"background_color_mismatch"})
# At most this many measures are named in the "doesn't match the team's look" message.
OUTLIER_REASONS = 3


def consistency_score(photos: Sequence[PhotoResult]) -> float:
    """0–100: share of audited photos matching the house style (warning = half credit)."""
    audited = [p for p in photos if p.status in (Status.OK, Status.NO_FACE)]
    if not audited:
        return 0.0
    return 100.0 * sum(SEVERITY_CREDIT[p.worst_severity] for p in audited) / len(audited)


def _one_per_code(flags: Sequence[Flag | None]) -> list[Flag]:
    """The most severe flag of each code (two rules can find one problem: a busy background
    by its edges or by its colours), in rule order."""
    best: dict[str, Flag] = {}
    for flag in flags:
        if flag is not None and (
            flag.code not in best or flag.severity.rank > best[flag.code].severity.rank
        ):
            best[flag.code] = flag
    return list(best.values())


def _drop_explained(ctx: TeamContext, person_id: str, flags: list[Flag]) -> list[Flag]:
    # Only a warning or error explains another flag: a tip (the busy background's "other
    # colours") is too unsure to stand in for a warning the reader would then not see.
    codes = {f.code for f in flags if f.severity is not Severity.INFO}
    hidden = set().union(*(EXPLAINS.get(c, set()) for c in codes))
    if brand_backdrop(ctx) is not None:
        hidden -= BRAND_KEEPS
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


def team_context(
    people: Sequence[Person], measurements: Sequence[Measurement], config: AnalysisConfig
) -> TeamContext:
    """The audited photos' measure table, its fitted house style and z-scores, as rules see it."""
    audited = [
        (p, m)
        for p, m in zip(people, measurements, strict=True)
        if m.status in (Status.OK, Status.NO_FACE)
    ]
    table = pd.DataFrame(
        [
            {k: (v if v is not None else float("nan")) for k, v in m.features.items()}
            for _, m in audited
        ],
        index=[p.id for p, _ in audited],
        dtype=float,
    )
    # Every measure a rule reads exists as a column (NaN = not measured), so a features stage
    # that skipped a measure, or a team of failed photos, never breaks a rule.
    table = table.reindex(columns=sorted(set(table.columns) | set(MIN_SPREAD) | RULE_MEASURES))
    style = HouseStyle().fit(table) if len(table) else HouseStyle().fit(pd.DataFrame())
    z = style.score_samples(table) if len(table) else pd.DataFrame()
    return TeamContext(
        table=table,
        style=style,
        z=z,
        config=config,
        names={p.id: p.name for p in people},
        info={p.id: m.info for p, m in audited},
        pinned=dict(config.pinned),
    )


def judge_photo(
    ctx: TeamContext,
    pid: str,
    has_face: bool,
    duplicates: dict[str, dict[str, int]],
    outlier_score: float,
    first_seen: datetime | None,
    now: datetime,
    cross_pages: Mapping[str, list[str]] | None = None,
    pages: Mapping[str, str] | None = None,
) -> tuple[tuple[Flag, ...], dict[str, float]]:
    """Every flag one audited photo gets against its team, and its scores.

    The one place a photo is judged: `analyse` calls it for each team member, and the fixes
    stage for a corrected draft against the same fitted team. `cross_pages` maps a person to
    the ids of their other photos on other audited pages (`pages`: person id -> page URL).
    """
    flags: list[Flag | None] = [
        no_face_rule(ctx, pid, has_face),
        multiple_faces_rule(ctx, pid),
        placeholder_rule(ctx, pid, has_face, duplicates),
        duplicate_rule(ctx, pid, duplicates),
        color_mode_rule(ctx, pid),
        color_cast_rule(ctx, pid),
        background_color_rule(ctx, pid),
        *(rule.evaluate(ctx, pid) for rule in DEVIATION_RULES),
        expression_rule(ctx, pid),
        eyes_closed_rule(ctx, pid),
        head_turned_rule(ctx, pid),
        over_retouched_rule(ctx, pid),
        attire_colour_rule(ctx, pid),
        inconsistent_pages_rule(ctx, pid, dict(cross_pages or {}), dict(pages or {})),
    ]
    kept = keep_stronger_colour_flag(ctx, pid, _one_per_code(flags))
    outdated = outdated_evidence(ctx, pid, first_seen, now)
    age_flag = outdated_flag(ctx, outdated)
    if age_flag is not None:
        kept.append(age_flag)
    serious = any(f.severity is not Severity.INFO for f in kept)
    if not serious and outlier_score >= ctx.config.outlier_threshold:
        kept.append(_style_outlier_flag(ctx, pid, outlier_score))
    scores = {"outlier": round(outlier_score, 3), "outdated": round(outdated.score, 3)}
    return tuple(_drop_explained(ctx, pid, kept)), scores


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
    ctx = team_context(people, measurements, config)
    table, style, z = ctx.table, ctx.style, ctx.z
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
    hashes = {p.id: m.info.get("hash.phash", "") for p, m in audited}
    fine = {p.id: m.info.get("hash.phash256", "") for p, m in audited}
    duplicates = find_duplicates(
        hashes, {p.id: p.sha256 for p, _ in audited}, config.duplicate_max_bits, fine=fine
    )
    cross_pages, same_person = find_cross_page_photos(
        [p for p, _ in audited], hashes, config.duplicate_max_bits, fine=fine
    )
    # One person's photo on two audited pages is not a photo shared by two people.
    duplicates = {
        pid: kept
        for pid, others in duplicates.items()
        if (kept := {o: d for o, d in others.items() if frozenset((pid, o)) not in same_person})
    }
    pages = {p.id: p.page_url or "another page" for p in people}

    results = []
    for person, measurement in zip(people, measurements, strict=True):
        if measurement.status not in (Status.OK, Status.NO_FACE):
            results.append(PhotoResult(person=person, measurement=measurement))
            continue
        pid = person.id
        flags, scores = judge_photo(
            ctx,
            pid,
            measurement.status is Status.OK,
            duplicates,
            float(outlier.get(pid, 0.0)),
            first_seen.get(pid),
            now,
            cross_pages,
            pages,
        )
        results.append(
            PhotoResult(
                person=person,
                measurement=measurement,
                flags=flags,
                scores=scores,
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
