"""Framing: how big the head is and where it sits (ICAO / ISO 19794-5 and OFIQ geometry)."""

from __future__ import annotations

import numpy as np

from auditor.features.context import CHIN_BELOW_BOX, CROWN_ABOVE_BOX, EYE_LINE_IN_BOX
from auditor.features.faces import Face
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
    id="crop.face_height_ratio",
    unit="ratio",
    description="Height of the detected face box / image height.",
    needs=("face", "gray"),
    valid_range=(0, 1.5),
)
def face_height_ratio(face: Face | None, gray: np.ndarray) -> float | None:
    """Face-box height share."""
    return None if face is None else face.h / gray.shape[0]


@measure(
    id="crop.head_height_ratio",
    unit="ratio",
    description="Estimated head height (top of the head to chin, from the face box: top 0.30 "
    "box heights above it, chin at its bottom edge) / image height. ICAO passport photos: "
    "0.70–0.80; typical shoulders-up team headshots: 0.35–0.60.",
    needs=("face", "gray"),
    valid_range=(0, 2),
)
def head_height_ratio(face: Face | None, gray: np.ndarray) -> float | None:
    """Head height share."""
    if face is None:
        return None
    return face.h * (1 + CROWN_ABOVE_BOX + CHIN_BELOW_BOX) / gray.shape[0]


@measure(
    id="crop.face_center_x_offset",
    unit="ratio",
    description="Horizontal face-centre position minus the frame centre, as a share of the "
    "image width (-0.5..0.5, + = right).",
    needs=("face", "gray"),
    valid_range=(-0.5, 0.5),
)
def face_center_x_offset(face: Face | None, gray: np.ndarray) -> float | None:
    """Horizontal offset."""
    return None if face is None else (face.x + face.w / 2) / gray.shape[1] - 0.5


@measure(
    id="crop.face_center_y_offset",
    unit="ratio",
    description="Vertical face-centre position minus the frame centre, as a share of the "
    "image height (-0.5..0.5, + = down).",
    needs=("face", "gray"),
    valid_range=(-0.5, 0.5),
)
def face_center_y_offset(face: Face | None, gray: np.ndarray) -> float | None:
    """Vertical offset."""
    return None if face is None else (face.y + face.h / 2) / gray.shape[0] - 0.5


@measure(
    id="crop.eye_line_ratio",
    unit="ratio",
    description="Eye line distance from the top / image height (from eye detections, else "
    "38% down the face box). The rule of thumb puts it near the upper third (0.33–0.45).",
    needs=("face", "gray"),
    valid_range=(-0.5, 1.5),
)
def eye_line_ratio(face: Face | None, gray: np.ndarray) -> float | None:
    """Eye-line height."""
    if face is None:
        return None
    eye_y = face.eye_line_y if face.eye_line_y is not None else face.y + EYE_LINE_IN_BOX * face.h
    return eye_y / gray.shape[0]


@measure(
    id="crop.headroom_ratio",
    unit="ratio",
    description="Estimated crown-to-top-edge distance / image height; negative when the top "
    "of the head is cut off.",
    needs=("face", "gray"),
    valid_range=(-1, 1),
)
def headroom_ratio(face: Face | None, gray: np.ndarray) -> float | None:
    """Space above the head."""
    return None if face is None else (face.y - CROWN_ABOVE_BOX * face.h) / gray.shape[0]


@measure(
    id="crop.roll_degrees",
    unit="degrees",
    description="Head roll from the line through both eye centres (0 = level); only when both "
    "eyes are detected.",
    needs=("face",),
    valid_range=(-45, 45),
)
def roll_degrees(face: Face | None) -> float | None:
    """Head tilt."""
    return None if face is None else face.roll_degrees


@measure(
    id="crop.shoulders_in_frame_ratio",
    unit="ratio",
    description="Frame height below the chin, in face-box heights (0 = chin at the bottom edge; "
    "about 1 = shoulders visible; 3+ = chest or waist-up).",
    needs=("face", "gray"),
    valid_range=(-1, None),
)
def shoulders_in_frame(face: Face | None, gray: np.ndarray) -> float | None:
    """How much of the body is below the chin."""
    if face is None:
        return None
    chin = face.y + (1 + CHIN_BELOW_BOX) * face.h
    return (gray.shape[0] - chin) / face.h
