"""Face geometry a photographer would agree with: landmarks, chin, crown, shoulders and pose.

Interface (for measures and later issues)
-----------------------------------------
`PhotoContext.geometry` is a frozen `FaceGeometry` for the main face, or None without a face.
Everything is in working-copy pixels, x to the right and y down; "left"/"right" are as seen
in the image:

- `eye_left`, `eye_right`: eye centres (midpoint of each eye's two corners, landmark model);
  `eye_line_y`, `eye_mid`, `inter_eye_px` (distance between the eye centres);
- `nose`: bottom of the nose; `mouth_left`, `mouth_right`: mouth corners, or None when the
  landmark model has none (the default 5-point model; see `auditor.features.landmarks`). The
  mouth then lies between `nose` and `chin`, its line about a third of the way down (adult
  averages: ~20 mm nose to lips, ~45 mm lips to chin), as wide as the inter-eye distance;
- `chin`: bottom centre of the chin, with `chin_source` "landmark" (68-point model), "image"
  (the shadow edge under the jaw found on the face's axis below the nose, or on a fan of axes
  turned from it when a turned head's axis leaves the face at the jaw) or "prior" (no clear
  edge: the usual eye-to-chin distance, `CHIN_BELOW_EYES` inter-eye distances);
- `outline`: jaw line ear to ear when the landmark model gives one, else ();
- `crown_y`: top of the head's outline with its hair, from the person mask; `crown_source`
  "mask"; "image" when the mask left hair out and the top of that hair was found above the
  mask's edge at full resolution, on a plain backdrop (`person._hair_above`) or above a mask
  that stopped at the hairline (`person._hair_over_hairline`); "capped" when a
  tall bun or top-knot stands out of it (the mask's top is more than
  `person.MAX_CROWN_ABOVE_EYES`, 2.4 inter-eye distances, above the eyes, and the crown is
  put there); or "prior" when the head reaches the top edge (cut off): then it is estimated
  above the frame and `crown_y` < 0; `head_height_px` = chin y - crown y;
- `shoulders_y`: where the person's outline first widens past SHOULDER_WIDTH head widths
  below the chin (the top of the shoulders), or None when no shoulders are in the frame;
- `yaw_degrees`, `pitch_degrees`, `roll_degrees`: head pose. Roll + = clockwise in the image
  (the eye on the image's right is lower); yaw + = the nose points to the image's right (the
  person turns to their own left); pitch + = chin up (the face tilts back).
- `landmark_model`: "dlib-5", "dlib-68" or "haar" (no landmark model installed: eyes and nose
  from the Haar box).

Regions (`PhotoContext`, bool masks of the working copy's shape, see `auditor.features.person`):
`person_mask` (head, hair, neck and shoulders, segmented), `background_mask` (true background
pixels, clear of the person), `face_mask` (skin of the face, from the landmarks), `torso_mask`
(the person below the neck: clothing, for attire measures; may be empty). A measure declares
what it needs, e.g. `needs=("geometry",)` or `needs=("rgb", "torso_mask")`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from auditor.features.faces import Face
from auditor.features.landmarks import Landmarks, Point

__all__ = [
    "FaceGeometry",
    "HeadAxes",
    "hair_allowance",
    "head_axes",
    "locate_chin",
    "pose_angles",
]

# Anthropometric priors in inter-eye distances (IED) of a frontal face, the means over the
# first half of ../shared/corpus/frll (the 25 lowest subject ids; hand-placed chin, landmark
# eyes and nose, segmented crown); benchmarks/validate_geometry.py reports the other half.
# They are never the answer when the image shows one (chin edge, crown in the mask).
CHIN_BELOW_EYES = 1.82  # eye line to chin
CROWN_ABOVE_EYES = 1.93  # eye line to the top of the hair: the head's extent, and the crown
# of a head cut off by the top edge
# Eye line to the top of the skull, hair left out (ISO/IEC 19794-5's "crown"): ~110 mm over a
# 63 mm inter-pupil distance in adult anthropometric averages (generic, not fitted here).
SKULL_ABOVE_EYES = 1.75
NOSE_BELOW_EYES = 0.69  # eye line to the bottom of the nose (pitch 0)
# Depth of the nose bottom in front of the eye centres, in IED: ~22 mm for a 63 mm inter-pupil
# distance in adult anthropometric averages (generic face geometry, not fitted here).
NOSE_DEPTH = 0.35
# The chin is searched this far either side of its prior (IED) along the face's axis...
CHIN_SEARCH = 0.4
CHIN_PRIOR_SPREAD = 0.2  # ... weighted by a Gaussian of this width (IED) around the prior
CHIN_STRIP_HALF_WIDTH = 0.2  # the profile averages a strip this wide either side of the axis
CHIN_EDGE_STEP = 0.04  # IED above and below a row whose brightness is compared
# A chin edge counts when the log-luminance falls by at least this much from the jaw to the
# shadowed neck (about 10%): a relative step, the same for dark and light skin.
MIN_CHIN_STEP = 0.1
FIRST_CHIN_STEP = 0.25  # a fall this large (about 22%) is the chin at once, the first one down
# The chin lies at least this far below the bottom of the nose (IED, along the face's axis):
# adults' nose-to-chin height is ~1.1 IED (~70 mm over a 63 mm inter-pupil distance; 0.85 to
# 1.37 on the hand-placed landmarks of ../shared/corpus/frll), the mouth ~0.4 and the bottom
# of the lower lip ~0.6. Falls above it are the mouth: bright teeth over the lower lip of a
# broad smile fall as much as a lit jaw over the neck (18f-team/will.jpg: 0.5 IED below the
# nose), and a landmark model that reads squinting eyes too close together puts the search
# window there. The margin below 0.85 is for the landmark nose's own error.
MIN_CHIN_BELOW_NOSE = 0.7
# Axes in the chin's fan (`locate_chin`): the face's axis, the eye line's perpendicular and
# as far past it, in even steps (about 2.5 degrees apart at 25 degrees of yaw).
CHIN_FAN = 9
# ... whose middle edge replaces the face's axis's own only when it lies this much farther
# (IED): more than the width of the chin's edge (2 x CHIN_EDGE_STEP). The farthest edge of
# the fan was tried first and dropped: one axis in nine reads a beard's texture or the neck's
# shadow (GPO R000515: 0.24 IED below his chin; frll 041), the middle one does not
# (18f-team/chrisc: 1.76 on most of the fan against 1.60 on the face's axis).
CHIN_FAN_MARGIN = 0.1
SHOULDER_WIDTH = 1.6  # the person is this many head widths wide at the top of the shoulders
MAX_ABS_POSE = 60.0  # degrees: beyond this the 5-point pose is not meaningful


def hair_allowance() -> float:
    """How much longer a head is with its hair than without: chin to the top of the hair over
    chin to the top of the skull (the priors above, ~1.05). A band set on the skull (ICAO's
    head share) times this is the same band for `crop.head_height_ratio`, which has the hair."""
    return (CHIN_BELOW_EYES + CROWN_ABOVE_EYES) / (CHIN_BELOW_EYES + SKULL_ABOVE_EYES)


@dataclass(frozen=True)
class FaceGeometry:
    """Landmark-grade geometry of the main face (see the module docstring for every field)."""

    eye_left: Point
    eye_right: Point
    nose: Point
    chin: Point
    chin_source: str
    crown_y: float
    crown_source: str
    shoulders_y: float | None
    yaw_degrees: float
    pitch_degrees: float
    roll_degrees: float
    landmark_model: str
    mouth_left: Point | None = None
    mouth_right: Point | None = None
    outline: tuple[Point, ...] = ()

    @property
    def eye_mid(self) -> Point:
        """Midpoint between the eye centres."""
        return (
            (self.eye_left[0] + self.eye_right[0]) / 2,
            (self.eye_left[1] + self.eye_right[1]) / 2,
        )

    @property
    def eye_line_y(self) -> float:
        """Mean y of the eye centres."""
        return self.eye_mid[1]

    @property
    def inter_eye_px(self) -> float:
        """Distance between the eye centres, working-copy pixels."""
        return math.dist(self.eye_left, self.eye_right)

    @property
    def head_height_px(self) -> float:
        """Crown (hair included) to chin, working-copy pixels."""
        return self.chin[1] - self.crown_y


@dataclass(frozen=True)
class HeadAxes:
    """Where the head is before the person mask: eye midpoint, axis, scale and chin."""

    eye_mid: Point
    down: Point  # unit vector from the eyes towards the chin
    ied: float  # inter-eye distance as if the face were frontal (corrected for yaw)
    chin: Point

    def along(self, t: float, s: float = 0.0) -> Point:
        """The point `t` IED down the face's axis from the eyes and `s` IED across it."""
        (mx, my), (dx, dy) = self.eye_mid, self.down
        return mx + self.ied * (t * dx - s * dy), my + self.ied * (t * dy + s * dx)


