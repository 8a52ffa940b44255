"""Facial landmarks from dlib's shape predictors, fitted inside the Haar face box.

Models come from registry packages only and are loaded once per process (`functools.cache`):

- **dlib-5** (default): `shape_predictor_5_face_landmarks.dat` from the
  `face_recognition_models` package, run by `dlib-bin`. Trained on dlib's own 5-point dataset,
  released CC0 (public domain), so usable commercially. Gives both corners of each eye and the
  bottom of the nose (about 1 ms per face).
- **dlib-68** (opt-in, non-commercial): `shape_predictor_68_face_landmarks.dat` from the same
  package. It adds the mouth corners, the chin and the jaw outline, but it was trained on
  iBUG 300-W, whose licence excludes commercial use: dlib's author asks that it is not used in
  a commercial product. Chosen only with `features.landmarks = "dlib-68"`.

Without dlib (an unsupported platform) `fit_landmarks` returns None and the geometry falls back
to the Haar eyes and box (`auditor.features.geometry`).
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np

from auditor.features.upright import Upright

__all__ = ["LandmarkModel", "Landmarks", "Point", "fit_landmarks", "landmarks_available"]

Point = tuple[float, float]
LandmarkModel = Literal["dlib-5", "dlib-68", "none"]

# Model files inside the face_recognition_models package (CC0). Found by the package's
# location, not by importing it: its __init__ imports pkg_resources, ~0.3-0.7 s of CPU in every
# process that loads a model (the pool's forkserver, and the fixes stage's main process).
_MODEL_FILES = {
    "dlib-5": "shape_predictor_5_face_landmarks.dat",
    "dlib-68": "shape_predictor_68_face_landmarks.dat",
}
_MODEL_PACKAGE = "face_recognition_models"


def _mirror_68() -> list[int]:
    """For each iBUG 68 point, the index of its mirror image (left and right swapped)."""
    pairs = [(i, 16 - i) for i in range(17)]  # jaw
    pairs += [(17 + i, 26 - i) for i in range(5)]  # brows
    pairs += [(27 + i, 27 + i) for i in range(4)]  # nose bridge
    pairs += [(31 + i, 35 - i) for i in range(5)]  # nose bottom
    pairs += [(36, 45), (37, 44), (38, 43), (39, 42), (40, 47), (41, 46)]  # eyes
    pairs += [(48 + i, 54 - i) for i in range(7)]  # outer lips, top
    pairs += [(55 + i, 59 - i) for i in range(5)]  # outer lips, bottom
    pairs += [(60 + i, 64 - i) for i in range(5)]  # inner lips, top
    pairs += [(65, 67), (66, 66)]  # inner lips, bottom
    mirror = list(range(68))
    for a, b in pairs:
        mirror[a], mirror[b] = b, a
    return mirror


# dlib-5: 0-1 and 2-3 are the two eyes' corners (outer, inner), 4 the nose.
_MIRROR = {"dlib-5": [2, 3, 0, 1, 4], "dlib-68": _mirror_68()}


# Each eye's points (image-left eye first, by model index), for the refit box.
_EYES = {
    "dlib-5": (np.array([0, 1]), np.array([2, 3])),
    "dlib-68": (np.arange(36, 42), np.arange(42, 48)),
}
# The refit box: its centre REFIT_BOX[0] inter-eye distances below the eyes' midpoint, its
# side REFIT_BOX[1] of them (medians over the 158 GPO and 18F faces of ../shared/corpus).
REFIT_BOX = (0.27, 2.8)
# A face whose first fit rolls more than this is refitted on a copy turned level (see
# `auditor.features.upright`): the predictors were trained on upright faces and drift off a
# head tilted 25-40° (`astronaut()` turned 25° / 40° read 3° short of the turned roll without
# it, 0.4° with it). Within it the upright fit is as good (frll copies turned ±12°: roll within
# 0.2°), so most headshots pay nothing and keep their pose.
LEVEL_REFIT_DEGREES = 15.0


def _symmetric_fit(
    predictor: object, gray: np.ndarray, box: tuple[float, float, float, float], model: str
) -> np.ndarray:
    """The fit on the photo averaged with the mirrored fit on its mirror image.

    The predictor is not mirror-symmetric: on a mirrored photo its nose sits a few pixels off
    the mirror of the first fit. Averaging removes that bias (and halves the jitter), so a
    mirrored photo reads as the same head turned the other way.
    """
    import dlib

    x, y, w, h = box
    width = gray.shape[1]
    rect = dlib.rectangle(round(x), round(y), round(x + w), round(y + h))
    flipped_rect = dlib.rectangle(round(width - x - w), round(y), round(width - x), round(y + h))
    pts = _points(predictor(np.ascontiguousarray(gray), rect))  # type: ignore[operator]
    mirror = np.ascontiguousarray(gray[:, ::-1])
    flipped = _points(predictor(mirror, flipped_rect))  # type: ignore[operator]
    flipped[:, 0] = width - 1 - flipped[:, 0]
    return (pts + flipped[_MIRROR[model]]) / 2


@dataclass(frozen=True)
class Landmarks:
    """Landmarks of one face in working-copy pixels; "left"/"right" as seen in the image."""

    model: str
    eye_left: Point  # centre of the eye on the image's left (midpoint of its two corners)
    eye_right: Point
    # Outer left, inner left, inner right, outer right.
    eye_corners: tuple[Point, Point, Point, Point]
    nose: Point  # bottom of the nose (where it meets the upper lip)
    mouth_left: Point | None = None  # dlib-68 only
    mouth_right: Point | None = None
    chin: Point | None = None  # bottom centre of the chin, dlib-68 only
    outline: tuple[Point, ...] = ()  # jaw line ear to ear, dlib-68 only


@cache
def _predictor(model: str) -> object | None:
    """The dlib shape predictor for `model`, loaded once per process; None without dlib."""
    try:
        import dlib
    except ImportError:
        return None
    path = _model_path(_MODEL_FILES[model])
    return None if path is None else dlib.shape_predictor(str(path))


def _model_path(name: str) -> Path | None:
    """Where the model package keeps `name`, or None when the package is not installed."""
    spec = importlib.util.find_spec(_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "models" / name
        if path.is_file():
            return path
    return None


def landmarks_available(model: LandmarkModel = "dlib-5") -> bool:
    """Whether `model` can run here (dlib and the model package installed)."""
    return model != "none" and _predictor(model) is not None


def _points(shape: object) -> np.ndarray:
    return np.array([(p.x, p.y) for p in shape.parts()], np.float64)  # type: ignore[attr-defined]


def _pt(xy: np.ndarray) -> Point:
    return float(xy[0]), float(xy[1])


def _fit_turned(
    predictor: object,
    gray: np.ndarray,
    box: tuple[float, float, float, float],
    model: str,
    tilt_degrees: float,
) -> np.ndarray:
    """The symmetric fit in `box` of the photo turned by `tilt_degrees` about the box centre
    (the box is upright in the turned copy), in the photo's pixels."""
    if not tilt_degrees:
        return _symmetric_fit(predictor, gray, box, model)
    x, y, w, h = box
    turned = Upright(gray, (x + w / 2, y + h / 2), tilt_degrees)
    return turned.to_photo(_symmetric_fit(predictor, turned.image, box, model))


