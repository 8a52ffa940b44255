"""Retouching: fine skin detail left relative to the face's sharp features."""

from __future__ import annotations

import numpy as np

from auditor.features.faces import Face
from auditor.features.geometry import FaceGeometry
from auditor.features.registry import measure
from auditor.features.retouch import skin_texture as _skin_texture

__all__: list[str] = []


@measure(
    id="retouch.skin_texture",
    unit="ratio",
    description="Fine detail left on the skin: the flattest quarter of fine detail on the cheeks "
    "and forehead (absolute difference from a blur at 1/48 of the inter-eye distance; clipped, "
    "shiny and far darker pixels such as a cap left out) over a reference from the same "
    "face: the eyes' and brows' median detail (weight 3/4) and the skin's own coarse "
    "shading (1/4), placed on the landmark eyes. "
    "Unretouched faces ~0.12–0.35; heavy smoothing roughly halves it or more while the "
    "eyes, and so the photo, stay sharp. Empty (not measurable) below 45 px between the eyes "
    "in the working copy, where the skin's fine detail is at the JPEG floor, and when the "
    "eyes are only guessed from the face box.",
    needs=("gray", "geometry", "face"),
    valid_range=(0, None),
)
def skin_texture(
    gray: np.ndarray, geometry: FaceGeometry | None, face: Face | None
) -> float | None:
    """Skin texture ratio."""
    if geometry is None:
        return None
    return _skin_texture(gray, geometry, face)
