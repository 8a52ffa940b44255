"""`background.off_color_pct`: other colours in the background (flags, banners) on real photos."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from auditor.features import measure_photo
from tests.features.conftest import CORPUS

LABELS = Path(__file__).resolve().parents[2] / "benchmarks" / "corpus_labels.csv"
GPO = CORPUS / "congress-gpo"


@pytest.mark.skipif(not GPO.is_dir(), reason="shared corpus not present")
def test_portraits_with_flags_behind_read_more_off_colour_than_plain_backdrops(config):
    with LABELS.open(newline="", encoding="utf-8") as handle:
        rows = {row["photo"]: row for row in csv.DictReader(handle)}
    flags = ["E000295", "R000600", "R000605", "S001198"]  # the reviewer: "between flags"
    plain = [f.stem for f in sorted(GPO.glob("*.jpg")) if f"congress-gpo/{f.stem}" not in rows]
    value = {
        stem: measure_photo((GPO / f"{stem}.jpg").read_bytes(), config).features[
            "background.off_color_pct"
        ]
        for stem in flags + plain[:20]
    }
    assert min(value[s] for s in flags) > 2 * float(np.median([value[s] for s in plain[:20]]))
    assert min(value[s] for s in flags) > 9.0  # three spreads of its floor (analysis/style.py)
