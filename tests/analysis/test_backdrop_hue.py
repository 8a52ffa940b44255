"""Backdrop colour judged perceptually, and flags at the frame's edge as a busy background.

Real studio portraits (congress-gpo: a mottled blue-grey cloth) with their backdrop edited in
CIELAB: a hue change at the same lightness must be flagged, the lightness mottling of the
cloth must not. Skipped when the shared corpus is absent.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from auditor.analysis import analyse
from auditor.config import AnalysisConfig, FeaturesConfig
from auditor.features import measure_all
from auditor.features.context import PhotoContext
from auditor.features.decode import decode
from auditor.models import Person

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / ".." / "shared" / "corpus" / "congress-gpo"
LABELS = ROOT / "benchmarks" / "corpus_labels.csv"
TEAM_SIZE = 14
SERIOUS = {"warning", "error"}

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")


def _jpeg(rgb: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgb)).save(buf, "JPEG", quality=92)
    return buf.getvalue()


def _backdrop(rgb: np.ndarray) -> np.ndarray:
    """The pipeline's own background region at the photo's size, feathered (float HxWx1)."""
    config = FeaturesConfig()
    ctx = PhotoContext(decode(_jpeg(rgb), config.working_size, config.max_pixels), 240, None)
    mask = ctx.background_mask.astype(np.float32)
    mask = cv2.resize(mask, (rgb.shape[1], rgb.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.GaussianBlur(mask, (0, 0), 2)[..., None]


def _edit_backdrop(rgb: np.ndarray, dl: np.ndarray | float = 0.0, da: float = 0.0) -> np.ndarray:
    """Add `dl` to L* and `da` to a* of the backdrop only (float CIELAB, back to sRGB)."""
    lab = cv2.cvtColor(rgb.astype(np.float32) / 255, cv2.COLOR_RGB2LAB)
    mask = _backdrop(rgb)[..., 0]
    lab[..., 0] += mask * dl
    lab[..., 1] += mask * da
    out = cv2.cvtColor(lab, cv2.COLOR_LAB2RGB)
    return np.clip(out * 255 + 0.5, 0, 255).astype(np.uint8)


def _mottle(shape: tuple[int, int], amplitude: float, seed: int) -> np.ndarray:
    """Low-frequency lightness blotches like a hand-painted studio cloth (±amplitude L*)."""
    rng = np.random.default_rng(seed)
    noise = cv2.GaussianBlur(rng.normal(size=shape).astype(np.float32), (0, 0), shape[0] / 12)
    return amplitude * noise / np.abs(noise).max()


def _flag_at_edge(rgb: np.ndarray) -> np.ndarray:
    """Red and white stripes with a blue canton, in the left fifth of the backdrop only."""
    height, width = rgb.shape[:2]
    flag = np.zeros_like(rgb)
    stripe = max(4, height // 13)
    rows = (np.arange(height) // stripe) % 2 == 0
    flag[rows] = (178, 34, 52)
    flag[~rows] = (240, 240, 240)
    flag[: height // 2, : width // 10] = (60, 59, 110)
    edge = np.zeros((height, width, 1), np.float32)
    edge[:, : width // 5] = 1.0
    mask = _backdrop(rgb) * edge
    return (mask * flag + (1 - mask) * rgb).astype(np.uint8)


def _on_style_files() -> list[Path]:
    """Colour portraits on the house backdrop: none the blind reviewer marked."""
    with LABELS.open(newline="", encoding="utf-8") as handle:
        marked = {row["photo"] for row in csv.DictReader(handle)}
    return [f for f in sorted(CORPUS.glob("*.jpg")) if f"congress-gpo/{f.stem}" not in marked]


@pytest.fixture(scope="module")
def audited():
    files = _on_style_files()[:TEAM_SIZE]
    rgbs = {f.stem: np.asarray(Image.open(f).convert("RGB")) for f in files}
    # The hue edit goes on the photo whose backdrop is nearest the team's median colour, so
    # that "+9 a*" is a shift of 9 from the team (the purple among blue-grey).
    originals = [Person(id=s, name=s, photo=_jpeg(rgb)) for s, rgb in rgbs.items()]
    lab = np.array(
        [
            [m.features[f"background.lab_{c}"] for c in "lab"]
            for m in measure_all(originals, FeaturesConfig())
        ]
    )
    typical = int(np.argmin(np.abs(lab - np.median(lab, axis=0)).sum(axis=1)))
    stems = list(rgbs)
    stems.insert(0, stems.pop(typical))
    edits = {
        "purple": _edit_backdrop(rgbs[stems[0]], da=9.0),
        "mottled": _edit_backdrop(
            rgbs[stems[1]], dl=_mottle(rgbs[stems[1]].shape[:2], 8.0, seed=1)
        ),
        "lighter": _edit_backdrop(rgbs[stems[2]], dl=5.0),
        "flag": _flag_at_edge(rgbs[stems[3]]),
    }
    people = [Person(id=s, name=s, photo=_jpeg(rgbs[s])) for s in stems[4:]]
    people += [Person(id=name, name=name, photo=_jpeg(rgb)) for name, rgb in edits.items()]
    result = analyse(people, measure_all(people, FeaturesConfig()), AnalysisConfig())
    return {p.person.id: {f.code: f.severity.value for f in p.flags} for p in result.photos}


def _serious(codes: dict[str, str]) -> set[str]:
    return {code for code, severity in codes.items() if severity in SERIOUS}


def test_a_hue_change_at_the_same_lightness_is_flagged(audited):
    assert "background_color_mismatch" in _serious(audited["purple"])


def test_lightness_mottling_and_a_slightly_lighter_cloth_are_not_flagged(audited):
    assert "background_color_mismatch" not in _serious(audited["mottled"])
    assert "background_color_mismatch" not in _serious(audited["lighter"])


def test_a_flag_at_the_frame_edge_is_a_busy_background_tip(audited):
    # A tip until the person mask stops leaving hair in the background (docs/analysis.md).
    assert audited["flag"].get("background_busy") in ("info", *SERIOUS)


def test_no_untouched_portrait_gets_a_backdrop_flag(audited):
    backdrop = {"background_color_mismatch", "background_busy"}
    edited = ("purple", "mottled", "lighter", "flag")
    untouched = {k: v for k, v in audited.items() if k not in edited}
    serious = {k: _serious(v) & backdrop for k, v in untouched.items()}
    assert {k: v for k, v in serious.items() if v} == {}
