"""Shortcuts of the per-photo work (issue 20) give the whole frame's values exactly.

The clothes' erosion on the torso's box, the face's part of the person mask by flood fills,
the backdrop distances one centre at a time, the blur effect with OpenCV's filters and the Lab
sample rescaled by a look-up table, the teeth band gathered in one array, and the skin's median
Lab and the colour copy's HSV shared between measures are each compared, on real photos, with
the plain computation they replace. (Skin texture is defined on a patch around the face,
`retouch._face_patch`, since issue 15c: it has no whole-frame value to match.)
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image
from skimage.measure import blur_effect

from auditor.features import mouth, person
from auditor.features.context import PhotoContext
from auditor.features.decode import decode
from auditor.features.measures import attire, color, quality
from auditor.features.person import _component_with, _nearest_centre
from tests.features.conftest import CORPUS, encode


def _context(rgb: np.ndarray, config) -> PhotoContext:
    decoded = decode(encode(rgb), config.working_size, config.max_pixels)
    return PhotoContext(decoded, config.detect_size, None, config.landmarks)


@pytest.fixture(scope="module")
def photos(config, astronaut, hopper) -> list[PhotoContext]:
    """The bundled portraits (one mirrored, one turned 25°) and, when present, corpus
    headshots, large (FRLL) and smaller (GPO, 18F)."""
    turned = np.asarray(Image.fromarray(hopper).rotate(25, fillcolor=(90, 90, 90)))
    rgbs = [astronaut, hopper, hopper[:, ::-1], turned]
    for folder, count in (("frll/images", 6), ("congress-gpo", 3), ("18f-team", 3)):
        for path in sorted((CORPUS / folder).glob("*.jpg"))[:count]:
            rgbs.append(np.asarray(Image.open(path).convert("RGB")))
    return [_context(rgb, config) for rgb in rgbs]


def test_the_clothes_erosion_on_the_torso_box_is_the_whole_frame_erosion(photos):
    checked = 0
    for ctx in photos:
        if ctx.torso_mask is None or not ctx.torso_mask.any():
            continue
        for radius in (1, max(1, round(attire.OUTLINE_MARGIN * ctx.geometry.inter_eye_px)), 25):
            size = (2 * radius + 1, 2 * radius + 1)
            kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, size)
            whole = cv2.erode(ctx.torso_mask.astype(np.uint8), kernel) > 0
            assert np.array_equal(attire._eroded(ctx.torso_mask, radius), whole)
        checked += 1
    assert checked >= 4
    empty = np.zeros((40, 30), bool)
    assert not attire._eroded(empty, 3).any()


def _component_whole_frame(mask: np.ndarray, point: tuple[float, float]) -> np.ndarray:
    """The face's part by labelling every part of the frame, then its holes filled."""
    count, labels = cv2.connectedComponents(mask.astype(np.uint8), connectivity=4)
    x = min(mask.shape[1] - 1, max(0, round(point[0])))
    y = min(mask.shape[0] - 1, max(0, round(point[1])))
    if count <= 1 or labels[y, x] == 0:
        return mask
    part = (labels == labels[y, x]).astype(np.uint8)
    outside = cv2.copyMakeBorder(1 - part, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=1)
    flood = np.zeros((outside.shape[0] + 2, outside.shape[1] + 2), np.uint8)
    cv2.floodFill(outside, flood, (0, 0), 2)
    return (outside[1:-1, 1:-1] != 2) | (part > 0)


def test_the_face_part_by_flood_fills_is_the_labelled_part(photos):
    rng = np.random.default_rng(0)
    for ctx in photos:
        if ctx._segmented is None:
            continue
        point = ctx._axes[0].along(0.6)
        mask = ctx._segmented.copy()
        # Islands beside the person and holes in it, as GrabCut leaves on busy backdrops.
        for _ in range(30):
            y, x = rng.integers(0, mask.shape[0]), rng.integers(0, mask.shape[1])
            mask[y : y + 7, x : x + 7] = rng.random() < 0.5
        for candidate in (ctx._segmented, mask):
            assert np.array_equal(
                _component_with(candidate, point), _component_whole_frame(candidate, point)
            )
        outside = (0.0, 0.0) if not mask[0, 0] else (mask.shape[1] - 1.0, 0.0)
        assert np.array_equal(_component_with(mask, outside), _component_whole_frame(mask, outside))


