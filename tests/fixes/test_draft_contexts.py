"""A draft's trial edits and its finished measurement share the working copy's geometry (issue 20).

The solvers' trial contexts edit only the colour sample they read; that must be exactly what
editing the whole working copy and sampling it gives. The finished draft is measured with the
geometry the audit found on the photo, so an edit that changes nothing measures as the photo.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from skimage import data as samples

from auditor.config import FeaturesConfig
from auditor.features import measure_photo
from auditor.features.context import PhotoContext
from auditor.features.decode import Decoded, decode
from auditor.fixes.colour import ToneEdit
from auditor.fixes.draft import _measuring, _with_geometry_of


def _jpeg(rgb: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def photo():
    config = FeaturesConfig()
    data = _jpeg(samples.astronaut())
    measured = measure_photo(data, config)
    audited = decode(data, config.working_size, config.max_pixels)
    unedited, trial = _measuring(audited.rgb, measured.face_box, audited.original_size, config)
    return config, data, measured, audited, unedited, trial


@pytest.mark.parametrize(
    "edit",
    [
        ToneEdit(exposure=1.7),
        ToneEdit(gains=(1.1, 1.0, 0.8)),
        ToneEdit(gains=(0.9, 1.0, 1.2), exposure=0.6, contrast=1.3, pivot=0.45),
    ],
)
def test_a_trial_reads_exactly_the_whole_edited_copy(photo, edit):
    config, _, _, audited, unedited, trial = photo
    whole = Decoded(edit.apply(audited.rgb), audited.original_size, "JPEG")
    reference = PhotoContext(whole, config.detect_size, None)
    reference.__dict__["face_mask"] = unedited.face_mask  # read through the same face region
    tried = trial(edit)
    assert np.array_equal(tried.lab, reference.lab)
    assert tried.neutral_ab == reference.neutral_ab
    assert np.array_equal(tried.face_lab, reference.face_lab)
    assert np.array_equal(tried.rgb, reference.rgb)  # the whole copy, edited on first use


def test_an_unedited_draft_measures_as_the_photo(photo):
    config, data, measured, _, unedited, _ = photo
    shared = _with_geometry_of(unedited, config)
    again = measure_photo(data, config, context=shared)
    assert again.face_box == pytest.approx(measured.face_box, abs=1e-9)
    for measure, value in measured.features.items():
        if value is None:
            assert again.features[measure] is None, measure
        else:
            assert again.features[measure] == pytest.approx(value, rel=1e-6, abs=1e-6), measure


def test_a_draft_of_another_size_is_measured_afresh(photo):
    config, _, _, _, unedited, _ = photo
    smaller = _jpeg(samples.astronaut()[::2, ::2].copy())
    shared = measure_photo(smaller, config, context=_with_geometry_of(unedited, config))
    fresh = measure_photo(smaller, config)
    assert shared.features == fresh.features
