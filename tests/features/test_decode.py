"""Hostile and unusual images (issue 7): every one is measured or refused with a reason."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms

from auditor.features import measure_photo
from auditor.models import Status
from tests.features.conftest import encode


def _save(image: Image.Image, fmt: str, **options) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **options)
    return buf.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """A valid PNG header claiming width×height, with almost no pixel data behind it."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"<!DOCTYPE html><html><body>Not found</body></html>", "looks like HTML"),
        (b'{"error": "not found"}', "looks like JSON"),
        (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)'
            b"</script></svg>",
            "unsupported format SVG",
        ),
        (
            b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64),
            "unsupported format HEIC",
        ),
        (b"%PDF-1.7\n" + bytes(64), "unsupported format PDF"),
        (bytes(range(256)) * 4, "not an image"),
    ],
)
def test_non_images_fail_with_a_reason(config, data, reason):
    m = measure_photo(data, config, person_id="x")
    assert m.status is Status.FAILED and reason in m.error
    assert m.features == {} and m.thumbnail is None


def test_truncated_jpeg_fails_with_a_reason(config, hopper_jpeg):
    assert measure_photo(hopper_jpeg[: len(hopper_jpeg) // 2], config).error == (
        "truncated JPEG (incomplete download?)"
    )
    assert "truncated" in measure_photo(hopper_jpeg[:200], config).error


@pytest.mark.parametrize(("width", "height"), [(20_000, 20_000), (10_000, 8_000)])
def test_pixel_cap_refuses_before_decoding(config, width, height):
    # The header claims the size; there are no pixels to decode, so a refusal can only come
    # from the header (20,000² also trips Pillow's own bomb check, which we reword).
    m = measure_photo(_png_header(width, height), config)
    megapixels = round(width * height / 1e6)
    assert m.status is Status.FAILED
    assert m.error == f"image is {width}×{height} = {megapixels} megapixels, above the 60 MP limit"


def test_decompression_bomb_is_refused(config):
    # 8,000×8,000 one-bit pixels deflate to ~10 KB; decoding to RGB would need 192 MB.
    bomb = _save(Image.new("1", (8_000, 8_000), 1), "PNG")
    assert len(bomb) < 300_000
    m = measure_photo(bomb, config)
    assert m.status is Status.FAILED and "64 megapixels, above the 60 MP limit" in m.error


def test_one_pixel_image_is_measured(config):
    m = measure_photo(_save(Image.new("RGB", (1, 1), (10, 20, 30)), "PNG"), config)
    assert m.status is Status.NO_FACE and m.features["image.width_px"] == 1
    assert m.info["hash.phash"] and m.thumbnail


def test_cmyk_jpeg_is_converted(config, hopper):
    cmyk = Image.fromarray(hopper).convert("CMYK")
    rgb_version = measure_photo(encode(hopper), config).features
    m = measure_photo(_save(cmyk, "JPEG", quality=92), config)
    assert m.status is Status.OK
    assert m.features["light.face_luminance"] == pytest.approx(
        rgb_version["light.face_luminance"], abs=6
    )


def test_sixteen_bit_png_matches_eight_bit(config, hopper):
    gray = np.asarray(Image.fromarray(hopper).convert("L"), np.uint16) * 257
    sixteen = Image.fromarray(gray)  # uint16 -> mode I;16
    eight = Image.fromarray((gray // 257).astype(np.uint8), "L")
    a, b = measure_photo(_save(sixteen, "PNG"), config), measure_photo(_save(eight, "PNG"), config)
    assert a.status is Status.OK and b.status is Status.OK
    assert a.features["light.luminance_mean"] == pytest.approx(
        b.features["light.luminance_mean"], abs=1
    )
    assert a.features["color.grayscale"] == 1.0


def test_palette_and_greyscale_png(config, hopper):
    palette = Image.fromarray(hopper).convert("P", palette=Image.Palette.ADAPTIVE, colors=128)
    grey = Image.fromarray(hopper).convert("L")
    p, g = measure_photo(_save(palette, "PNG"), config), measure_photo(_save(grey, "PNG"), config)
    assert p.status is Status.OK and p.features["color.grayscale"] == 0.0
    assert g.status is Status.OK and g.features["color.grayscale"] == 1.0
    assert p.info["image.format"] == "PNG"


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_transparency_is_composited_on_white(config, hopper, fmt):
    rgba = Image.fromarray(hopper).convert("RGBA")
    alpha = np.zeros(hopper.shape[:2], np.uint8)
    alpha[60:, 90:430] = 255  # the person stays; the top and sides become transparent
    rgba.putalpha(Image.fromarray(alpha))
    m = measure_photo(
        _save(rgba, fmt, lossless=True) if fmt == "WEBP" else _save(rgba, fmt), config
    )
    assert m.status is Status.OK
    assert m.features["background.lab_l"] > 75  # mostly white where it was transparent


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_animation_uses_the_first_frame(config, hopper, fmt):
    first = Image.fromarray(hopper)
    second = Image.new("RGB", first.size, (0, 0, 0))
    data = _save(first, fmt, save_all=True, append_images=[second], duration=100, loop=0)
    m = measure_photo(data, config)
    assert m.status is Status.OK and m.features["face.count"] == 1
    assert m.features["light.luminance_mean"] > 20  # not the black second frame


def test_exif_orientation_is_applied(config, hopper):
    # Stored sideways with orientation 6 ("rotate 90° clockwise to view"), as phones do.
    sideways = Image.fromarray(hopper).transpose(Image.Transpose.ROTATE_90)
    exif = sideways.getexif()
    exif[0x0112] = 6
    m = measure_photo(_save(sideways, "JPEG", exif=exif, quality=92), config)
    assert m.features["image.width_px"] == 512 and m.features["image.height_px"] == 600
    assert m.status is Status.OK and m.features["face.count"] == 1


def test_wrong_and_corrupt_exif_are_ignored(config, hopper):
    image = Image.fromarray(hopper)
    wrong = image.getexif()
    wrong[0x0112] = 42  # no such orientation
    m = measure_photo(_save(image, "JPEG", exif=wrong), config)
    assert m.status is Status.OK and m.features["image.height_px"] == 600
    corrupt = _save(image, "JPEG", exif=b"Exif\x00\x00II*\x00\xff\xff\xff\x7f" + bytes(30))
    m = measure_photo(corrupt, config)
    assert m.status is Status.OK and m.features["meta.exif_year"] is None


def test_embedded_srgb_profile_keeps_the_pixels(config, hopper):
    # The ICC path runs (profile parsed, transform applied) and sRGB-in gives sRGB-out.
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    tagged = measure_photo(_save(Image.fromarray(hopper), "PNG", icc_profile=srgb), config)
    plain = measure_photo(_save(Image.fromarray(hopper), "PNG"), config)
    assert tagged.features["light.luminance_mean"] == pytest.approx(
        plain.features["light.luminance_mean"], abs=0.5
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes_never_crash(config, data):
    m = measure_photo(data, config)
    assert m.status in (Status.FAILED, Status.NO_FACE, Status.OK)
    assert (m.status is Status.FAILED) == (m.error is not None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_corrupted_jpegs_never_crash(config, data):
    photo = bytearray(
        encode(np.full((96, 80, 3), 128, np.uint8) + np.arange(80, dtype=np.uint8)[None, :, None])
    )
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(photo) - 1))
        photo[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(2, len(photo)))
    m = measure_photo(bytes(photo[:cut]), config)
    assert m.status is Status.FAILED or m.features["image.width_px"] is not None
