"""Expression: how much the person smiles and whether the eyes are open (canonical face view)."""

from __future__ import annotations

import cv2
import numpy as np

from auditor.features.expression import eye_aperture, eyes_open_score, smile_score
from auditor.features.face_frame import FaceFrame
from auditor.features.mouth import MouthEvidence, mouth_evidence
from auditor.features.registry import measure

__all__ = ["face_mouth"]


@measure(
    id="expression.smile",
    unit="0..1",
    description="How much the person smiles: 0 a closed neutral mouth, 1 a broad smile (teeth "
    "visible counts). A logistic score of the mouth's shape below the nose, each piece "
    "relative to the face's own skin: the width and upward curve of the lip line in "
    "inter-eye distances, how far below the nose it sits, the lips' width over their height "
    "and visible teeth. Compare photos within a team: the order is what it measures best. "
    "Empty when no eye was located (the mouth is found from the eyes and the nose).",
    needs=("canonical_face", "face_frame", "rgb"),
    valid_range=(0, 1),
)
def smile(
    canonical_face: np.ndarray | None, face_frame: FaceFrame | None, rgb: np.ndarray
) -> float | None:
    """Smile strength; empty when the eyes were not located (the mouth is placed from them)."""
    evidence = face_mouth(canonical_face, face_frame, rgb)
    return None if evidence is None else smile_score(evidence)


def face_mouth(
    canonical_face: np.ndarray | None, face_frame: FaceFrame | None, rgb: np.ndarray
) -> MouthEvidence | None:
    """The mouth evidence of the main face, or None when its eyes were only guessed."""
    if canonical_face is None or face_frame is None or face_frame.source == "box":
        return None
    redness = cv2.cvtColor(face_frame.canonical(rgb), cv2.COLOR_RGB2LAB)[..., 1]
    return mouth_evidence(canonical_face, redness, face_frame.canonical_nose)


@measure(
    id="expression.eyes_open",
    unit="0..1",
    description="Whether the eyes are open: 1 open, 0 closed, from the height of the dark band "
    "(iris, pupil, lashes) through each eye centre at half its contrast to the skin below "
    "(0.06 inter-eye distances or less = closed, 0.10 or more = open: the narrowest open "
    "eyes on the FRLL set read 0.10). Empty when no eye was located (a guess from the face "
    "box would misplace them).",
    needs=("canonical_face", "face_frame"),
    valid_range=(0, 1),
)
def eyes_open(canonical_face: np.ndarray | None, face_frame: FaceFrame | None) -> float | None:
    """Eyes open; empty when the eyes were not located (only guessed from the face box)."""
    if canonical_face is None or face_frame is None or face_frame.source == "box":
        return None
    aperture = eye_aperture(canonical_face)
    return None if aperture is None else eyes_open_score(aperture)
