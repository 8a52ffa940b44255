"""The house style: robust centre and meaningful spread of every measure, learned from the team.

Follows the scikit-learn estimator contract: `__init__` only stores parameters, `fit(table)`
sets `center_` and `scale_` and returns self, `score_samples(table)` returns robust z-scores.

Why a minimum spread per measure: a very uniform team (one studio shoot) has a near-zero MAD on
some measures — a seamless backdrop has almost no edges — which would turn differences nobody
can see into huge z-scores. Each measure therefore has a smallest spread that still means
something, in the measure's own units.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["LOG_MEASURES", "MIN_SPREAD", "HouseStyle"]

MAD_TO_SIGMA = 1.4826  # MAD of a normal distribution x 1.4826 = its standard deviation

# Smallest meaningful spread of each measure, in its own units (log units for LOG_MEASURES).
MIN_SPREAD: dict[str, float] = {
    "crop.head_height_ratio": 0.045,
    "crop.face_height_ratio": 0.035,
    "crop.face_center_x_offset": 0.05,  # 10% of the width off-centre is barely noticed
    "crop.face_center_y_offset": 0.03,
    "crop.eye_line_ratio": 0.03,
    "crop.headroom_ratio": 0.03,
    "crop.roll_degrees": 3.0,
    "crop.shoulders_in_frame_ratio": 0.22,  # in head heights (0.3 face-box heights before)
    "pose.yaw_degrees": 5.0,  # the 5-point pose is good to a few degrees
    "pose.pitch_degrees": 5.0,
    "face.inter_eye_px": 0.25,
    "image.aspect_ratio": 0.05,
    "image.detail_pct": 1.0,
    "background.lab_l": 4.0,
    "background.lab_a": 3.0,
    "background.lab_b": 3.0,
    "background.spread_l": 2.0,
    "background.clutter_pct": 1.0,
    # 3 spreads = 9% of the backdrop in another colour: a flag at the frame's edge (11-22% on
    # congress-gpo), not the mottling of a studio cloth (at most 7% there).
    "background.off_color_pct": 3.0,
    "color.colorfulness": 5.0,
    "color.saturation_mean": 0.04,
    "color.cast_a": 2.5,
    "color.cast_b": 3.0,
    "color.skin_luminance": 5.0,
    "light.face_luminance": 5.0,
    "light.luminance_mean": 5.0,
    "light.rms_contrast": 3.0,
    "light.clipped_shadows_pct": 2.0,
    "light.clipped_highlights_pct": 2.0,
    "light.face_background_contrast": 6.0,
    "light.illumination_balance": 0.08,
    "light.dynamic_range_bits": 0.3,
    "quality.sharpness": 0.35,
    # 3 spreads = 0.18 softer than the team: more than any unedited corpus face sits above its
    # folder's median (0.15 at most), under the out-of-focus edit's rise (0.29 at least)
    "quality.softness": 0.06,
    "quality.noise": 0.3,
    "quality.jpeg_quality": 6.0,
    "quality.blockiness": 0.1,
    "quality.face_size_px": 0.25,
    # 3 spreads = 18 points more of the torso in strong edges than the team: a check or
    # stripe pattern (25-40%), not a tie, lapels (2-5% on a suit), hair, knits or tweed (<13%)
    "attire.pattern_pct": 6.0,
    # 3 spreads = 0.3 more saturation: a vivid top among suits, not a coloured jacket
    "attire.saturation": 0.1,
    # log units: 3 spreads = skin detail under 0.47x the team's (a visible airbrush; the
    # corpus's unretouched faces span ~0.15-0.35 within one folder, p10-p90)
    "retouch.skin_texture": 0.25,
    "image.width_px": 0.25,
    "image.height_px": 0.25,
}
DEFAULT_MIN_SPREAD_SHARE = 0.05  # other measures: 5% of |median| (or 1e-3)

# Measures whose ratios matter more than differences: compared on a log scale.
LOG_MEASURES = frozenset(
    {
        "quality.sharpness",
        "quality.face_size_px",
        "face.inter_eye_px",
        "image.width_px",
        "image.height_px",
        "retouch.skin_texture",
    }
)


def _transform(table: pd.DataFrame) -> pd.DataFrame:
    """The table on the scale the style is fitted on: `LOG_MEASURES` as logs. One operation on
    the log columns together (a per-column `apply` cost ~2 ms a call, for each draft judged)."""
    values = table.copy()
    logged = [c for c in table.columns if c in LOG_MEASURES]
    if logged:
        values[logged] = np.log(table[logged].clip(lower=1e-6))
    return values


class HouseStyle:
    """Robust per-measure centre (median) and spread (1.4826 x MAD, floored) of a team.

    Parameters
    ----------
    min_spread : dict, default=None
        Smallest meaningful spread per measure (units of the measure, log units for
        `LOG_MEASURES`). Defaults to `MIN_SPREAD`.

    Attributes
    ----------
    center_ : pandas.Series
        Median of each measure (log scale for `LOG_MEASURES`).
    scale_ : pandas.Series
        Spread of each measure, never below its minimum meaningful spread.
    n_samples_ : pandas.Series
        Number of photos with a value for each measure.
    """

    def __init__(self, *, min_spread: dict[str, float] | None = None) -> None:
        self.min_spread = min_spread

    def fit(self, table: pd.DataFrame) -> HouseStyle:
        """Learn the centre and spread of every column of `table` (NaN = not applicable)."""
        floors = self.min_spread if self.min_spread is not None else MIN_SPREAD
        values = _transform(table)
        self.center_ = values.median(skipna=True)
        mad = (values - self.center_).abs().median(skipna=True) * MAD_TO_SIGMA
        floor = pd.Series(
            {
                c: floors.get(
                    c,
                    max(1e-3, DEFAULT_MIN_SPREAD_SHARE * abs(self.center_.get(c, 0.0) or 0.0)),
                )
                for c in values.columns
            },
            dtype=float,
        )
        self.scale_ = pd.concat([mad, floor], axis=1).max(axis=1)
        self.n_samples_ = values.notna().sum()
        return self

    def score_samples(self, table: pd.DataFrame) -> pd.DataFrame:
        """Signed robust z-scores, (x - center_) / scale_, per photo and measure."""
        if not hasattr(self, "center_"):
            raise ValueError("HouseStyle is not fitted yet; call fit(table) first")
        values = _transform(table)
        return (values - self.center_) / self.scale_

    def typical_range(self, table: pd.DataFrame, measure: str) -> tuple[float, float]:
        """The middle half of the team (25th–75th percentile) on the original scale."""
        column = table[measure].dropna()
        if column.empty:
            return (math.nan, math.nan)
        return (float(column.quantile(0.25)), float(column.quantile(0.75)))
