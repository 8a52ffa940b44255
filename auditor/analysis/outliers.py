"""Multivariate style outliers: photos that are a little off on many measures at once.

Four detectors share one input, the photo's robust z-scores on the style measures (clipped so
one wild measure cannot dominate), and one output, a 0..1 score per photo:

- "rms" (default): root-mean-square z, i.e. a robust Mahalanobis distance with a diagonal
  covariance. Stable at the small n of real teams, and easy to explain.
- "mcd": robust Mahalanobis distance with a full covariance (MinCovDet); needs many more photos
  than measures, so small teams fall back to "rms".
- "lof": LocalOutlierFactor with n_neighbors = min(20, n / 5).
- "iforest": IsolationForest.

`benchmarks/evaluate_flags.py` compares them on 24 corpus teams with injected style edits
(ROC AUC of edited vs untouched photos): rms 0.81, lof 0.80, mcd 0.78, iforest 0.59. "rms" is
the default: as good as the best, defined for any team size (mcd needs 3 photos per measure),
deterministic, and each score is explained by the photo's own largest z-scores. No detector is
told a share of photos to flag (no `contamination`): a consistent team gets no style_outlier.
scikit-learn is imported only by the detectors that need it (~1.1 s of CPU to import).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

__all__ = [
    "DETECTORS",
    "PER_PHOTO_DETECTORS",
    "STYLE_MEASURES",
    "outlier_scores",
    "top_contributors",
]

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
DETECTORS = ("rms", "mcd", "lof", "iforest")
# Detectors whose score of a photo depends on that photo's z-scores alone, not on the team's:
# a new photo is scored without scoring the team again.
PER_PHOTO_DETECTORS = frozenset({"rms"})
Z_CLIP = 8.0  # one wild measure must not dominate the combined score
RMS_AT_ZERO = 1.5  # RMS z at or below this scores 0 (ordinary variation)
RMS_AT_ONE = 4.0  # RMS z at or above this scores 1
MCD_MIN_PHOTOS_PER_MEASURE = 3  # MinCovDet needs n well above the number of measures
LOF_AT_ZERO, LOF_AT_ONE = 1.3, 2.5  # local outlier factor: ~1 = as dense as the neighbours
IFOREST_AT_ZERO, IFOREST_AT_ONE = 0.55, 0.70  # isolation anomaly score: ~0.5 = ordinary
LOF_MAX_NEIGHBOURS = 20


def _ramp(values: np.ndarray, at_zero: float, at_one: float) -> np.ndarray:
    return np.clip((values - at_zero) / (at_one - at_zero), 0.0, 1.0)


def _rms(data: np.ndarray) -> np.ndarray:
    return np.sqrt(np.nanmean(data**2, axis=1))


def outlier_scores(z: pd.DataFrame, detector: str = "rms", seed: int = 0) -> pd.Series:
    """0..1 outlier score per photo from its robust z-scores on the style measures."""
    if detector not in DETECTORS:
        raise ValueError(f"unknown outlier detector {detector!r}; choose one of {DETECTORS}")
    columns = [c for c in STYLE_MEASURES if c in z.columns]
    clipped = z[columns].clip(-Z_CLIP, Z_CLIP)
    n, d = clipped.shape
    if n == 0 or d == 0:
        return pd.Series(0.0, index=z.index)
    rms = np.nan_to_num(_rms(clipped.to_numpy()), nan=0.0)
    data = clipped.fillna(0.0).to_numpy()  # not applicable = typical
    if detector == "mcd" and n >= MCD_MIN_PHOTOS_PER_MEASURE * d:
        from sklearn.covariance import MinCovDet

        with warnings.catch_warnings():  # singular covariance on very uniform teams
            warnings.simplefilter("ignore")
            distance2 = MinCovDet(random_state=seed).fit(data).mahalanobis(data)
        score = _ramp(np.sqrt(distance2 / d), RMS_AT_ZERO, RMS_AT_ONE)
    elif detector == "lof" and n >= 3:
        from sklearn.neighbors import LocalOutlierFactor

        neighbours = max(2, min(LOF_MAX_NEIGHBOURS, n // 5))
        lof = LocalOutlierFactor(n_neighbors=neighbours).fit(data)
        score = _ramp(-lof.negative_outlier_factor_, LOF_AT_ZERO, LOF_AT_ONE)
    elif detector == "iforest" and n >= 3:
        from sklearn.ensemble import IsolationForest

        forest = IsolationForest(random_state=seed).fit(data)
        score = _ramp(-forest.score_samples(data), IFOREST_AT_ZERO, IFOREST_AT_ONE)
    else:
        score = _ramp(rms, RMS_AT_ZERO, RMS_AT_ONE)
    return pd.Series(score, index=z.index, dtype=float)


def top_contributors(z: pd.DataFrame, person_id: str, count: int = 3) -> list[tuple[str, float]]:
    """The measures that push this photo furthest from the house style, with their z."""
    columns = [c for c in STYLE_MEASURES if c in z.columns]
    row = z.loc[person_id, columns].dropna()
    ranked = row.reindex(row.abs().sort_values(ascending=False).index)
    return [(m, float(v)) for m, v in ranked.head(count).items()]