def pose_angles(marks: Landmarks) -> tuple[float, float, float]:
    """(yaw, pitch, roll) in degrees from the eye centres and the nose (signs: module doc).

    Roll is the angle of the eye line. In the face's own frame (roll removed), a nose that sits
    NOSE_DEPTH in front of the eyes moves sideways by NOSE_DEPTH·tan(yaw) inter-eye distances
    when the head turns, and its drop below the eye line goes from NOSE_BELOW_EYES to
    NOSE_BELOW_EYES·cos(pitch) - NOSE_DEPTH·sin(pitch) when the chin goes up, i.e. by about
    NOSE_DEPTH·pitch (radians) near level, which is what is used.
    """
    (lx, ly), (rx, ry) = marks.eye_left, marks.eye_right
    roll = math.atan2(ry - ly, rx - lx)
    ied = math.hypot(rx - lx, ry - ly) or 1.0
    mx, my = (lx + rx) / 2, (ly + ry) / 2
    nx, ny = marks.nose[0] - mx, marks.nose[1] - my
    across = (nx * math.cos(roll) + ny * math.sin(roll)) / ied
    down = (-nx * math.sin(roll) + ny * math.cos(roll)) / ied
    yaw = math.atan2(across, NOSE_DEPTH)
    # ied shrinks by cos(yaw) when the head turns; the nose drop is measured in frontal IED.
    down *= math.cos(yaw)
    # d(drop)/d(pitch) = -NOSE_DEPTH at pitch 0: linear, because the exact curve saturates
    # (its largest drop is 0.77 IED, which real chin-down photos and landmark noise exceed).
    pitch = (NOSE_BELOW_EYES - down) / NOSE_DEPTH
    clip = math.radians(MAX_ABS_POSE)
    return (
        math.degrees(max(-clip, min(clip, yaw))),
        math.degrees(max(-clip, min(clip, pitch))),
        math.degrees(roll),
    )


