"""Everything the measures of one photo share, computed lazily and at most once.

A measure names the attributes it needs (`needs=("lab", "background_mask")`); the extractor
reads exactly those from a `PhotoContext`, so a photo without a face never computes face masks
and nothing is derived twice.

Face geometry and regions (issue 14; the record and masks are described in
`auditor.features.geometry`):

- `landmarks`: raw landmarks of the main face (`auditor.features.landmarks`);
- `geometry`: `FaceGeometry` (eyes, nose, mouth corners when the model has them, chin, crown,
  shoulders, outline, inter-eye px, yaw/pitch/roll), or None without a face;
- `person_mask`, `background_mask`, `face_mask`, `torso_mask`: bool masks of the working copy
  (the last two None without a face).
"""

from __future__ import annotations

from functools import cached_property

import cv2
import numpy as np

from auditor.features.decode import Decoded
from auditor.features.face_frame import FaceFrame, face_frame
from auditor.features.faces import Face, detect_faces
from auditor.features.geometry import FaceGeometry, HeadAxes, haar_landmarks, head_axes
from auditor.features.landmarks import LandmarkModel, Landmarks, fit_landmarks
from auditor.features.person import (
    background_region,
    crown_and_shoulders,
    face_region,
    hair_side_regions,
    long_hair_colour,
    segment_person,
    torso_region,
    with_lost_hair,
)
from auditor.models import HttpInfo

__all__ = ["PhotoContext"]

NEUTRAL_RADIUS = 25.0  # a*b* distance from the grey point that still counts as neutral
MIN_NEUTRAL_PIXELS = 100
NO_FACE_BORDER = 0.15  # without a face, the outer 15% of each side stands in for background
# Colour statistics (means, medians, percentiles) run on every n-th pixel of the working copy,
# n chosen so the sample is at most this long: 256 px still gives ~50k pixels, far more than
# their precision needs, at a quarter of the cost of the 512 px copy. A strided sample (not
# a resize) keeps the pixel values themselves, so averaging does not mute saturation.
COLOUR_SAMPLE_SIZE = 256


def _lab_scales() -> np.ndarray:
    """OpenCV's 8-bit L*, a*, b* codes (0..255) as float32 L* 0..100 and a*, b* -128..127."""
    codes = np.arange(256, dtype=np.float32)
    lightness = codes.copy()
    lightness *= 100 / 255
    return np.ascontiguousarray(np.stack([lightness, codes - 128, codes - 128], axis=1)[None])


_LAB_SCALES = _lab_scales()  # a 1 x 256 x 3 table for cv2.LUT


