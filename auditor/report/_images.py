"""Thumbnails as data: URIs and the re-crop preview (the photo framed the house way)."""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

__all__ = ["Framing", "data_uri", "house_crop", "reaches_past_edges", "recrop"]

# Formats a thumbnail may be embedded as; anything else is not shown (an SVG could carry script).
_MIME_BY_FORMAT = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
}
# Thumbnails larger than this are not trusted to be thumbnails (keeps the report small).
MAX_THUMBNAIL_BYTES = 2_000_000
# Long side of the re-crop preview, pixels (about the size of a card thumbnail).
PREVIEW_LONG_SIDE = 200
# JPEG quality of the re-crop preview: small file, no visible blocking at card size.
PREVIEW_QUALITY = 82
# Never re-crop to less than this share of the photo's height: a preview made of a few pixels
# upscaled to card size would show blur, not framing.
MIN_CROP_SHARE = 0.2
# Never re-crop to more than this many times the photo's height: beyond it the preview is a
# postage stamp on a backdrop, and the canvas would grow without bound on odd framings.
MAX_CROP_SHARE = 4.0


@dataclass(frozen=True)
class Framing:
    """The house framing: face-box height / frame height, face centre as frame fractions."""

    face_height: float
    center_x: float
    center_y: float


def _sniff(data: bytes) -> str | None:
    """The MIME type of an embeddable raster image, from its bytes (never from a header)."""
    if len(data) > MAX_THUMBNAIL_BYTES:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            return _MIME_BY_FORMAT.get(image.format or "")
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def data_uri(data: bytes | None) -> str | None:
    """A data: URI for a raster thumbnail, or None when it is missing or not a safe raster."""
    if not data:
        return None
    mime = _sniff(data)
    if mime is None:
        return None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _fill_colour(image: Image.Image, background_hex: str | None) -> tuple[int, int, int]:
    if background_hex and len(background_hex.lstrip("#")) == 6:
        try:
            digits = background_hex.lstrip("#")
            return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]
        except ValueError:
            pass
    # Without a measured background, the top-left corner is the best guess of the backdrop.
    return image.convert("RGB").getpixel((0, 0))  # type: ignore[return-value]


def house_crop(
    face_box: tuple[float, float, float, float], framing: Framing
) -> tuple[float, float, float, float]:
    """The house-framed crop of a photo as (left, top, width, height) fractions of the photo.

    The crop keeps the photo's aspect ratio; its height makes the face box fill
    `framing.face_height` of it, and it is shifted so the face centre lands on the house
    centre. Values outside 0..1 mean the crop reaches past the photo's edges.
    """
    x, y, w, h = face_box
    height = min(max(h / framing.face_height, MIN_CROP_SHARE), MAX_CROP_SHARE)
    width = height  # same aspect ratio as the photo, so equal as fractions of it
    left = x + w / 2 - framing.center_x * width
    top = y + h / 2 - framing.center_y * height
    return left, top, width, height


def reaches_past_edges(crop: tuple[float, float, float, float], tolerance: float = 0.02) -> bool:
    """True when a crop from `house_crop` needs more of the photo than the photo has."""
    left, top, width, height = crop
    return (
        left < -tolerance
        or top < -tolerance
        or left + width > 1 + tolerance
        or top + height > 1 + tolerance
    )


def recrop(
    thumbnail: bytes,
    face_box: tuple[float, float, float, float],
    framing: Framing,
    background_hex: str | None = None,
) -> bytes | None:
    """The thumbnail re-framed so its face box sits where the house framing puts it.

    The frame keeps the photo's aspect ratio; its height is chosen so the face box fills
    `framing.face_height` of it, and it is shifted so the face centre lands on the house
    centre. Parts of the new frame outside the original photo are filled with the photo's
    background colour (a too-tight photo cannot be widened without a new shot or the
    original file). Returns JPEG bytes, or None when the inputs cannot make a preview.
    """
    _, _, w, h = face_box
    numbers = (*face_box, framing.face_height, framing.center_x, framing.center_y)
    if not all(math.isfinite(n) for n in numbers):
        return None
    if not (0 < w <= 1 and 0 < h <= 1) or framing.face_height <= 0:
        return None
    try:
        with Image.open(io.BytesIO(thumbnail)) as opened:
            image = opened.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    width, height = image.size
    left_share, top_share, width_share, height_share = house_crop(face_box, framing)
    left, top = left_share * width, top_share * height
    crop_w, crop_h = width_share * width, height_share * height
    canvas = Image.new("RGB", (round(crop_w), round(crop_h)), _fill_colour(image, background_hex))
    canvas.paste(image, (round(-left), round(-top)))
    scale = PREVIEW_LONG_SIDE / max(canvas.size)
    preview = canvas.resize(
        (max(1, round(canvas.width * scale)), max(1, round(canvas.height * scale))),
        Image.Resampling.LANCZOS,
    )
    out = io.BytesIO()
    preview.save(out, format="JPEG", quality=PREVIEW_QUALITY)
    return out.getvalue()
