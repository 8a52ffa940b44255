"""Make one corrected draft: crop, colour, backdrop, then measure and judge it like any photo.

The original is decoded at full resolution (EXIF orientation applied, converted to sRGB), cut
to the house framing in its own pixels (never resized), corrected by curves solved on the
working copy, saved as JPEG at no lower a quality than the source, and then measured by the
features stage and judged against the team's fitted house style. A draft is kept only when no
warning or error is left on it; when the re-judged draft shows another problem the file can
fix (a crop that leaves the frame brighter, say), that correction is added once more.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property

import cv2
import numpy as np
from PIL import Image

from auditor.analysis.candidate import judge_candidate
from auditor.analysis.flags import TeamContext
from auditor.config import FeaturesConfig
from auditor.exceptions import ImageError
from auditor.features import measure_photo
from auditor.features.context import PhotoContext
from auditor.features.decode import Decoded, decode
from auditor.features.faces import Face
from auditor.features.geometry import HeadAxes
from auditor.features.landmarks import Landmarks
from auditor.fixes.backdrop import backdrop_mask, shift_backdrop
from auditor.fixes.colour import ToneEdit, solve_tone, solve_white_balance
from auditor.fixes.geometry import CropBox, head_geometry, house_crop_box
from auditor.fixes.plan import CORRECTION_FOR
from auditor.fixes.targets import HouseTargets, toward
from auditor.models import Flag, HttpInfo, Measurement, PhotoResult, Severity, Status

__all__ = ["Draft", "make_draft"]

FULL_RESOLUTION = 1 << 20  # a "working size" no photo reaches: decode every pixel
ROUNDS = 3  # the planned corrections, then again with what the re-judged draft still shows
GLOBAL_CORRECTIONS = frozenset({"white_balance", "exposure", "contrast"})
EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True)
class Draft:
    """A corrected draft that passed, or the reason there is none (`jpeg` is None then)."""

    jpeg: bytes | None
    measurement: Measurement | None = None
    changes: tuple[str, ...] = ()
    corrects: tuple[str, ...] = ()
    reason: str | None = None


def _exif_of(data: bytes) -> bytes | None:
    """The original's EXIF (capture date, camera) with the orientation already applied."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            if not exif:
                return None
            exif[EXIF_ORIENTATION] = 1
            return exif.tobytes()
    except Exception:  # unreadable EXIF: the draft simply has none
        return None


def _encode(rgb: np.ndarray, quality: int, exif: bytes | None) -> bytes:
    buffer = io.BytesIO()
    extra = {"exif": exif} if exif else {}
    Image.fromarray(rgb).save(buffer, "JPEG", quality=quality, optimize=True, **extra)
    return buffer.getvalue()


def _working_copy(rgb: np.ndarray, size: int) -> np.ndarray:
    height, width = rgb.shape[:2]
    factor = size / max(height, width)
    if factor >= 1:
        return rgb
    dims = (max(1, round(width * factor)), max(1, round(height * factor)))
    return cv2.resize(rgb, dims, interpolation=cv2.INTER_AREA)


def _face_in(box: tuple[float, float, float, float], crop: CropBox, full: tuple[int, int]):
    """The original's face box (fractions of the photo) as fractions of the crop."""
    width, height = full
    x, y, w, h = box
    return (
        (x * width - crop.left) / crop.width,
        (y * height - crop.top) / crop.height,
        w * width / crop.width,
        h * height / crop.height,
    )


