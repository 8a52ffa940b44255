"""measure_photo / measure_all: statuses, order, face box, thumbnail, pool == in-process."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from auditor.config import FeaturesConfig
from auditor.features import list_measures, measure_all, measure_photo
from auditor.models import HttpInfo, Person, Status
from tests.features.conftest import encode


def test_hopper_is_measured_with_every_measure(config, hopper_jpeg):
    m = measure_photo(hopper_jpeg, config, person_id="grace")
    assert m.status is Status.OK and m.error is None and m.person_id == "grace"
    assert set(m.features) == {info.id for info in list_measures()}
    assert m.features["face.count"] == 1
    assert m.features["image.width_px"] == 512 and m.features["image.height_px"] == 600
    assert m.info["image.format"] == "JPEG"
    assert len(m.info["hash.phash"]) == 16 and int(m.info["hash.phash"], 16) >= 0
    assert m.info["background.hex"].startswith("#") and len(m.info["background.hex"]) == 7


def test_face_box_is_on_the_face(config, astronaut, hopper):
    # Hand-checked face boxes (fractions): Collins' face spans x 0.33..0.55, y 0.12..0.32;
    # Hopper's x 0.30..0.73, y 0.17..0.55.
    for rgb, centre in ((astronaut, (0.44, 0.22)), (hopper, (0.51, 0.36))):
        m = measure_photo(encode(rgb), config)
        x, y, w, h = m.face_box
        assert abs(x + w / 2 - centre[0]) < 0.05 and abs(y + h / 2 - centre[1]) < 0.05
        assert m.features["face.count"] == 1


def test_thumbnail_is_a_small_jpeg(config, hopper_jpeg):
    m = measure_photo(hopper_jpeg, config)
    thumb = Image.open(io.BytesIO(m.thumbnail))
    assert thumb.format == "JPEG" and max(thumb.size) == config.thumbnail_size
    assert len(m.thumbnail) < 20_000


def test_no_face_still_measures_the_image(config):
    rng = np.random.default_rng(0)
    texture = rng.integers(0, 255, (300, 400, 3), np.uint8)
    m = measure_photo(encode(texture), config)
    assert m.status is Status.NO_FACE and m.face_box is None
    assert m.features["face.count"] == 0
    assert m.features["crop.head_height_ratio"] is None
    assert m.features["light.face_luminance"] is None
    assert m.features["image.detail_pct"] > 5 and m.features["background.lab_l"] is not None


def test_http_last_modified_becomes_a_year(config, hopper_jpeg):
    http = HttpInfo(last_modified="Tue, 02 Jul 2019 12:00:00 GMT")
    m = measure_photo(hopper_jpeg, config, http)
    assert abs(m.features["meta.last_modified_year"] - 2019.5) < 0.01
    assert m.info["meta.last_modified"] == http.last_modified


def _people(astronaut, hopper_jpeg) -> list[Person]:
    astro = encode(astronaut)
    people = [
        Person(id=f"p{i}", name=f"P {i}", photo=astro if i % 2 else hopper_jpeg) for i in range(8)
    ]
    people.insert(2, Person(id="none", name="No Photo"))
    people.insert(5, Person(id="gone", name="Gone", error="HTTP 404 Not Found"))
    people.insert(7, Person(id="html", name="Html", photo=b"<!DOCTYPE html><html></html>"))
    return people


def test_measure_all_accounts_for_everyone_in_order(astronaut, hopper_jpeg):
    people = _people(astronaut, hopper_jpeg)
    progress: list[tuple[int, int]] = []
    pooled = measure_all(
        people, FeaturesConfig(workers=2), on_progress=lambda *a: progress.append(a)
    )
    assert [m.person_id for m in pooled] == [p.id for p in people]
    by_id = {m.person_id: m for m in pooled}
    assert by_id["none"].status is Status.NO_PHOTO and by_id["none"].error is None
    assert by_id["gone"].status is Status.FAILED and by_id["gone"].error == "HTTP 404 Not Found"
    assert by_id["html"].status is Status.FAILED and "HTML" in by_id["html"].error
    assert all(by_id[f"p{i}"].status is Status.OK for i in range(8))
    assert progress[-1] == (len(people), len(people))
    # The pool gives exactly what measuring in this process gives.
    single = measure_all(people, FeaturesConfig(workers=1))
    assert [m.features for m in single] == [m.features for m in pooled]


def test_a_failing_measure_becomes_none_and_is_logged(config, hopper_jpeg, monkeypatch):
    from auditor.features.registry import MEASURES, RegisteredMeasure
    from auditor.models import MeasureInfo

    def broken(gray):
        """Always fails."""
        raise ZeroDivisionError("boom")

    info = MeasureInfo(id="test.broken", unit="x", description="a measure that always fails")
    monkeypatch.setitem(MEASURES, "test.broken", RegisteredMeasure(info, ("gray",), broken))
    m = measure_photo(hopper_jpeg, config)
    assert m.status is Status.OK and m.features["test.broken"] is None
    assert m.info["error.test.broken"] == "ZeroDivisionError: boom"
    assert m.features["crop.head_height_ratio"] is not None
