"""Real photos (and controlled edits of them) for the features tests."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
import skimage.data
from matplotlib import cbook
from PIL import Image

from auditor.config import FeaturesConfig

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


def encode(rgb: np.ndarray, fmt: str = "JPEG", **options) -> bytes:
    """Encode an RGB array as image bytes (JPEG quality 92 unless told otherwise)."""
    if fmt == "JPEG":
        options.setdefault("quality", 92)
    buf = io.BytesIO()
    Image.fromarray(np.asarray(rgb, np.uint8)).save(buf, fmt, **options)
    return buf.getvalue()


@pytest.fixture(scope="session")
def config() -> FeaturesConfig:
    """The default features settings."""
    return FeaturesConfig()


@pytest.fixture(scope="session")
def astronaut() -> np.ndarray:
    """skimage's astronaut portrait (Eileen Collins), 512×512 RGB."""
    return skimage.data.astronaut()


@pytest.fixture(scope="session")
def hopper() -> np.ndarray:
    """matplotlib's Grace Hopper portrait, 512×600 RGB: a classic shoulders-up headshot."""
    path = cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)
    return np.asarray(Image.open(path).convert("RGB"))


@pytest.fixture(scope="session")
def hopper_jpeg() -> bytes:
    """The Grace Hopper sample file exactly as matplotlib ships it."""
    return Path(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)).read_bytes()


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    """Real headshots from ../shared/corpus (skips when the corpus is absent)."""
    files = sorted(CORPUS.glob("*/*.jpg")) if CORPUS.is_dir() else []
    if not files:
        pytest.skip("../shared/corpus is not present")
    return files
