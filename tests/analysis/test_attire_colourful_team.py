"""Clothing colour on an informal, colourful team page (18F): its own bright tops are its style.

Skipped when the shared corpus is absent. The team is the page's unlabelled photos (the blind
labels mark none of them): the five brightest tops of the page and twelve others.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from auditor.analysis import analyse
from auditor.config import AnalysisConfig, FeaturesConfig
from auditor.features import measure_all
from auditor.models import Person

ROOT = Path(__file__).resolve().parents[2]
INFORMAL = ROOT / ".." / "shared" / "corpus" / "18f-team"
LABELS = ROOT / "benchmarks" / "corpus_labels.csv"

pytestmark = pytest.mark.skipif(not INFORMAL.is_dir(), reason="shared corpus not present")

# Red, green, blue and magenta tops (attire.saturation 0.73-0.90, docs/analysis.md): as
# vivid as the benchmark's injected orange top (0.78-0.80).
BRIGHT_TOPS = ("jessie", "nicole-fenton", "catherine", "rebeccapiazza", "steven-reilly")
SERIOUS = ("warning", "error")


def test_a_colourful_teams_own_bright_tops_are_not_attire_warnings():
    with LABELS.open(newline="", encoding="utf-8") as handle:
        marked = {row["photo"] for row in csv.DictReader(handle)}
    others = [
        f.stem
        for f in sorted(INFORMAL.glob("*.jpg"))
        if f"18f-team/{f.stem}" not in marked and f.stem not in BRIGHT_TOPS
    ][:12]
    stems = [*BRIGHT_TOPS, *others]
    people = [Person(id=s, name=s, photo=(INFORMAL / f"{s}.jpg").read_bytes()) for s in stems]
    measured = measure_all(people, FeaturesConfig())
    saturation = {
        p.id: m.features.get("attire.saturation") for p, m in zip(people, measured, strict=True)
    }
    # The premise: these five are the page's vivid tops, as vivid as a bright T-shirt.
    assert all(saturation[s] is not None and saturation[s] >= 0.6 for s in BRIGHT_TOPS)
    result = analyse(people, measured, AnalysisConfig())
    warned = {
        p.person.id
        for p in result.photos
        for f in p.flags
        if f.code == "attire_mismatch" and f.severity.value in SERIOUS
    }
    # A quarter of this page wears clearly coloured tops: one more is the page's own variety.
    assert not warned, warned
