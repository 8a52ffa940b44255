"""Judge a new version of one photo against a team whose house style is already fitted.

The fixes stage corrects a photo and must know whether the correction passes the audit. It
must pass against the *same* house style the report shows, not against a style refitted with
the correction in it, so the candidate joins the team's table as one more row scored with the
team's fitted `HouseStyle` (its centre and spreads unchanged), and is judged by the very code
that judged the original (`judge_photo`). Nothing is compared with the candidate for
duplicates: it is a version of a team member's photo, not another person's.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from auditor.analysis.analyse import judge_photo
from auditor.analysis.flags import TeamContext
from auditor.analysis.outliers import outlier_scores
from auditor.models import Flag, Measurement, Status

__all__ = ["CANDIDATE_SUFFIX", "judge_candidate"]

CANDIDATE_SUFFIX = "\x00candidate"  # a person id no crawler produces


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
    z = ctx.style.score_samples(table)
    judged = TeamContext(
        table=table,
        style=ctx.style,  # the team's fitted house style: centre and spreads as reported
        z=z,
        config=ctx.config,
        names={**ctx.names, cid: ctx.names.get(person_id, person_id)},
        info={**ctx.info, cid: candidate.info},
        pinned=ctx.pinned,
    )
    small_team = len(ctx.table) < ctx.config.min_team_for_clusters
    outlier = 0.0 if small_team else float(outlier_scores(z, ctx.config.outlier_detector)[cid])
    flags, _ = judge_photo(judged, cid, candidate.status is Status.OK, {}, outlier, first_seen, now)
    return flags
