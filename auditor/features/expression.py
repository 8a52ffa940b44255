"""Expression scores in the canonical face view (`face_frame`): the smile and the eyes.

Smile: the mouth evidence of `auditor.features.mouth` (lip seam width, curvature and drop
below the nose base, the lips' width over height, teeth, the creases beside the mouth),
combined by a logistic function with
the weights `SMILE_WEIGHTS`, chosen on one half of the people of the Face Research Lab London
set and reported on the other half (`benchmarks/validate_expression.py`, docs/measures.md).
OpenCV's smile cascade, used before, is gone: it separated smiles much better on light skin
and women than on dark skin and men. A team is judged against its own norm, so what matters is
the order of the scores, not their calibration.

Eyes open: the height of the dark band (iris, pupil, lashes) through each eye centre, at half
the depth between the skin below the eye and the darkest point: relative to the eye's own
contrast, so skin tone does not move it. Open eyes show ~0.10-0.30 IED; closed eyes a lash
line of a few hundredths. The narrowest open eyes on the FRLL set read 0.10 IED: the
limits sit at or below that, so eye shape does not read as closed eyes.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from auditor.features.face_frame import CANON_EYES, CANON_IED
from auditor.features.mouth import TYPICAL_SEAM_DROP, MouthEvidence

__all__ = ["eye_aperture", "eyes_open_score", "smile_features", "smile_score"]

IED = CANON_IED
# Logistic weights on (seam width IED, seam curvature, seam drop below the nose IED, lips'
# width over height, teeth width IED, crease depth) and the offset, chosen on the odd-numbered
# half of the FRLL people (validate_expression.py --fit).
SMILE_WEIGHTS = (10.056, 2.249, -15.093, 0.131, 4.194, 112.691)
SMILE_OFFSET = -7.241
# Evidence that could not be read counts as a typical neutral face's (FRLL medians): it then
# neither raises nor lowers the score.
NEUTRAL_DROP = TYPICAL_SEAM_DROP
NEUTRAL_LIP_ASPECT = 2.5
NEUTRAL_WIDTH = 0.85
NEUTRAL_CURVATURE = -0.2
# Teeth (`mouth.py`: the length of the lip seam showing teeth, IED): on half A of the FRLL
# people no take without teeth reads more than 0.05 and every smile with teeth 0.31 or more;
# from TEETH_NONE the score rises to 1 at TEETH_FULL. Checked on half B (takes without
# teeth up to 0.09) and on 156 18F and GPO photos labelled by eye (5 of 43 without teeth
# read 0.12-0.30, 88% of those with teeth 0.1 or more).
TEETH_NONE = 0.15
TEETH_FULL = 0.4
# Eyes: a band 9 px either side of each eye centre, 16 px above and below it; the skin
# reference is 19-32 px below the eye centre (the upper cheek).
EYE_HALF_WIDTH = 9
EYE_HALF_HEIGHT = 16
EYE_SKIN_ROWS = (19, 32)
EYE_SEED_HALF_HEIGHT = 10  # the dark band is seeded within 0.15 IED of the eye line
# Dark band through an open eye: 0.10-0.30 IED on the FRLL set (median ~0.19; the narrowest
# open eyes, of people whose eyes are narrow, read 0.10), so 0.10 counts as fully open; eyes
# painted over with lid skin and a lash line read 0.04-0.05 with the dlib-5 eyes
# (tests/features/test_expression_measures.py), so 0.06 counts as closed.
OPEN_APERTURE = 0.10
CLOSED_APERTURE = 0.06


def smile_features(evidence: MouthEvidence) -> tuple[float, ...]:
    """The values the smile weights apply to (unread evidence as a typical neutral face's)."""
    seam = evidence.drop_ied is not None
    return (
        evidence.width_ied if seam else NEUTRAL_WIDTH,
        evidence.curvature if seam else NEUTRAL_CURVATURE,
        evidence.drop_ied if evidence.drop_ied is not None else NEUTRAL_DROP,
        evidence.lip_aspect if evidence.lip_aspect is not None else NEUTRAL_LIP_ASPECT,
        evidence.teeth_ied,
        evidence.crease_depth,
    )


def smile_score(
    evidence: MouthEvidence,
    weights: tuple[float, ...] = SMILE_WEIGHTS,
    offset: float = SMILE_OFFSET,
) -> float:
    """0 (closed neutral mouth) .. 1 (broad smile): the logistic of the weighted evidence, or
    the teeth when more of them show (visible teeth count as a broad smile).

    `weights` and `offset` are the fitted ones; the benchmarks pass those fitted on the other
    half of the people, to score a person the weights have not seen.
    """
    features = smile_features(evidence)
    z = offset + sum(w * f for w, f in zip(weights, features, strict=True))
    teeth = (evidence.teeth_ied - TEETH_NONE) / (TEETH_FULL - TEETH_NONE)
    return max(1.0 / (1.0 + math.exp(-z)), min(1.0, max(0.0, teeth)))


def eye_aperture(canon: np.ndarray) -> float | None:
    """Mean height (IED) of the dark band through the two eye centres, at half its depth."""
    heights = []
    for eye_x, eye_y in CANON_EYES:
        x, y = round(eye_x), round(eye_y)
        band = canon[
            y - EYE_HALF_HEIGHT : y + EYE_HALF_HEIGHT + 1,
            x - EYE_HALF_WIDTH : x + EYE_HALF_WIDTH + 1,
        ]
        skin = canon[
            y + EYE_SKIN_ROWS[0] : y + EYE_SKIN_ROWS[1], x - EYE_HALF_WIDTH : x + EYE_HALF_WIDTH + 1
        ]
        if band.size == 0 or skin.size == 0:
            continue
        profile = cv2.GaussianBlur(band.astype(np.float32), (0, 0), 0.8).mean(axis=1)
        # The seed is the darkest row near the eye line: the brows, 0.3+ IED above the eye
        # centre, are inside the band but never the seed.
        seed = slice(
            EYE_HALF_HEIGHT - EYE_SEED_HALF_HEIGHT, EYE_HALF_HEIGHT + EYE_SEED_HALF_HEIGHT + 1
        )
        darkest = seed.start + int(np.argmin(profile[seed]))
        level = 0.5 * (float(np.median(skin)) + float(profile[darkest]))
        dark = profile < level
        low = high = darkest
        while low > 0 and dark[low - 1]:
            low -= 1
        while high < len(dark) - 1 and dark[high + 1]:
            high += 1
        heights.append((high - low + 1) / IED)
    return float(np.mean(heights)) if heights else None


def eyes_open_score(aperture: float) -> float:
    """0 (closed) .. 1 (open) from the eye aperture, linear between the two typical heights."""
    share = (aperture - CLOSED_APERTURE) / (OPEN_APERTURE - CLOSED_APERTURE)
    return float(min(1.0, max(0.0, share)))
