"""Skin texture relative to the face's sharp features: how much retouching smoothed the skin.

A light retouch keeps the skin's fine detail (pores, fine lines, stubble); heavy smoothing
(a "beauty" filter, frequency separation overdone) removes it while the eyes, brows and lashes
stay sharp. So the measure is a ratio, in the working copy's own pixels: the fine detail (luma
minus its Gaussian blur at DETAIL_SCALE of the inter-eye distance, absolute value) on the
cheeks, its lower quartile, over its median on the eyes-and-brows band. Blur and resolution
lower both, so the ratio stays; smoothing the skin only lowers the numerator. The regions are
placed on the landmark eyes (`FaceGeometry`): rectangles in the face's own axes (across the
eye line and down from it, in inter-eye distances), so roll and size do not move them.

The cheeks' lower quartile, not their median: an edge-preserving "beauty filter" flattens the
skin between freckles, stubble, folds and the nose's shading and keeps those edges, which fill
the upper half of the cheeks' detail on a 250 px team photo; the flattest quarter reads the
flattened skin itself. On the corpus edits from 45 px between the eyes, judged against the
folder's median as a team would, it finds 85% of the GPO faces at 45-55 px (71% with the
median) and 50% of the 18F ones (32%). The features keep their median: the eyes, brows and
lashes are the reference for how sharp the photo is.

The finest scale is the one smoothing empties first (a band-pass at 1/16-1/6 IED or an
edge-preserving residual moved far less on the corpus edits; benchmarks/validate_measures.py):
a bilateral "beauty filter" keeps the folds and edges that dominate coarser scales.

Not measurable below MIN_INTER_EYE_PX between the eyes: there the skin's fine detail is at
the 8-bit and JPEG floor, so smoothing barely moves the number (on the corpus edits judged
against their folder: 13-30% of the faces at 40-45 px found) and a value would be noise, not
evidence. Empty too when the eyes are only guessed from the face box.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from auditor.features.faces import Face
from auditor.features.geometry import FaceGeometry

__all__ = ["CHEEK_PERCENTILE", "MIN_INTER_EYE_PX", "skin_texture"]

# Regions in inter-eye distances (IED) from the eye midpoint: `down` along the face's axis,
# `across` it either side. Cheeks: below the eyes, beside the nose, inside the jaw. Features:
# brows, eyes and lashes.
CHEEK_DOWN = (0.4, 0.85)
CHEEK_ACROSS = (0.3, 0.75)
FEATURE_DOWN = (-0.47, 0.19)
FEATURE_ACROSS = 0.88
DETAIL_SCALE = 1 / 48  # Gaussian sigma of the detail layer, in inter-eye distances ...
MIN_DETAIL_SIGMA = 0.6  # ... but at least this many pixels
CHEEK_PERCENTILE = 25  # the cheeks' flattest quarter (see module doc)
MIN_INTER_EYE_PX = 45.0  # working-copy pixels between the eyes below which it is not measured
MIN_REGION_PIXELS = 30


def _face_coordinates(
    geometry: FaceGeometry, rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(down, across) in IED from the eye midpoint, on the eyes' own axes, of the pixels at
    `rows` x `cols` (working-copy indices, float32)."""
    (lx, ly), (rx, ry) = geometry.eye_left, geometry.eye_right
    ied = geometry.inter_eye_px
    ax, ay = (rx - lx) / ied, (ry - ly) / ied  # unit vector along the eye line
    dx, dy = cols[None, :] - (lx + rx) / 2, rows[:, None] - (ly + ry) / 2
    return (dy * ax - dx * ay) / ied, (dx * ax + dy * ay) / ied


def _window(geometry: FaceGeometry, shape: tuple[int, int], margin: int) -> tuple[slice, slice]:
    """The part of the working copy that holds both regions, `margin` px wider on each side.

    The corners of the regions' extent in the face's axes, mapped to the image: every pixel of
    either region lies inside (one spare pixel for rounding), so the masks, and a blur whose
    kernel reaches at most `margin` px, are the same as on the whole copy at a fraction of it.
    """
    (lx, ly), (rx, ry) = geometry.eye_left, geometry.eye_right
    ied = geometry.inter_eye_px
    ax, ay = (rx - lx) / ied, (ry - ly) / ied
    mx, my = (lx + rx) / 2, (ly + ry) / 2
    downs = (min(CHEEK_DOWN[0], FEATURE_DOWN[0]), max(CHEEK_DOWN[1], FEATURE_DOWN[1]))
    reach = max(CHEEK_ACROSS[1], FEATURE_ACROSS)
    xs, ys = [], []
    for down in downs:
        for across in (-reach, reach):
            xs.append(mx + ied * (across * ax - down * ay))
            ys.append(my + ied * (across * ay + down * ax))
    pad = margin + 1
    top, bottom = max(0, math.floor(min(ys)) - pad), min(shape[0], math.ceil(max(ys)) + pad + 1)
    left, right = max(0, math.floor(min(xs)) - pad), min(shape[1], math.ceil(max(xs)) + pad + 1)
    return slice(top, max(top, bottom)), slice(left, max(left, right))


def _regions(
    geometry: FaceGeometry, rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Cheek and feature masks of the pixels at `rows` x `cols`."""
    down, across = _face_coordinates(geometry, rows, cols)
    side = np.abs(across)
    cheeks = (down > CHEEK_DOWN[0]) & (down < CHEEK_DOWN[1])
    cheeks &= (side > CHEEK_ACROSS[0]) & (side < CHEEK_ACROSS[1])
    features = (down > FEATURE_DOWN[0]) & (down < FEATURE_DOWN[1]) & (side < FEATURE_ACROSS)
    return cheeks, features


def skin_texture(gray: np.ndarray, geometry: FaceGeometry, face: Face | None) -> float | None:
    """Fine detail on the cheeks (lower quartile) over that on the eyes and brows (median)."""
    if geometry.inter_eye_px < MIN_INTER_EYE_PX:
        return None
    if geometry.landmark_model == "haar" and (face is None or face.eyes is None):
        return None  # eyes guessed from the box: the regions would be guesses too
    sigma = max(MIN_DETAIL_SIGMA, DETAIL_SCALE * geometry.inter_eye_px)
    # OpenCV's kernel for a float image and this sigma: 2 * round(4 sigma) + 1 taps at most.
    rows, cols = _window(geometry, gray.shape, math.ceil(4 * sigma) + 1)
    cheeks, features = _regions(
        geometry,
        np.arange(rows.start, rows.stop, dtype=np.float32),
        np.arange(cols.start, cols.stop, dtype=np.float32),
    )
    if cheeks.sum() < MIN_REGION_PIXELS or features.sum() < MIN_REGION_PIXELS:
        return None
    luma = gray[rows, cols].astype(np.float32)
    detail = np.abs(luma - cv2.GaussianBlur(luma, (0, 0), sigma))
    reference = float(np.median(detail[features]))
    if reference <= 0:
        return None
    return float(np.percentile(detail[cheeks], CHEEK_PERCENTILE)) / reference
