"""Demo headshots made from the real portraits that installed packages ship.

Bases: scikit-image's `astronaut()` (Eileen Collins) and matplotlib's `grace_hopper.jpg`. Each is
cut out once (GrabCut seeded by the detected face) and placed on a studio backdrop at a house
framing; on-style variants jitter the crop, mirror, and nudge colour and exposure; off-style
variants break one rule each, the way real team pages drift.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np
from PIL import Image

__all__ = ["DemoPhoto", "make_demo_photos"]

# House framing of the demo team: 4:5 portrait, head ~45% of the frame height, face centred.
FRAME_W, FRAME_H = 600, 750
HOUSE_FACE_SHARE = 0.34  # Haar face-box height / frame height
HOUSE_FACE_TOP = 0.22  # face-box top / frame height
BACKDROP_RGB = (214, 219, 226)  # light cool grey studio paper


@dataclass(frozen=True)
class DemoPhoto:
    """One demo photo: file name, encoded bytes, and the off-style rule it breaks (or None)."""

    filename: str
    data: bytes
    off_style: str | None  # the flag code the audit should raise, None = on-style


# OpenCV's generator starts at this state in a fresh thread (0 selects its default state):
# the demo photos stay those a fresh `headshot-audit demo` process has always made.
DEMO_GRABCUT_SEED = 0
AVERAGE_HEAD_UNITS = 1.45  # crown to chin in Haar face-box heights, a typical head


@dataclass(frozen=True)
class _Cutout:
    rgb: np.ndarray  # HxWx3 uint8
    alpha: np.ndarray  # HxW float32 0..1 (1 = person)
    face: tuple[int, int, int, int]  # x, y, w, h
    head_units: float  # crown (top of the hair) to the face box's bottom, in face-box heights


def _load_bases() -> list[np.ndarray]:
    from matplotlib import cbook
    from skimage import data

    with cbook.get_sample_data("grace_hopper.jpg") as fh:
        hopper = np.asarray(Image.open(fh).convert("RGB"))
    return [data.astronaut(), hopper]


def _detect_face(rgb: np.ndarray) -> tuple[int, int, int, int]:
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    faces = cascade.detectMultiScale(gray, 1.1, 5, minSize=(60, 60))
    x, y, w, h = max(faces, key=lambda f: f[2] * f[3])
    return int(x), int(y), int(w), int(h)


def _cut_out(rgb: np.ndarray) -> _Cutout:
    """Separate the person from the original background with GrabCut seeded by the face."""
    x, y, w, h = _detect_face(rgb)
    height, width = rgb.shape[:2]
    mask = np.full((height, width), cv2.GC_BGD, np.uint8)
    # Probable person: a head-and-shoulders region grown from the face box.
    head_top = max(0, y - int(0.6 * h))
    mask[head_top:, max(0, x - int(0.5 * w)) : min(width, x + int(1.5 * w))] = cv2.GC_PR_FGD
    mask[y + int(1.2 * h) :, max(0, x - int(1.6 * w)) : min(width, x + int(2.6 * w))] = (
        cv2.GC_PR_FGD
    )
    mask[y : y + h, x + w // 5 : x + w - w // 5] = cv2.GC_FGD
    # The neck below the face is the person too, even where it is as dark as the backdrop.
    mask[y + h : min(height, y + 2 * h), x + w // 4 : x + w - w // 4] = cv2.GC_FGD
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.grabCut(
        cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), mask, None, bgd, fgd, 5, cv2.GC_INIT_WITH_MASK
    )
    person = np.isin(mask, (cv2.GC_FGD, cv2.GC_PR_FGD)).astype(np.uint8)
    # Keep the face's connected part and any large part (the body can be separated from the
    # head by a dark collar); drop small specks of background GrabCut let through.
    count, labels, stats, _ = cv2.connectedComponentsWithStats(person)
    if count > 1:
        areas = stats[1:, cv2.CC_STAT_AREA]
        face_labels = set(np.unique(labels[y : y + h, x : x + w])) - {0}
        keep = [i + 1 for i, a in enumerate(areas) if a > 0.2 * areas.max() or i + 1 in face_labels]
        person = np.isin(labels, keep).astype(np.uint8)
    person = cv2.morphologyEx(person, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    alpha = cv2.GaussianBlur(person.astype(np.float32), (7, 7), 0)
    band = alpha[: y + h, x + w // 3 : x + w - w // 3] > 0.5
    tops = [int(np.argmax(col)) for col in band.T if col.any()]
    crown = float(np.median(tops)) if tops else y - 0.45 * h
    return _Cutout(rgb=rgb, alpha=alpha, face=(x, y, w, h), head_units=(y + h - crown) / h)


@cache
def _cutouts() -> tuple[_Cutout, ...]:
    # GrabCut draws from OpenCV's per-thread random generator: seeded, the cut-outs are the
    # same whatever OpenCV did before in this process (a test run's order changed them).
    cv2.setRNGSeed(DEMO_GRABCUT_SEED)
    return tuple(_cut_out(rgb) for rgb in _load_bases())


def _backdrop(rgb: tuple[int, int, int], size: tuple[int, int]) -> np.ndarray:
    """A studio backdrop: flat colour with a soft radial falloff, like lit seamless paper."""
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r = np.hypot((xx - w / 2) / w, (yy - h * 0.4) / h)
    falloff = 1.0 - 0.12 * np.clip(r, 0, 1)
    return np.clip(np.asarray(rgb, np.float32)[None, None, :] * falloff[..., None], 0, 255)


def _frame(
    cut: _Cutout,
    background: np.ndarray | None,
    face_share: float,
    face_top: float,
    shift_x: float = 0.0,
    original_background: bool = False,
) -> np.ndarray:
    """Place the person on a frame so the face box has the given size and top position."""
    x, y, w, h = cut.face
    # Framed by head height (top of the hair to the chin), as a photographer frames: the face
    # gets `face_share` when the head is of average height for its face (AVERAGE_HEAD_UNITS),
    # a little less under a big hairdo or a cap.
    scale = face_share * FRAME_H / h * AVERAGE_HEAD_UNITS / cut.head_units
    # Affine map from the source photo into the frame.
    tx = FRAME_W * (0.5 + shift_x) - scale * (x + w / 2)
    ty = FRAME_H * face_top - scale * y
    matrix = np.float32([[scale, 0, tx], [0, scale, ty]])
    size = (FRAME_W, FRAME_H)
    src = cut.rgb.astype(np.float32)
    person = cv2.warpAffine(
        src, matrix, size, flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE
    )
    if original_background:
        return np.clip(person, 0, 255).astype(np.uint8)
    alpha = cv2.warpAffine(cut.alpha, matrix, size, flags=cv2.INTER_LINEAR, borderValue=0.0)
    # Below the source photo's bottom edge the body continues out of frame: keep it opaque
    # there so loose crops don't show a floating torso.
    bottom = round(ty + scale * cut.rgb.shape[0])
    if bottom < FRAME_H:
        alpha[bottom:, :] = alpha[bottom - 1 : bottom, :]
        person[bottom:, :] = person[bottom - 1 : bottom, :]
    bg = background if background is not None else _backdrop(BACKDROP_RGB, size)
    out = alpha[..., None] * person + (1 - alpha[..., None]) * bg
    return np.clip(out, 0, 255).astype(np.uint8)


def _adjust(rgb: np.ndarray, exposure: float = 1.0, warmth: float = 0.0) -> np.ndarray:
    """Exposure multiplier and a small warm (+) / cool (-) white-balance shift."""
    out = rgb.astype(np.float32) * exposure
    out[..., 0] *= 1 + warmth
    out[..., 2] *= 1 - warmth
    return np.clip(out, 0, 255).astype(np.uint8)


def _jpeg(rgb: np.ndarray, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def _busy_background() -> np.ndarray:
    """A real cluttered scene (scikit-learn's sample photo) standing in for a busy office."""
    from sklearn.datasets import load_sample_image

    scene = load_sample_image("china.jpg")
    return cv2.resize(scene, (FRAME_W, FRAME_H), interpolation=cv2.INTER_AREA).astype(np.float32)


def make_demo_photos(count_on_style: int = 9, seed: int = 4) -> list[DemoPhoto]:
    """The demo team's photos: `count_on_style` on-style variants, then the off-style ones."""
    rng = np.random.default_rng(seed)
    cuts = _cutouts()
    photos: list[DemoPhoto] = []
    for i in range(count_on_style):
        cut = cuts[i % len(cuts)]
        rgb = _frame(
            cut,
            None,
            face_share=HOUSE_FACE_SHARE * rng.uniform(0.9, 1.1),
            face_top=HOUSE_FACE_TOP + rng.uniform(-0.03, 0.03),
            shift_x=rng.uniform(-0.06, 0.06),
        )
        if (i // 2) % 2 == 1:  # each base: two mirrored, two not
            rgb = rgb[:, ::-1].copy()
        rgb = _adjust(rgb, exposure=rng.uniform(0.95, 1.05), warmth=rng.uniform(-0.02, 0.02))
        photos.append(DemoPhoto(f"on-style-{i + 1:02d}.jpg", _jpeg(rgb), None))

    astronaut, hopper = cuts
    house = {"face_share": HOUSE_FACE_SHARE, "face_top": HOUSE_FACE_TOP}
    tight = _frame(hopper, None, face_share=0.78, face_top=0.08)
    loose = _frame(astronaut, None, face_share=0.16, face_top=0.25)
    dark = _adjust(_frame(astronaut, None, **house), exposure=0.32)
    mono = cv2.cvtColor(_frame(hopper, None, **house)[:, ::-1], cv2.COLOR_RGB2GRAY)
    tiny = cv2.resize(_frame(astronaut, None, **house)[:, ::-1], (96, 120), cv2.INTER_AREA)
    cast = _adjust(_frame(hopper, None, **house), warmth=0.35)
    busy = _frame(astronaut, _busy_background(), **house)
    teal = _frame(hopper, _backdrop((30, 150, 140), (FRAME_W, FRAME_H)), **house)
    photos += [
        DemoPhoto("tight-crop.jpg", _jpeg(tight), "crop_too_tight"),
        DemoPhoto("loose-crop.jpg", _jpeg(loose), "crop_too_loose"),
        DemoPhoto("underexposed.jpg", _jpeg(dark), "too_dark"),
        DemoPhoto("black-and-white.jpg", _jpeg(np.dstack([mono] * 3)), "color_mode_mismatch"),
        DemoPhoto("webcam-2012.jpg", _jpeg(tiny, quality=12), "low_resolution"),
        DemoPhoto("orange-cast.jpg", _jpeg(cast), "color_cast"),
        DemoPhoto("busy-background.jpg", _jpeg(busy), "background_busy"),
        DemoPhoto("teal-backdrop.jpg", _jpeg(teal), "background_color_mismatch"),
    ]
    return photos
