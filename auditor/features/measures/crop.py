"""Framing and pose: how big the head is, where it sits and which way it turns.

Every crop measure reads the landmark geometry (`auditor.features.geometry`): eye centres and
nose from the landmark model, the chin from the landmarks or the shadow under the jaw, the
crown and shoulders from the person segmentation. Only `crop.face_height_ratio` is still the
Haar box (the report's re-crop uses that box).
"""

from __future__ import annotations

import numpy as np

from auditor.features.faces import Face
from auditor.features.geometry import FaceGeometry
from auditor.features.registry import measure

__all__: list[str] = []


@measure(
    id="face.count",
    unit="faces",
    description="Number of faces found (Haar frontal cascade; boxes under half the main "
    "face's height are ignored as false positives).",
    needs=("faces",),
    valid_range=(0, None),
)
def face_count(faces: list[Face]) -> float:
    """Number of faces."""
    return float(len(faces))


@measure(
    id="face.inter_eye_px",
    unit="px",
    description="Distance between the eye centres (landmarks) in original-image pixels: the "
    "face's resolution (ISO/IEC 19794-5 asks for at least 60 px for passports; a team page "
    "shown at 200-300 px wants ~40+).",
    needs=("geometry", "scale"),
    valid_range=(0, None),
)
def inter_eye_px(geometry: FaceGeometry | None, scale: float) -> float | None:
    """Inter-eye distance."""
    return None if geometry is None else geometry.inter_eye_px / scale


@measure(
    id="crop.face_height_ratio",
    unit="ratio",
    description="Height of the detected face box (Haar, roughly brows to chin) / image height.",
    needs=("face", "gray"),
    valid_range=(0, 1.5),
)
def face_height_ratio(face: Face | None, gray: np.ndarray) -> float | None:
    """Face-box height share."""
    return None if face is None else face.h / gray.shape[0]


@measure(
    id="crop.head_height_ratio",
    unit="ratio",
    description="Share of the frame height the head fills: the crown (top of the head's outline "
    "with its hair; a tall bun or top-knot reaching more than 2.4 inter-eye distances above the "
    "eyes is left out) or the top edge, when the head is cut off, to the bottom of the "
    "chin / image height. The crown comes from the person segmentation, the chin from the "
    "landmarks or the shadow under the jaw. ICAO passport photos: 0.70–0.80 (crown to chin, "
    "ICAO's crown ignoring the hair, so ours reads a little larger); shoulders-up team "
    "headshots typically 0.35–0.65.",
    needs=("geometry", "gray"),
    valid_range=(0, 2),
)
def head_height_ratio(geometry: FaceGeometry | None, gray: np.ndarray) -> float | None:
    """Head height share (of the visible head: a cut-off crown counts at the top edge, so the
    value rests on the chin and the frame, not on an estimate above it)."""
    if geometry is None:
        return None
    return (geometry.chin[1] - max(0.0, geometry.crown_y)) / gray.shape[0]


@measure(
    id="crop.face_center_x_offset",
    unit="ratio",
    description="Horizontal position of the midpoint between the eyes minus the frame centre, "
    "as a share of the image width (-0.5..0.5, + = right).",
    needs=("geometry", "gray"),
    valid_range=(-0.5, 0.5),
)
def face_center_x_offset(geometry: FaceGeometry | None, gray: np.ndarray) -> float | None:
    """Horizontal offset."""
    return None if geometry is None else geometry.eye_mid[0] / gray.shape[1] - 0.5


@measure(
    id="crop.face_center_y_offset",
    unit="ratio",
    description="Vertical position of the face's centre (midway between the eye line and the "
    "chin) minus the frame centre, as a share of the image height (-0.5..0.5, + = down).",
    needs=("geometry", "gray"),
    valid_range=(-0.5, 0.5),
)
def face_center_y_offset(geometry: FaceGeometry | None, gray: np.ndarray) -> float | None:
    """Vertical offset."""
    if geometry is None:
        return None
    return (geometry.eye_line_y + geometry.chin[1]) / 2 / gray.shape[0] - 0.5


@measure(
    id="crop.eye_line_ratio",
    unit="ratio",
    description="Eye line (mean y of the landmark eye centres) distance from the top / image "
    "height. The rule of thumb puts it near the upper third (0.33–0.45).",
    needs=("geometry", "gray"),
    valid_range=(-0.5, 1.5),
)
def eye_line_ratio(geometry: FaceGeometry | None, gray: np.ndarray) -> float | None:
    """Eye-line height."""
    return None if geometry is None else geometry.eye_line_y / gray.shape[0]


@measure(
    id="crop.headroom_ratio",
    unit="ratio",
    description="Space between the crown (top of the head's outline with its hair, from the "
    "person segmentation; a tall bun or top-knot reaching more than 2.4 inter-eye distances "
    "above the eyes is left out) and the top edge / image height; negative when the head is "
    "cut off (then estimated from the eyes).",
    needs=("geometry", "gray"),
    valid_range=(-1, 1),
)
def headroom_ratio(geometry: FaceGeometry | None, gray: np.ndarray) -> float | None:
    """Space above the head."""
    return None if geometry is None else geometry.crown_y / gray.shape[0]


@measure(
    id="crop.roll_degrees",
    unit="degrees",
    description="Head roll: angle of the line through the landmark eye centres (0 = level, "
    "+ = clockwise in the image, i.e. the eye on the image's right is lower).",
    needs=("geometry",),
    valid_range=(-45, 45),
)
def roll_degrees(geometry: FaceGeometry | None) -> float | None:
    """Head tilt."""
    return None if geometry is None else geometry.roll_degrees


@measure(
    id="crop.shoulders_in_frame_ratio",
    unit="ratio",
    description="Frame height below the chin, in head heights (0 = chin at the bottom edge; "
    "~0.4 = shoulders-up; 1.5+ = chest or waist-up).",
    needs=("geometry", "gray"),
    valid_range=(-1, None),
)
def shoulders_in_frame(geometry: FaceGeometry | None, gray: np.ndarray) -> float | None:
    """How much of the body is below the chin."""
    if geometry is None or geometry.head_height_px <= 0:
        return None
    return (gray.shape[0] - geometry.chin[1]) / geometry.head_height_px


@measure(
    id="pose.yaw_degrees",
    unit="degrees",
    description="Head yaw from the nose's offset between the eyes (0 = facing the camera, + = "
    "the nose points to the image's right, the person turning to their own left). Empty "
    "without a landmark model.",
    needs=("geometry",),
    valid_range=(-60, 60),
)
def yaw_degrees(geometry: FaceGeometry | None) -> float | None:
    """Head turn."""
    if geometry is None or geometry.landmark_model == "haar":
        return None
    return geometry.yaw_degrees


@measure(
    id="pose.pitch_degrees",
    unit="degrees",
    description="Head pitch from the nose's drop below the eye line (0 = level, + = chin up, "
    "- = chin down). Rough (±10°): people's noses differ. Empty without a landmark model.",
    needs=("geometry",),
    valid_range=(-60, 60),
)
def pitch_degrees(geometry: FaceGeometry | None) -> float | None:
    """Head nod."""
    if geometry is None or geometry.landmark_model == "haar":
        return None
    return geometry.pitch_degrees
