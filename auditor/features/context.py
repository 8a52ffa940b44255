"""Everything the measures of one photo share, computed lazily and at most once.

A measure names the attributes it needs (`needs=("lab", "background_mask")`); the extractor
reads exactly those from a `PhotoContext`, so a photo without a face never computes face masks
and nothing is derived twice.
"""

from __future__ import annotations

from functools import cached_property

import cv2
import numpy as np

from auditor.features.decode import Decoded
from auditor.features.face_frame import FaceFrame, face_frame
from auditor.features.faces import Face, detect_faces
from auditor.models import HttpInfo

__all__ = ["PhotoContext"]

# Head geometry relative to OpenCV's Haar frontal-face box (which spans roughly brows to chin),
# hand-checked on published headshots (docs/measures.md): the top of the head sits ~0.30 box
# heights above the box top, the chin at (or just inside) its bottom edge. Consistent with
# the eyes, detected ~0.39 down the box on the corpus: a little below the crown-chin midpoint.
CROWN_ABOVE_BOX = 0.30
CHIN_BELOW_BOX = 0.0
# The person region is drawn more generously, so hair volume and a low chin stay out of the
# background: its head ellipse reaches 0.45 box heights above the box and 0.05 below it.
HAIR_ABOVE_BOX = 0.45
REGION_BELOW_BOX = 0.05
EYE_LINE_IN_BOX = 0.38  # eye line ~38% down the Haar box, when the eyes are not detected
NEUTRAL_RADIUS = 25.0  # a*b* distance from the grey point that still counts as neutral
MIN_NEUTRAL_PIXELS = 100
NO_FACE_BORDER = 0.15  # without a face, the outer 15% of each side stands in for background
BACKGROUND_MARGIN = 0.15  # face heights between the guessed person outline and the background
# Colour statistics (means, medians, percentiles) run on every n-th pixel of the working copy,
# n chosen so the sample is at most this long: 256 px still gives ~50k pixels, far more than
# their precision needs, at a quarter of the cost of the 512 px copy. A strided sample (not
# a resize) keeps the pixel values themselves, so averaging does not mute saturation.
COLOUR_SAMPLE_SIZE = 256


class PhotoContext:
    """Lazily derived views of one decoded photo (see module docstring)."""

    def __init__(self, decoded: Decoded, detect_size: int, http: HttpInfo | None) -> None:
        self.decoded = decoded
        self.detect_size = detect_size
        self.http = http or HttpInfo()

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
        steps (0.4 L*, 1 a*/b*) are far below anything a measure distinguishes.
        """
        lab = cv2.cvtColor(self.colour_rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
        lab[..., 0] *= 100 / 255
        lab[..., 1:] -= 128
        return lab

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
        """The main face's eye centres, for its canonical view (`auditor.features.face_frame`)."""
        return face_frame(self.face)

    @cached_property
    def canonical_face(self) -> np.ndarray | None:
        """Luma of the main face warped so the eyes sit at fixed pixels, or None without one."""
        return None if self.face_frame is None else self.face_frame.canonical(self.gray)

    @cached_property
    def face_mask(self) -> np.ndarray | None:
        """Inner face region (the Haar box shrunk to skin), bool, or None without a face."""
        if self.face is None:
            return None
        mask = np.zeros(self.gray.shape, bool)
        f = self.face
        mask[
            int(f.y + 0.15 * f.h) : int(f.y + 0.95 * f.h),
            int(f.x + 0.18 * f.w) : int(f.x + 0.82 * f.w),
        ] = True
        return mask

    @cached_property
    def person_mask(self) -> np.ndarray:
        """Head-and-shoulders region grown from the face box (everything that is not background).

        Head: an ellipse from crown to chin, a bit wider than the face box for hair. Shoulders:
        a trapezoid from the chin widening to ~3.8 face widths at the bottom of the frame.
        Without a face: the centre of the frame.
        """
        return self._person_region(margin=0)

    @cached_property
    def background_mask(self) -> np.ndarray:
        """Pixels that are background: clear of the person region, at least 2% of the frame.

        The person region is a guess from the face box, whose size varies ±15% between
        near-identical photos, so the background keeps a margin of BACKGROUND_MARGIN face
        heights from it: a shoulder edge in the "background" would read as clutter.
        """
        margin = 0 if self.face is None else max(1, round(BACKGROUND_MARGIN * self.face.h))
        mask = ~self._person_region(margin)
        if mask.mean() < 0.02:  # a face filling the frame: the top corners are all there is
            height, width = mask.shape
            mask = np.zeros_like(mask)
            mask[: height // 8, : width // 8] = True
            mask[: height // 8, -width // 8 :] = True
        return mask

    def _person_region(self, margin: int) -> np.ndarray:
        """The head-and-shoulders shapes, grown by `margin` px (thick outlines: cheap dilation)."""
        height, width = self.gray.shape
        mask = np.zeros((height, width), np.uint8)
        if self.face is None:
            bx, by = int(NO_FACE_BORDER * width), int(NO_FACE_BORDER * height)
            mask[by:, bx : width - bx] = 1
            return mask.astype(bool)
        f = self.face
        cx = f.x + f.w / 2
        crown = f.y - HAIR_ABOVE_BOX * f.h
        chin = f.y + (1 + REGION_BELOW_BOX) * f.h
        centre = (round(cx), round((crown + chin) / 2))
        axes = (round(0.72 * f.w), round((chin - crown) / 2 + 0.05 * f.h))
        neck_top = round(chin - 0.2 * f.h)
        shoulders_top = round(chin + 0.35 * f.h)
        polygon = np.array(
            [
                (cx - 0.45 * f.w, neck_top),
                (cx + 0.45 * f.w, neck_top),
                (cx + 0.55 * f.w, shoulders_top - 0.15 * f.h),
                (cx + 1.7 * f.w, shoulders_top + 0.4 * f.h),
                (cx + 1.9 * f.w, height),
                (cx - 1.9 * f.w, height),
                (cx - 1.7 * f.w, shoulders_top + 0.4 * f.h),
                (cx - 0.55 * f.w, shoulders_top - 0.15 * f.h),
            ],
            np.int32,
        )
        cv2.ellipse(mask, centre, axes, 0, 0, 360, 1, -1)
        cv2.fillPoly(mask, [polygon], 1)
        if margin:
            cv2.ellipse(mask, centre, axes, 0, 0, 360, 1, 2 * margin)
            cv2.polylines(mask, [polygon], True, 1, 2 * margin)
        return mask.astype(bool)

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
