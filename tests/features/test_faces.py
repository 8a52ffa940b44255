"""Face detection: the coarse-to-fine pass finds what the full-size pass finds, cheaper."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from auditor.features import faces


def _detect_copy(rgb: np.ndarray, size: int = 240) -> np.ndarray:
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    factor = size / max(gray.shape)
    dims = (round(gray.shape[1] * factor), round(gray.shape[0] * factor))
    return cv2.resize(gray, dims, interpolation=cv2.INTER_AREA)


def _full_pass(small: np.ndarray) -> list[faces.Box]:
    min_side = max(20, int(faces.MIN_FACE_SHARE * min(small.shape)))
    return faces._distinct_faces(
        faces._boxes("haarcascade_frontalface_default.xml", small, min_side)
    )


# Headshot framings (face 25-50% of the frame height): the coarse pass must see these.
FRAMINGS = [
    ("hopper", 1.0),
    ("hopper", 0.8),
    ("hopper", 0.65),
    ("astronaut", 0.8),
    ("astronaut", 0.65),
]


@pytest.mark.parametrize(("name", "crop"), FRAMINGS)
def test_coarse_to_fine_box_matches_the_full_size_pass(astronaut, hopper, name, crop):
    photo = {"astronaut": astronaut, "hopper": hopper}[name]
    height, width = photo.shape[:2]
    left = (width - int(width * crop)) // 2
    cut = photo[: int(height * crop), left : left + int(width * crop)]
    small = _detect_copy(np.ascontiguousarray(cut))
    full = _full_pass(small)
    fast = faces._distinct_faces(faces._coarse_to_fine(small))
    assert len(fast) == len(full) == 1
    (fx, fy, fw, _), (x, y, w, _) = fast[0], full[0]
    # Within 8% of the face width: the spread of the full pass itself on near-identical crops.
    assert max(abs(fx - x), abs(fy - y), abs(fw - w)) <= 0.08 * w


def test_a_smaller_face_falls_back_to_the_full_pass(astronaut):
    """Collins' face is ~20% of the frame: too small for the coarse copy, found all the same."""
    small = _detect_copy(astronaut)
    assert faces._coarse_to_fine(small) == []
    assert [f for f in faces.detect_faces(cv2.cvtColor(astronaut, cv2.COLOR_RGB2GRAY), 240)]


def test_a_small_face_the_coarse_pass_cannot_see_is_still_found(hopper):
    """A waist-up framing: the face is ~12% of the frame, below the coarse copy's window."""
    canvas = np.full((hopper.shape[0] * 3, hopper.shape[1] * 3, 3), 200, np.uint8)
    canvas[: hopper.shape[0], hopper.shape[1] : 2 * hopper.shape[1]] = hopper
    small = _detect_copy(canvas)
    assert faces._coarse_to_fine(small) == []
    found = faces.detect_faces(cv2.cvtColor(canvas, cv2.COLOR_RGB2GRAY), 240)
    assert len(found) == 1
    assert found[0].x > canvas.shape[1] / 3  # on Hopper, not on the grey