def _axes_without_chin(marks: Landmarks, yaw_degrees: float) -> tuple[Point, Point, float]:
    """Eye midpoint, the unit vector from it through the nose, and the frontal IED."""
    (lx, ly), (rx, ry) = marks.eye_left, marks.eye_right
    mid = ((lx + rx) / 2, (ly + ry) / 2)
    ied = math.hypot(rx - lx, ry - ly) / max(0.5, math.cos(math.radians(yaw_degrees)))
    dx, dy = marks.nose[0] - mid[0], marks.nose[1] - mid[1]
    norm = math.hypot(dx, dy)
    if norm < 1e-6:  # degenerate fit: fall back to perpendicular to the eye line
        ex, ey = rx - lx, ry - ly
        norm_e = math.hypot(ex, ey) or 1.0
        return mid, (-ey / norm_e, ex / norm_e), ied
    return mid, (dx / norm, dy / norm), ied


def _rotated(vector: Point, radians: float) -> Point:
    """`vector` turned by `radians` in the image (positive: clockwise, y being down)."""
    cos, sin = math.cos(radians), math.sin(radians)
    return vector[0] * cos - vector[1] * sin, vector[0] * sin + vector[1] * cos


def _chin_on_axis(gray: np.ndarray, axes: HeadAxes, nose_t: float) -> float | None:
    """How far down one axis (IED from the eyes) the chin's edge is; None without an edge.

    The luminance profile along the axis, averaged over a strip CHIN_STRIP_HALF_WIDTH either
    side, in log units so a step is relative (the same on dark and light skin): the first
    fall of FIRST_CHIN_STEP below the mouth, else the largest fall of MIN_CHIN_STEP within
    CHIN_SEARCH of the prior, weighted towards the prior.
    """
    ied, (dx, dy) = axes.ied, axes.down
    start, stop = CHIN_BELOW_EYES - CHIN_SEARCH - CHIN_EDGE_STEP, CHIN_BELOW_EYES + CHIN_SEARCH
    length = max(8, round((stop - start) * ied))
    width = max(3, round(2 * CHIN_STRIP_HALF_WIDTH * ied))
    # An affine map from strip pixels (column = across, row = along) to image pixels.
    origin = axes.along(start, -CHIN_STRIP_HALF_WIDTH)
    step_along = (stop - start) * ied / length
    step_across = 2 * CHIN_STRIP_HALF_WIDTH * ied / width
    matrix = np.array(
        [
            [-dy * step_across, dx * step_along, origin[0]],
            [dx * step_across, dy * step_along, origin[1]],
        ],
        np.float64,
    )
    strip = cv2.warpAffine(
        gray,
        matrix,
        (width, length),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    )
    profile = np.log(strip.astype(np.float64).mean(axis=1) + 10.0)
    lag = max(1, round(CHIN_EDGE_STEP * ied / step_along))
    if len(profile) <= 2 * lag + 2:
        return None
    fall = profile[: -2 * lag] - profile[2 * lag :]  # brighter above minus darker below
    t = start + (np.arange(len(fall)) + lag) * step_along / ied
    inside = (np.abs(t - CHIN_BELOW_EYES) <= CHIN_SEARCH) & (t >= nose_t + MIN_CHIN_BELOW_NOSE)
    if not inside.any():
        return None
    # The chin is the first clear fall below the mouth: lower ones are the neck's own shadow
    # or a collar (a black collar under a lit neck falls far more than the chin does).
    peaks = [
        i
        for i in np.flatnonzero(inside & (fall >= FIRST_CHIN_STEP))
        if fall[i] >= fall[max(0, i - 1)] and fall[i] >= fall[min(len(fall) - 1, i + 1)]
    ]
    if peaks:
        return float(t[peaks[0]])
    weight = np.exp(-0.5 * ((t - CHIN_BELOW_EYES) / CHIN_PRIOR_SPREAD) ** 2)
    score = np.where(inside, fall * weight, -np.inf)
    best = int(np.argmax(score))
    if fall[best] < MIN_CHIN_STEP:
        return None
    return float(t[best])


