"""Face detection: the coarse-to-fine pass finds what the full-size pass finds, cheaper; a false
face on a busy background does not win over the real one; a face larger than the frame is found."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import skimage.data
from PIL import Image

from auditor.features import faces
from auditor.features.decode import decode


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


# -- a false face on a busy background does not win over the real face -----------------------


def _gray(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)


def _first_pass_box(gray: np.ndarray, detect_size: int = 240) -> tuple[float, ...]:
    """The main box before the plausibility check: the largest distinct detection."""
    small, factor = faces._detection_copy(gray, detect_size)
    return tuple(v / factor for v in faces._distinct_faces(faces._search(small))[0])


def _box(face: faces.Face) -> tuple[float, ...]:
    return (face.x, face.y, face.w, face.h)


def _centre_inside(face: faces.Face, box: tuple[float, ...]) -> bool:
    cx, cy = face.x + face.w / 2, face.y + face.h / 2
    return box[0] <= cx <= box[0] + box[2] and box[1] <= cy <= box[1] + box[3]


@pytest.fixture(scope="module")
def fur_scene() -> np.ndarray:
    """skimage's cat at 512 px: the detection copy finds a confident false face in its fur."""
    return cv2.resize(skimage.data.chelsea(), (512, 341), interpolation=cv2.INTER_AREA)


def test_the_fur_scene_has_a_false_face_without_eyes(fur_scene):
    """The premise of the next test: the first pass picks a box on the fur, with no eye in it."""
    gray = _gray(fur_scene)
    box = _first_pass_box(gray)
    assert box[0] > 300 and box[1] > 200  # lower right: whiskers and fur, not the cat's eyes
    assert not faces._has_eyes(gray, box)


@pytest.mark.parametrize(("top", "left"), [(70, 330), (130, 330), (10, 250)])
def test_a_small_real_face_wins_over_a_false_face_in_a_busy_scene(fur_scene, hopper, top, left):
    """Grace Hopper's head, 60 px wide (too small for the detection copy), pasted on the cat."""
    head = cv2.resize(hopper[60:400, 110:400], (60, 70), interpolation=cv2.INTER_AREA)
    scene = fur_scene.copy()
    scene[top : top + 70, left : left + 60] = head
    found = faces.detect_faces(_gray(scene), 240)
    assert found
    assert _centre_inside(found[0], (left, top, 60, 70))
    assert found[0].w < 70  # the face itself, not a box around the head and the fur


def test_a_face_with_an_eye_gets_no_second_look(astronaut, hopper, monkeypatch):
    """Normal headshots pay nothing: the working-copy search runs only for eyeless boxes."""

    def second_look(*args):
        raise AssertionError("the second look ran on a headshot with visible eyes")

    monkeypatch.setattr(faces, "_second_look", second_look)
    monkeypatch.setattr(faces, "_padded_look", second_look)
    for photo in (astronaut, hopper):
        assert len(faces.detect_faces(_gray(photo), 240)) == 1


def test_without_a_plausible_alternative_the_box_stays(hopper):
    """A real face whose eyes are not found is never lost: Hopper with dark glasses (a band
    over the eyes) has no eye to find, gets the second look, and keeps her face box."""
    gray = _gray(hopper)
    face = faces.detect_faces(gray, 240)[0]
    top, bottom = int(face.y + 0.3 * face.h), int(face.y + 0.45 * face.h)
    gray[top:bottom, int(face.x + 0.1 * face.w) : int(face.x + 0.9 * face.w)] = 40
    box = _first_pass_box(gray)
    assert not faces._has_eyes(gray, box)  # the second look runs ...
    found = faces.detect_faces(gray, 240)
    assert len(found) == 1 and _box(found[0]) == box  # ... and keeps the face


def _corpus_gray(corpus_files, config, name: str) -> np.ndarray:
    path = next((p for p in corpus_files if f"{p.parent.name}/{p.name}" == name), None)
    if path is None:
        pytest.skip(f"{name} is not in ../shared/corpus")
    decoded = decode(path.read_bytes(), config.working_size, config.max_pixels)
    return _gray(decoded.rgb)


