"""Issue 7 at the decoder: each hostile image is measured or refused, and read the right way up."""

from __future__ import annotations

import io

import numpy as np
import pytest
from corpus import hostile_images
from PIL import Image

from auditor.config import FeaturesConfig
from auditor.features import measure_photo
from auditor.models import Status

CONFIG = FeaturesConfig()
AUDITED = (Status.OK, Status.NO_FACE)


def _thumbnail(data: bytes) -> np.ndarray:
    measurement = measure_photo(data, CONFIG)
    assert measurement.status in AUDITED, measurement.error
    assert measurement.thumbnail, "an audited photo has a thumbnail for the report"
    return np.asarray(Image.open(io.BytesIO(measurement.thumbnail)).convert("L"), np.float32)


def _difference(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute grey difference after bringing `b` to `a`'s size."""
    resized = Image.fromarray(b.astype(np.uint8)).resize((a.shape[1], a.shape[0]))
    return float(np.abs(a - np.asarray(resized, np.float32)).mean())


@pytest.mark.parametrize("image", hostile_images(), ids=lambda image: image.name)
def test_each_hostile_image_is_measured_or_refused_with_a_reason(image):
    measurement = measure_photo(image.data, CONFIG)
    if image.expect == "audited":
        assert measurement.status in AUDITED, (image.name, measurement.error)
    else:
        assert measurement.status is Status.FAILED, image.name
        assert measurement.error and "\n" not in measurement.error
        assert image.reason in measurement.error.lower(), measurement.error


def test_exif_orientation_turns_a_sideways_portrait_upright():
    by_name = {image.name: image for image in hostile_images()}
    upright = _thumbnail(by_name["cmyk.jpg"].data)  # the same portrait stored upright
    turned = _thumbnail(by_name["rotated.jpg"].data)
    assert turned.shape[0] > turned.shape[1], "a portrait is taller than wide once turned"
    assert turned.shape == upright.shape
    assert _difference(upright, turned) < 12
    # the control: the same pixels read without the tag would be sideways, so far off
    assert _difference(upright, np.rot90(turned)) > 2 * _difference(upright, turned)


def test_an_animation_is_read_from_its_first_frame():
    by_name = {image.name: image for image in hostile_images()}
    upright = _thumbnail(by_name["grey.png"].data)
    for name in ("animated.gif", "animated.webp"):
        frame = _thumbnail(by_name[name].data)
        # the second frame is the mirror image: the first frame must match, the mirror not
        assert _difference(upright, frame) < _difference(upright, frame[:, ::-1]), name
