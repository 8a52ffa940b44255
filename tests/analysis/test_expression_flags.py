"""Expression on real studio photos: the FRLL set's neutral and smiling takes of the same people.

Teams are built from the held-out half of the people (half B: the smile weights were chosen
on half A, `benchmarks/validate_expression.py`). Skipped when the shared corpus is absent.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.analysis import analyse
from auditor.config import AnalysisConfig, FeaturesConfig
from auditor.features import measure_all
from auditor.models import Measurement, Person

FRLL = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "frll"

pytestmark = pytest.mark.skipif(not (FRLL / "faces.csv").is_file(), reason="frll not present")


def _half_b() -> list[str]:
    with (FRLL / "faces.csv").open(newline="", encoding="utf-8") as handle:
        subjects = sorted({row["subject"] for row in csv.DictReader(handle)})
    return subjects[1::2]


def _photo(subject: str, take: str) -> bytes:
    return (FRLL / "images" / f"{subject}_{'03' if take == 'neutral' else '08'}.jpg").read_bytes()


TEAM = 23  # the first 23 people of half B, each measured in both takes


@pytest.fixture(scope="module")
def measured() -> dict[tuple[str, str], Measurement]:
    """(subject, take) -> its measurement, for the first TEAM people of half B."""
    keys = [(s, take) for s in _half_b()[:TEAM] for take in ("neutral", "smiling")]
    people = [Person(id=f"{s}-{t}", name=s, photo=_photo(s, t)) for s, t in keys]
    return dict(zip(keys, measure_all(people, FeaturesConfig()), strict=True))


def _codes(measured, takes: dict[str, str]) -> dict[str, set[str]]:
    """Codes per person of a team with each person (subject) in the given take."""
    people = [Person(id=s, name=s, photo=b"") for s in takes]
    rows = [replace(measured[s, t], person_id=s) for s, t in takes.items()]
    result = analyse(people, rows, AnalysisConfig())
    return {p.person.id: {f.code for f in p.flags} for p in result.photos}


def _team(measured, base: str, odd: str) -> tuple[dict[str, set[str]], set[str]]:
    """20 people in the `base` take and 3 others in the `odd` take: codes per person."""
    people_b = _half_b()[:TEAM]
    odd_ones = set(people_b[20:])
    takes = {s: odd if s in odd_ones else base for s in people_b}
    return _codes(measured, takes), odd_ones


@pytest.fixture(scope="module")
def serious_team(measured):
    return _team(measured, "neutral", "smiling")


@pytest.fixture(scope="module")
def smiling_team(measured):
    return _team(measured, "smiling", "neutral")


def _flagged(codes: dict[str, set[str]]) -> set[str]:
    return {pid for pid, c in codes.items() if "expression_mismatch" in c}


@pytest.mark.xfail(
    reason="the measure: 127's broad smile and 137's smile with a little teeth (0.81) are "
    "flagged; 131's closed-mouth smile (0.60) is above every neutral take in the team (003's "
    "0.56 the highest) but a smile at odds of 1.5:1 is within what neutral takes of unseen "
    "people reach (0.67 on half A, 0.81 on half B: docs/analysis.md, Expression)",
    strict=False,
)
def test_a_serious_team_flags_exactly_its_three_smiles(serious_team):
    codes, smiling = serious_team
    assert _flagged(codes) == smiling


@pytest.mark.xfail(
    reason="the measure, not the rule: 137's and 131's serious faces are flagged, but 127's "
    "neutral take reads 0.69, above five of the team's smiles (115's 0.25 the lowest), so no "
    "rule on the score can flag it alone (docs/analysis.md, Expression: where the misses come "
    "from)",
    strict=False,
)
def test_a_smiling_team_flags_exactly_its_three_serious_faces(smiling_team):
    codes, serious = smiling_team
    assert _flagged(codes) == serious


def test_a_clear_smile_short_of_broad_is_flagged_in_a_serious_team(serious_team):
    """137's smile with a little teeth (0.81) stands above every neutral take of the team
    (0.56 at most): the limit chosen on half A (logit 1.0, score 0.73) reaches it, the one
    before (1.5, score 0.82) did not."""
    codes, _ = serious_team
    assert "expression_mismatch" in codes["137"]


def test_a_neutral_face_below_every_smile_is_flagged_in_a_smiling_team(smiling_team):
    """131's neutral take (0.15) reads below every smile of the team (0.25 at least): the
    limit chosen on half A (logit -1.5, score 0.18) reaches it, the one before (-2, 0.12) did
    not."""
    codes, _ = smiling_team
    assert "expression_mismatch" in codes["131"]


def test_a_smile_that_shows_none_is_tipped_in_a_smiling_team(measured):
    """173's smiling take shows no visible smile (blind label 0 in
    benchmarks/frll_smile_strength.csv; by eye it is his neutral face) and reads 0.16, below
    every other smile of half B: among 22 people smiling it is the one serious face."""
    team = _half_b()[:22]
    (odd,) = measure_all(
        [Person(id="173", name="173", photo=_photo("173", "smiling"))], FeaturesConfig()
    )
    people = [Person(id=s, name=s, photo=b"") for s in [*team, "173"]]
    rows = [replace(measured[s, "smiling"], person_id=s) for s in team] + [odd]
    result = analyse(people, rows, AnalysisConfig())
    assert _flagged({p.person.id: {f.code for f in p.flags} for p in result.photos}) == {"173"}


def test_only_the_odd_ones_out_are_ever_flagged(serious_team, smiling_team):
    """Precision: a miss costs a tip, a false flag the user's trust."""
    for codes, odd_ones in (serious_team, smiling_team):
        assert _flagged(codes) <= odd_ones


def test_a_mixed_team_flags_no_one(measured):
    """Half serious and half smiling is a mixed page, not a page with odd ones out."""
    people_b = _half_b()[:TEAM]
    takes = {s: "smiling" if i % 2 else "neutral" for i, s in enumerate(people_b)}
    assert not _flagged(_codes(measured, takes))


@pytest.mark.parametrize("take", ["neutral", "smiling"])
def test_a_team_of_one_expression_flags_no_one(measured, take):
    """All 23 in the same take: their faintest smile (115's, 0.25) and their most smiling
    neutral face (127's, 0.69) are part of the team's own range, not odd ones out. (These 23
    leave out 141 and 173: 173's smile shows none and is tipped, test above.)"""
    assert not _flagged(_codes(measured, dict.fromkeys(_half_b()[:TEAM], take)))


def test_open_eyes_are_never_flagged_closed(serious_team, smiling_team):
    for codes, _ in (serious_team, smiling_team):
        assert not any("eyes_closed" in c for c in codes.values())
