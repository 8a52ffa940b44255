"""Skin texture relative to the face's sharp features: how much retouching smoothed the skin.

A light retouch keeps the skin's fine texture (pores, fine lines, stubble); heavy smoothing
(a "beauty" filter, frequency separation overdone) removes it while the eyes, brows and lashes
stay sharp. So the measure is a ratio, in the working copy's own pixels: the texture on the
skin, its lower quartile, over a reference from the same photo. Blur and resolution lower
both, so the ratio stays; smoothing the skin only lowers the numerator. The regions are
placed on the landmark eyes (`FaceGeometry`): rectangles in the face's own axes (across the
eye line and down from it, in inter-eye distances), so roll and size do not move them.

The texture of a pixel is the root mean square, over its 3x3 neighbourhood, of the luma
minus its 3x3 median (luma in float, from the RGB). A median keeps a step and a smooth
slope, so the residual is what neither is: pores, noise, stubble. An edge-preserving filter
turns the cheeks' shading into flat terraces with steps between them; a Gaussian detail
layer (luma minus its blur at 1/48 of the inter-eye distance, until 2026-12-02) read those
steps as detail, so on a 250 px team photo (45-50 px between the eyes) the smoothed cheeks
kept 0.6-0.9x of their detail and the edit was missed on 14 of 37 18F faces
(`benchmarks/validate_measures.py`); with the median residual 6 of 37. The float luma: a
smoothed plateau's texture is a fraction of a grey level, and the 8-bit grey would round it
into runs of exact zeros.

The skin is the cheeks *and the forehead* above the brows, pooled: a retouch smooths the
forehead first, and on a 250 px team photo each cheek is a patch of ~20x20 pixels that the
nose's shadow, a smile's fold or a beard can fill. Clipped highlights and a shine (a shiny
forehead), and what is far darker than the skin's median (a cap's brim, dark bangs), are
left out (SHINE_FACTOR): they show no skin texture whatever the skin. The skin's lower
quartile, not its median: an edge-preserving "beauty filter" flattens the skin between
freckles, stubble, folds and the nose's shading and keeps those edges, which fill the upper
half of the skin's texture on a 250 px team photo; the flattest quarter reads the flattened
skin itself.

The reference is the features' median texture (eyes, brows, lashes: how sharp the photo is),
alone. Until session 27 it was weighted 3/4 against the skin's own coarse shading (1/4); with
the median residual the shading fell with the edit too (0.69x on 18F), widened 18F's spread
(0.32 -> 0.35 log units) and kept GPO A000371 (untouched) under half its folder. On GPO a
fit of the skin's quartile on both gives the features 1.04 and the shading 0.13.

The features' texture leaves out what is far darker *or far brighter* than the skin (by
SHINE_FACTOR, as the skin's guard) and a rim of OFF_SKIN_RIM_PX around it: glasses frames
and their glints, and the pupils, lashes and dark brows themselves. Thick dark frames fill
the features' region, and the residual along their edges is their contrast, not the photo's
sharpness: 18F victor's read 2.4x the page's, so his untouched skin sat under half the
page's and was flagged in 2 of 4 full-corpus teams (`benchmarks/evaluate_flags.py`). Thin
metal frames are a dark line with a bright one beside it: with only the dark side left out,
18F bradnunnally's (43 px between the eyes) read 1.7x the page's and his untouched skin 5.4
spreads under it. What is left (lids, the whites, the brows' light side, the skin between)
still shows how sharp the photo is.

Not measurable below MIN_INTER_EYE_PX between the eyes: there the skin's texture is at the
8-bit and JPEG floor. From 40 px (45 until session 27) once the frames' glints are left out:
the 18F page's 40-45 px faces then show no untouched face under half the page's median
(docs/measures.md, "over_retouched on small faces"). Empty too when the eyes are only
guessed from the face box.
"""

from __future__ import annotations

import cv2
import numpy as np

from auditor.features.faces import Face
from auditor.features.geometry import FaceGeometry

__all__ = ["MIN_INTER_EYE_PX", "SKIN_PERCENTILE", "skin_texture"]

