"""What the mouth shows, in the canonical face view (`face_frame`), anchored on the nose base.

Every piece is a shape or a contrast relative to the same face's own skin, so skin tone and
exposure do not move it:

- **the lip seam** (the dark line between the lips), traced sideways from a dark row just
  below the nose base on the face's centre line while it stays darker than the lips just
  above and below it, each step to the darkest row or to the row most darker than the lips
  (of the dark rows there and the two ways of following, the longest trace): its
  **width** in inter-eye distances (IED; a smile stretches the mouth), its **curvature** (a
  smile turns the corners up) and its **drop** below the nose base (a smile raises and
  stretches the upper lip, so the seam moves up);
- **the lips' shape**: the region redder than the cheeks (CIELAB a* above the cheeks' median
  by LIP_LEVEL of the lips' own peak), its width over its height at the centre (a smile
  stretches the lips thin);
- **teeth**: how much of the lip seam's length shows teeth beside it: pixels within a few
  px of the seam clearly less red than the cheeks (a* below theirs by TEETH_LESS_RED of
  their own a*) and clearly brighter than the mouth around them;
- **creases beside the mouth** (the nasolabial folds and the dimples at the mouth's corners,
  which a smile deepens as the cheeks rise): how much darker thin lines there are than the
  skin around them, as a log ratio (a morphological black-hat of the log luma), so shading
  on light and dark skin reads alike, less the same on the outer cheeks (the face's own fine
  texture: pores, stubble, wrinkles, JPEG noise, which a smile barely changes there).

The nose base comes from the landmarks (dlib-5 by default); without them it is placed at its
typical drop below the eyes (`NOSE_BELOW_EYES`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from auditor.features.face_frame import CANON_EYES, CANON_IED

__all__ = ["TYPICAL_SEAM_DROP", "MouthEvidence", "mouth_evidence", "nose_or_typical"]

IED = CANON_IED
MIDDLE_X = round((CANON_EYES[0][0] + CANON_EYES[1][0]) / 2)
EYE_Y = round(CANON_EYES[0][1])
NOSE_BELOW_EYES = 0.7  # eye line to nose base, IED (median of the FRLL, 18F and GPO faces)
# The lip seam starts at the darkest row 0.15-0.65 IED below the nose base (the mouth's
# corners sit ~0.4 below it), on the centre line (6 px either side averaged).
SEAM_BELOW_NOSE = (0.15, 0.65)
SEAM_START_HALF_WIDTH = 6
SEAM_CONTRAST_OFFSET = 4  # px above and below the seam that it must be darker than ...
SEAM_MIN_CONTRAST = 0.06  # ... by this share of their brightness, or the seam has ended
SEAM_MIN_POINTS = 3  # points traced on each side for a seam at all
TYPICAL_SEAM_DROP = 0.35  # nose base to lip seam, IED (median of the FRLL neutral takes)
# Cheeks (skin reference for colour and brightness): 0.19-0.58 IED below the eye line, 0.4-0.88
# IED either side of the centre line (below the eyes, beside the nose).
CHEEK_ROWS = (EYE_Y + 12, EYE_Y + 37)
CHEEK_COLUMNS = (26, 56)
# Lips: searched 0.1-0.85 IED below the nose base and 0.75 IED either side of it; a pixel is
# lip when its a* is above the cheeks' by LIP_LEVEL of the lips' peak excess at the centre.
LIPS_BELOW_NOSE = (0.1, 0.85)
LIPS_HALF_WIDTH = 0.75
LIP_LEVEL = 0.4
LIP_CENTRE_HALF_WIDTH = 6  # px either side of the centre line where the lips' peak is read
LIP_HEIGHT_HALF_WIDTH = 3  # ... and where their height is measured
LIP_MIN_REDNESS = 3.0  # a* units: lips less red than the cheeks by this carry no shape
# Teeth: read along the lip seam's trace (teeth show between the lips, where the seam is),
# TEETH_HALF_HEIGHT px above and below it, over the seam's length and at least
# TEETH_MIN_HALF_WIDTH IED either side of the centre line. A pixel is tooth when its a* is
# below the cheeks' by TEETH_LESS_RED of the cheeks' own a* (at least TEETH_MIN_LESS_RED:
# teeth are neutral or yellowish, skin and lips red, on every skin tone; a share of the skin's
# own redness, as dark skin's a* is low) and its luma above the band's median by
# TEETH_BRIGHTER of the way to white (brighter than the lips and the dark gaps around them:
# dark lips as red as the skin are not teeth). A column with TEETH_MIN_PIXELS such pixels
# shows teeth. Chosen on half A of the FRLL people (red 0.3-0.5 x bright 0.1-0.25; the one
# with the widest gap between its neutral takes, at most 0.05, and its teeth smiles, 0.31 and
# up); on half B neutral takes reach 0.09; on 156 18F and GPO photos labelled by eye (113 with
# teeth) it separates teeth at AUC 0.95 (the share of the mouth box it replaced: 0.88).
# Where no seam was traced (a wide smile whose teeth leave no dark line) the teeth are read
# along a straight line TYPICAL_SEAM_DROP below the nose base.
TEETH_HALF_HEIGHT = 6
TEETH_MIN_HALF_WIDTH = 0.25
TEETH_LESS_RED = 0.4
TEETH_MIN_LESS_RED = 2.0
TEETH_BRIGHTER = 0.15
TEETH_MIN_PIXELS = 2
# Creases: boxes 0.3-0.6 IED either side of the nose's centre line, 0.1-0.45 IED below the
# nose base (between the nose wings and the mouth's corners, where the mean smiling-minus-
# neutral FRLL take is darkest); a crease is darker than the skin within CREASE_KERNEL px
# (0.11 IED: a fold's width). The luma is blurred by CREASE_BLUR px first (JPEG noise) and
# its log taken plus CREASE_LOG_OFFSET (the noise of near-black pixels is no crease); the
# boxes' edges are ramped over CREASE_FEATHER IED.
CREASE_COLUMNS = (0.3, 0.6)
CREASE_BELOW_NOSE = (0.1, 0.45)
# The face's own texture: the outer cheeks, 0.65-0.9 IED either side, 0.3 IED above to 0.1
# below the nose base (beside the creases and above them, inside the face's outline).
TEXTURE_COLUMNS = (0.65, 0.9)
TEXTURE_BELOW_NOSE = (-0.3, 0.1)
CREASE_KERNEL = 7
CREASE_BLUR = 1.5
CREASE_LOG_OFFSET = 4.0
CREASE_FEATHER = 0.1

Point = tuple[float, float]
Span = tuple[float, float]


@dataclass(frozen=True)
class MouthEvidence:
    """Lip seam width (IED), curvature and drop below the nose (IED), lips' aspect, the
    length of seam showing teeth (IED) and the depth of the creases beside the mouth (log
    ratio to the skin around, less the outer cheeks' own).

    `width_ied` and `curvature` are 0 and `drop_ied` None when no seam was traced;
    `lip_aspect` is None when the lips are not redder than the cheeks.
    """

    width_ied: float
    curvature: float
    drop_ied: float | None
    lip_aspect: float | None
    teeth_ied: float
    crease_depth: float


def nose_or_typical(nose: Point | None) -> Point:
    """The canonical nose base, or its typical place below the eyes without landmarks."""
    return nose if nose is not None else (float(MIDDLE_X), EYE_Y + NOSE_BELOW_EYES * IED)


def _seam_contrast(smooth: np.ndarray, x: int, y: int) -> float:
    """How much darker (x, y) is than the pixels SEAM_CONTRAST_OFFSET above and below it, as a
    share of their brightness."""
    offset = SEAM_CONTRAST_OFFSET
    around = 0.5 * (float(smooth[y - offset, x]) + float(smooth[y + offset, x]))
    return (around - float(smooth[y, x])) / max(around, 1.0)


def _trace(
    smooth: np.ndarray, x: int, y: int, step: int, by_contrast: bool
) -> list[tuple[int, int]]:
    """Follow the lip seam from (x, y) sideways while it stays darker than above and below.

    Each step goes to the neighbouring row that is darkest or, `by_contrast`, most darker than
    the lips either side of it.
    """
    points = []
    height, width = smooth.shape
    offset = SEAM_CONTRAST_OFFSET
    while offset < x + step < width - 1:
        x += step
        candidates = [c for c in (y - 1, y, y + 1) if offset <= c < height - offset]
        if by_contrast:
            y = max(candidates, key=lambda c: _seam_contrast(smooth, x, c))
        else:
            y = min(candidates, key=lambda c: smooth[c, x])
        if _seam_contrast(smooth, x, y) < SEAM_MIN_CONTRAST:
            break
        points.append((x, y))
    return points


def _seam_trace(gray: np.ndarray, nose: Point) -> list[tuple[int, int]] | None:
    """The lip seam's points, left to right, or None when none was traced.

    Each dark row on the centre line (a local minimum of its brightness) in SEAM_BELOW_NOSE
    is traced, each step once to the darkest row and once to the row of most contrast; the
    seam is the longest trace. The darkest row alone is often the shadow under the lower lip
    (dark lips, a beard), whose trace ends half-way along the mouth. Each way of following
    fails on some mouths, and the failure is a short trace: the darkest row drifts into an
    upper lip as dark as the seam (darker skin, whose lower lip is often lighter: FRLL 099,
    061, 137), the row of most contrast wanders on a blurred seam as wide as the lips
    (18F meghana).
    """
    smooth = cv2.GaussianBlur(gray.astype(np.float32), (0, 0), 1.0)
    centre_x = round(nose[0])
    top = max(SEAM_CONTRAST_OFFSET + 1, round(nose[1] + SEAM_BELOW_NOSE[0] * IED))
    bottom = min(
        gray.shape[0] - SEAM_CONTRAST_OFFSET - 1, round(nose[1] + SEAM_BELOW_NOSE[1] * IED)
    )
    half = SEAM_START_HALF_WIDTH
    column = smooth[top:bottom, centre_x - half : centre_x + half + 1].mean(axis=1)
    if column.size < 3:
        return None
    inner = np.arange(1, column.size - 1)
    starts = inner[(column[inner] <= column[inner - 1]) & (column[inner] <= column[inner + 1])]
    best: tuple[int, list[tuple[int, int]], list[tuple[int, int]]] | None = None
    for by_contrast in (False, True):
        for start_y in top + (starts if starts.size else [int(np.argmin(column))]):
            left = _trace(smooth, centre_x, int(start_y), -1, by_contrast)
            right = _trace(smooth, centre_x, int(start_y), 1, by_contrast)
            if len(left) < SEAM_MIN_POINTS or len(right) < SEAM_MIN_POINTS:
                continue
            if best is None or right[-1][0] - left[-1][0] > best[2][-1][0] - best[1][-1][0]:
                best = (int(start_y), left, right)
    if best is None:
        return None
    start_y, left, right = best
    return [*left[::-1], (centre_x, start_y), *right]


def _seam(seam: list[tuple[int, int]] | None, nose: Point) -> tuple[float, float, float | None]:
    """Width (IED), curvature and drop below the nose (IED) of the lip seam."""
    if seam is None:
        return 0.0, 0.0, None
    centre_x = round(nose[0])
    start_y = dict(seam)[centre_x]
    width = (seam[-1][0] - seam[0][0]) / IED
    points = np.array(seam, float)
    # y grows downwards: corners turned up make the parabola's x^2 term negative.
    curvature = -float(np.polyfit((points[:, 0] - centre_x) / IED, points[:, 1] / IED, 2)[0])
    return width, curvature, (start_y - nose[1]) / IED


def _cheeks(image: np.ndarray) -> np.ndarray:
    """The pixels of both cheek boxes, flat."""
    near, far = CHEEK_COLUMNS
    rows = slice(*CHEEK_ROWS)
    return np.concatenate(
        [
            image[rows, MIDDLE_X - far : MIDDLE_X - near].ravel(),
            image[rows, MIDDLE_X + near : MIDDLE_X + far].ravel(),
        ]
    )


def _lip_aspect(redness: np.ndarray, nose: Point) -> float | None:
    """Width over height (at the centre) of the lips: the region redder than the cheeks."""
    a = cv2.GaussianBlur(redness.astype(np.float32), (0, 0), 1.0)
    excess = a - float(np.median(_cheeks(a)))
    top = max(0, round(nose[1] + LIPS_BELOW_NOSE[0] * IED))
    bottom = min(a.shape[0], round(nose[1] + LIPS_BELOW_NOSE[1] * IED))
    centre = round(nose[0])
    left = max(0, centre - round(LIPS_HALF_WIDTH * IED))
    box = excess[top:bottom, left : centre + round(LIPS_HALF_WIDTH * IED)]
    if box.size == 0:
        return None
    mid = centre - left
    half = LIP_CENTRE_HALF_WIDTH
    profile = box[:, max(0, mid - half) : mid + half + 1].mean(axis=1)
    peak_row = int(np.argmax(profile))
    peak = float(profile[peak_row])
    if peak < LIP_MIN_REDNESS:
        return None
    mask = (box > LIP_LEVEL * peak).astype(np.uint8)
    _, labels = cv2.connectedComponents(mask)
    label = labels[peak_row, mid]
    if label == 0:
        return None
    lips = labels == label
    columns = np.nonzero(lips.any(axis=0))[0]
    width = columns[-1] - columns[0] + 1
    height = lips[:, mid - LIP_HEIGHT_HALF_WIDTH : mid + LIP_HEIGHT_HALF_WIDTH + 1].sum(axis=0)
    return float(width / max(float(height.mean()), 1.0))


def _teeth_width(
    gray: np.ndarray, redness: np.ndarray, seam: list[tuple[int, int]] | None, nose: Point
) -> float:
    """Length (IED) of the lip seam with teeth beside it: pixels near the seam clearly less
    red than the cheeks and clearly brighter than the mouth around them.

    Read along the seam, not in a box below the nose: a bright cheek, chin or backdrop beside
    a turned or side-lit face is no tooth. The redness is a share of the cheeks' own (dark
    skin's a* is low), the brightness relative to the lips and gaps beside the seam (on pale
    skin teeth are no brighter than the cheeks; teeth in a mouth's shade can be darker).
    """
    reach = round(TEETH_MIN_HALF_WIDTH * IED)
    if seam is None:
        line_y = round(nose[1] + TYPICAL_SEAM_DROP * IED)
        seam = [(round(nose[0]) - reach, line_y), (round(nose[0]) + reach, line_y)]
    skin_a = float(np.median(_cheeks(redness)))
    by_x = dict(seam)
    height, width = gray.shape
    xs = np.arange(
        max(0, min(seam[0][0], round(nose[0]) - reach)),
        min(width, max(seam[-1][0], round(nose[0]) + reach) + 1),
    )
    if xs.size == 0:
        raise ValueError("no column of the view beside the seam")
    ys = [by_x.get(x, seam[0][1] if x < seam[0][0] else seam[-1][1]) for x in xs.tolist()]
    # Each column's pixels TEETH_HALF_HEIGHT above and below the seam, those inside the view.
    rows = np.array(ys)[:, None] + np.arange(-TEETH_HALF_HEIGHT, TEETH_HALF_HEIGHT + 1)
    inside = (rows >= 0) & (rows < height)
    rows = np.clip(rows, 0, height - 1)
    luma = gray[rows, xs[:, None]].astype(np.float32)
    a = redness[rows, xs[:, None]].astype(np.float32)
    band = float(np.median(luma[inside]))
    bright = band + TEETH_BRIGHTER * (255 - band)
    less_red = skin_a - max(TEETH_MIN_LESS_RED, TEETH_LESS_RED * abs(skin_a - 128))
    teeth = (a < less_red) & (luma > bright) & inside
    shown = int((teeth.sum(axis=1) >= TEETH_MIN_PIXELS).sum())
    return shown / IED


def _window(shape: tuple[int, ...], nose: Point, columns: Span, below: Span) -> np.ndarray:
    """Weights of the two boxes `columns` (IED) either side of the nose's centre line and
    `below` (IED) below the nose base, their edges ramped over CREASE_FEATHER IED: a fold
    at a box's edge then moves the mean little when the landmarks move a pixel."""
    rows = (np.arange(shape[0]) - nose[1]) / IED
    across = np.abs(np.arange(shape[1]) - nose[0]) / IED

    def ramp(values: np.ndarray, span: Span) -> np.ndarray:
        low = np.clip((values - span[0]) / CREASE_FEATHER + 0.5, 0.0, 1.0)
        return low * np.clip((span[1] - values) / CREASE_FEATHER + 0.5, 0.0, 1.0)

    return ramp(rows, below)[:, None] * ramp(across, columns)[None, :]


def _weighted_mean(image: np.ndarray, weights: np.ndarray) -> float:
    total = float(weights.sum())
    return float((image * weights).sum() / total) if total > 0 else 0.0


def _crease_depth(gray: np.ndarray, nose: Point) -> float:
    """Darkness of thin lines beside the mouth relative to the skin around them (log), less
    the same on the outer cheeks.

    A black-hat (closing minus image) of the log luma is, per pixel, the log of how much
    darker it is than the skin within CREASE_KERNEL px: a ratio, so it is the same for the
    same fold on light and on dark skin and at any exposure. Both sides are averaged, so
    light from one side does not read as a smile; the outer cheeks' own black-hat takes out
    what every part of the face has (pores, stubble, wrinkles, noise).
    """
    blurred = cv2.GaussianBlur(gray.astype(np.float32), (0, 0), CREASE_BLUR)
    log = np.log(blurred + CREASE_LOG_OFFSET)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (CREASE_KERNEL, CREASE_KERNEL))
    depth = cv2.morphologyEx(log, cv2.MORPH_BLACKHAT, kernel)
    creases = _weighted_mean(depth, _window(depth.shape, nose, CREASE_COLUMNS, CREASE_BELOW_NOSE))
    texture = _weighted_mean(depth, _window(depth.shape, nose, TEXTURE_COLUMNS, TEXTURE_BELOW_NOSE))
    return creases - texture


def mouth_evidence(gray: np.ndarray, redness: np.ndarray, nose: Point | None) -> MouthEvidence:
    """The mouth evidence of a canonical face view.

    `gray` is its luma, `redness` its CIELAB a* (OpenCV's 8-bit coding: 128 is grey),
    `nose` the canonical nose base (None: its typical place).
    """
    anchor = nose_or_typical(nose)
    seam = _seam_trace(gray, anchor)
    width, curvature, drop = _seam(seam, anchor)
    aspect = _lip_aspect(redness, anchor)
    if aspect is not None and not math.isfinite(aspect):
        aspect = None
    teeth = _teeth_width(gray, redness, seam, anchor)
    return MouthEvidence(width, curvature, drop, aspect, teeth, _crease_depth(gray, anchor))
