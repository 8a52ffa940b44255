"""A coloured room is not a white-balance error: the face must show the tint (real 18F photos).

Skipped when the shared corpus is absent.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from auditor.analysis import analyse
from auditor.config import AnalysisConfig, FeaturesConfig
from auditor.features import measure_all
from auditor.models import Person

INFORMAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "18f-team"
SERIOUS = {"warning", "error"}
# 18F's romke stands before a warm wooden door that fills the frame: the photo's near-neutral
# pixels and its backdrop are both the door, so the neutral tones read "orange"; his face and
# pale shirt are as the team's. Its colleagues: the page's photos nobody marked off-style.
WOODEN_DOOR = "romke"
COLLEAGUES = (
    "aaron", "angela-colter", "anna", "ben", "blacktm", "boone", "bret", "brian",
    "britta-gustafson", "carlo-costino", "catherine", "christine", "colinmacarthur", "diego",
    "eric", "jayhuie", "jessedondero", "josh",
)  # fmt: skip

pytestmark = pytest.mark.skipif(not INFORMAL.is_dir(), reason="shared corpus not present")


def _warm(data: bytes) -> bytes:
    """A strong warm white-balance error (the benchmark's cast edit)."""
    rgb = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), np.float32)
    buf = io.BytesIO()
    Image.fromarray(np.clip(rgb * [1.25, 1.0, 0.62], 0, 255).astype(np.uint8)).save(
        buf, "JPEG", quality=92
    )
    return buf.getvalue()


def test_a_warm_wooden_door_is_not_a_cast_but_a_warm_white_balance_on_the_same_photo_is():
    photo = (INFORMAL / f"{WOODEN_DOOR}.jpg").read_bytes()
    people = [
        Person(id=stem, name=stem, photo=(INFORMAL / f"{stem}.jpg").read_bytes())
        for stem in COLLEAGUES
    ]
    people.append(Person(id="door", name="door", photo=photo))
    people.append(Person(id="door-warm", name="door-warm", photo=_warm(photo)))
    people.append(Person(id="aaron-warm", name="aaron-warm", photo=_warm(people[0].photo)))
    result = analyse(people, measure_all(people, FeaturesConfig()), AnalysisConfig())
    codes = {
        p.person.id: {f.code for f in p.flags if f.severity.value in SERIOUS} for p in result.photos
    }
    assert "color_cast" not in codes["door"], codes["door"]
    assert "color_cast" in codes["door-warm"], codes["door-warm"]
    assert "color_cast" in codes["aaron-warm"], codes["aaron-warm"]
