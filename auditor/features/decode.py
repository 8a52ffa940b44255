"""Decode a photo once, safely, into the small sRGB working copy every measure uses.

Order matters for safety and speed: sniff the bytes (refuse HTML, SVG, empty files), read only
the header and refuse by pixel count *before* decoding, then decode at reduced size (JPEG DCT
scaling via Pillow's `draft`), apply the EXIF orientation, convert to sRGB through the embedded
ICC profile, composite transparency onto white, and shrink to the working size.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from datetime import datetime

import cv2
import numpy as np
from PIL import Image, ImageCms, UnidentifiedImageError

from auditor.exceptions import ImageError

__all__ = ["Decoded", "decode", "draft_size"]

_SRGB = ImageCms.createProfile("sRGB")
_EXIF_ORIENTATION = 0x0112
_EXIF_MODEL = 0x0110
_EXIF_IFD = 0x8769
_EXIF_DATETIME_ORIGINAL = 0x9003
_EXIF_DATETIME = 0x0132
# EXIF orientation -> the transpose that makes the photo upright (as ImageOps.exif_transpose).
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class Decoded:
    """The working copy of one photo plus the facts read from its file."""

    rgb: np.ndarray  # HxWx3 uint8 sRGB, long side <= working size
    original_size: tuple[int, int]  # (width, height) after EXIF orientation
    format: str
    quantization: dict[int, list[int]] | None = None  # JPEG quantisation tables
    exif: dict[str, str] = field(default_factory=dict)  # camera_model, datetime
    had_alpha: bool = False

    @property
    def scale(self) -> float:
        """Working-copy pixels per original pixel (<= 1)."""
        return self.rgb.shape[1] / self.original_size[0]


def _sniff(data: bytes) -> None:
    """Refuse obvious non-images with a reason a person understands."""
    if not data:
        raise ImageError("not an image (empty file, 0 bytes)")
    head = data[:512].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096].lower():
        raise ImageError("unsupported format SVG (vector images are never rendered)")
    if head.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<")):
        raise ImageError("not an image (looks like HTML)")
    if head.startswith((b"{", b"[")):
        raise ImageError("not an image (looks like JSON)")


# Container brands of formats Pillow may lack a decoder for (ISO-BMFF `ftyp` box).
_FTYP_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"mif1": "HEIF", b"avif": "AVIF", b"avis": "AVIF"}


def _unsupported(data: bytes) -> str:
    """The reason for bytes Pillow cannot identify: a named format, or not an image."""
    if data[4:8] == b"ftyp":
        return f"unsupported format {_FTYP_BRANDS.get(data[8:12], 'ISO-BMFF')}"
    if data.startswith(b"%PDF"):
        return "unsupported format PDF"
    return "not an image (unrecognised data)"


def _header_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the header alone, past Pillow's own bomb check (no decoding)."""
    limit = Image.MAX_IMAGE_PIXELS
    try:
        Image.MAX_IMAGE_PIXELS = None
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Exception:
        return None
    finally:
        Image.MAX_IMAGE_PIXELS = limit


def _too_large(size: tuple[int, int] | None, max_pixels: int) -> ImageError:
    """The pixel-cap refusal, in numbers a person can check."""
    limit = f"{max_pixels / 1e6:.0f} MP limit"
    if size is None:
        return ImageError(f"image is too large to decode safely (over the {limit})")
    width, height = size
    return ImageError(
        f"image is {width}×{height} = {width * height / 1e6:.0f} megapixels, above the {limit}"
    )


