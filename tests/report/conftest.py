"""Hand-built audit results for the report tests (Lighthouse style: artifacts made by hand).

The thumbnails are real: crops and edits of scikit-image's `astronaut()`, with the face box
found once by OpenCV's Haar detector on the original and carried through each crop, so the
re-crop preview is exercised on a real face. Features are simple numbers measured on those
thumbnails; flags are written the way the analysis stage writes them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np
import pytest
from PIL import Image
from skimage import data

from auditor.models import (
    AuditResult,
    ClusterSummary,
    Excluded,
    Flag,
    HttpInfo,
    MeasureInfo,
    Measurement,
    PageInfo,
    Person,
    PhotoResult,
    RunInfo,
    Severity,
    Status,
    TeamStyle,
)

SCRIPT_NAME = "<script>alert(1)</script>"
PAGE_URL = "http://127.0.0.1:8000/team.html"
THUMB_SIZE = (128, 160)

MEASURES: tuple[MeasureInfo, ...] = (
    MeasureInfo("crop.face_height_ratio", "ratio", "Face-box height / image height.", (0, 1)),
    MeasureInfo("crop.face_center_y", "ratio", "Face centre height / image height.", (0, 1)),
    MeasureInfo("lighting.luminance_mean", "L*", "Mean lightness of the photo.", (0, 100)),
    MeasureInfo("color.saturation", "0..1", "Mean HSV saturation.", (0, 1)),
    MeasureInfo("quality.width", "px", "Width of the original photo.", (1, None)),
)


@dataclass(frozen=True)
class Variant:
    """One hand-made photo: a crop box on the astronaut, an edit, and the expected flags."""

    key: str
    box: tuple[int, int, int, int]  # top, left, height, width in astronaut pixels
    edit: str = "none"
    flags: tuple[Flag, ...] = ()


@cache
def _astronaut_face() -> tuple[np.ndarray, tuple[int, int, int, int]]:
    image = data.astronaut()
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    faces = cascade.detectMultiScale(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), 1.1, 5)
    x, y, w, h = max(faces, key=lambda f: f[2] * f[3])
    return image, (int(x), int(y), int(w), int(h))


def _edit(rgb: np.ndarray, edit: str) -> np.ndarray:
    out = rgb.astype(np.float32)
    if edit == "dark":
        out = 255 * (out / 255) ** 2.4
    elif edit == "gray":
        out = np.repeat(out @ np.array([[0.299], [0.587], [0.114]], dtype=np.float32), 3, axis=2)
    elif edit == "warm":
        out = out * np.array([1.15, 1.0, 0.75], dtype=np.float32)
    elif edit == "mirror":
        out = out[:, ::-1]
    return np.clip(out, 0, 255).astype(np.uint8)


def make_photo(variant: Variant) -> tuple[bytes, tuple[float, float, float, float], dict]:
    """JPEG thumbnail, face box (fractions) and measured features of one variant."""
    image, (fx, fy, fw, fh) = _astronaut_face()
    top, left, height, width = variant.box
    crop = _edit(image[top : top + height, left : left + width], variant.edit)
    face_x = (fx - left) / width
    if variant.edit == "mirror":
        face_x = 1 - face_x - fw / width
    face_box = (face_x, (fy - top) / height, fw / width, fh / height)
    thumb = Image.fromarray(crop).resize(THUMB_SIZE, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    thumb.save(buffer, format="JPEG", quality=85)
    hsv = np.asarray(thumb.convert("HSV"), dtype=np.float32) / 255
    lab_l = float(np.asarray(thumb.convert("L"), dtype=np.float32).mean() / 255 * 100)
    features = {
        "crop.face_height_ratio": face_box[3],
        "crop.face_center_y": face_box[1] + face_box[3] / 2,
        "lighting.luminance_mean": lab_l,
        "color.saturation": float(hsv[..., 1].mean()),
        "quality.width": float(width),
    }
    return buffer.getvalue(), face_box, features


# House framing: 240x300 crops with the face at ~32% of the height (see _astronaut_face).
ON_STYLE_BOXES = [(2, 104), (6, 100), (0, 110), (4, 106), (2, 98), (8, 104)]
VARIANTS: tuple[Variant, ...] = (
    *(Variant(f"on{i}", (top, left, 300, 240)) for i, (top, left) in enumerate(ON_STYLE_BOXES)),
    Variant("mirror", (2, 104, 300, 240), "mirror"),
    Variant(
        "tight",
        (45, 156, 170, 136),
        flags=(
            Flag(
                "crop_too_tight",
                Severity.ERROR,
                "The face fills 56% of the frame height; the team's photos are 30–33%. "
                "Re-crop wider: show the shoulders.",
                "crop.face_height_ratio",
                0.56,
                0.32,
            ),
        ),
    ),
    Variant(
        "loose",
        (0, 19, 512, 410),
        flags=(
            Flag(
                "crop_too_loose",
                Severity.WARNING,
                "The face fills 19% of the frame height; the team's photos are 30–33%. "
                "Re-crop tighter: shoulders up.",
                "crop.face_height_ratio",
                0.19,
                0.32,
            ),
        ),
    ),
    Variant(
        "dark",
        (2, 104, 300, 240),
        "dark",
        flags=(
            Flag(
                "too_dark",
                Severity.ERROR,
                "Mean lightness is 18; the team's photos are around 45. Brighten the photo "
                "or retake it with more light on the face.",
                "lighting.luminance_mean",
                18.0,
                45.0,
            ),
        ),
    ),
    Variant(
        "gray",
        (2, 104, 300, 240),
        "gray",
        flags=(
            Flag(
                "color_mode_mismatch",
                Severity.WARNING,
                "This photo is black and white; the rest of the team is in colour. "
                "Use the colour original.",
                "color.saturation",
                0.0,
                0.35,
            ),
            Flag(
                "outdated",
                Severity.INFO,
                "This photo may be old: first seen 6 years ago. Consider a refresh.",
            ),
        ),
    ),
    Variant(
        "warm",
        (2, 104, 300, 240),
        "warm",
        flags=(
            Flag(
                "color_cast",
                Severity.INFO,
                "The photo has a warm (yellow) cast. Correct the white balance.",
                "color.saturation",
                0.5,
                0.35,
            ),
        ),
    ),
)
NAMES = {
    "on0": "Ada Lovelace",
    "on1": "Grace Hopper",
    "on2": 'Zoë O\'Brien & "Co"',
    "on3": "نور الهدى",
    "on4": "Katherine Johnson",
    "on5": "Emmy Noether",
    "mirror": "Mary Jackson",
    "tight": SCRIPT_NAME,
    "loose": "Alan Turing",
    "dark": "Dorothy Vaughan",
    "gray": "Hedy Lamarr",
    "warm": "Margaret Hamilton",
}


def build_result(*, with_changes: bool = True, extra: bool = True) -> AuditResult:
    """A 12-photo team plus one person without a photo and one whose download failed."""
    photos = []
    for index, variant in enumerate(VARIANTS):
        thumb, face_box, features = make_photo(variant)
        person = Person(
            id=f"p{index:02d}",
            name=NAMES[variant.key],
            title="Engineer" if index % 2 else "Designer <b>bold</b>",
            page_url=PAGE_URL,
            image_url=f"http://127.0.0.1:8000/photos/{variant.key}.jpg",
            photo=None,
            sha256=f"{index:064x}",
            http=HttpInfo(content_type="image/jpeg", last_modified=None, etag=f'"{index}"'),
        )
        measurement = Measurement(
            person_id=person.id,
            status=Status.OK,
            features=features,
            info={"background.hex": "#3b3f4a" if variant.key != "warm" else "#5a4a30"},
            thumbnail=thumb,
            face_box=face_box,
        )
        worst = max((f.severity.rank for f in variant.flags), default=-1)
        photos.append(
            PhotoResult(
                person=person,
                measurement=measurement,
                flags=variant.flags,
                scores={"outlier": 0.1 + 0.3 * (worst + 1), "outdated": 0.05},
                cluster=1 if variant.key in ("dark", "gray") else 0,
            )
        )
    if extra:
        missing = Person(id="p90", name="Nobody Photo", title="Intern", page_url=PAGE_URL)
        photos.append(PhotoResult(missing, Measurement(missing.id, Status.NO_PHOTO, features={})))
        failed = Person(
            id="p91",
            name="Broken <img src=x onerror=alert(2)>",
            page_url="javascript:alert(3)",
            image_url="http://127.0.0.1:8000/photos/missing.jpg",
            error="The server answered 404 Not Found for the photo.",
        )
        photos.append(
            PhotoResult(
                failed,
                Measurement(failed.id, Status.FAILED, error=failed.error, features={}),
            )
        )
        # NaN from a measure that broke must become null/empty, never "NaN" in JSON.
        first = photos[0]
        photos[0] = PhotoResult(
            first.person,
            Measurement(
                first.measurement.person_id,
                first.measurement.status,
                features={**first.measurement.features, "quality.width": float("nan")},
                info=first.measurement.info,
                thumbnail=first.measurement.thumbnail,
                face_box=first.measurement.face_box,
            ),
            first.flags,
            first.scores,
            first.cluster,
        )
    ok = [p for p in photos if p.status is Status.OK]
    team = TeamStyle(
        n_photos=len(ok),
        median={
            "crop.face_height_ratio": 0.317,
            "crop.face_center_y": 0.53,
            "lighting.luminance_mean": 45.0,
            "color.saturation": 0.35,
            "quality.width": 240.0,
        },
        spread={"crop.face_height_ratio": 0.02, "lighting.luminance_mean": 4.0},
        clusters=(
            ClusterSummary(
                0,
                10,
                True,
                "Dark studio backdrop, shoulders-up crop.",
                tuple(p.person.id for p in ok if p.cluster == 0),
            ),
            ClusterSummary(
                1,
                2,
                False,
                "2 photos share a different look: darker, less colourful.",
                tuple(p.person.id for p in ok if p.cluster == 1),
            ),
        ),
        notes=("Learned from 12 photos.",),
    )
    changes = (
        {
            "previous_run": "2026-11-18T03:00:00+00:00",
            "new_people": ["Margaret Hamilton"],
            "departed_people": ["Charles Babbage"],
            "changed_photos": [SCRIPT_NAME, "Grace Hopper"],
            "new_flags": [{"name": SCRIPT_NAME, "code": "crop_too_tight"}],
            # Grace's new photo fixed her flag; Emmy's photo is the same file, the team moved.
            "resolved_flags": [
                {"name": "Grace Hopper", "code": "blurry", "photo_changed": True},
                {"name": "Emmy Noether", "code": "off_center", "photo_changed": False},
            ],
            "trend": [
                {"started": "2026-11-11T03:00:00+00:00", "score": 62.5, "flagged": 6},
                {"started": "2026-11-18T03:00:00+00:00", "score": 66.7, "flagged": 5},
                {"started": "2026-11-25T03:00:00+00:00", "score": 70.8, "flagged": 5},
            ],
        }
        if with_changes
        else None
    )
    run = RunInfo(
        started="2026-11-25T03:00:00+00:00",
        finished="2026-11-25T03:00:09+00:00",
        sources=(PAGE_URL,),
        settings={"analysis": {"warning_z": 3.0}},
        pages=(PageInfo(PAGE_URL, 200, len(photos)),),
        excluded=(
            Excluded(
                text="Acme Logo",
                image_url="http://127.0.0.1:8000/clients/acme.svg",
                page_url=PAGE_URL,
                reason="the image is a logo",
            ),
        ),
    )
    return AuditResult(
        tool_name="headshot-audit",
        tool_version="0.1.0",
        run=run,
        team=team,
        photos=tuple(photos),
        changes=changes,
        score=72.4,
    )


@pytest.fixture(scope="session")
def audit_result() -> AuditResult:
    """The hand-built team (built once: the thumbnails are real images)."""
    return build_result()


@pytest.fixture(scope="session")
def result_factory() -> Callable[..., AuditResult]:
    """Build variants of the hand-built team (e.g. without changes)."""
    return build_result


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """The system Chromium, headless and offline, shared by one module's browser tests."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.report.chromium import CHROMIUM, CHROMIUM_ARGS

    if CHROMIUM is None:
        pytest.skip("no chromium on PATH")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
