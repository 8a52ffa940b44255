"""The one-photo memo: a helper called again with the same objects computes once; another
photo (new objects, even equal ones) computes again, and the measures read what they read
without it."""

from __future__ import annotations

import numpy as np

from auditor.features.context import PhotoContext
from auditor.features.decode import decode
from auditor.features.measures import attire
from auditor.features.memo import same_inputs
from auditor.features.registry import MEASURES
from tests.features.conftest import encode


def test_same_objects_compute_once_and_new_objects_again(astronaut):
    calls = []

    @same_inputs
    def darkest(pixels: np.ndarray, step: int) -> int:
        calls.append(step)
        return int(pixels[::step, ::step].min())

    first = darkest(astronaut, 2)
    assert darkest(astronaut, 2) == first and len(calls) == 1
    copy = astronaut.copy()  # equal pixels, another photo's array: computed again
    assert darkest(copy, 2) == first and len(calls) == 2
    assert darkest(copy, 3) == int(copy[::3, ::3].min()) and len(calls) == 3


def _context(rgb: np.ndarray, config) -> PhotoContext:
    decoded = decode(encode(rgb), config.working_size, config.max_pixels)
    return PhotoContext(decoded, config.detect_size, None, config.landmarks)


def _attire(ctx: PhotoContext) -> dict[str, float | None]:
    return {
        measure_id: registered.func(**{n: getattr(ctx, n) for n in registered.needs})
        for measure_id, registered in MEASURES.items()
        if measure_id.startswith("attire.")
    }


def test_attire_measures_read_each_photo_own_clothes(config, hopper, astronaut):
    """Measured one photo after the other (as a worker does), each photo's attire values are
    those of the uncached helpers on that photo."""
    photos = [_context(rgb, config) for rgb in (hopper, astronaut, hopper[:, ::-1])]
    cached = [_attire(ctx) for ctx in photos]
    for ctx, values in zip(photos, cached, strict=True):
        clothes = attire.clothes_region.__wrapped__(ctx.torso_mask, ctx.geometry)
        assert np.array_equal(clothes, attire.clothes_region(ctx.torso_mask, ctx.geometry))
        sample = attire.clothes_colour_sample.__wrapped__(
            ctx.torso_mask, ctx.geometry, ctx.lab, ctx.colour_step, ctx.face_lab, ctx.hair_colour
        )
        median_l = None if sample is None else float(np.median(ctx.lab[..., 0][sample]))
        assert values["attire.lab_l"] == median_l
    assert cached[0]["attire.lab_l"] != cached[1]["attire.lab_l"]  # two people's clothes
