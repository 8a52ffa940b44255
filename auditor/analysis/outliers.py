"""Multivariate style outliers: photos that are a little off on many measures at once.

Score = the root-mean-square of the photo's robust z-scores over the style measures (a robust
Mahalanobis distance with a diagonal covariance, which is stable at the small n of real teams),
mapped to 0..1. Nothing forces a share of photos to be flagged: a consistent team gets none.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["STYLE_MEASURES", "outlier_scores", "top_contributors"]

# Measures that describe the *look* of a photo (not its file or age).
STYLE_MEASURES = (
    "crop.head_height_ratio",
    "crop.face_center_x_offset",
    "crop.eye_line_ratio",
    "background.lab_l",
    "background.lab_a",
    "background.lab_b",
    "background.clutter_pct",
    "color.colorfulness",
    "color.cast_a",
    "color.cast_b",
    "light.face_luminance",
    "light.rms_contrast",
    "light.illumination_balance",
    "quality.sharpness",
)
Z_CLIP = 8.0  # one wild measure must not dominate the combined score
RMS_AT_ZERO = 1.5  # RMS z at or below this scores 0 (ordinary variation)
RMS_AT_ONE = 4.0  # RMS z at or above this scores 1


def outlier_scores(z: pd.DataFrame) -> pd.Series:
    """0..1 outlier score per photo from its robust z-scores on the style measures."""
    columns = [c for c in STYLE_MEASURES if c in z.columns]
    clipped = z[columns].clip(-Z_CLIP, Z_CLIP)
    rms = np.sqrt((clipped**2).mean(axis=1, skipna=True)).fillna(0.0)
    return ((rms - RMS_AT_ZERO) / (RMS_AT_ONE - RMS_AT_ZERO)).clip(0.0, 1.0)


def top_contributors(z: pd.DataFrame, person_id: str, count: int = 3) -> list[tuple[str, float]]:
    """The measures that push this photo furthest from the house style, with their z."""
    columns = [c for c in STYLE_MEASURES if c in z.columns]
    row = z.loc[person_id, columns].dropna()
    ranked = row.reindex(row.abs().sort_values(ascending=False).index)
    return [(m, float(v)) for m, v in ranked.head(count).items()]
