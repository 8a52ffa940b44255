"""Hostile and broken images, made in memory from a real portrait (skimage's astronaut).

Each entry is (file name, bytes, content type the server claims, what the audit must make of it).
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from dataclasses import dataclass
from functools import cache

import numpy as np
from PIL import Image
from skimage import data

__all__ = ["HostileImage", "gzip_bomb", "hostile_images", "png_header_only"]


@dataclass(frozen=True)
class HostileImage:
    """One hostile photo and the outcome the audit must produce."""

    name: str
    data: bytes
    content_type: str
    expect: str  # "audited" (ok/no_face) or "failed"
    reason: str = ""  # words the failure message must contain (lower case)


@cache
def _portrait() -> Image.Image:
    return Image.fromarray(data.astronaut()).crop((100, 0, 400, 360))


def _save(image: Image.Image, fmt: str, **params) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **params)
    return buf.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A valid PNG whose pixels are a single compressed run: tiny file, huge image."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")
        )

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
    row = b"\x00" + bytes((width + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(min(height, 2000)))
    body += compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def gzip_bomb(megabytes: int = 200) -> bytes:
    """A gzip body that expands to `megabytes` of zeros (about 200 kB on the wire)."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as fh:
        block = bytes(1 << 20)
        for _ in range(megabytes):
            fh.write(block)
    return buf.getvalue()


def _animated(fmt: str) -> bytes:
    frames = [_portrait(), _portrait().transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    return _save(frames[0], fmt, save_all=True, append_images=frames[1:], duration=200, loop=0)


def _wrong_orientation() -> bytes:
    """Pixels stored sideways with an EXIF orientation tag that turns them upright."""
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    return _save(_portrait().transpose(Image.Transpose.ROTATE_90), "JPEG", exif=exif.tobytes())


def _corrupt_exif() -> bytes:
    jpeg = _save(_portrait(), "JPEG")
    garbage = b"Exif\x00\x00II*\x00\xff\xff\xff\x7f" + bytes(range(256)) * 4
    app1 = b"\xff\xe1" + (len(garbage) + 2).to_bytes(2, "big") + garbage
    return jpeg[:2] + app1 + jpeg[2:]


def _avif(portrait: Image.Image) -> HostileImage:
    """A real AVIF where this Pillow can write one, else an AVIF header with no image in it."""
    if "AVIF" in Image.SAVE:
        return HostileImage("photo.avif", _save(portrait, "AVIF"), "image/avif", "audited")
    fake = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + bytes(64)
    return HostileImage("photo.avif", fake, "image/avif", "failed", "")


@cache
def hostile_images() -> tuple[HostileImage, ...]:
    """Every hostile image of issue 7, with the outcome the audit must produce."""
    portrait = _portrait()
    jpeg = _save(portrait, "JPEG", quality=90)
    rgba = portrait.convert("RGBA")
    rgba.putalpha(Image.linear_gradient("L").resize(portrait.size))
    sixteen = Image.fromarray(np.asarray(portrait.convert("L"), np.uint16) * 257)
    return (
        HostileImage("zero.jpg", b"", "image/jpeg", "failed", "empty"),
        HostileImage("truncated.jpg", jpeg[: len(jpeg) // 3], "image/jpeg", "failed", ""),
        HostileImage(
            "page.jpg", b"<!doctype html><html><body>404</body></html>", "image/jpeg", "failed", ""
        ),
        HostileImage(
            "data.jpg", json.dumps({"error": "nope"}).encode(), "image/jpeg", "failed", ""
        ),
        HostileImage(
            "script.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
            b"<script>alert(1)</script><rect width='100' height='100'/></svg>",
            "image/svg+xml",
            "failed",
            "svg",
        ),
        HostileImage("cmyk.jpg", _save(portrait.convert("CMYK"), "JPEG"), "image/jpeg", "audited"),
        HostileImage("sixteen.png", _save(sixteen, "PNG"), "image/png", "audited"),
        HostileImage(
            "palette.png", _save(portrait.convert("P", palette=1), "PNG"), "image/png", "audited"
        ),
        HostileImage("grey.png", _save(portrait.convert("L"), "PNG"), "image/png", "audited"),
        HostileImage("alpha.png", _save(rgba, "PNG"), "image/png", "audited"),
        HostileImage("alpha.webp", _save(rgba, "WEBP"), "image/webp", "audited"),
        HostileImage("animated.gif", _animated("GIF"), "image/gif", "audited"),
        HostileImage("animated.webp", _animated("WEBP"), "image/webp", "audited"),
        _avif(portrait),
        HostileImage("pixel.png", _save(Image.new("RGB", (1, 1)), "PNG"), "image/png", "audited"),
        HostileImage("huge.png", png_header_only(20_000, 20_000), "image/png", "failed", "limit"),
        HostileImage("bomb.png", png_header_only(60_000, 60_000), "image/png", "failed", "limit"),
        HostileImage("rotated.jpg", _wrong_orientation(), "image/jpeg", "audited"),
        HostileImage("corrupt-exif.jpg", _corrupt_exif(), "image/jpeg", "audited"),
    )
