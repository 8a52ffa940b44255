"""Retouching, attire and one person on several pages, on a real studio team (congress-gpo).

The skin and clothes edits are the benchmarks' own (`benchmarks/portrait_edits.py`): one part
of a real portrait changed, the rest untouched. Skipped when the shared corpus is absent.
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
from tests.edits import portrait_edits

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / ".." / "shared" / "corpus" / "congress-gpo"
LABELS = ROOT / "benchmarks" / "corpus_labels.csv"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")


def _rgb(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"))


def _jpeg(rgb: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=92)
    return buf.getvalue()


def _plain_portraits(count: int) -> list[Path]:
    with LABELS.open(newline="", encoding="utf-8") as handle:
        marked = {row["photo"] for row in csv.DictReader(handle)}
    files = [f for f in sorted(CORPUS.glob("*.jpg")) if f"congress-gpo/{f.stem}" not in marked]
    return files[-count:]  # the end of the folder: other photos than the other corpus tests'


@pytest.fixture(scope="module")
def audited():
    edits = portrait_edits()
    files = _plain_portraits(15)
    rgbs = {f.stem: np.asarray(Image.open(f).convert("RGB")) for f in files}
    stems = list(rgbs)
    edited = {
        "airbrushed": edits.smooth_skin(rgbs[stems[0]]),
        "checked": edits.check_pattern_clothes(rgbs[stems[1]]),
        "orange": edits.saturated_clothes(rgbs[stems[2]]),
    }
    people = [Person(id=s, name=s, photo=_jpeg(rgbs[s])) for s in stems[3:]]
    people += [Person(id=k, name=k, photo=_jpeg(v)) for k, v in edited.items()]
    result = analyse(people, measure_all(people, FeaturesConfig()), AnalysisConfig())
    # Tips count here (the precision tests below tell tips from warnings).
    return {p.person.id: {f.code: f.severity.value for f in p.flags} for p in result.photos}


NEW_CODES = {"busy_attire", "attire_mismatch", "over_retouched"}
SERIOUS = ("warning", "error")


def test_the_edited_clothes_and_skin_are_warnings(audited):
    assert audited["checked"]["busy_attire"] in SERIOUS
    # A bright orange top among dark suits: vivid on any page and far above the team.
    assert audited["orange"]["attire_mismatch"] in SERIOUS


def test_checks_on_the_clothes_are_busy_attire(audited):
    assert "busy_attire" in audited["checked"]


AIRBRUSHED = 6  # portraits airbrushed in turn, each judged in a team of the untouched others


def test_airbrushed_skin_on_225_px_portraits_is_over_retouched():
    # ~45-57 px between the eyes: measured since the skin's flattest quarter is read from
    # 45 px (it was "not measurable" below 55 px, docs/measures.md). Each airbrushed portrait
    # is judged against the other untouched ones; the measure finds ~85% of such edits on
    # GPO faces, so one miss in six is allowed, a false warning on an original is not.
    files = _plain_portraits(15)
    edits = portrait_edits()
    people = [Person(id=f.stem, name=f.stem, photo=f.read_bytes()) for f in files]
    people += [
        Person(id=f"{f.stem}-airbrushed", name=f.stem, photo=_jpeg(edits.smooth_skin(_rgb(f))))
        for f in files[:AIRBRUSHED]
    ]
    measured = dict(zip([p.id for p in people], measure_all(people, FeaturesConfig()), strict=True))
    found, false = 0, []
    for f in files[:AIRBRUSHED]:
        team = [p for p in people if p.id != f.stem and not p.id.endswith("-airbrushed")]
        team.append(next(p for p in people if p.id == f"{f.stem}-airbrushed"))
        result = analyse(team, [measured[p.id] for p in team], AnalysisConfig())
        for photo in result.photos:
            codes = {c.code for c in photo.flags if c.severity.value in SERIOUS}
            if photo.person.id.endswith("-airbrushed"):
                found += "over_retouched" in codes
            elif "over_retouched" in codes:
                false.append(photo.person.id)
    assert found >= AIRBRUSHED - 1
    assert not false


FRLL = ROOT / ".." / "shared" / "corpus" / "frll" / "images"


@pytest.mark.skipif(not FRLL.is_dir(), reason="frll not present")
def test_airbrushed_skin_is_over_retouched_on_a_team_of_larger_faces():
    files = sorted(FRLL.glob("*_03.jpg"))[-13:]  # neutral takes, 675 px, ~75 px between eyes
    airbrushed = portrait_edits().smooth_skin(np.asarray(Image.open(files[0]).convert("RGB")))
    people = [Person(id="airbrushed", name="airbrushed", photo=_jpeg(airbrushed))]
    people += [Person(id=f.stem, name=f.stem, photo=f.read_bytes()) for f in files[1:]]
    result = analyse(people, measure_all(people, FeaturesConfig()), AnalysisConfig())
    flagged = {
        p.person.id for p in result.photos if any(f.code == "over_retouched" for f in p.flags)
    }
    assert flagged == {"airbrushed"}


def test_the_untouched_portraits_get_few_attire_or_retouch_flags(audited):
    edited = ("airbrushed", "checked", "orange")
    untouched = {
        k: set(v) & NEW_CODES for k, v in audited.items() if k not in edited and set(v) & NEW_CODES
    }
    # Two of these twelve real portraits do differ: a pinstripe suit (V000131) and a light
    # shirt without a jacket among dark suits (W000805).
    assert len(untouched) <= 2, untouched
    warned = {
        k: c
        for k, v in audited.items()
        if k not in edited
        for c, sev in v.items()
        if sev in SERIOUS
    }
    assert not set(warned.values()) & {"over_retouched", "attire_mismatch"}, warned


def _gpo_team(stems: list[str]) -> dict[str, dict[str, str]]:
    people = [Person(id=s, name=s, photo=(CORPUS / f"{s}.jpg").read_bytes()) for s in stems]
    result = analyse(people, measure_all(people, FeaturesConfig()), AnalysisConfig())
    return {p.person.id: {f.code: f.severity.value for f in p.flags} for p in result.photos}


def test_hair_on_the_shoulders_is_at_most_an_attire_tip():
    # B001228: long blonde hair over a patterned jacket reads as clothes of saturation ~0.5,
    # 4 spreads above a team of dark suits; not vivid enough on any page for a warning.
    codes = _gpo_team(["B001228"] + [f.stem for f in _plain_portraits(12)])
    assert codes["B001228"].get("attire_mismatch", "info") == "info"


def test_a_heavily_compressed_portrait_is_not_over_retouched():
    # A000370 is saved at JPEG quality 65 (the folder at 92-99): JPEG drops the skin's faint
    # detail first, so its skin reads 3.9 spreads under the folder's; the problem is the
    # compression (heavy_compression), not a retouch.
    codes = _gpo_team(["A000370"] + [f.stem for f in _plain_portraits(12)])
    assert "over_retouched" not in codes["A000370"]
    assert "heavy_compression" in codes["A000370"]


def test_one_person_with_two_photos_on_two_pages_is_inconsistent():
    files = _plain_portraits(14)
    team = [
        Person(
            id=f.stem,
            name=f"Person {f.stem}",
            page_url="https://example.org/team",
            photo=f.read_bytes(),
        )
        for f in files[:10]
    ]
    speakers = [
        # The same two people on the speakers page: one with another photo, one with the same.
        Person(
            id="ana-2",
            name="PERSON " + files[0].stem,
            page_url="https://example.org/speakers",
            photo=files[12].read_bytes(),
        ),
        Person(
            id="bo-2",
            name="person " + files[1].stem,
            page_url="https://example.org/speakers",
            photo=files[1].read_bytes(),
        ),
    ]
    people = team + speakers
    result = analyse(people, measure_all(people, FeaturesConfig()), AnalysisConfig())
    codes = {p.person.id: {f.code for f in p.flags} for p in result.photos}
    assert "inconsistent_across_pages" in codes[files[0].stem]
    assert "inconsistent_across_pages" in codes["ana-2"]
    assert "inconsistent_across_pages" not in codes[files[1].stem] | codes["bo-2"]
    # The same person's same photo on two pages is not a photo shared by two people.
    assert "duplicate_photo" not in codes[files[1].stem] | codes["bo-2"]
    assert sum("inconsistent_across_pages" in c for c in codes.values()) == 2


EIGHTEEN_F = ROOT / ".." / "shared" / "corpus" / "18f-team"
COLOURFUL = ["nicole-fenton", "jessie", "catherine", "steven-reilly", "rebeccapiazza"]


@pytest.mark.skipif(not EIGHTEEN_F.is_dir(), reason="18f-team not present")
def test_a_bright_top_on_a_colourful_informal_team_is_at_most_a_tip():
    # 18F's own people wear red, green and purple tops (saturation 0.73-0.90): a quarter of
    # the team in coloured clothes is its style, so neither they nor an orange top are warned.
    with LABELS.open(newline="", encoding="utf-8") as handle:
        marked = {row["photo"] for row in csv.DictReader(handle)}
    others = [
        f
        for f in sorted(EIGHTEEN_F.glob("*.jpg"))
        if f"18f-team/{f.stem}" not in marked and f.stem not in COLOURFUL
    ][:10]
    files = [EIGHTEEN_F / f"{s}.jpg" for s in COLOURFUL] + others
    people = [Person(id=f.stem, name=f.stem, photo=f.read_bytes()) for f in files[:-1]]
    orange = portrait_edits().saturated_clothes(_rgb(files[-1]))
    people.append(Person(id="orange", name="orange", photo=_jpeg(orange)))
    result = analyse(people, measure_all(people, FeaturesConfig()), AnalysisConfig())
    warned = {
        p.person.id
        for p in result.photos
        if any(f.code == "attire_mismatch" and f.severity.value in SERIOUS for f in p.flags)
    }
    assert not warned