# Regions in inter-eye distances (IED) from the eye midpoint: `down` along the face's axis,
# `across` it either side. Cheeks: below the eyes, beside the nose, inside the jaw. Forehead:
# above the brows (which sit ~0.3-0.45 above the eye line), below most hairlines. Features:
# brows, eyes and lashes.
CHEEK_DOWN = (0.4, 0.85)
CHEEK_ACROSS = (0.3, 0.75)
FOREHEAD_DOWN = (-0.9, -0.6)
FOREHEAD_ACROSS = 0.45
FEATURE_DOWN = (-0.47, 0.19)
FEATURE_ACROSS = 0.88
SKIN_PERCENTILE = 25  # the skin's flattest quarter (see module doc)
CLIPPED_LUMA = 250  # blown-out highlights: no detail to read
LUMA_WEIGHTS = np.array([0.299, 0.587, 0.114], np.float32)  # Rec. 601, as the 8-bit grey
# ... nor a shine: skin brighter than this times the skin's median luma is a specular
# highlight (an oily forehead under a flash), flat at a team photo's size whatever the skin.
# Set on 18F shawnique, whose forehead shine (2.1x her cheeks' luma) read as airbrushed in 4
# of 6 on-style teams (evaluate_flags.py); 1.1-1.2 dropped ordinary lit skin too and widened
# the folders' spread, 1.3 keeps the corpus edits found (validate_measures.py --new-only).
# Darker than the median by the same factor is not bare skin either: a cap's brim or dark
# bangs over the forehead (18F jeremy's cap, luma 46 beside cheeks at 108, read as
# airbrushed in an on-style team), flat and dark.
SHINE_FACTOR = 1.3
# Left with less than this share of the skin regions after those guards, the skin is not
# measured: the rest is the rim of a shine or a cap, a few hundred pixels of the light's
# edge (18F shawnique's forehead shine keeps 25% of her skin, jeremy's cap 20%; on FRLL's
# studio light every face keeps 59% or more, on the corpus 90% of the faces keep 60%+).
# Read there, shawnique sat 1.8 spreads under her page and was airbrushed in 2 of 6
# on-style teams (evaluate_flags.py).
MIN_SKIN_SHARE = 1 / 3
# The features' reference leaves out what is darker or brighter than the skin by SHINE_FACTOR
# and this many pixels around it: an edge's residual spreads over the 3x3 neighbourhood and a
# bit more with JPEG's ringing (see module doc, "glasses").
OFF_SKIN_RIM_PX = 2
MIN_INTER_EYE_PX = 40.0  # working-copy pixels between the eyes below which it is not measured
MIN_REGION_PIXELS = 30
REGION_REACH = float(
    np.hypot(CHEEK_DOWN[1], CHEEK_ACROSS[1])  # the cheeks' outer corner, the farthest
)


def _face_coordinates(
    geometry: FaceGeometry, shape: tuple[int, int], origin: tuple[int, int] = (0, 0)
) -> tuple[np.ndarray, np.ndarray]:
    """(down, across) of every pixel of a `shape` patch at `origin` (row, column) of the
    working copy, in IED from the eye midpoint, on the eyes' own axes."""
    (lx, ly), (rx, ry) = geometry.eye_left, geometry.eye_right
    ied = geometry.inter_eye_px
    ax, ay = (rx - lx) / ied, (ry - ly) / ied  # unit vector along the eye line
    rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]].astype(np.float32)
    dx, dy = cols + origin[1] - (lx + rx) / 2, rows + origin[0] - (ly + ry) / 2
    return (dy * ax - dx * ay) / ied, (dx * ax + dy * ay) / ied


def _regions(
    geometry: FaceGeometry, shape: tuple[int, int], origin: tuple[int, int] = (0, 0)
) -> tuple[np.ndarray, np.ndarray]:
    """Skin (cheeks and forehead) and feature masks of a patch of the working copy."""
    down, across = _face_coordinates(geometry, shape, origin)
    side = np.abs(across)
    cheeks = (down > CHEEK_DOWN[0]) & (down < CHEEK_DOWN[1])
    cheeks &= (side > CHEEK_ACROSS[0]) & (side < CHEEK_ACROSS[1])
    forehead = (down > FOREHEAD_DOWN[0]) & (down < FOREHEAD_DOWN[1]) & (side < FOREHEAD_ACROSS)
    features = (down > FEATURE_DOWN[0]) & (down < FEATURE_DOWN[1]) & (side < FEATURE_ACROSS)
    return cheeks | forehead, features


