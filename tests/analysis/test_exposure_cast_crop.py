"""Exposure, colour cast and tight crops judged the way a person would, on real portraits.

The demo team is built from the portraits installed packages ship (scikit-image's astronaut,
matplotlib's Grace Hopper); each test edits one of its on-style photos the way real pages go
wrong and checks which flag the analysis raises, and which it must not raise.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
import skimage.data
from PIL import Image

from auditor.analysis import analyse
from auditor.config import AnalysisConfig, FeaturesConfig
from auditor.demo.photos import make_demo_photos
from auditor.features import measure_photo
from auditor.features.context import PhotoContext
from auditor.features.decode import decode
from auditor.models import Person, Status

SERIOUS = {"warning", "error"}


def _jpeg(rgb: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=92)
    return buf.getvalue()


def _rgb(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), np.float32)


def _measured(person_id: str, data: bytes):
    person = Person(id=person_id, name=person_id, photo=data, sha256=person_id)
    return person, measure_photo(data, FeaturesConfig(), person_id=person_id)


@pytest.fixture(scope="module")
def demo():
    """The demo photos and the on-style ones measured (the team every test starts from)."""
    photos = make_demo_photos(count_on_style=8)
    on_style = [_measured(f"on{i}", p.data) for i, p in enumerate(photos) if not p.off_style]
    return photos, on_style


def _flags(team, extra) -> dict[str, set[str]]:
    pairs = [*team, *extra]
    result = analyse([p for p, _ in pairs], [m for _, m in pairs], AnalysisConfig())
    return {
        p.person.id: {f.code for f in p.flags if f.severity.value in SERIOUS} for p in result.photos
    }


def _person_mask(measurement, shape) -> np.ndarray:
    """1 inside a generous head-and-shoulders region around the detected face, else 0."""
    h, w = shape[:2]
    x, y, bw, bh = measurement.face_box
    cx, cy, fw, fh = (x + bw / 2) * w, (y + bh / 2) * h, bw * w, bh * h
    mask = np.zeros((h, w), np.float32)
    cv2.ellipse(mask, (int(cx), int(cy)), (int(0.9 * fw), int(1.2 * fh)), 0, 0, 360, 1.0, -1)
    cv2.rectangle(mask, (int(cx - 1.6 * fw), int(cy + 0.8 * fh)), (int(cx + 1.6 * fw), h), 1.0, -1)
    return cv2.GaussianBlur(mask, (0, 0), 5)[..., None]


def _segmented_person(data: bytes, shape) -> np.ndarray:
    """The features stage's own person mask of a photo (soft-edged), at the photo's size.

    A scene pasted outside it replaces every backdrop pixel; pasted outside a geometric region
    around the face it would leave a halo of the plain backdrop that the background measures
    (on the segmented background) rightly count as plain.
    """
    config = FeaturesConfig()
    ctx = PhotoContext(decode(data, config.working_size, config.max_pixels), 240, None)
    person = ctx.person_mask.astype(np.float32)
    person = cv2.resize(person, (shape[1], shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.GaussianBlur(person, (0, 0), 1.5)[..., None]


def test_an_underexposed_photo_is_too_dark_but_a_dark_backdrop_alone_is_not(demo):
    photos, team = demo
    base = photos[0].data
    source = _rgb(base)
    underexposed = _jpeg(255 * (source / 255) ** 2.2 * 0.6)
    mask = _person_mask(team[0][1], source.shape)
    dark_backdrop = _jpeg(mask * source + (1 - mask) * source * 0.15)
    flags = _flags(
        team[1:], [_measured("underexposed", underexposed), _measured("backdrop", dark_backdrop)]
    )
    assert "too_dark" in flags["underexposed"]
    assert "too_dark" not in flags["backdrop"], flags["backdrop"]


def test_an_overexposed_photo_is_too_bright(demo):
    photos, team = demo
    burnt = _jpeg(255 * (_rgb(photos[1].data) / 255) ** 0.4 * 1.2)
    assert "too_bright" in _flags(team[2:], [_measured("burnt", burnt)])["burnt"]


def test_a_dark_photo_without_a_detectable_face_is_judged_on_the_whole_frame(demo):
    """Upside down, the cascade finds no face: exposure falls back to the whole photo."""
    photos, team = demo
    upside_down = _rgb(photos[0].data)[::-1]
    dark = _measured("dark", _jpeg(255 * (upside_down / 255) ** 2.2 * 0.5))
    assert dark[1].status is Status.NO_FACE
    flags = _flags(team[1:], [dark])["dark"]
    assert {"no_face", "too_dark"} <= flags, flags


def test_a_white_balance_error_is_a_cast_and_a_coloured_backdrop_alone_is_not(demo):
    photos, team = demo
    source = _rgb(photos[2].data)
    warm = _jpeg(source * np.array([1.25, 1.0, 0.62]))
    mask = _person_mask(team[2][1], source.shape)
    teal = mask * source + (1 - mask) * np.array([30.0, 150.0, 140.0])
    flags = _flags(
        [p for i, p in enumerate(team) if i != 2],
        [_measured("warm", warm), _measured("teal", _jpeg(teal))],
    )
    assert "color_cast" in flags["warm"]
    assert "color_cast" not in flags["teal"], flags["teal"]
    assert "background_color_mismatch" in flags["teal"]


def test_a_team_cropped_passport_tight_is_its_own_house_style_and_the_report_says_so(demo):
    """The tight-crop limit is a style limit: when the whole team is beyond it (face-filling
    avatars), that is the house style. The analysis says so once, flags no photo for it, and
    still finds the photo that does not match the team's own look."""
    photos, team = demo
    tight = []
    on_style = [p for p in photos if not p.off_style]
    for (person, measurement), photo in zip(team, on_style, strict=True):
        rgb = _rgb(photo.data)
        h, w = rgb.shape[:2]
        x, y, bw, bh = measurement.face_box  # the face box itself: brows to chin fill the frame
        box = rgb[int(y * h) : int((y + bh) * h), int(x * w) : int((x + bw) * w)]
        crop = cv2.resize(box, (w, h), interpolation=cv2.INTER_LINEAR)
        tight.append(_measured(f"tight-{person.id}", _jpeg(crop)))
    measured = [p.id for p, m in tight if m.status is Status.OK]
    assert len(measured) >= 6
    pairs = [*tight, team[0]]
    result = analyse([p for p, _ in pairs], [m for _, m in pairs], AnalysisConfig())
    flags = {p.person.id: {f.code for f in p.flags} for p in result.photos}
    assert not any("crop_too_tight" in flags[pid] for pid in measured), flags
    assert any(n.startswith("Cropped too tight: most of the team") for n in result.team.notes)
    assert "crop_too_loose" in flags[team[0][0].id]  # the usual framing is the odd one out here
    # In an ordinary team the same crop is still too tight.
    assert "crop_too_tight" in _flags(team[1:], [tight[0]])[tight[0][0].id]