class _EditedContext(PhotoContext):
    """A colour-edited working copy, measured with the geometry of the unedited one.

    A tone curve moves no face, landmark, chin or outline: the trial edits of the exposure
    and white-balance solvers (some 20 a draft) and the backdrop's mask share the unedited
    copy's, found once (each trial used to fit the landmarks again: a third of a draft's
    time), and every trial is then read through the same face region, so the solved measure
    moves with the edit alone. The finished draft is still measured from its bytes like any
    photo (`measure_photo`).
    """

    def __init__(
        self,
        decoded: Decoded,
        detect_size: int,
        unedited: PhotoContext,
        http: HttpInfo | None = None,
    ) -> None:
        super().__init__(decoded, detect_size, http, unedited.landmark_model)
        self.unedited = unedited

    @cached_property
    def faces(self) -> list[Face]:
        """The unedited copy's faces (the face given)."""
        return self.unedited.faces

    @cached_property
    def landmarks(self) -> Landmarks | None:
        """The unedited copy's landmarks."""
        return self.unedited.landmarks

    @cached_property
    def _axes(self) -> tuple[HeadAxes, str, tuple[float, ...]] | None:
        """The unedited copy's head axes, chin and pose."""
        return self.unedited._axes

    @cached_property
    def _segmented(self) -> np.ndarray | None:
        """The unedited copy's person segmentation."""
        return self.unedited._segmented

    @cached_property
    def _crown(self) -> tuple[float, str, float | None] | None:
        """The unedited copy's crown and shoulders."""
        return self.unedited._crown

    @cached_property
    def face_mask(self) -> np.ndarray | None:
        """The unedited copy's face region (drawn from the same axes on the same frame)."""
        return self.unedited.face_mask

    @cached_property
    def person_mask(self) -> np.ndarray:
        """The unedited copy's person (from the same segmentation, crown and axes)."""
        return self.unedited.person_mask

    @cached_property
    def background_mask(self) -> np.ndarray:
        """The unedited copy's sure background."""
        return self.unedited.background_mask

    @cached_property
    def torso_mask(self) -> np.ndarray | None:
        """The unedited copy's torso."""
        return self.unedited.torso_mask


class _TrialContext(_EditedContext):
    """The working copy with a trial edit applied, edited only where it is read.

    The solvers read colour statistics, which come from the strided colour sample: the edit's
    table maps each pixel alone, so editing the unedited copy's sample gives exactly the
    sample of the edited copy, at a quarter of the pixels. The whole copy is edited on first
    use (the backdrop's mask).
    """

    def __init__(
        self, decoded: Decoded, detect_size: int, unedited: PhotoContext, edit: ToneEdit
    ) -> None:
        super().__init__(decoded, detect_size, unedited)
        self.edit = edit

    @cached_property
    def rgb(self) -> np.ndarray:
        """The whole working copy, edited."""
        return self.edit.apply(self.decoded.rgb)

    @cached_property
    def colour_step(self) -> int:
        """The unedited copy's stride (the same frame)."""
        return self.unedited.colour_step

    @cached_property
    def colour_rgb(self) -> np.ndarray:
        """The unedited copy's colour sample, edited."""
        return self.edit.apply(self.unedited.colour_rgb)


def _measuring(
    work: np.ndarray,
    face: tuple[float, float, float, float],
    size: tuple[int, int],
    config: FeaturesConfig,
) -> tuple[PhotoContext, Callable[[ToneEdit], PhotoContext]]:
    """The unedited context of `work`, the face given (colour never moves it), and a
    PhotoContext maker for colour edits of `work` with the geometry found once on `work`
    itself (`_EditedContext`)."""
    height, width = work.shape[:2]
    x, y, w, h = face
    unedited = PhotoContext(
        Decoded(rgb=work, original_size=size, format="JPEG"),
        config.detect_size,
        None,
        config.landmarks,
    )
    unedited.__dict__["faces"] = [Face(x * width, y * height, w * width, h * height)]

    def context(edit: ToneEdit) -> PhotoContext:
        decoded = Decoded(rgb=work, original_size=size, format="JPEG")
        return _TrialContext(decoded, config.detect_size, unedited, edit)

    return unedited, context


def _with_geometry_of(
    unedited: PhotoContext, config: FeaturesConfig
) -> Callable[[Decoded, HttpInfo | None], PhotoContext]:
    """`measure_photo`'s context for the finished draft: its own pixels and file, measured with
    the working copy's face geometry (face, landmarks, chin, person mask) when the draft
    decodes to that copy's size. The draft is `work`, recoloured: the geometry is the one
    every trial was read through, and finding it again cost most of a draft's measuring."""

    def context(decoded: Decoded, http: HttpInfo | None) -> PhotoContext:
        if decoded.rgb.shape != unedited.rgb.shape:
            return PhotoContext(decoded, config.detect_size, http, config.landmarks)
        return _EditedContext(decoded, config.detect_size, unedited, http)

    return context


class _FullResolution:
    """The original's every pixel (EXIF orientation applied, sRGB), decoded on first use."""

    def __init__(self, data: bytes, max_pixels: int) -> None:
        self.data, self.max_pixels = data, max_pixels

    @cached_property
    def rgb(self) -> np.ndarray:
        """The whole photo; `ImageError` when it cannot be decoded."""
        return decode(self.data, FULL_RESOLUTION, self.max_pixels).rgb

    def pixels(self, box: CropBox) -> np.ndarray:
        """The pixels of `box`."""
        return self.rgb[box.top : box.top + box.height, box.left : box.left + box.width]