def test_the_man_wins_over_the_kite_mural(corpus_files, config):
    """18f-team/dave.jpg: the first pass finds only a false face on the mural behind him."""
    gray = _corpus_gray(corpus_files, config, "18f-team/dave.jpg")
    assert _first_pass_box(gray, config.detect_size)[1] > 300  # the mural, low on the right
    found = faces.detect_faces(gray, config.detect_size)
    # His face, by eye on the 512 px working copy: x 225-300, y 165-240.
    assert _centre_inside(found[0], (225, 165, 75, 75))
    assert len(found) == 1


# Real faces in which no eye is found (glasses, tilted heads, squints): they keep their box.
EYELESS_REAL_FACES = [
    "18f-team/ben.jpg",
    "18f-team/cm.jpg",
    "18f-team/david.jpg",
    "18f-team/mark-trammell.jpg",
    "18f-team/shawnique.jpg",
    "congress-gpo/M001171.jpg",
]


@pytest.mark.parametrize("name", EYELESS_REAL_FACES)
def test_real_faces_without_visible_eyes_keep_their_box(corpus_files, config, name):
    gray = _corpus_gray(corpus_files, config, name)
    box = _first_pass_box(gray, config.detect_size)
    assert not faces._has_eyes(gray, box)  # the second look runs ...
    assert _box(faces.detect_faces(gray, config.detect_size)[0]) == box  # ... and changes nothing


def test_a_tilted_head_is_found_past_the_false_box_on_her_lower_face(corpus_files, config):
    """18f-team/mhz.jpg: her head is tilted ~38°; the frontal cascade's only box is her smile
    (no eye in it). The turned search finds her face, with both eyes where they are by eye."""
    gray = _corpus_gray(corpus_files, config, "18f-team/mhz.jpg")
    box = _first_pass_box(gray, config.detect_size)
    assert not faces._has_eyes(gray, box)
    face = faces.detect_faces(gray, config.detect_size)[0]
    assert face.tilt_degrees != 0 and face.h > box[3]
    # Her eyes, by eye on the 250 px photo: image-left (95, 116), image-right (120, 97).
    (lx, ly), (rx, ry) = sorted(face.eyes)
    assert abs(lx - 95) < 6 and abs(ly - 116) < 6 and abs(rx - 120) < 6 and abs(ry - 97) < 6
    assert face.roll_degrees == pytest.approx(-38, abs=5)


# -- a face larger than the frame -----------------------------------------------------------


def _inside_frame(face: faces.Face, shape: tuple[int, ...]) -> bool:
    return (
        face.x >= 0 and face.y >= 0 and face.x + face.w <= shape[1] and face.y + face.h <= shape[0]
    )


def test_a_face_larger_than_the_frame_is_found(astronaut):
    """Collins' face cropped to 70% of its height (crown and chin cut), enlarged to 512 px."""
    face = faces.detect_faces(_gray(astronaut), 240)[0]
    side = round(0.7 * face.h)
    left, top = round(face.x + face.w / 2 - side / 2), round(face.y + 0.55 * face.h - side / 2)
    tight = cv2.resize(astronaut[top : top + side, left : left + side], (512, 512))
    found = faces.detect_faces(_gray(tight), 240)
    assert found
    assert found[0].h >= 0.8 * 512 and _centre_inside(found[0], (128, 128, 256, 256))
    assert found[0].eye_line_y is not None
    assert _inside_frame(found[0], (512, 512))  # clipped: the face regions are cut by it


@pytest.mark.parametrize(
    "name",
    ["congress-gpo/B001135.jpg", "congress-gpo/S000522.jpg", "18f-team/britta-gustafson.jpg"],
)
def test_a_portrait_cropped_to_its_middle_half_still_has_its_face(corpus_files, name):
    path = next((p for p in corpus_files if f"{p.parent.name}/{p.name}" == name), None)
    if path is None:
        pytest.skip(f"{name} is not in ../shared/corpus")
    rgb = np.asarray(Image.open(path).convert("RGB"))
    height, width = rgb.shape[:2]
    middle = rgb[height // 4 : height // 4 + height // 2, width // 4 : width // 4 + width // 2]
    gray = _gray(cv2.resize(middle, (width, height), interpolation=cv2.INTER_CUBIC))
    found = faces.detect_faces(gray, 240)
    assert found
    assert found[0].h >= 0.8 * min(height, width)
    assert _inside_frame(found[0], gray.shape)
