"""A real team for the fixes tests: the demo's portraits, some broken the way files go wrong.

Every edit keeps the pixels a draft needs (a loose crop is the photo on a larger canvas, a
cast scales the channels, underexposure scales linear light), so each broken photo has an
unbroken original to compare the draft with. Built once per module: measuring is not free.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import cv2
import numpy as np
import pytest
from PIL import Image

from auditor.analysis import analyse
from auditor.config import Config
from auditor.demo.photos import make_demo_photos
from auditor.features import measure_all
from auditor.models import AuditResult, Person, RunInfo


def jpeg(rgb: np.ndarray, quality: int = 95) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def rgb_of(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def loose(rgb: np.ndarray) -> np.ndarray:
    """The photo on a canvas grown on every side (edges extended and softened)."""
    h, w = rgb.shape[:2]
    pads = [round(0.35 * h), round(0.55 * h), round(0.45 * w), round(0.45 * w)]
    big = cv2.copyMakeBorder(rgb, *pads, cv2.BORDER_REPLICATE)
    soft = cv2.GaussianBlur(big, (0, 0), 0.02 * max(big.shape[:2]))
    inside = np.zeros(big.shape[:2], bool)
    inside[pads[0] : pads[0] + h, pads[2] : pads[2] + w] = True
    big[~inside] = soft[~inside]
    return big


def warm(rgb: np.ndarray) -> np.ndarray:
    return np.clip(rgb * np.array([1.25, 1.0, 0.62]), 0, 255).astype(np.uint8)


def under(rgb: np.ndarray) -> np.ndarray:
    x = rgb / 255.0
    lin = np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4) * 0.4
    out = np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055)
    return np.clip(np.round(255 * out), 0, 255).astype(np.uint8)


EDITS = {"loose": loose, "warm": warm, "under": under}


@dataclass
class Team:
    """The team as audited, the bytes of every photo, and the unbroken originals."""

    config: Config
    people: list[Person]
    result: AuditResult
    photos: dict[int, bytes]  # page position -> the photo as audited
    unbroken: dict[str, bytes]  # person id -> the photo before the edit (edited ones only)
    edits: dict[str, str]  # person id -> edit name


def audit(people: list[Person], config: Config) -> AuditResult:
    analysed = analyse(people, measure_all(people, config.features), config.analysis)
    return AuditResult(
        "t", "0", RunInfo("", "", ()), analysed.team, analysed.photos, score=analysed.score
    )


@pytest.fixture(scope="package")
def team() -> Team:
    config = Config()
    demo = make_demo_photos(count_on_style=10)
    on_style = [p for p in demo if p.off_style is None]
    off_style = {p.off_style: p for p in demo if p.off_style}
    people, photos, unbroken, edits = [], {}, {}, {}
    for i, photo in enumerate(on_style):
        data = photo.data
        edit = {7: "loose", 8: "warm", 9: "under"}.get(i)
        pid = f"p{i}"
        if edit:
            unbroken[pid], edits[pid] = data, edit
            data = jpeg(EDITS[edit](rgb_of(data)))
        people.append(Person(id=pid, name=f"Person {i}", photo=data))
    # Problems no draft can correct, from the demo's own off-style photos.
    for code in ("color_mode_mismatch", "background_busy", "low_resolution"):
        people.append(Person(id=code, name=code, photo=off_style[code].data))
    photos = {i: p.photo for i, p in enumerate(people)}
    return Team(config, people, audit(people, config), photos, unbroken, edits)