def _eye_centres(pts: np.ndarray, model: str) -> tuple[np.ndarray, np.ndarray]:
    """The two eyes' centres of a fit, image-left first."""
    first, second = (pts[index].mean(axis=0) for index in _EYES[model])
    return (first, second) if first[0] <= second[0] else (second, first)


def fit_landmarks(
    gray: np.ndarray,
    box: tuple[float, float, float, float],
    model: LandmarkModel = "dlib-5",
    tilt_degrees: float = 0.0,
) -> Landmarks | None:
    """Landmarks of the face in `box` (x, y, w, h, working-copy pixels), or None without dlib.

    `tilt_degrees` is the turn under which the box is upright (`Face.tilt_degrees`): a box
    found on a turned copy of the photo is fitted on that copy.
    """
    predictor = _predictor(model) if model != "none" else None
    if predictor is None:
        return None
    pts = _fit_turned(predictor, gray, box, model, tilt_degrees)
    # The fit leans on where the detector's box sits (a box a few pixels to one side pulls
    # the nose that way: ~5 degrees of yaw). A second fit in a box placed by the first fit's
    # own eyes (REFIT_BOX, the median Haar box around the eyes of the GPO and 18F photos)
    # removes that dependence; on a tilted head it runs on a copy turned level.
    left_eye, right_eye = _eye_centres(pts, model)
    mid = (left_eye + right_eye) / 2
    ied = float(np.linalg.norm(right_eye - left_eye))
    if ied > 1:
        roll = math.degrees(math.atan2(*(right_eye - left_eye)[::-1]))
        level = roll if abs(roll) > LEVEL_REFIT_DEGREES else 0.0
        side = REFIT_BOX[1] * ied
        # The box's centre lies below the eyes along the face's own axis (turned by the roll).
        below = REFIT_BOX[0] * ied * np.array([-math.sin(math.radians(level)), 1.0])
        below[1] *= math.cos(math.radians(level))
        cx, cy = mid + below
        refit = (cx - side / 2, cy - side / 2, side, side)
        pts = _fit_turned(predictor, gray, refit, model, level)
    if model == "dlib-5":
        # dlib's order: 0-1 corners of one eye (outer, inner), 2-3 of the other, 4 nose.
        eyes = sorted((pts[0:2], pts[2:4]), key=lambda pair: pair.mean(axis=0)[0])
        left, right = eyes[0], eyes[1]
        corners = (
            _pt(left[np.argmin(left[:, 0])]),
            _pt(left[np.argmax(left[:, 0])]),
            _pt(right[np.argmin(right[:, 0])]),
            _pt(right[np.argmax(right[:, 0])]),
        )
        return Landmarks(
            model=model,
            eye_left=_pt(left.mean(axis=0)),
            eye_right=_pt(right.mean(axis=0)),
            eye_corners=corners,
            nose=_pt(pts[4]),
        )
    # iBUG 68-point order: 0-16 jaw, 30 nose tip, 33 nose bottom, 36-41 / 42-47 eyes,
    # 48 and 54 mouth corners, 8 chin.
    left, right = pts[36:42], pts[42:48]
    return Landmarks(
        model=model,
        eye_left=_pt(left.mean(axis=0)),
        eye_right=_pt(right.mean(axis=0)),
        eye_corners=(_pt(pts[36]), _pt(pts[39]), _pt(pts[42]), _pt(pts[45])),
        nose=_pt(pts[33]),
        mouth_left=_pt(pts[48]),
        mouth_right=_pt(pts[54]),
        chin=_pt(pts[8]),
        outline=tuple(_pt(p) for p in pts[0:17]),
    )