def test_backdrop_distances_one_centre_at_a_time_are_the_broadcast_ones(photos):
    for ctx in photos:
        lab = cv2.cvtColor(ctx.rgb, cv2.COLOR_RGB2LAB).astype(np.float32).reshape(-1, 3)
        criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 10, 1.0)
        cv2.setRNGSeed(0)
        corners = lab[:: max(1, len(lab) // 5000)]
        _, _, centres = cv2.kmeans(corners, 4, None, criteria, 1, cv2.KMEANS_PP_CENTERS)
        broadcast = np.min(np.linalg.norm(lab[:, None, :] - centres[None], axis=2), axis=1)
        assert np.array_equal(_nearest_centre(lab, centres), broadcast)


def test_the_blur_effect_with_opencv_filters_is_scikit_images(photos):
    """On every photo's face (as `quality.softness` reads it), a blurred copy and the frame."""
    checked = 0
    for ctx in photos:
        face = ctx.focus_region
        height = min(quality.SOFTNESS_MAX_HEIGHT, face.shape[0])
        width = max(quality.SOFTNESS_FILTER, round(face.shape[1] * height / face.shape[0]))
        patch = cv2.resize(face, (width, height), interpolation=cv2.INTER_AREA)
        for image in (patch, cv2.GaussianBlur(patch, (0, 0), 2), ctx.gray, patch[:11, :15]):
            ours = quality._blur_effect(image, quality.SOFTNESS_FILTER)
            assert ours == pytest.approx(blur_effect(image, h_size=11), abs=1e-12)
        checked += 1
    assert checked >= 4


def test_the_lab_look_up_gives_the_scaled_8_bit_conversion(photos):
    for ctx in photos:
        lab = cv2.cvtColor(ctx.colour_rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
        lab[..., 0] *= 100 / 255
        lab[..., 1:] -= 128
        assert ctx.lab.dtype == np.float32
        assert np.array_equal(ctx.lab, lab)


def _teeth_by_column(gray, redness, seam, nose) -> float:
    """`mouth._teeth_width` one column at a time, as it was before issue 20's seventh pass."""
    reach = round(mouth.TEETH_MIN_HALF_WIDTH * mouth.IED)
    if seam is None:
        line_y = round(nose[1] + mouth.TYPICAL_SEAM_DROP * mouth.IED)
        seam = [(round(nose[0]) - reach, line_y), (round(nose[0]) + reach, line_y)]
    skin_a = float(np.median(mouth._cheeks(redness)))
    by_x, half, (height, width) = dict(seam), mouth.TEETH_HALF_HEIGHT, gray.shape
    columns = []
    for x in range(
        max(0, min(seam[0][0], round(nose[0]) - reach)),
        min(width, max(seam[-1][0], round(nose[0]) + reach) + 1),
    ):
        y = by_x.get(x, seam[0][1] if x < seam[0][0] else seam[-1][1])
        rows = slice(max(0, y - half), min(height, y + half + 1))
        columns.append((gray[rows, x].astype(np.float32), redness[rows, x].astype(np.float32)))
    band = float(np.median(np.concatenate([luma for luma, _ in columns])))
    bright = band + mouth.TEETH_BRIGHTER * (255 - band)
    less_red = skin_a - max(mouth.TEETH_MIN_LESS_RED, mouth.TEETH_LESS_RED * abs(skin_a - 128))
    shown = sum(
        int(((a < less_red) & (luma > bright)).sum() >= mouth.TEETH_MIN_PIXELS)
        for luma, a in columns
    )
    return shown / mouth.IED


def test_the_teeth_band_in_one_array_is_the_column_by_column_one(photos):
    """On each face's canonical view: along the traced seam, the straight line without one, and
    the seam moved to the view's top and bottom edges (columns cut short by the edge)."""
    checked = 0
    for ctx in photos:
        if ctx.canonical_face is None or ctx.face_frame is None:
            continue
        gray = ctx.canonical_face
        redness = cv2.cvtColor(ctx.face_frame.canonical(ctx.rgb), cv2.COLOR_RGB2LAB)[..., 1]
        nose = mouth.nose_or_typical(ctx.face_frame.canonical_nose)
        seam = mouth._seam_trace(gray, nose)
        seams = [seam, None]
        if seam is not None:
            seams += [
                [(x, y % 3) for x, y in seam],
                [(x, gray.shape[0] - 1 - y % 3) for x, y in seam],
            ]
        for candidate in seams:
            ours = mouth._teeth_width(gray, redness, candidate, nose)
            assert ours == _teeth_by_column(gray, redness, candidate, nose)
        checked += 1
    assert checked >= 4


def test_the_shared_skin_median_and_hsv_are_each_measures_own(photos):
    """The skin's median Lab (read by three colour measures and the clothes) is each channel's
    median, and the clothes' skin test on the sample's pixels is the whole copy's."""
    checked = 0
    for ctx in photos:
        assert np.array_equal(
            color.colour_hsv(ctx.colour_rgb), cv2.cvtColor(ctx.colour_rgb, cv2.COLOR_RGB2HSV)
        )
        if ctx.face_lab is None or len(ctx.face_lab) == 0:
            continue
        skin = color.skin_colour(ctx.face_lab)
        for channel in range(3):
            assert skin[channel] == np.median(ctx.face_lab[:, channel])
        clothes = attire.clothes_region(ctx.torso_mask, ctx.geometry)
        kept = attire.clothes_colour_sample(
            ctx.torso_mask, ctx.geometry, ctx.lab, ctx.colour_step, ctx.face_lab, ctx.hair_colour
        )
        if clothes is None or kept is None:
            continue
        lab = ctx.lab
        near = (np.hypot(lab[..., 1] - skin[1], lab[..., 2] - skin[2]) <= person.SKIN_AB) & (
            np.abs(lab[..., 0] - skin[0]) <= person.SKIN_L
        )
        hair = ctx.hair_colour
        if hair is not None:
            rows, cols = np.indices(lab.shape[:2]) * ctx.colour_step
            ied = ctx.geometry.inter_eye_px
            across = np.abs(cols - ctx.geometry.eye_mid[0]) / ied
            near |= (
                person.like_hair(lab.reshape(-1, 3), hair).reshape(lab.shape[:2])
                & (across <= attire.HAIR_FALL_WIDTH)
                & (rows <= ctx.geometry.chin[1] + attire.HAIR_FALL_DEPTH * ied)
            )
        assert np.array_equal(kept, clothes[:: ctx.colour_step, :: ctx.colour_step] & ~near)
        checked += 1
    assert checked >= 4
