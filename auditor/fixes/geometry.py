"""Where the head is and where the house puts it: the crop a draft is cut with.

`head_geometry` is the one boundary between the face geometry the features stage measures and
the crop: it reads the crop measures (head share, eye line, face centre) and the face box, in
fractions of the frame. When the features stage measures the head differently (landmarks for
crown, chin and eyes), only this function changes.

`house_crop_box` then finds the crop, in original pixels, that frames the head the house way:
the head's share of the frame height, the eye line and the horizontal centre as the team's,
at the team's aspect ratio. It never reaches past the photo's edges and never upscales: when
the ideal crop does not fit, it looks for the nearest one that stays within a fraction of the
team's spread on every framing measure, and gives up when none does (the file does not have
the pixels the house framing needs).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from auditor.models import Measurement

__all__ = ["CropBox", "HeadGeometry", "HouseFraming", "head_geometry", "house_crop_box"]

# How far from the house value, in team spreads, a draft's framing may land when the ideal crop
# needs pixels the photo does not have: well inside the warning limit (3 spreads).
FRAMING_TOLERANCE_SPREADS = 2.0
CANDIDATE_STEPS = 21  # crop heights tried across the tolerated head-share band
MIN_CROP_PX = 32  # a crop smaller than this on either side is not a photo


@dataclass(frozen=True)
class HeadGeometry:
    """The head in one photo, in fractions of the frame (x of width, y of height)."""

    head_height: float  # top of the head to chin
    eye_y: float
    centre_x: float


@dataclass(frozen=True)
class HouseFraming:
    """The house framing (team medians or brand pins) and how far each may drift."""

    head_share: float
    eye_line: float
    centre_offset: float  # face centre minus frame centre, share of the width
    aspect: float  # width / height
    head_share_spread: float
    eye_line_spread: float
    centre_spread: float


@dataclass(frozen=True)
class CropBox:
    """A crop in original pixels: left, top, width, height (integers inside the photo)."""

    left: int
    top: int
    width: int
    height: int


def head_geometry(measurement: Measurement) -> HeadGeometry | None:
    """The head's size and position from the crop measures, or None without a face."""
    features = measurement.features
    head = features.get("crop.head_height_ratio")
    eye = features.get("crop.eye_line_ratio")
    offset = features.get("crop.face_center_x_offset")
    if measurement.face_box is None or None in (head, eye, offset):
        return None
    values = (head, eye, offset)
    if not all(math.isfinite(v) for v in values) or head <= 0:  # type: ignore[operator]
        return None
    return HeadGeometry(head_height=head, eye_y=eye, centre_x=0.5 + offset)  # type: ignore[arg-type,operator]


def _closest(ideal: float, low: float, high: float) -> float | None:
    """`ideal` moved into [low, high], or None when the interval is empty."""
    if low > high:
        return None
    return min(max(ideal, low), high)


def house_crop_box(
    head: HeadGeometry, size: tuple[int, int], house: HouseFraming
) -> CropBox | None:
    """The crop of a `size` (width, height) photo that frames `head` the house way, or None."""
    width, height = size
    head_px = head.head_height * height
    eye_px = head.eye_y * height
    centre_px = head.centre_x * width
    tol = FRAMING_TOLERANCE_SPREADS
    shares = [house.head_share]
    band = tol * house.head_share_spread
    for step in range(1, CANDIDATE_STEPS // 2 + 1):
        delta = band * step / (CANDIDATE_STEPS // 2)
        shares += [house.head_share + delta, house.head_share - delta]
    for share in shares:
        if share <= 0:
            continue
        crop_h = head_px / share
        crop_w = house.aspect * crop_h
        if crop_h > height or crop_w > width:
            # Keep the aspect: the largest crop of this shape the photo holds.
            fit = min(height / crop_h, width / crop_w)
            crop_h, crop_w = crop_h * fit, crop_w * fit
            if abs(head_px / crop_h - house.head_share) > band:
                continue
        if min(crop_h, crop_w) < MIN_CROP_PX:
            continue
        eye_band = tol * house.eye_line_spread * crop_h
        ideal_top = eye_px - house.eye_line * crop_h
        top = _closest(
            ideal_top, max(0.0, ideal_top - eye_band), min(height - crop_h, ideal_top + eye_band)
        )
        centre_band = tol * house.centre_spread * crop_w
        ideal_left = centre_px - (0.5 + house.centre_offset) * crop_w
        left = _closest(
            ideal_left,
            max(0.0, ideal_left - centre_band),
            min(width - crop_w, ideal_left + centre_band),
        )
        if top is None or left is None:
            continue
        box_w, box_h = min(width, round(crop_w)), min(height, round(crop_h))
        return CropBox(
            left=min(max(0, round(left)), width - box_w),
            top=min(max(0, round(top)), height - box_h),
            width=box_w,
            height=box_h,
        )
    return None
