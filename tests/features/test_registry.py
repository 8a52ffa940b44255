"""The measure registry: metadata on every measure, a test for every measure, stable order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.features import list_measures
from auditor.features.registry import MEASURES, measure

# The ids the analysis stage and the report rely on (contract in the features brief).
CONTRACT_IDS = {
    "image.width_px", "image.height_px", "image.aspect_ratio", "image.detail_pct",
    "face.count", "crop.head_height_ratio", "crop.face_height_ratio",
    "crop.face_center_x_offset", "crop.face_center_y_offset", "crop.eye_line_ratio",
    "crop.headroom_ratio", "background.lab_l", "background.lab_a", "background.lab_b",
    "background.clutter_pct", "background.spread_l", "color.colorfulness",
    "color.saturation_mean", "color.grayscale", "color.cast_a", "color.cast_b",
    "light.face_luminance", "light.luminance_mean", "light.rms_contrast",
    "light.clipped_shadows_pct", "light.clipped_highlights_pct",
    "light.face_background_contrast", "light.illumination_balance", "light.dynamic_range_bits",
    "quality.sharpness", "quality.noise", "quality.jpeg_quality", "quality.blockiness",
    "quality.face_size_px", "meta.exif_year", "meta.last_modified_year",
}  # fmt: skip


def test_every_contract_measure_is_registered():
    assert {info.id for info in list_measures()} >= CONTRACT_IDS


def test_every_measure_has_metadata():
    for info in list_measures():
        assert re.fullmatch(r"[a-z]+\.[a-z0-9_]+", info.id), info.id
        assert info.unit and len(info.description) >= 20, info.id
        low, high = info.valid_range
        assert low is None or high is None or low < high, info.id
        assert MEASURES[info.id].func.__doc__, info.id


def test_every_measure_is_named_in_a_test():
    # "A measure without a test" is a registry error, like Lighthouse's audit contract tests.
    sources = "".join(
        path.read_text()
        for path in Path(__file__).parent.glob("test_*.py")
        if path.name != Path(__file__).name
    )
    untested = [info.id for info in list_measures() if f'"{info.id}"' not in sources]
    assert untested == []


def test_order_is_stable_and_grouped():
    ids = [info.id for info in list_measures()]
    assert ids == [info.id for info in list_measures()]
    groups = [i.split(".")[0] for i in ids]
    # Each group's measures are contiguous, so CSV columns and the docs read group by group.
    assert len(set(groups)) == len(
        [g for k, g in enumerate(groups) if k == 0 or groups[k - 1] != g]
    )


def test_a_duplicate_id_is_refused():
    with pytest.raises(ValueError, match="registered twice"):
        measure(id="image.width_px", unit="px", description="again", needs=())(lambda: 1.0)


def test_every_measure_is_documented():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "measures.md").read_text()
    undocumented = [info.id for info in list_measures() if f"`{info.id}`" not in docs]
    assert undocumented == []
