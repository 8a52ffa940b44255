"""Expression evidence in the canonical face view (`face_frame`): the mouth and the eyes.

Smile. Three pieces of evidence from the mouth, each with a reason:

- **the smile cascade**: OpenCV's bundled `haarcascade_smile.xml` run on the mouth, cut out
  and resized to a fixed size, with no neighbour grouping: the number of windows it accepts
  grows with how smile-like the mouth is (a graded score; its grouped yes/no is unreliable on
  closed-mouth smiles);
- **mouth width**: the lip line (the dark seam between the lips) traced from the middle of
  the mouth outwards while it stays darker than the skin just above and below it, in
  inter-eye distances (a smile stretches the mouth: ~0.85 IED neutral, ~1.0 smiling);
- **curvature** of that seam (a smile turns the corners up).

Visible teeth count as a broad smile on their own (`_teeth_share`). The three are combined
by a logistic function with the weights `SMILE_WEIGHTS`, chosen on one
half of the people of the Face Research Lab London set and reported on the other half
(`benchmarks/validate_expression.py`, docs/measures.md). A team is judged against its own
norm, so what matters is the order of the scores, not their calibration.

Eyes open: the height of the dark band (iris, pupil, lashes) through each eye centre, at half
the depth between the skin below the eye and the darkest point: relative to the eye's own
contrast, so skin tone does not move it. Open eyes show ~0.10-0.30 IED; closed eyes a lash
line of a few hundredths. The narrowest open eyes on the FRLL set read 0.10 IED: the
limits sit at or below that, so eye shape does not read as closed eyes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

from auditor.features.face_frame import CANON_EYES, CANON_IED

__all__ = ["MouthEvidence", "eye_aperture", "eyes_open_score", "mouth_evidence", "smile_score"]

IED = CANON_IED
MIDDLE_X = round((CANON_EYES[0][0] + CANON_EYES[1][0]) / 2)
EYE_Y = round(CANON_EYES[0][1])
# The mouth is searched 0.67-1.33 IED below the eye line and 0.75 IED either side of the
# face's centre line (the mouth's centre is ~1.1 IED below the eyes in adults).
MOUTH_ROWS = (EYE_Y + round(0.67 * IED), EYE_Y + round(1.33 * IED))
MOUTH_HALF_WIDTH = round(0.75 * IED)
SMILE_CASCADE = "haarcascade_smile.xml"
SMILE_CROP_SIZE = (45, 20)  # the mouth cut-out is resized to this before the smile cascade
SMILE_MIN_WINDOW = (24, 12)  # the smile cascade's window sizes scanned within it ...
SMILE_SCALE_STEP = 1.02  # ... in fine steps: the count of accepted windows is the evidence
SEAM_ROWS = (EYE_Y + round(0.75 * IED), EYE_Y + round(1.33 * IED))  # where the lip line starts
SEAM_START_HALF_WIDTH = 6  # px either side of the centre line averaged to find its start
SEAM_CONTRAST_OFFSET = 4  # px above and below the seam that it must be darker than ...
SEAM_MIN_CONTRAST = 0.06  # ... by this share of their brightness, or the seam has ended
# Logistic weights on (log(1 + smile windows), mouth width / IED, seam curvature) and the
# offset, chosen on the odd-numbered half of the FRLL people (validate_expression.py).
SMILE_WEIGHTS = (3.071, 4.293, 1.156)
SMILE_OFFSET = -11.69
# Teeth: the mouth box 0.8-1.3 IED below the eye line, 35 px either side of the centre line,
# against the cheeks 0.45-0.6 IED below it. No neutral FRLL take has more than 2% of the box
# that bright, 9 of its 50 smiles more than 5%: from TEETH_NONE the score rises to 1 at
# TEETH_FULL.
TEETH_ROWS = (EYE_Y + round(0.8 * IED), EYE_Y + round(1.3 * IED))
TEETH_HALF_WIDTH = 35
TEETH_SKIN_ROWS = (EYE_Y + round(0.45 * IED), EYE_Y + round(0.6 * IED))
TEETH_BRIGHTER = 0.3
TEETH_NONE = 0.03
TEETH_FULL = 0.08
# Eyes: a band 9 px either side of each eye centre, 16 px above and below it; the skin
# reference is 19-32 px below the eye centre (the upper cheek).
EYE_HALF_WIDTH = 9
EYE_HALF_HEIGHT = 16
EYE_SKIN_ROWS = (19, 32)
EYE_SEED_HALF_HEIGHT = 10  # the dark band is seeded within 0.15 IED of the eye line
# Dark band through an open eye: 0.10-0.30 IED on the FRLL set (median ~0.19; the narrowest
# open eyes, of people whose eyes are narrow, read 0.10), so 0.10 counts as fully open; eyes
# painted over with lid skin and a lash line read 0.04-0.055 when the landmark model places
# them (tests/features/test_expression_measures.py), so 0.06 counts as closed.
OPEN_APERTURE = 0.10
CLOSED_APERTURE = 0.06


@dataclass(frozen=True)
class MouthEvidence:
    """What the mouth shows: smile-cascade windows, mouth width (IED), seam curvature."""

    smile_windows: int
    width_ied: float
    curvature: float
    teeth_share: float = 0.0

    def features(self) -> tuple[float, float, float]:
        """The values the smile weights apply to."""
        return (math.log1p(self.smile_windows), self.width_ied, self.curvature)


@cache
def _smile_cascade() -> cv2.CascadeClassifier:
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + SMILE_CASCADE)
    if cascade.empty():
        raise RuntimeError(f"OpenCV cascade {SMILE_CASCADE} is missing from this OpenCV build")
    return cascade


def _smile_windows(canon: np.ndarray) -> int:
    """Windows the smile cascade accepts on the mouth cut-out (no neighbour grouping)."""
    top, bottom = MOUTH_ROWS
    crop = canon[top:bottom, MIDDLE_X - MOUTH_HALF_WIDTH : MIDDLE_X + MOUTH_HALF_WIDTH]
    crop = cv2.resize(crop, SMILE_CROP_SIZE, interpolation=cv2.INTER_AREA)
    found = _smile_cascade().detectMultiScale(crop, SMILE_SCALE_STEP, 0, minSize=SMILE_MIN_WINDOW)
    return len(found)


def _trace(smooth: np.ndarray, x: int, y: int, step: int) -> list[tuple[int, int]]:
    """Follow the lip seam from (x, y) sideways while it stays darker than above and below."""
    points = []
    height, width = smooth.shape
    offset = SEAM_CONTRAST_OFFSET
    while offset < x + step < width - 1:
        x += step
        candidates = [c for c in (y - 1, y, y + 1) if offset <= c < height - offset]
        y = min(candidates, key=lambda c: smooth[c, x])
        around = 0.5 * (smooth[y - offset, x] + smooth[y + offset, x])
        if (around - smooth[y, x]) / max(float(around), 1.0) < SEAM_MIN_CONTRAST:
            break
        points.append((x, y))
    return points


def mouth_evidence(canon: np.ndarray) -> MouthEvidence:
    """Smile-cascade windows, mouth width and lip-seam curvature of a canonical face view."""
    smooth = cv2.GaussianBlur(canon.astype(np.float32), (0, 0), 1.0)
    top, bottom = SEAM_ROWS
    half = SEAM_START_HALF_WIDTH
    column = smooth[top:bottom, MIDDLE_X - half : MIDDLE_X + half + 1].mean(axis=1)
    start_y = top + int(np.argmin(column))
    left = _trace(smooth, MIDDLE_X, start_y, -1)
    right = _trace(smooth, MIDDLE_X, start_y, 1)
    width = curvature = 0.0
    if len(left) >= 3 and len(right) >= 3:
        width = (right[-1][0] - left[-1][0]) / IED
        points = np.array([*left[::-1], (MIDDLE_X, start_y), *right], float)
        # y grows downwards: corners turned up make the parabola's x^2 term negative.
        curvature = -float(np.polyfit((points[:, 0] - MIDDLE_X) / IED, points[:, 1] / IED, 2)[0])
    return MouthEvidence(_smile_windows(canon), width, curvature, _teeth_share(canon))


def _teeth_share(canon: np.ndarray) -> float:
    """Share of the mouth box much brighter than the cheeks: teeth between parted lips.

    "Much brighter" is relative to the skin (30% of the way from its median to white), so it
    means the same on dark and light skin.
    """
    skin = float(
        np.median(canon[TEETH_SKIN_ROWS[0] : TEETH_SKIN_ROWS[1], MIDDLE_X - 40 : MIDDLE_X + 40])
    )
    mouth = canon[
        TEETH_ROWS[0] : TEETH_ROWS[1], MIDDLE_X - TEETH_HALF_WIDTH : MIDDLE_X + TEETH_HALF_WIDTH
    ]
    return float((mouth > skin + TEETH_BRIGHTER * (255 - skin)).mean())


def smile_score(evidence: MouthEvidence) -> float:
    """0 (closed neutral mouth) .. 1 (broad smile): the logistic of the weighted evidence, or
    the teeth when more of them show (visible teeth count as a broad smile)."""
    z = SMILE_OFFSET + sum(w * f for w, f in zip(SMILE_WEIGHTS, evidence.features(), strict=True))
    teeth = (evidence.teeth_share - TEETH_NONE) / (TEETH_FULL - TEETH_NONE)
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
