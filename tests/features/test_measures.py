"""Each measure moves the right way, by about the right amount, under controlled edits of real
photos (the portraits installed packages ship). The same edits run on the real-headshot corpus
in benchmarks/validate_measures.py."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
import skimage.data
from PIL import Image

from auditor.features import measure_photo
from auditor.features.context import PhotoContext
from auditor.features.decode import decode
from tests.features.conftest import encode


def features(rgb: np.ndarray, config, **encode_options) -> dict[str, float | None]:
    """Measure an RGB array encoded as a JPEG."""
    return measure_photo(encode(rgb, **encode_options), config).features


def gamma(rgb: np.ndarray, g: float) -> np.ndarray:
    """Darken (g > 1) or brighten (g < 1) by a gamma curve."""
    return (255 * (rgb / 255.0) ** g).astype(np.uint8)


def shift(rgb: np.ndarray, dr: int, dg: int, db: int) -> np.ndarray:
    """Add a colour cast of (dr, dg, db) 8-bit levels."""
    return np.clip(rgb.astype(int) + np.array([dr, dg, db]), 0, 255).astype(np.uint8)


# -- crop ------------------------------------------------------------------------------------


def test_tighter_crop_raises_head_share_by_the_crop_factor(config, hopper):
    full = features(hopper, config)
    # Keep the middle 75% of the height (and the same aspect), centred on the face.
    height, width = hopper.shape[:2]
    top, left = int(0.05 * height), int(0.125 * width)
    tight = hopper[top : top + int(0.75 * height), left : left + int(0.75 * width)]
    cropped = features(tight, config)
    expected = full["crop.head_height_ratio"] / 0.75
    assert cropped["crop.head_height_ratio"] == pytest.approx(expected, rel=0.1)
    assert cropped["crop.face_height_ratio"] == pytest.approx(
        full["crop.face_height_ratio"] / 0.75, rel=0.1
    )
    assert cropped["image.aspect_ratio"] == pytest.approx(full["image.aspect_ratio"], rel=0.02)


def test_looser_crop_lowers_head_share_and_adds_shoulders(config, hopper):
    full = features(hopper, config)
    padded = cv2.copyMakeBorder(hopper, 150, 150, 175, 175, cv2.BORDER_REPLICATE)
    loose = features(padded, config)
    factor = hopper.shape[0] / padded.shape[0]
    # The chin and eyes scale exactly; the crown only roughly here: Hopper's dark cap against
    # the dark flag is partly taken for backdrop once the photo is smaller (docs/measures.md,
    # Known limits). The exact factor is checked on the frll landmarks (test_geometry.py).
    assert loose["crop.eye_line_ratio"] == pytest.approx(
        (full["crop.eye_line_ratio"] * hopper.shape[0] + 150) / padded.shape[0], abs=0.02
    )
    assert loose["crop.head_height_ratio"] < 0.9 * full["crop.head_height_ratio"]
    assert loose["crop.head_height_ratio"] == pytest.approx(
        full["crop.head_height_ratio"] * factor, rel=0.2
    )
    assert loose["crop.headroom_ratio"] > full["crop.headroom_ratio"] + 0.1
    # 150 px more below the chin, about half a head height (300 px) of Hopper.
    assert loose["crop.shoulders_in_frame_ratio"] > full["crop.shoulders_in_frame_ratio"] + 0.4
    assert loose["quality.face_size_px"] == pytest.approx(full["quality.face_size_px"], rel=0.1)


def test_face_offset_follows_the_face(config, hopper):
    centred = features(hopper, config)
    assert abs(centred["crop.face_center_x_offset"]) < 0.05
    # Cut 150 px off the right: the face moves right in the frame; off the top: it moves up.
    right = features(hopper[:, :-150], config)
    up = features(hopper[120:], config)
    width = hopper.shape[1] - 150
    assert right["crop.face_center_x_offset"] > 0.1
    assert right["crop.face_center_x_offset"] == pytest.approx(
        (centred["crop.face_center_x_offset"] + 0.5) * hopper.shape[1] / width - 0.5,
        abs=0.04,
    )
    assert up["crop.face_center_y_offset"] < centred["crop.face_center_y_offset"] - 0.05
    assert up["crop.eye_line_ratio"] < centred["crop.eye_line_ratio"] - 0.1
    assert up["crop.headroom_ratio"] < 0  # the crown is cut off


def test_eye_line_sits_between_brow_and_nose(config, astronaut, hopper):
    for rgb in (astronaut, hopper):
        m = measure_photo(encode(rgb), config)
        _, y, _, h = m.face_box
        eye = m.features["crop.eye_line_ratio"]
        assert y + 0.25 * h < eye < y + 0.55 * h


@pytest.mark.parametrize("angle", [-10, 10])
def test_roll_follows_a_rotation(config, astronaut, angle):
    level = features(astronaut, config)["crop.roll_degrees"]
    height, width = astronaut.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1)
    rotated = cv2.warpAffine(astronaut, matrix, (width, height), borderMode=cv2.BORDER_REFLECT)
    tilted = features(rotated, config)["crop.roll_degrees"]
    # OpenCV's positive angle turns the image anticlockwise, which lowers the roll.
    assert tilted == pytest.approx(level - angle, abs=4)


def test_two_people_count_as_two_faces(config, hopper):
    pair = np.hstack([hopper, hopper[:, ::-1]])
    assert features(pair, config)["face.count"] == 2


# -- light -----------------------------------------------------------------------------------


def test_gamma_darkening_lowers_luminance_monotonically(config, hopper):
    series = [features(gamma(hopper, g), config) for g in (0.7, 1.0, 1.5, 2.2, 3.0)]
    for key in ("light.face_luminance", "light.luminance_mean", "color.skin_luminance"):
        values = [f[key] for f in series]
        assert values == sorted(values, reverse=True), key
        assert values[0] - values[-1] > 25, key
    shadows = [f["light.clipped_shadows_pct"] for f in series]
    assert shadows[-1] > shadows[1] + 10


def test_overexposure_clips_highlights(config, hopper):
    normal = features(hopper, config)
    blown = features(np.clip(hopper.astype(int) * 2 + 40, 0, 255).astype(np.uint8), config)
    assert normal["light.clipped_highlights_pct"] < 1
    assert blown["light.clipped_highlights_pct"] > 30
    assert blown["light.dynamic_range_bits"] < normal["light.dynamic_range_bits"] - 1


def test_flattened_contrast_lowers_rms_contrast_and_dynamic_range(config, hopper):
    normal = features(hopper, config)
    flat = features((128 + (hopper.astype(float) - 128) * 0.3).astype(np.uint8), config)
    assert flat["light.rms_contrast"] == pytest.approx(normal["light.rms_contrast"] * 0.3, rel=0.2)
    assert flat["light.dynamic_range_bits"] < normal["light.dynamic_range_bits"] - 1


def test_side_light_lowers_illumination_balance(config, hopper):
    even = features(hopper, config)
    # A key light from the right: the left of the frame (and of the face) at 45% brightness,
    # blending over ~20 px at the face's centre line (x = 265).
    x = np.arange(hopper.shape[1])
    ramp = (0.45 + 0.55 / (1 + np.exp(-(x - 265) / 10)))[None, :, None]
    side_lit = features((hopper * ramp).astype(np.uint8), config)
    assert even["light.illumination_balance"] > 0.7
    assert side_lit["light.illumination_balance"] < even["light.illumination_balance"] - 0.3


# -- background ------------------------------------------------------------------------------


def _background_mask(rgb: np.ndarray, config) -> np.ndarray:
    """The stage's own background mask at the photo's full size (where to paste a backdrop)."""
    ctx = PhotoContext(decode(encode(rgb), config.working_size, config.max_pixels), 240, None)
    mask = ctx.background_mask.astype(np.uint8)
    return cv2.resize(mask, (rgb.shape[1], rgb.shape[0]), interpolation=cv2.INTER_NEAREST) > 0


def test_plain_backdrop_is_measured_as_its_colour(config, hopper):
    mask = _background_mask(hopper, config)
    studio = hopper.copy()
    studio[mask] = (232, 232, 232)  # a light-grey studio backdrop
    m = features(studio, config)
    assert m["background.lab_l"] == pytest.approx(92.0, abs=2.5)
    assert abs(m["background.lab_a"]) < 2 and abs(m["background.lab_b"]) < 2
    # < 2, not < 1: the person mask keeps the lower corners that are far from the backdrop's
    # colours (dark suits, issue 15), so a sliver of Hopper's flag at the frame's left edge,
    # kept with her the first time, is left unpainted and reads as background the second.
    # That sliver's spread: 7.97 with GrabCut's 18 px copy, 8.01 with the 15 px one
    # (docs/scale.md, sixth pass): < 8.5, not < 8.
    assert m["background.spread_l"] < 8.5 and m["background.clutter_pct"] < 2


def test_cluttered_backdrop_raises_clutter(config, hopper):
    mask = _background_mask(hopper, config)
    studio, busy = hopper.copy(), hopper.copy()
    studio[mask] = (232, 232, 232)
    shelves = cv2.resize(skimage.data.coffee(), (hopper.shape[1], hopper.shape[0]))
    bricks = cv2.cvtColor(
        cv2.resize(skimage.data.brick(), shelves.shape[1::-1]), cv2.COLOR_GRAY2RGB
    )
    busy[mask] = np.where(np.arange(hopper.shape[1])[None, :, None] % 200 < 100, shelves, bricks)[
        mask
    ]
    plain, cluttered = features(studio, config), features(busy, config)
    assert cluttered["background.clutter_pct"] > plain["background.clutter_pct"] + 3
    assert cluttered["background.spread_l"] > plain["background.spread_l"] + 5
    assert cluttered["image.detail_pct"] > plain["image.detail_pct"]


# Collins's bulky suit at the frame's bottom corners was left in the background (a known
# limit of issue 14) until the corners were seeded by colour (issue 15, docs/analysis.md).
@pytest.mark.parametrize("portrait", ["astronaut", "hopper"])
def test_person_on_a_real_street_scene_raises_clutter(config, astronaut, hopper, portrait):
    # scikit-learn's china.jpg (a temple among trees) as the backdrop behind each portrait.
    sklearn_datasets = pytest.importorskip("sklearn.datasets")
    scene = sklearn_datasets.load_sample_image("china.jpg")
    for rgb in ({"astronaut": astronaut, "hopper": hopper}[portrait],):
        mask = _background_mask(rgb, config)
        plain, busy = rgb.copy(), rgb.copy()
        plain[mask] = (210, 210, 210)
        busy[mask] = cv2.resize(scene, (rgb.shape[1], rgb.shape[0]))[mask]
        before, after = features(plain, config), features(busy, config)
        # The segmented background here is mostly the scene's sky (the temple and trees are at
        # the sides), so the edge share rises by ~2-6 points, not more.
        assert after["background.clutter_pct"] > before["background.clutter_pct"] + 2
        assert after["background.spread_l"] > before["background.spread_l"] + 5
        # The face measures do not notice the backdrop change.
        assert after["crop.head_height_ratio"] == pytest.approx(
            before["crop.head_height_ratio"], rel=0.1
        )


def test_brighter_backdrop_lowers_face_background_contrast(config, hopper):
    mask = _background_mask(hopper, config)
    dark, light = hopper.copy(), hopper.copy()
    dark[mask], light[mask] = (40, 40, 40), (240, 240, 240)
    assert features(dark, config)["light.face_background_contrast"] > 20
    assert features(light, config)["light.face_background_contrast"] < -20


# -- colour ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cast", "key", "sign"),
    [
        ((18, 0, -18), "color.cast_b", +1),  # warm / yellow-orange
        ((-18, 0, 18), "color.cast_b", -1),  # cold / blue
        ((15, -15, 15), "color.cast_a", +1),  # magenta
        ((-15, 15, -15), "color.cast_a", -1),  # green
    ],
)
def test_colour_cast_is_picked_up_in_its_direction(config, astronaut, hopper, cast, key, sign):
    skin_key = key.replace("cast", "skin")  # color.skin_a / color.skin_b move with the cast
    for rgb in (astronaut, hopper):
        before, after = features(rgb, config), features(shift(rgb, *cast), config)
        assert sign * (after[key] - before[key]) > 5
        assert sign * (after[skin_key] - before[skin_key]) > 5


def test_a_coloured_backdrop_leaves_the_skin_hue_alone(config, hopper):
    mask = _background_mask(hopper, config)
    grey, teal = hopper.copy(), hopper.copy()
    grey[mask], teal[mask] = (128, 128, 128), (0, 128, 128)
    on_grey, on_teal = features(grey, config), features(teal, config)
    assert on_teal["background.lab_a"] < on_grey["background.lab_a"] - 15
    for key in ("color.skin_a", "color.skin_b", "color.skin_luminance"):
        assert on_teal[key] == pytest.approx(on_grey[key], abs=2), key


def test_grayscale_is_detected(config, astronaut, hopper):
    for rgb in (astronaut, hopper):
        colour = features(rgb, config)
        gray = cv2.cvtColor(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB)
        mono = features(gray, config)
        assert colour["color.grayscale"] == 0.0 and mono["color.grayscale"] == 1.0
        assert mono["color.colorfulness"] < 2 and mono["color.saturation_mean"] < 0.02
        assert abs(mono["color.cast_a"]) < 1 and abs(mono["color.cast_b"]) < 1
        assert colour["color.colorfulness"] > 30


def test_sepia_is_not_grayscale(config, hopper):
    gray = cv2.cvtColor(hopper, cv2.COLOR_RGB2GRAY).astype(float)
    sepia = np.stack([gray * 1.0, gray * 0.85, gray * 0.65], axis=-1).astype(np.uint8)
    m = features(sepia, config)
    assert m["color.grayscale"] == 0.0 and m["color.cast_b"] > 5


def test_saturation_boost_raises_colourfulness(config, hopper):
    hsv = cv2.cvtColor(hopper, cv2.COLOR_RGB2HSV).astype(float)
    hsv[..., 1] = np.clip(hsv[..., 1] * 1.6, 0, 255)
    vivid = cv2.cvtColor(hsv.astype(np.uint8), cv2.COLOR_HSV2RGB)
    normal, boosted = features(hopper, config), features(vivid, config)
    assert boosted["color.colorfulness"] > normal["color.colorfulness"] * 1.2
    assert boosted["color.saturation_mean"] > normal["color.saturation_mean"] * 1.2


# -- quality ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sigma", [1.5, 3.0])
def test_blur_lowers_sharpness(config, astronaut, hopper, sigma):
    for rgb in (astronaut, hopper):
        sharp = features(rgb, config)["quality.sharpness"]
        blurred = features(cv2.GaussianBlur(rgb, (0, 0), sigma), config)["quality.sharpness"]
        assert blurred < 0.5 * sharp


def test_sharpness_does_not_depend_on_photo_size(config, hopper):
    full = features(hopper, config)["quality.sharpness"]
    half = features(cv2.resize(hopper, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA), config)
    assert half["quality.sharpness"] == pytest.approx(full, rel=0.5)


def _looser_crop(rgb: np.ndarray, scale: float = 0.55) -> np.ndarray:
    """The same photo with the person further away: shrunk into a frame of the same size."""
    height, width = rgb.shape[:2]
    small = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    top, left = (height - small.shape[0]) // 2, (width - small.shape[1]) // 2
    bottom, right = height - small.shape[0] - top, width - small.shape[1] - left
    return cv2.copyMakeBorder(small, top, bottom, left, right, cv2.BORDER_REPLICATE)


def test_sharpness_does_not_depend_on_face_size(config, hopper):
    """A looser crop of the same photo (the person further away in the same frame size) is
    not softer: a small face is a resolution finding, not blur."""
    loose = _looser_crop(hopper)
    near, far = features(hopper, config), features(loose, config)
    assert far["quality.face_size_px"] < 0.65 * near["quality.face_size_px"]
    # Judged at 128 px the looser crop lost 56% (enlarged face); a real blur loses far more.
    assert far["quality.sharpness"] > 0.55 * near["quality.sharpness"]
    blurred = features(cv2.GaussianBlur(hopper, (0, 0), 3.0), config)
    assert blurred["quality.sharpness"] < 0.2 * near["quality.sharpness"]


def test_noise_estimate_tracks_added_noise(config, hopper):
    # A 400 px crop is measured at full size, so no resampling averages the grain away.
    crop = hopper[100:500, 50:450].astype(float)
    rng = np.random.default_rng(1)
    clean = features(crop, config, fmt="PNG")["quality.noise"]
    for sigma in (4, 8):
        grain = rng.normal(0, sigma, crop.shape[:2])[..., None]  # the same in each channel
        noisy = features(np.clip(crop + grain, 0, 255), config, fmt="PNG")["quality.noise"]
        assert noisy == pytest.approx(np.hypot(clean, sigma), rel=0.25)
    assert clean < 3


def test_jpeg_quality_is_estimated_from_the_tables(config, hopper):
    for quality in (10, 50, 75, 95):
        estimate = features(hopper, config, quality=quality)["quality.jpeg_quality"]
        assert estimate == pytest.approx(quality, abs=1)
    assert features(hopper, config, fmt="PNG")["quality.jpeg_quality"] is None


def test_heavy_compression_shows_blocks(config, hopper):
    small = hopper[100:500, 50:450]  # 400 px: measured at full resolution, the grid is intact
    fine = features(small, config, quality=95)["quality.blockiness"]
    coarse = features(small, config, quality=10)["quality.blockiness"]
    assert fine < 1.15 and coarse > fine + 0.3


def test_downscaled_photo_has_a_smaller_face(config, hopper):
    full = features(hopper, config)
    quarter = features(
        cv2.resize(hopper, None, fx=0.4, fy=0.4, interpolation=cv2.INTER_AREA), config
    )
    assert quarter["quality.face_size_px"] == pytest.approx(
        full["quality.face_size_px"] * 0.4, rel=0.12
    )
    assert quarter["image.width_px"] == round(hopper.shape[1] * 0.4)
    assert quarter["image.height_px"] == round(hopper.shape[0] * 0.4)


def test_flat_placeholder_has_no_detail(config):
    placeholder = np.full((400, 400, 3), (200, 205, 210), np.uint8)
    cv2.circle(placeholder, (200, 160), 70, (150, 155, 160), -1)
    cv2.ellipse(placeholder, (200, 400), (140, 120), 0, 180, 360, (150, 155, 160), -1)
    m = measure_photo(encode(placeholder, fmt="PNG"), config)
    assert m.features["image.detail_pct"] < 1.5 and m.features["face.count"] == 0


# -- meta ------------------------------------------------------------------------------------


def test_exif_date_and_camera_are_read(config, hopper):
    image = Image.fromarray(hopper)
    exif = image.getexif()
    exif[0x0110] = "Canon EOS 5D Mark IV"
    exif.get_ifd(0x8769)[0x9003] = "2016:07:02 12:00:00"
    buf = io.BytesIO()
    image.save(buf, "JPEG", exif=exif, quality=90)
    m = measure_photo(buf.getvalue(), config)
    assert m.features["meta.exif_year"] == pytest.approx(2016.5, abs=0.01)
    assert m.info["meta.camera_model"] == "Canon EOS 5D Mark IV"
    assert m.info["meta.exif_datetime"] == "2016-07-02T12:00:00"
    assert measure_photo(encode(hopper), config).features["meta.exif_year"] is None


@pytest.mark.parametrize("share", [0.008, 0.016])
def test_blur_raises_softness(config, astronaut, hopper, share):
    """A mild and a strong blur (sigma 0.8% and 1.6% of the height, the benchmark's edit)."""
    for rgb in (astronaut, hopper):
        sharp = features(rgb, config)["quality.softness"]
        sigma = share * rgb.shape[0]
        blurred = features(cv2.GaussianBlur(rgb, (0, 0), sigma), config)["quality.softness"]
        assert blurred > sharp + 0.2, (sharp, blurred)


def test_softness_does_not_read_a_low_contrast_face_as_soft(config, astronaut, hopper):
    """Halving the contrast (a flatter, darker or smoother face at the same focus) quarters the
    Laplacian's variance, which read such faces as 'blurry'; the face is as sharp as before."""
    for rgb in (astronaut, hopper):
        flat = (0.5 * rgb.astype(np.float32) + 0.25 * rgb.mean()).astype(np.uint8)
        normal, flatter = features(rgb, config), features(flat, config)
        assert flatter["quality.sharpness"] < 0.4 * normal["quality.sharpness"]
        assert flatter["quality.softness"] == pytest.approx(normal["quality.softness"], abs=0.05)


def test_softness_does_not_depend_on_face_size(config, hopper):
    """A looser crop (the face smaller in the same frame) is not read as soft: the face is
    never enlarged to be judged."""
    loose = _looser_crop(hopper)
    near, far = features(hopper, config), features(loose, config)
    blurred = features(cv2.GaussianBlur(hopper, (0, 0), 3.0), config)
    assert far["quality.softness"] < near["quality.softness"] + 0.06
    assert blurred["quality.softness"] > near["quality.softness"] + 0.15
