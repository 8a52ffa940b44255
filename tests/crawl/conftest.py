"""Crawler test fixtures: real portrait JPEGs made from the photos installed packages ship."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib import cbook
from PIL import Image
from skimage import data as skdata

PHOTO_SIZE = (120, 150)  # small real portraits keep the whole folder fast


def _portraits() -> list[Image.Image]:
    with cbook.get_sample_data("grace_hopper.jpg") as fh:
        hopper = Image.open(fh).convert("RGB")
        hopper.load()
    astronaut = Image.fromarray(np.asarray(skdata.astronaut()))
    return [hopper, astronaut]


@pytest.fixture(scope="session")
def make_photo():
    """`make_photo(i)` -> distinct real JPEG bytes (a portrait, cropped and toned by i)."""
    bases = _portraits()
    cache: dict[int, bytes] = {}

    def build(i: int = 0) -> bytes:
        if i not in cache:
            base = bases[i % len(bases)]
            w, h = base.size
            shift = (i // len(bases)) * 7 % max(1, w // 10)
            crop = base.crop((shift, 0, w - (w // 10 - shift), h)).resize(PHOTO_SIZE)
            tone = Image.new("RGB", PHOTO_SIZE, ((i * 37) % 60, (i * 11) % 40, (i * 23) % 50))
            photo = Image.blend(crop, tone, 0.15)
            buf = io.BytesIO()
            photo.save(buf, "JPEG", quality=85)
            cache[i] = buf.getvalue()
        return cache[i]

    return build