def _words(before: Measurement, after: Measurement, crop: CropBox | None, full, done) -> list[str]:
    """What was changed, with the numbers a reader can check (in plain words: the card shows
    these to marketing, so no colour-science symbols; the report names the hex colours)."""
    old, new = before.features, after.features

    def pair(measure: str, fmt: str, unit: str = "") -> str:
        a, b = old.get(measure), new.get(measure)
        if a is None or b is None:
            return ""
        zero = fmt.format(0.0)

        def shown(value: float) -> str:
            text = fmt.format(value)
            return zero if text.lstrip("+-") == zero.lstrip("+-") else text  # no "-0"

        return f" ({shown(a)} → {shown(b)}{unit})"

    words = []
    if crop is not None:
        words.append(
            f"Re-cropped to the house framing: {crop.width}×{crop.height} px of the original "
            f"{full[0]}×{full[1]} px, not resized; head height"
            + pair("crop.head_height_ratio", "{:.0%}", " of the frame")
            + ", face centre"
            + pair("crop.face_center_x_offset", "{:+.0%}", " off centre")
        )
    if "white_balance" in done:
        words.append(
            "White balance moved to the house neutral: blue to yellow tint"
            + pair("color.cast_b", "{:.0f}")
            + ", green to red tint"
            + pair("color.cast_a", "{:.0f}")
            + "; 0 is neutral"
        )
    if "exposure" in done:
        face = pair("light.face_luminance", "{:.0f}", " out of 100")
        words.append("Exposure matched to the house: brightness of the face" + face)
    if "contrast" in done:
        words.append("Contrast matched to the house" + pair("light.rms_contrast", "{:.0f}"))
    if "grayscale" in done:
        words.append("Converted to black-and-white, as the rest of the team")
    if "backdrop" in done:
        hexes = (before.info.get("background.hex"), after.info.get("background.hex"))
        words.append(f"Backdrop colour moved toward the house's ({hexes[0]} → {hexes[1]})")
    return words


def _aimed(targets: HouseTargets, measurement: Measurement) -> HouseTargets:
    """This photo's targets: the house's, stopped a spread short on the photo's own side."""
    own, spreads = measurement.features, targets.spreads
    framing = targets.framing
    if framing is not None:
        framing = replace(
            framing,
            head_share=toward(
                own.get("crop.head_height_ratio"), framing.head_share, framing.head_share_spread
            ),
            eye_line=toward(
                own.get("crop.eye_line_ratio"), framing.eye_line, framing.eye_line_spread
            ),
            centre_offset=toward(
                own.get("crop.face_center_x_offset"), framing.centre_offset, framing.centre_spread
            ),
        )
    neutral = targets.neutral_ab
    if neutral is not None:
        neutral = (
            toward(own.get("color.cast_a"), neutral[0], spreads.get("color.cast_a", math.nan)),
            toward(own.get("color.cast_b"), neutral[1], spreads.get("color.cast_b", math.nan)),
        )
    exposure = targets.exposure_l
    face, photo = own.get("light.face_luminance"), own.get("light.luminance_mean")
    if exposure is not None and face is not None and photo is not None:
        spread = spreads.get("light.face_luminance", math.nan)
        exposure = toward((face + photo) / 2, exposure, spread)
    contrast = targets.contrast_l
    if contrast is not None:
        contrast = toward(
            own.get("light.rms_contrast"), contrast, spreads.get("light.rms_contrast", math.nan)
        )
    return replace(
        targets, framing=framing, neutral_ab=neutral, exposure_l=exposure, contrast_l=contrast
    )


def _grayscale(rgb: np.ndarray) -> np.ndarray:
    """The photo in black-and-white (Rec. 601 luma in all three channels, as the measure reads)."""
    grey = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
    return np.dstack([grey] * 3)


def _serious(flags: tuple[Flag, ...]) -> list[Flag]:
    return [f for f in flags if f.severity is not Severity.INFO]


