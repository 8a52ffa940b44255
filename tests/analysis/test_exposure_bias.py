"""Exposure is judged on the photo, not on the person's skin: the FRLL set's studio photos,
one lighting for everyone, skin tones 1 to 10 (labels of the set). Skipped without the corpus.
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

FRLL = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "frll"

pytestmark = pytest.mark.skipif(not (FRLL / "faces.csv").is_file(), reason="frll not present")


def _neutral_by_tone() -> list[tuple[str, int]]:
    with (FRLL / "faces.csv").open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["expression"] == "neutral"]
    return [(r["file"], int(r["skintone"])) for r in rows]


def _gamma(data: bytes, gamma: float) -> bytes:
    """The whole photo darkened (gamma > 1) or brightened (< 1), as a wrong exposure does."""
    rgb = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), np.float32) / 255
    out = io.BytesIO()
    Image.fromarray(np.uint8(np.clip(rgb**gamma, 0, 1) * 255)).save(out, "JPEG", quality=92)
    return out.getvalue()


@pytest.fixture(scope="module")
def audited():
    """Each darker-skinned person (tone >= 6) alone in a team of 20 lighter-skinned ones (the
    case where a face's own darkness stands out most), with two wrongly exposed copies: a
    darkened lighter face and a darkened darker face. Codes per person over those teams."""
    photos = _neutral_by_tone()
    lighter = [f for f, tone in photos if tone <= 2][:20]
    darker = [f for f, tone in photos if tone >= 6]
    people = {f: Person(id=f, name=f, photo=(FRLL / f).read_bytes()) for f in lighter + darker}
    for f in (lighter[0], darker[0]):
        data = _gamma((FRLL / f).read_bytes(), 2.0)
        people[f"dark {f}"] = Person(id=f"dark {f}", name=f"dark {f}", photo=data)
    measured = dict(zip(people, measure_all(list(people.values()), FeaturesConfig()), strict=True))
    copies = [pid for pid in people if pid.startswith("dark ")]
    codes: dict[str, set[str]] = {}
    for person in darker:
        team = [*lighter, person, *copies]
        result = analyse([people[p] for p in team], [measured[p] for p in team], AnalysisConfig())
        for photo in result.photos:
            codes.setdefault(photo.person.id, set()).update(f.code for f in photo.flags)
    return codes, darker


def test_dark_skin_is_not_called_underexposed(audited):
    codes, darker = audited
    assert darker, "the set has people of skin tone 6 and darker"
    assert not [f for f in darker if "too_dark" in codes[f]], codes


def test_a_darkened_photo_is_too_dark_whatever_the_skin(audited):
    codes, _ = audited
    dark_copies = [pid for pid in codes if pid.startswith("dark ")]
    assert len(dark_copies) == 2
    assert all("too_dark" in codes[pid] for pid in dark_copies), {p: codes[p] for p in dark_copies}


def test_nobody_untouched_is_called_too_bright_or_too_dark(audited):
    codes, _ = audited
    wrong = {
        p: c & {"too_dark", "too_bright"} for p, c in codes.items() if not p.startswith("dark ")
    }
    assert not any(wrong.values()), wrong