def locate_chin(gray: np.ndarray, marks: Landmarks, yaw_degrees: float) -> tuple[HeadAxes, str]:
    """The chin (and the head's axes), from the landmark model, the image or the prior.

    Image evidence: the chin edge (`_chin_on_axis`) on the face's axis (eye midpoint through
    the nose) and on axes turned from it, about the eyes, towards the perpendicular of the eye
    line and as far again past it. A turned head moves its nose sideways (the nose stands in
    front of the eyes), and its chin less, or the other way when the head is also bowed (the
    chin then lies behind the eyes: 18f-team/chrisc, turned ~25 degrees and looking down, has
    its chin 0.5 IED beside the axis, whose strip leaves the face at the jaw into a dark suit).
    The jaw's outline is farthest from the eyes at the chin, so when most of the fan reaches
    past the face's axis's edge (CHIN_FAN_MARGIN), that one left the face at the jaw and the
    fan's middle edge is the chin; on a frontal face the fan closes to the one axis. No edge
    on any axis: the prior (CHIN_BELOW_EYES down the face's axis) stands.
    """
    mid, down, ied = _axes_without_chin(marks, yaw_degrees)
    face_axis = HeadAxes(mid, down, ied, (0.0, 0.0))
    prior = face_axis.along(CHIN_BELOW_EYES)
    if marks.chin is not None:
        return HeadAxes(mid, down, ied, marks.chin), "landmark"
    (lx, ly), (rx, ry) = marks.eye_left, marks.eye_right
    # The angle from the face's axis to the perpendicular of the eye line (0 without yaw).
    perpendicular = math.atan2(rx - lx, -(ry - ly)) - math.atan2(down[1], down[0])
    perpendicular = (perpendicular + math.pi) % (2 * math.pi) - math.pi
    nose_t = ((marks.nose[0] - mid[0]) * down[0] + (marks.nose[1] - mid[1]) * down[1]) / ied
    found = []
    for share in np.linspace(0.0, 2.0, CHIN_FAN):
        axis = HeadAxes(mid, _rotated(down, share * perpendicular), ied, prior)
        edge = _chin_on_axis(gray, axis, nose_t)
        if edge is not None:
            found.append((edge, share, axis))
    # The face's axis reads its edge, or the prior; the fan's middle edge (half its axes
    # reach as far or farther: one axis's edge can be a beard's texture or the neck's shadow)
    # only when farther.
    own = next((t for t, share, _axis in found if share == 0.0), None)
    if found:
        t, _share, axis = sorted(found, key=lambda item: item[0])[len(found) // 2]
        if t >= (CHIN_BELOW_EYES if own is None else own) + CHIN_FAN_MARGIN:
            return HeadAxes(mid, down, ied, axis.along(t)), "image"
    if own is None:
        return HeadAxes(mid, down, ied, prior), "prior"
    return HeadAxes(mid, down, ied, face_axis.along(own)), "image"


def haar_landmarks(face: Face) -> Landmarks:
    """Eye centres and nose from the Haar box (and its eyes) when no landmark model runs."""
    if face.eyes is not None:
        left, right = sorted(face.eyes)
    else:
        y = face.eye_line_y if face.eye_line_y is not None else face.y + 0.38 * face.h
        left, right = (face.x + 0.3 * face.w, y), (face.x + 0.7 * face.w, y)
    mid_y = (left[1] + right[1]) / 2
    ied = math.dist(left, right)
    nose = ((left[0] + right[0]) / 2, mid_y + NOSE_BELOW_EYES * ied)
    corners = (left, left, right, right)
    return Landmarks("haar", left, right, corners, nose)


def head_axes(gray: np.ndarray, marks: Landmarks) -> tuple[HeadAxes, str, tuple[float, ...]]:
    """The head's axes with the chin located, its source, and the pose (yaw, pitch, roll)."""
    pose = pose_angles(marks)
    axes, source = locate_chin(gray, marks, pose[0])
    return axes, source, pose