def _face_patch(geometry: FaceGeometry, shape: tuple[int, int]) -> tuple[slice, slice]:
    """Rows and columns of the working copy around the regions, with room for the filters."""
    (lx, ly), (rx, ry) = geometry.eye_left, geometry.eye_right
    cx, cy, ied = (lx + rx) / 2, (ly + ry) / 2, geometry.inter_eye_px
    # Every region lies within REGION_REACH IED of the eye midpoint, whatever the roll.
    reach = REGION_REACH * ied + 3  # + the 3x3 filters' reach
    top, bottom = max(0, int(cy - reach)), min(shape[0], int(np.ceil(cy + reach)) + 1)
    left, right = max(0, int(cx - reach)), min(shape[1], int(np.ceil(cx + reach)) + 1)
    return slice(top, bottom), slice(left, right)


def _texture(luma: np.ndarray) -> np.ndarray:
    """Local texture of every pixel: the root mean square, over its 3x3 neighbourhood, of the
    luma minus its 3x3 median. The median keeps a step (an edge, or the terraces a bilateral
    filter leaves on the skin's shading) and a smooth slope, so what is left is the texture."""
    residual = luma - cv2.medianBlur(luma, 3)
    return np.sqrt(cv2.blur(residual * residual, (3, 3)))


def _off_skin_structures(luma: np.ndarray, typical: float) -> np.ndarray:
    """What is far darker or far brighter than the skin (glasses frames and their glints,
    pupils, brows, lashes) and its rim (OFF_SKIN_RIM_PX): the features' reference leaves it
    out, as the skin's guard does."""
    off = (luma < typical / SHINE_FACTOR) | (luma > SHINE_FACTOR * typical)
    rim = np.ones((2 * OFF_SKIN_RIM_PX + 1,) * 2, np.uint8)
    return cv2.dilate(off.astype(np.uint8), rim).astype(bool)


def skin_texture(rgb: np.ndarray, geometry: FaceGeometry, face: Face | None) -> float | None:
    """Texture on the skin (lower quartile) over the features' (see module doc)."""
    if geometry.inter_eye_px < MIN_INTER_EYE_PX:
        return None
    if geometry.landmark_model == "haar" and (face is None or face.eyes is None):
        return None  # eyes guessed from the box: the regions would be guesses too
    rows, cols = _face_patch(geometry, rgb.shape[:2])
    # Luma in float, not the 8-bit grey: a retouched plateau's texture is a fraction of a
    # grey level, and rounding would turn it into runs of exact zeros.
    luma = np.ascontiguousarray(rgb[rows, cols].astype(np.float32) @ LUMA_WEIGHTS)
    skin, features = _regions(geometry, luma.shape, (rows.start, cols.start))
    regions = int(skin.sum())
    skin &= luma < CLIPPED_LUMA
    if skin.sum() < MIN_REGION_PIXELS or features.sum() < MIN_REGION_PIXELS:
        return None
    typical = float(np.median(luma[skin]))
    skin &= (luma <= SHINE_FACTOR * typical) & (luma >= typical / SHINE_FACTOR)
    if skin.sum() < MIN_SKIN_SHARE * regions:
        return None  # a cap, a shine or bangs cover the skin: what is left is their edge
    texture = _texture(luma)
    # Against the skin the guard kept: a shine on the forehead is not the skin's luma.
    features &= ~_off_skin_structures(luma, float(np.median(luma[skin])))
    if features.sum() < MIN_REGION_PIXELS:
        return None
    sharp = float(np.median(texture[features]))
    if sharp <= 0:
        return None
    return float(np.percentile(texture[skin], SKIN_PERCENTILE)) / sharp
