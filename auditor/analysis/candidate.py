"""Judge a new version of one photo against a team whose house style is already fitted.

The fixes stage corrects a photo and must know whether the correction passes the audit. It
must pass against the *same* house style the report shows, not against a style refitted with
the correction in it, so the candidate joins the team's table as one more row scored with the
team's fitted `HouseStyle` (its centre and spreads unchanged), and is judged by the very code
that judged the original (`judge_photo`). Nothing is compared with the candidate for
duplicates: it is a version of a team member's photo, not another person's.

Scoring is per row, so only the candidate's row is scored: the team's z-scores, its rows as
the rules read them and (for a per-photo outlier detector) its outlier scores are the team
context's own, not recomputed for every draft (that made the stage grow with drafts x team).
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from auditor.analysis.analyse import judge_photo
from auditor.analysis.flags import TeamContext
from auditor.analysis.outliers import PER_PHOTO_DETECTORS, outlier_scores
from auditor.models import Flag, Measurement, Status

__all__ = ["CANDIDATE_SUFFIX", "judge_candidate"]

CANDIDATE_SUFFIX = "\x00candidate"  # a person id no crawler produces


def _rows(ctx: TeamContext, key: str, frame: pd.DataFrame, row: pd.DataFrame) -> dict:
    """The team's rows as a dict (made once per team), with the candidate's row added (as
    `to_dict("index")` makes it: Python floats, without its ~20 ms for one row)."""
    team = ctx.memo(key, lambda: frame.to_dict("index"))
    values = row.iloc[0].tolist()
    return {**team, row.index[0]: dict(zip(row.columns, values, strict=True))}


def judge_candidate(
    ctx: TeamContext,
    person_id: str,
    candidate: Measurement,
    *,
    first_seen: datetime | None,
    now: datetime,
) -> tuple[Flag, ...]:
    """The flags `candidate` (a new version of `person_id`'s photo) gets against `ctx`'s team."""
    if candidate.status not in (Status.OK, Status.NO_FACE):
        raise ValueError(f"only an audited photo can be judged (status {candidate.status})")
    cid = person_id + CANDIDATE_SUFFIX
    row = pd.DataFrame(
        [{k: (v if v is not None else float("nan")) for k, v in candidate.features.items()}],
        index=[cid],
        dtype=float,
    ).reindex(columns=ctx.table.columns)
    table = pd.concat([ctx.table, row])
    z_row = ctx.style.score_samples(row)
    z = pd.concat([ctx.z, z_row])
    judged = TeamContext(
        table=table,
        style=ctx.style,  # the team's fitted house style: centre and spreads as reported
        z=z,
        config=ctx.config,
        names={**ctx.names, cid: ctx.names.get(person_id, person_id)},
        info={**ctx.info, cid: candidate.info},
        pinned=ctx.pinned,
    )
    judged.memo("rows", lambda: _rows(ctx, "rows", ctx.table, row))
    judged.memo("z_rows", lambda: _rows(ctx, "z_rows", ctx.z, z_row))
    small_team = len(ctx.table) < ctx.config.min_team_for_clusters
    detector = ctx.config.outlier_detector
    if small_team:
        outlier = 0.0
    else:
        scored = z_row if detector in PER_PHOTO_DETECTORS else z
        outlier = float(outlier_scores(scored, detector)[cid])
    flags, _ = judge_photo(judged, cid, candidate.status is Status.OK, {}, outlier, first_seen, now)
    return flags
