"""head_turned on a real team page (18F): the one head a blind reviewer called "turned to the
side" (`benchmarks/corpus_labels.csv`: 18f-team/leah), as published and mirrored, among
frontal colleagues; the rest of the team, mirrored too, is left alone. Skipped without the
shared corpus.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from auditor.analysis import analyse
from auditor.config import AnalysisConfig, FeaturesConfig
from auditor.features import measure_all
from auditor.models import Person

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / ".." / "shared" / "corpus" / "18f-team"
LABELS = ROOT / "benchmarks" / "corpus_labels.csv"
TURNED = "leah"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")


def _jpeg(rgb: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=92)
    return buf.getvalue()


def _unmarked(count: int) -> list[Path]:
    """Photos the blind reviewer marked nothing on (the start of the folder)."""
    with LABELS.open(newline="", encoding="utf-8") as handle:
        marked = {row["photo"] for row in csv.DictReader(handle)}
    files = [f for f in sorted(CORPUS.glob("*.jpg")) if f"18f-team/{f.stem}" not in marked]
    return files[:count]


@pytest.fixture(scope="module", params=[False, True], ids=["published", "mirrored"])
def team(request):
    """The analysed team: 11 unmarked 18F photos and the turned head (mirrored or not)."""
    people = []
    for f in [*_unmarked(11), CORPUS / f"{TURNED}.jpg"]:
        rgb = np.asarray(Image.open(f).convert("RGB"))
        photo = _jpeg(rgb[:, ::-1] if request.param else rgb)
        people.append(Person(id=f.stem, name=f.stem, photo=photo))
    result = analyse(people, measure_all(people, FeaturesConfig()), AnalysisConfig())
    return {p.person.id: [f for f in p.flags if f.code == "head_turned"] for p in result.photos}


def test_only_the_turned_head_is_flagged(team):
    assert len(team[TURNED]) == 1
    assert not any(flags for pid, flags in team.items() if pid != TURNED)


def test_the_message_says_to_face_the_camera(team):
    (flag,) = team[TURNED]
    assert flag.severity.value == "warning"
    assert "turned to the side" in flag.message
    assert flag.message.endswith("facing the camera.")
