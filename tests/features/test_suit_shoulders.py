"""Dark suits at the frame's sides belong to the person, not the backdrop (issue 15).

On close-cropped congress-gpo studio portraits the shoulders rise to the frame's edges above
the chin. Seeded as certain backdrop there, they taught GrabCut's backdrop model the suit's
colour and the whole jacket went to the background: its L* read 27-45 for a blue-grey cloth
of ~50, with a spread of 15-23 (a studio backdrop's is 2-4), and the clothes were read on the
shirt alone. These photos (GPO, public domain) are ones whose background read the suit.
"""

from __future__ import annotations

import numpy as np
import pytest

from auditor.features import measure_photo
from auditor.features.context import PhotoContext
from auditor.features.decode import decode
from tests.features.conftest import CORPUS

GPO = CORPUS / "congress-gpo"
SUITS = ["T000326", "M000933", "V000126", "W000672", "A000367", "S001183", "U000038", "O000168"]


# L* under which a pixel is a dark suit, not GPO's blue-grey cloth (L* ~45-55, vignetted to
# ~40 in the corners): the suits read L* 5-25.
SUIT_L = 30.0


@pytest.mark.parametrize("stem", SUITS)
def test_the_background_reads_the_backdrop_not_the_suit(config, stem):
    path = GPO / f"{stem}.jpg"
    if not path.is_file():
        pytest.skip("../shared/corpus is not present")
    data = path.read_bytes()
    features = measure_photo(data, config).features
    assert features["background.spread_l"] < 6.0  # a studio cloth, not cloth and a suit
    assert 45.0 < features["background.lab_l"] < 60.0
    ctx = PhotoContext(
        decode(data, config.working_size, config.max_pixels),
        config.detect_size,
        None,
        config.landmarks,
    )
    lightness = ctx.lab[ctx.colour_sample(ctx.background_mask)][:, 0]
    assert np.mean(lightness < SUIT_L) < 0.01
    # ... and the suit is the person's: the mask spans the frame's bottom row.
    assert ctx.person_mask[-1].mean() > 0.9
