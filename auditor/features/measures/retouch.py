"""Retouching: fine skin detail left relative to the face's sharp features."""

from __future__ import annotations

import numpy as np

from auditor.features.face_frame import FaceFrame
from auditor.features.registry import measure
from auditor.features.retouch import skin_texture as _skin_texture

__all__: list[str] = []


@measure(
    id="retouch.skin_texture",
    unit="ratio",
    description="Fine detail left on the skin: the cheeks' fine detail over that of the eyes "
    "and brows (median absolute difference from a slight blur). Unretouched faces ~0.3–0.8; "
    "heavy smoothing drives it down while the eyes, and so the photo, stay sharp. Empty when "
    "no eye was located.",
    needs=("gray", "face_frame"),
    valid_range=(0, None),
)
def skin_texture(gray: np.ndarray, face_frame: FaceFrame | None) -> float | None:
    """Skin texture ratio."""
    if face_frame is None or face_frame.source == "box":
        return None
    return _skin_texture(gray, face_frame)