def _exif_facts(image: Image.Image) -> tuple[int, dict[str, str]]:
    """EXIF orientation (1 = upright) and the camera/date facts; corrupt EXIF is ignored."""
    try:
        exif = image.getexif()
    except Exception:  # corrupt EXIF must not lose the photo
        return 1, {}
    facts: dict[str, str] = {}
    try:
        orientation = int(exif.get(_EXIF_ORIENTATION, 1))
    except (TypeError, ValueError):
        orientation = 1
    try:
        model = exif.get(_EXIF_MODEL)
        if model:
            facts["camera_model"] = str(model).strip("\x00 ")[:100]
        sub = exif.get_ifd(_EXIF_IFD)
        stamp = sub.get(_EXIF_DATETIME_ORIGINAL) or exif.get(_EXIF_DATETIME)
        if stamp:
            taken = datetime.strptime(str(stamp).strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
            facts["datetime"] = taken.isoformat()
    except Exception:  # a malformed tag is simply absent
        pass
    return orientation if 1 <= orientation <= 8 else 1, facts


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert to 8-bit RGB in sRGB, honouring an embedded ICC profile and transparency."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        array = np.asarray(image, dtype=np.uint32)
        peak = 65535 if image.mode.startswith("I;16") or array.max() > 255 else 255
        image = Image.fromarray((array * 255 // max(peak, 1)).astype(np.uint8), "L")
    if image.mode == "F":
        array = np.asarray(image, dtype=np.float32)
        image = Image.fromarray(np.clip(array, 0, 255).astype(np.uint8), "L")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if has_alpha:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba).convert("RGB")
        return image
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
        except Exception:  # an unusable profile: fall back to treating the pixels as sRGB
            pass
    if image.mode == "RGB":
        return image  # already what we need: convert() would copy every pixel (~0.4 ms a photo)
    return image.convert("RGB")


def _shrink(rgb: np.ndarray, working_size: int) -> np.ndarray:
    """Resize down to `working_size` on the long side.

    JPEG DCT scaling already brought the photo within 2x of the working size, where bilinear
    does not alias and is 8x faster than area averaging; bigger shrinks (PNG, WebP) average.
    """
    height, width = rgb.shape[:2]
    factor = working_size / max(height, width)
    if factor >= 1:
        return rgb
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    method = cv2.INTER_LINEAR if factor >= 0.5 else cv2.INTER_AREA
    return cv2.resize(rgb, size, interpolation=method)


def draft_size(size: tuple[int, int], working_size: int) -> tuple[int, int]:
    """The size to ask JPEG DCT scaling for: the photo's shape, long side at `working_size`."""
    width, height = size
    factor = min(1.0, working_size / max(width, height))
    return max(1, int(width * factor)), max(1, int(height * factor))


def decode(data: bytes, working_size: int, max_pixels: int) -> Decoded:
    """Decode `data` into a `Decoded` working copy; raise `ImageError` saying why not."""
    _sniff(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        # Pillow's own bomb check fires on the header, before ours can: same reason, our words.
        raise _too_large(_header_size(data), max_pixels) from None
    except UnidentifiedImageError:
        raise ImageError(_unsupported(data)) from None
    except Exception as exc:
        if "truncated" in str(exc).lower():
            raise ImageError("truncated image header (incomplete download?)") from None
        raise ImageError(f"unreadable image ({type(exc).__name__})") from None
    width, height = image.size
    if width < 1 or height < 1:
        raise ImageError("image has no pixels")
    if width * height > max_pixels:
        raise _too_large((width, height), max_pixels)
    fmt = image.format or "unknown"
    quantization = getattr(image, "quantization", None) if fmt == "JPEG" else None
    orientation, exif = _exif_facts(image)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if fmt == "JPEG":
                # DCT scaling: decode straight to the smallest size whose long side is still
                # >= the working size (asking for a square would hold the short side to it).
                image.draft("RGB", draft_size(image.size, working_size))
            image.seek(0)  # first frame of an animation
            image.load()
            had_alpha = "A" in image.mode or "transparency" in image.info
            rgb_image = _to_srgb(image)
            if orientation in _TRANSPOSE:
                rgb_image = rgb_image.transpose(_TRANSPOSE[orientation])
    except ImageError:
        raise
    except OSError as exc:
        message = str(exc)
        if "truncated" in message.lower():
            raise ImageError(f"truncated {fmt} (incomplete download?)") from None
        raise ImageError(f"the image data is corrupt ({message[:120]})") from None
    except Exception as exc:
        raise ImageError(f"the image could not be decoded ({type(exc).__name__})") from None
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    rgb = np.asarray(rgb_image, dtype=np.uint8)
    if rgb.ndim != 3 or rgb.shape[2] != 3:
        raise ImageError("the image could not be converted to RGB")
    rgb = _shrink(rgb, working_size)
    return Decoded(
        rgb=np.ascontiguousarray(rgb),
        original_size=(width, height),
        format=fmt,
        quantization=dict(quantization) if quantization else None,
        exif=exif,
        had_alpha=had_alpha,
    )
