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
    description="Texture left on the skin: the flattest quarter of texture on the cheeks "
    "and forehead (the luma's residual from its 3x3 median, root mean square over 3x3 "
    "pixels: steps and slopes, such as the terraces a beauty filter leaves, are not texture; "
    "clipped, shiny and far darker pixels such as a cap left out) over the eyes' and brows' "
    "median texture from the same face (what is far darker or brighter than the skin, such "
    "as glasses frames and their glints, left out), placed on the landmark eyes. "
    "Unretouched faces ~0.4-0.9; heavy smoothing leaves a third of it or less while the "
    "eyes, and so the photo, stay sharp. Empty (not measurable) below 40 px between the eyes "
    "in the working copy, where the skin's texture is at the JPEG floor, when a shine or a "
    "cap covers most of the skin, and when the eyes are only guessed from the face box.",
    needs=("rgb", "geometry", "face"),
    valid_range=(0, None),
)
def skin_texture(rgb: np.ndarray, geometry: FaceGeometry | None, face: Face | None) -> float | None:
    """Skin texture ratio."""
    if geometry is None:
        return None
    return _skin_texture(rgb, geometry, face)