def test_a_team_shot_entirely_before_busy_scenes_keeps_it_as_its_house_style(demo):
    """The busy-backdrop limit is a style limit too: a page whose every photo stands before a
    busy scene is not flagged photo by photo; the analysis says so once. The same scene behind
    one photo of an ordinary team is still busy."""
    photos, team = demo
    scene = np.dstack([skimage.data.grass()] * 3).astype(np.float32)  # a real lawn, close up
    busy = []
    for (person, _measurement), photo in zip(
        team, [p for p in photos if not p.off_style], strict=True
    ):
        source = _rgb(photo.data)
        backdrop = cv2.resize(scene, (source.shape[1], source.shape[0]))
        mask = _segmented_person(photo.data, source.shape)  # the scene replaces all backdrop
        busy.append(_measured(f"busy-{person.id}", _jpeg(mask * source + (1 - mask) * backdrop)))
    result = analyse([p for p, _ in busy], [m for _, m in busy], AnalysisConfig())
    clutter = [m.features["background.clutter_pct"] for _, m in busy]
    assert sorted(clutter)[len(clutter) // 2] > 20, clutter  # the team median is beyond it
    assert not any(f.code == "background_busy" for p in result.photos for f in p.flags)
    assert any(n.startswith("Busy background: most of the team") for n in result.team.notes)
    assert "background_busy" in _flags(team[1:], [busy[0]])[busy[0][0].id]
