"""A real studio team from the shared corpus with known edits (skipped when it is absent)."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from auditor.analysis import analyse
from auditor.config import AnalysisConfig, FeaturesConfig
from auditor.features import measure_all
from auditor.models import Person

CORPUS_ROOT = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
CORPUS = CORPUS_ROOT / "congress-gpo"
INFORMAL = CORPUS_ROOT / "18f-team"
TEAM_SIZE = 16
SERIOUS = {"warning", "error"}
MIN_COLOUR_SATURATION = 12  # mean HSV saturation (0-255) of a colour photo; B&W is ~0

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")


def _rgb(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def _jpeg(rgb: np.ndarray, quality: int = 92) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _grey(rgb: np.ndarray) -> np.ndarray:
    return np.dstack([cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)] * 3)


def _blur(rgb: np.ndarray) -> np.ndarray:
    return cv2.GaussianBlur(rgb, (0, 0), 0.016 * rgb.shape[0])


def _dark(rgb: np.ndarray) -> np.ndarray:
    return (255 * (rgb / 255.0) ** 2.2 * 0.6).astype(np.uint8)


def _silhouette(rgb: np.ndarray) -> np.ndarray:
    h, w = rgb.shape[:2]
    out = np.full((h, w, 3), 222, np.uint8)
    cv2.circle(out, (w // 2, int(0.38 * h)), int(0.18 * w), (160, 160, 160), -1)
    return out


def _is_colour(data: bytes) -> bool:
    hsv = np.asarray(Image.open(io.BytesIO(data)).convert("HSV"))
    return float(hsv[..., 1].mean()) > MIN_COLOUR_SATURATION


@pytest.fixture(scope="module")
def team():
    # A colour team (the corpus has a few black-and-white portraits, rightly flagged in one).
    files = [f for f in sorted(CORPUS.glob("*.jpg")) if _is_colour(f.read_bytes())]
    originals = [(f.stem, f.read_bytes()) for f in files[:TEAM_SIZE]]
    edits = {
        "b&w": ("color_mode_mismatch", _jpeg(_grey(_rgb(originals[0][1])))),
        "blur": ("blurry", _jpeg(_blur(_rgb(originals[1][1])))),
        "dark": ("too_dark", _jpeg(_dark(_rgb(originals[2][1])))),
        "placeholder": ("placeholder", _jpeg(_silhouette(_rgb(originals[3][1])))),
        "duplicate": ("duplicate_photo", originals[10][1]),
    }
    people = [Person(id=stem, name=stem, photo=data) for stem, data in originals[4:]]
    people += [Person(id=name, name=name, photo=data) for name, (_, data) in edits.items()]
    measurements = measure_all(people, FeaturesConfig())
    result = analyse(people, measurements, AnalysisConfig())
    return result, {name: code for name, (code, _) in edits.items()}


def test_every_injected_edit_gets_its_flag(team):
    result, expected = team
    by_id = {p.person.id: p for p in result.photos}
    for name, code in expected.items():
        codes = {f.code for f in by_id[name].flags if f.severity.value in SERIOUS}
        assert code in codes, (name, codes)


def test_few_untouched_studio_portraits_get_a_style_warning(team):
    result, expected = team
    untouched = [p for p in result.photos if p.person.id not in expected]
    duplicated = next(p for p in result.photos if p.person.id == "duplicate").person.photo
    untouched = [p for p in untouched if p.person.photo != duplicated]
    flagged = [
        p.person.id
        for p in untouched
        if any(f.severity.value in SERIOUS and f.code != "outdated" for f in p.flags)
    ]
    # Real corpus photos are not all alike; allow one real deviation among the 11.
    assert len(flagged) <= 1, flagged


def test_a_page_mixing_two_photo_shoots_is_split_into_two_style_groups():
    """Studio portraits plus a minority of informal staff photos: the informal ones are found
    as their own group, described against the house style."""
    studio = [f for f in sorted(CORPUS.glob("*.jpg")) if _is_colour(f.read_bytes())][:20]
    informal = sorted(INFORMAL.glob("*.jpg"))[:10]
    people = [Person(id=f"studio/{f.stem}", name=f.stem, photo=f.read_bytes()) for f in studio]
    people += [Person(id=f"informal/{f.stem}", name=f.stem, photo=f.read_bytes()) for f in informal]
    result = analyse(people, measure_all(people, FeaturesConfig()), AnalysisConfig())
    assert len(result.team.clusters) == 2, result.team.clusters
    house, other = result.team.clusters
    assert house.is_house_style and house.size > other.size
    informal_in_other = [pid for pid in other.person_ids if pid.startswith("informal/")]
    assert len(informal_in_other) >= 6, other.person_ids
    assert len(informal_in_other) >= 0.7 * other.size, other.person_ids
    assert other.description.startswith(f"{other.size} photos with a different look: ")


def _warm(rgb: np.ndarray) -> np.ndarray:
    return np.clip(rgb * np.array([1.25, 1.0, 0.62]), 0, 255).astype(np.uint8)


def _benchmark():
    """benchmarks/evaluate_flags.py as a module (its edits and hand-checked labels)."""
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "evaluate_flags.py"
    spec = importlib.util.spec_from_file_location("evaluate_flags", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not INFORMAL.is_dir(), reason="shared corpus not present")
def test_informal_team_beards_are_not_underexposure_and_real_edits_are_found():
    """18F's informal page: two bearded men whose face box is mostly beard (face L* ~20 while
    the photo is normally lit) must not read as too dark; a darkened and a warm-cast photo of
    the same page must, and so must a photo pasted in front of a busy scene although busy
    backgrounds are common on this page."""
    bearded = ["clinton-troxel", "mark-trammell"]
    others = [
        f for f in sorted(INFORMAL.glob("*.jp*g")) if f.stem not in bearded and f.stem != "julia"
    ][:18]
    people = [
        Person(id=stem, name=stem, photo=(INFORMAL / f"{stem}.jpg").read_bytes())
        for stem in bearded
    ]
    people += [Person(id=f.stem, name=f.stem, photo=f.read_bytes()) for f in others[3:]]
    people.append(Person(id="dark", name="dark", photo=_jpeg(_dark(_rgb(others[0].read_bytes())))))
    people.append(Person(id="warm", name="warm", photo=_jpeg(_warm(_rgb(others[1].read_bytes())))))
    busy = _benchmark().clutter(_rgb(others[2].read_bytes()))
    people.append(Person(id="busy", name="busy", photo=_jpeg(busy)))
    result = analyse(people, measure_all(people, FeaturesConfig()), AnalysisConfig())
    codes = {
        p.person.id: {f.code for f in p.flags if f.severity.value in SERIOUS} for p in result.photos
    }
    for stem in bearded:
        assert "too_dark" not in codes[stem], (stem, codes[stem])
    assert "too_dark" in codes["dark"]
    assert "color_cast" in codes["warm"]
    assert "background_busy" in codes["busy"]


@pytest.mark.skipif(not INFORMAL.is_dir(), reason="shared corpus not present")
def test_every_blind_label_names_a_corpus_photo_and_real_flag_codes():
    from auditor.models import FLAG_CODES

    benchmark = _benchmark()
    labels = benchmark.load_labels()
    assert len(labels) >= 20
    for photo, (clear, borderline, why) in labels.items():
        assert list(CORPUS_ROOT.glob(f"{photo}.jp*g")), photo
        assert (clear or borderline) and clear | borderline <= set(FLAG_CODES), photo
        assert not clear & borderline and why, photo
    for photo, codes in benchmark.FILE_FACTS.items():
        assert list(CORPUS_ROOT.glob(f"{photo}.jp*g")) and codes <= set(FLAG_CODES), photo