class PhotoContext:
    """Lazily derived views of one decoded photo (see module docstring)."""

    def __init__(
        self,
        decoded: Decoded,
        detect_size: int,
        http: HttpInfo | None,
        landmark_model: LandmarkModel = "dlib-5",
    ) -> None:
        self.decoded = decoded
        self.detect_size = detect_size
        self.http = http or HttpInfo()
        self.landmark_model = landmark_model

    # -- pixels ------------------------------------------------------------------------------
    @cached_property
    def rgb(self) -> np.ndarray:
        """Working copy, HxWx3 uint8 sRGB."""
        return self.decoded.rgb

    @cached_property
    def gray(self) -> np.ndarray:
        """Luma of the working copy, uint8."""
        return cv2.cvtColor(self.rgb, cv2.COLOR_RGB2GRAY)

    @cached_property
    def colour_step(self) -> int:
        """Stride of the colour sample: every n-th pixel of the working copy, each way."""
        return max(1, -(-max(self.rgb.shape[:2]) // COLOUR_SAMPLE_SIZE))

    @cached_property
    def colour_rgb(self) -> np.ndarray:
        """Strided sample of the working copy (long side <= COLOUR_SAMPLE_SIZE) for colour stats."""
        step = self.colour_step
        return np.ascontiguousarray(self.rgb[::step, ::step])

    def colour_sample(self, mask: np.ndarray) -> np.ndarray:
        """A working-copy mask reduced to the colour sample's pixels."""
        return mask[:: self.colour_step, :: self.colour_step]

    @cached_property
    def lab(self) -> np.ndarray:
        """CIELAB of the colour sample, float32 (L* 0..100, a*, b* about -128..127).

        Converted in 8 bits and rescaled: twice as fast as the float conversion, and its
        steps (0.4 L*, 1 a*/b*) are far below anything a measure distinguishes. The rescaling
        is a look-up of each 8-bit value (`_LAB_SCALES`): the same float32 values as scaling
        the channels in place, at a fifth of its cost (strided in-place arithmetic).
        """
        return cv2.LUT(cv2.cvtColor(self.colour_rgb, cv2.COLOR_RGB2LAB), _LAB_SCALES)

    @cached_property
    def edges(self) -> np.ndarray:
        """Canny edge map (bool) of the lightly smoothed luma, for clutter and detail."""
        smooth = cv2.GaussianBlur(self.gray, (3, 3), 0)
        return cv2.Canny(smooth, 60, 160) > 0

    @cached_property
    def neutral_ab(self) -> tuple[float, float]:
        """Mean (a*, b*) of the near-neutral pixels: the photo's white balance as taken.

        Near-neutral = within NEUTRAL_RADIUS a*b* units of the photo's median (a*, b*), its
        grey point as photographed. A fixed chroma bound (C*ab < 40) or the least chromatic
        30% re-select pixels *after* a cast, picking those it happened to neutralise (a blue
        backdrop under a warm cast), and moved the wrong way on 2-20% of edited photos;
        centred on the median the selection moves with the cast (168/168 edits in the
        validation). Near-black and near-white pixels carry no colour and are left out.
        """
        flat = self.lab[::2, ::2].reshape(-1, 3)  # every 4th pixel: same mean, 4x faster
        lit = flat[(flat[:, 0] > 10) & (flat[:, 0] < 97)]
        if len(lit) < MIN_NEUTRAL_PIXELS:
            lit = flat
        ab = lit[:, 1:]
        grey_point = np.median(ab[:: max(1, len(ab) // 20_000)], axis=0)  # a sample suffices
        offset = ab - grey_point
        near = ab[np.einsum("ij,ij->i", offset, offset) < NEUTRAL_RADIUS**2]
        a, b = near.mean(axis=0)
        return float(a), float(b)

    # -- faces -------------------------------------------------------------------------------
    @cached_property
    def faces(self) -> list[Face]:
        """Faces found, largest first, in working-copy pixels."""
        return detect_faces(self.gray, self.detect_size)

    @cached_property
    def face(self) -> Face | None:
        """The main (largest) face, or None."""
        return self.faces[0] if self.faces else None

    @cached_property
    def face_frame(self) -> FaceFrame | None:
        """The main face's eye centres (landmark eyes when a model ran), for its canonical view
        (`auditor.features.face_frame`)."""
        return face_frame(self.face, self.landmarks)

    @cached_property
    def canonical_face(self) -> np.ndarray | None:
        """Luma of the main face warped so the eyes sit at fixed pixels, or None without one."""
        return None if self.face_frame is None else self.face_frame.canonical(self.gray)

    @cached_property
    def landmarks(self) -> Landmarks | None:
        """Landmarks of the main face (`landmark_model`; the Haar box and eyes without it)."""
        if self.face is None:
            return None
        f = self.face
        box = (f.x, f.y, f.w, f.h)
        fitted = fit_landmarks(self.gray, box, self.landmark_model, f.tilt_degrees)
        return fitted if fitted is not None else haar_landmarks(f)

    @cached_property
    def _axes(self) -> tuple[HeadAxes, str, tuple[float, ...]] | None:
        """The head's axes with the chin located, the chin's source and the pose."""
        return None if self.landmarks is None else head_axes(self.gray, self.landmarks)

    @cached_property
    def _segmented(self) -> np.ndarray | None:
        """The person as segmented (the crown is read here), or None without a face."""
        return None if self._axes is None else segment_person(self.rgb, self._axes[0])

    @cached_property
    def _crown(self) -> tuple[float, str, float | None] | None:
        """(crown y, its source, shoulders y) read off the segmentation."""
        if self._axes is None or self._segmented is None:
            return None
        return crown_and_shoulders(self._segmented, self._axes[0], self.rgb)

    @cached_property
    def person_mask(self) -> np.ndarray:
        """Head, hair, neck and shoulders (bool), segmented (`auditor.features.person`).

        Where the segmentation lost the hair (no crown in it) the generous head outline is
        added. Without a face: the centre of the frame (all but the outer NO_FACE_BORDER of
        the sides and top).
        """
        if self._axes is None or self._segmented is None or self._crown is None:
            height, width = self.gray.shape
            bx, by = int(NO_FACE_BORDER * width), int(NO_FACE_BORDER * height)
            mask = np.zeros((height, width), bool)
            mask[by:, bx : width - bx] = True
            return mask
        return with_lost_hair(self._segmented, self._crown[1], self._axes[0])

    @cached_property
    def geometry(self) -> FaceGeometry | None:
        """Landmark-grade geometry of the main face, or None (`auditor.features.geometry`)."""
        if self._axes is None or self.landmarks is None:
            return None
        axes, chin_source, (yaw, pitch, roll) = self._axes
        marks = self.landmarks
        assert self._crown is not None
        crown, crown_source, shoulders = self._crown
        return FaceGeometry(
            eye_left=marks.eye_left,
            eye_right=marks.eye_right,
            nose=marks.nose,
            chin=axes.chin,
            chin_source=chin_source,
            crown_y=crown,
            crown_source=crown_source,
            shoulders_y=shoulders,
            yaw_degrees=yaw,
            pitch_degrees=pitch,
            roll_degrees=roll,
            landmark_model=marks.model,
            mouth_left=marks.mouth_left,
            mouth_right=marks.mouth_right,
            outline=marks.outline,
        )

    @cached_property
    def face_mask(self) -> np.ndarray | None:
        """The face's skin from the landmarks (bool), or None without a face."""
        if self._axes is None:
            return None
        return face_region(self.gray.shape, self._axes[0])

    @cached_property
    def background_mask(self) -> np.ndarray:
        """True background pixels: clear of the segmented person (at least the top corners)."""
        if self._axes is None:
            return ~self.person_mask
        f = self.face
        box = None if f is None else (f.x, f.y, f.w, f.h)
        return background_region(self.person_mask, self._axes[0].ied, box)

    @cached_property
    def torso_mask(self) -> np.ndarray | None:
        """The person below the neck (bool, clothing), or None without a face."""
        if self._axes is None:
            return None
        return torso_region(self.person_mask, self._axes[0])

    @cached_property
    def background_stats(self) -> tuple[float, float, float, float] | None:
        """Mean L*, a*, b* and the standard deviation of L* over the background, or None.

        Masked `cv2.meanStdDev`: no copy of the background pixels (10x faster than indexing).
        None when nothing is left for the background (a 1x1 "photo").
        """
        mask = self.colour_sample(self.background_mask).astype(np.uint8)
        if not mask.any():
            return None
        mean, std = cv2.meanStdDev(self.lab, mask=mask)
        return float(mean[0, 0]), float(mean[1, 0]), float(mean[2, 0]), float(std[0, 0])

    @cached_property
    def face_lab(self) -> np.ndarray | None:
        """Lab pixels of the inner face, Nx3, or None without a face."""
        return None if self.face_mask is None else self.lab[self.colour_sample(self.face_mask)]

    @cached_property
    def hair_colour(self) -> np.ndarray | None:
        """Median Lab of long hair beside the face (`long_hair_colour`), or None: no face, or
        no long hair with a colour of its own to see there."""
        if self._axes is None or self.face_lab is None or len(self.face_lab) == 0:
            return None
        sides = [
            tuple(self.lab[self.colour_sample(region)] for region in regions)
            for regions in (hair_side_regions(self.gray.shape, self._axes[0], s) for s in (-1, 1))
        ]
        skin = np.median(self.face_lab, axis=0)
        return long_hair_colour(
            sides, skin, lambda: self.lab[self.colour_sample(self.background_mask)]
        )

    @cached_property
    def face_gray(self) -> np.ndarray | None:
        """Luma pixels of the inner face (flat), or None without a face."""
        return None if self.face_mask is None else self.gray[self.face_mask]

    @cached_property
    def focus_region(self) -> np.ndarray:
        """Luma patch where sharpness is judged: the face box, or the frame centre."""
        height, width = self.gray.shape
        if self.face is None:
            return self.gray[height // 4 : 3 * height // 4, width // 4 : 3 * width // 4]
        f = self.face
        return self.gray[int(f.y) : int(f.y + f.h), int(f.x) : int(f.x + f.w)]

    # -- file facts ----------------------------------------------------------------------------
    @cached_property
    def original_size(self) -> tuple[int, int]:
        """(width, height) of the original image, after EXIF orientation."""
        return self.decoded.original_size

    @cached_property
    def scale(self) -> float:
        """Working-copy pixels per original pixel."""
        return self.decoded.scale

    @cached_property
    def quantization(self) -> dict[int, list[int]] | None:
        """JPEG quantisation tables, or None for other formats."""
        return self.decoded.quantization

    @cached_property
    def exif(self) -> dict[str, str]:
        """EXIF facts (camera_model, datetime) read at decode time."""
        return self.decoded.exif