def make_draft(
    data: bytes,
    photo: PhotoResult,
    corrections: frozenset[str],
    corrects: tuple[str, ...],
    *,
    team: TeamContext,
    targets: HouseTargets,
    features: FeaturesConfig,
    min_quality: int,
    now: datetime,
) -> Draft:
    """The corrected draft of one photo, kept only if it passes against `team`'s style."""
    measurement = photo.measurement
    try:
        # The working copy the audit measured; every pixel only once a draft is to be saved
        # (a backdrop that cannot be recoloured is known before).
        audited = decode(data, features.working_size, features.max_pixels)
    except ImageError as exc:
        return Draft(None, reason=f"the original could not be decoded again ({exc})")
    original = _FullResolution(data, features.max_pixels)
    size = audited.original_size
    source_quality = measurement.features.get("quality.jpeg_quality")
    quality = max(min_quality, math.ceil(source_quality or 0))
    quality = min(quality, 100)
    exif = _exif_of(data)
    # A second face is found again on the draft (its count is a measure); one face is the
    # one the draft was made around.
    one_face = measurement.features.get("face.count") == 1
    targets = _aimed(targets, measurement)
    wanted = set(corrections)
    if "backdrop" in wanted and wanted & GLOBAL_CORRECTIONS:
        # A cast or an exposure error also moves the backdrop's colour: correct the whole photo
        # first, and recolour the backdrop only if it is still off the house's afterwards.
        wanted.discard("backdrop")
    working: dict[CropBox, tuple[np.ndarray, PhotoContext, Callable]] = {}
    for _ in range(ROUNDS):
        crop = None
        if "crop" in wanted:
            geometry = head_geometry(measurement)
            if geometry is None or targets.framing is None:
                return Draft(None, reason="the head's position could not be measured for a re-crop")
            crop = house_crop_box(geometry, size, targets.framing)
            if crop is None:
                return Draft(
                    None,
                    reason="the house framing needs more of the photo than this file has: ask "
                    "for the uncropped original",
                )
        box = crop or CropBox(0, 0, size[0], size[1])
        if box not in working:  # a later round with the same crop reuses its geometry
            # Uncropped, the working copy is the one the audit measured (the same decode), so
            # the draft is measured with the geometry the audit found on the photo.
            try:
                work = (
                    audited.rgb
                    if crop is None
                    else _working_copy(original.pixels(box), features.working_size)
                )
            except ImageError as exc:
                return Draft(None, reason=f"the original could not be decoded again ({exc})")
            face = _face_in(measurement.face_box, box, size)
            working[box] = (work, *_measuring(work, face, (box.width, box.height), features))
        work, unedited, context = working[box]
        edit = ToneEdit()
        if "white_balance" in wanted and targets.neutral_ab is not None:
            edit = solve_white_balance(work, edit, targets.neutral_ab, context)
        if {"exposure", "contrast"} & wanted:
            edit = solve_tone(
                work,
                edit,
                exposure_l=targets.exposure_l if "exposure" in wanted else None,
                contrast_l=targets.contrast_l if "contrast" in wanted else None,
                context=context,
            )
        recolour = None
        if "backdrop" in wanted and targets.backdrop_lab is not None:
            edited = context(edit)
            mask = backdrop_mask(edited)
            if mask is None or edited.background_stats is None:
                return Draft(
                    None,
                    reason="the backdrop is not plain enough, or too close to the person's own "
                    "colours, to recolour it cleanly",
                )
            now_lab = edited.background_stats[:3]
            shift = tuple(t - s for t, s in zip(targets.backdrop_lab, now_lab, strict=True))
            recolour = mask, shift
        try:
            out = edit.apply(np.ascontiguousarray(original.pixels(box)))
        except ImageError as exc:
            return Draft(None, reason=f"the original could not be decoded again ({exc})")
        if recolour is not None:
            out = shift_backdrop(out, *recolour)  # type: ignore[arg-type]
        if "grayscale" in wanted:
            out = _grayscale(out)
        jpeg = _encode(np.ascontiguousarray(out), quality, exif)
        shared = _with_geometry_of(unedited, features) if one_face else None
        candidate = measure_photo(
            jpeg, features, photo.person.http, photo.person.id, context=shared
        )
        if candidate.status is not Status.OK:
            return Draft(None, reason="no face was found in the corrected draft")
        left = _serious(judge_candidate(team, photo.person.id, candidate, first_seen=None, now=now))
        if not left:
            changes = _words(measurement, candidate, crop, size, wanted)
            return Draft(jpeg, candidate, tuple(changes), corrects)
        more = {CORRECTION_FOR.get(f.code) for f in left}
        if None in more or more <= wanted:
            break
        wanted |= more  # type: ignore[arg-type]
    codes = ", ".join(sorted({f.code.replace("_", " ") for f in left}))
    return Draft(None, reason=f"the corrected draft would still be flagged ({codes})")
