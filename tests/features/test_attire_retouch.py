"""Attire and retouching measures under controlled edits of real portraits.

The edits are the benchmarks' own (`benchmarks/portrait_edits.py`): a check pattern or a
saturated colour on the clothes only, edge-preserving smoothing of the skin only.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from auditor.features import measure_photo
from tests.features.conftest import CORPUS, encode

FRLL = CORPUS / "frll" / "images"


def _edits():
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "portrait_edits.py"
    spec = importlib.util.spec_from_file_location("portrait_edits", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _measures(rgb: np.ndarray, config) -> dict[str, float | None]:
    return measure_photo(encode(rgb), config).features


def test_a_check_pattern_on_the_clothes_raises_pattern_pct_only_there(config, hopper):
    before = _measures(hopper, config)
    after = _measures(_edits().check_pattern_clothes(hopper), config)
    assert after["attire.pattern_pct"] > before["attire.pattern_pct"] + 15
    assert after["background.clutter_pct"] == pytest.approx(before["background.clutter_pct"], abs=1)


def test_a_saturated_colour_on_the_clothes_moves_their_colour_not_the_skin(config, hopper):
    before = _measures(hopper, config)
    after = _measures(_edits().saturated_clothes(hopper), config)
    assert after["attire.saturation"] > before["attire.saturation"] + 0.3
    assert after["attire.lab_b"] > before["attire.lab_b"] + 10  # orange: yellower
    assert after["attire.lab_a"] > before["attire.lab_a"] + 5  # ... and redder
    assert after["attire.lab_l"] is not None
    assert after["color.skin_a"] == pytest.approx(before["color.skin_a"], abs=3)


@pytest.mark.skipif(not FRLL.is_dir(), reason="frll not present")
def test_smoothing_the_skin_lowers_skin_texture(config):
    edits = _edits()
    ratios = []
    for path in sorted(FRLL.glob("*_03.jpg"))[:8]:
        rgb = np.asarray(Image.open(path).convert("RGB"))
        before = _measures(rgb, config)["retouch.skin_texture"]
        after = _measures(edits.smooth_skin(rgb), config)["retouch.skin_texture"]
        ratios.append(after / before)
    assert np.median(ratios) < 0.47
