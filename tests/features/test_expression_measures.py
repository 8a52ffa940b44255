"""`expression.smile` and `expression.eyes_open` on real studio photos (FRLL, neutral/smiling).

The smile weights were chosen on half A of the people; the AUC is checked on half B here
(`benchmarks/validate_expression.py` prints both ways and the groups). Skipped without frll.
"""

from __future__ import annotations

import csv

import cv2
import numpy as np
import pytest
from PIL import Image

from auditor.features import measure_photo
from auditor.features.context import PhotoContext
from auditor.features.decode import decode
from tests.features.conftest import CORPUS, encode

FRLL = CORPUS / "frll"
pytestmark = pytest.mark.skipif(not (FRLL / "faces.csv").is_file(), reason="frll not present")
# What expression.smile reaches on the held-out half (0.968 at the last run, the 0.95;
# 0.949 the other way round: docs/measures.md, Known limits), and within each skin-tone and
# gender group of it (0.90-1.0: skin tone 3+ lowest, 10 people; 0.87-0.98 before).
HELD_OUT_AUC = 0.95
GROUP_AUC = 0.85


def _rows() -> list[dict[str, str]]:
    with (FRLL / "faces.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _auc(positive: list[float], negative: list[float]) -> float:
    pos, neg = np.asarray(positive)[:, None], np.asarray(negative)[None, :]
    return float(((pos > neg) + 0.5 * (pos == neg)).mean())


@pytest.fixture(scope="module")
def half_b(config) -> list[tuple[dict[str, str], dict[str, float | None]]]:
    rows = _rows()
    subjects = sorted({r["subject"] for r in rows})[1::2]
    return [
        (r, measure_photo((FRLL / r["file"]).read_bytes(), config).features)
        for r in rows
        if r["subject"] in subjects
    ]


def test_smile_ranks_smiling_takes_above_neutral_ones_on_unseen_people(half_b):
    smiling = [f["expression.smile"] for r, f in half_b if r["expression"] == "smiling"]
    neutral = [f["expression.smile"] for r, f in half_b if r["expression"] == "neutral"]
    assert _auc(smiling, neutral) >= HELD_OUT_AUC


@pytest.mark.parametrize(
    "group",
    [("skintone", "1-2"), ("skintone", "3+"), ("gender", "f"), ("gender", "m")],
    ids=lambda g: f"{g[0]}={g[1]}",
)
def test_smile_separates_takes_within_each_skin_tone_and_gender(half_b, group):
    """The smile cascade this replaced reached 0.81 on skin tone 3+ and 0.87 on men (all 50)."""
    label, value = group

    def member(row: dict[str, str]) -> bool:
        if label == "gender":
            return row["gender"] == value
        return (int(row["skintone"]) <= 2) == (value == "1-2")

    members = [(r, f) for r, f in half_b if member(r)]
    smiling = [f["expression.smile"] for r, f in members if r["expression"] == "smiling"]
    neutral = [f["expression.smile"] for r, f in members if r["expression"] == "neutral"]
    assert len(smiling) >= 5 and _auc(smiling, neutral) >= GROUP_AUC


def test_open_eyes_read_open_whatever_their_shape(half_b):
    assert min(f["expression.eyes_open"] for _, f in half_b) >= 0.5


def _close_eyes(rgb: np.ndarray, config) -> np.ndarray:
    """Paint each eye over with the skin just below it (feathered) and a thin lash line."""
    ctx = PhotoContext(decode(encode(rgb), config.working_size, config.max_pixels), 240, None)
    frame = ctx.face_frame
    scale = rgb.shape[1] / ctx.gray.shape[1]
    ied = frame.inter_eye_px * scale
    out = rgb.astype(np.float32)
    half_w, half_h = round(0.3 * ied), round(0.14 * ied)
    shift = 2 * half_h + round(0.04 * ied)
    lid = np.roll(rgb, -shift, axis=0).astype(np.float32)  # the skin below, moved up
    mask = np.zeros(rgb.shape[:2], np.float32)
    for x, y in (frame.eye_left, frame.eye_right):
        centre = (round(x * scale), round(y * scale))
        cv2.ellipse(mask, centre, (half_w, half_h), 0, 0, 360, 1.0, -1)
    mask = cv2.GaussianBlur(mask, (0, 0), 0.03 * ied)[..., None]
    out = mask * lid + (1 - mask) * out
    for x, y in (frame.eye_left, frame.eye_right):
        centre = (round(x * scale), round(y * scale + 0.03 * ied))
        axes = (round(0.22 * ied), round(0.05 * ied))
        cv2.ellipse(out, centre, axes, 0, 15, 165, (45, 35, 35), max(1, round(0.02 * ied)))
    return np.clip(out, 0, 255).astype(np.uint8)


def test_closed_eyes_read_closed(config):
    """The frame comes from the dlib-5 eye corners, which it finds in closed eyes too (Haar
    finds no eye there): nine of the ten closed copies read 0.04-0.05 IED; on the tenth the
    landmarks drift up to the brows over the painted-over eye."""
    rows = [r for r in _rows() if r["expression"] == "neutral"][:10]
    closed = []
    for row in rows:
        rgb = np.asarray(Image.open(FRLL / row["file"]).convert("RGB"))
        closed.append(measure_photo(encode(_close_eyes(rgb, config)), config).features)
    values = [f["expression.eyes_open"] for f in closed if f["expression.eyes_open"] is not None]
    assert len(values) >= 9 and np.mean(np.array(values) < 0.35) >= 0.9
