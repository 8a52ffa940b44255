"""Measure one photo: one decode, one context, every registered measure, a thumbnail."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable

import cv2
import numpy as np
from PIL import Image

from auditor.config import FeaturesConfig
from auditor.exceptions import ImageError
from auditor.features import measures as _registered  # noqa: F401 - registers the measures
from auditor.features.context import PhotoContext
from auditor.features.decode import Decoded, decode
from auditor.features.registry import MEASURES
from auditor.models import HttpInfo, Measurement, Status

__all__ = ["measure_photo", "perceptual_hash"]

THUMBNAIL_QUALITY = 80


def perceptual_hash(gray: np.ndarray, side: int = 8) -> str:
    """DCT perceptual hash (pHash) of side² bits as hex: near-same photos differ in few bits.

    side 8 (64 bits, from a 32 px copy) finds candidates; side 16 (256 bits, from 64 px) tells
    a re-encoded or resized copy (<= 8 bits apart on the corpus) from another person shot in
    the same studio framing (>= 42 apart, where 64 bits came as close as 4).
    """
    size = 4 * side
    small = cv2.resize(gray, (size, size), interpolation=cv2.INTER_AREA).astype(np.float32)
    low = cv2.dct(small)[:side, :side].flatten()
    bits = low > np.median(low[1:])
    return f"{int(''.join('1' if b else '0' for b in bits), 2):0{side * side // 4}x}"


def _lab_to_hex(lab: np.ndarray) -> str:
    pixel = np.asarray(lab, np.float32).reshape(1, 1, 3)
    rgb = np.clip(cv2.cvtColor(pixel, cv2.COLOR_LAB2RGB)[0, 0] * 255, 0, 255)
    return "#{:02x}{:02x}{:02x}".format(*(round(float(v)) for v in rgb))


def _thumbnail(rgb: np.ndarray, size: int) -> bytes:
    height, width = rgb.shape[:2]
    factor = size / max(height, width)
    if factor < 1:  # area averaging: as clean as Lanczos when shrinking, and 10x faster
        dims = (max(1, round(width * factor)), max(1, round(height * factor)))
        rgb = cv2.resize(rgb, dims, interpolation=cv2.INTER_AREA)
    image = Image.fromarray(rgb)
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    return buf.getvalue()


def _run_measures(ctx: PhotoContext) -> tuple[dict[str, float | None], dict[str, str]]:
    """Every registered measure on one context; a measure that fails becomes None."""
    values: dict[str, float | None] = {}
    errors: dict[str, str] = {}
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        # Degenerate photos (a 1x1 pixel: no background left) give NaN, recorded as None;
        # numpy's warnings about it must not reach the user's terminal from a worker.
        warnings.simplefilter("ignore", RuntimeWarning)
        for measure_id, registered in MEASURES.items():
            try:
                value = registered.func(**{n: getattr(ctx, n) for n in registered.needs})
                values[measure_id] = (
                    None if value is None or not np.isfinite(value) else float(value)
                )
            except Exception as exc:  # one broken measure must not lose the photo
                values[measure_id] = None
                errors[f"error.{measure_id}"] = f"{type(exc).__name__}: {exc}"[:200]
    return values, errors


def measure_photo(
    data: bytes,
    config: FeaturesConfig,
    http: HttpInfo | None = None,
    person_id: str = "",
    *,
    context: Callable[[Decoded, HttpInfo | None], PhotoContext] | None = None,
) -> Measurement:
    """Measure one photo; undecodable bytes give a FAILED measurement with the reason.

    `context` makes the decoded photo's `PhotoContext` instead of a fresh one: the fixes stage
    measures a colour-corrected draft with its original's face geometry (`fixes/draft.py`).
    """
    try:
        decoded = decode(data, config.working_size, config.max_pixels)
    except ImageError as exc:
        return Measurement(person_id=person_id, status=Status.FAILED, error=str(exc))
    if context is not None:
        ctx = context(decoded, http)
    else:
        ctx = PhotoContext(decoded, config.detect_size, http, config.landmarks)
    values, info = _run_measures(ctx)
    info["image.format"] = decoded.format
    info["hash.phash"] = perceptual_hash(ctx.gray)
    info["hash.phash256"] = perceptual_hash(ctx.gray, side=16)
    if ctx.background_stats is not None:  # a 1x1 "photo" has no background to describe
        info["background.hex"] = _lab_to_hex(np.array(ctx.background_stats[:3]))
    if decoded.exif.get("camera_model"):
        info["meta.camera_model"] = decoded.exif["camera_model"]
    if decoded.exif.get("datetime"):
        info["meta.exif_datetime"] = decoded.exif["datetime"]
    if ctx.http.last_modified:
        info["meta.last_modified"] = ctx.http.last_modified
    face_box = None
    if ctx.face is not None:
        height, width = ctx.gray.shape
        f = ctx.face
        face_box = (f.x / width, f.y / height, f.w / width, f.h / height)
    return Measurement(
        person_id=person_id,
        status=Status.OK if ctx.face is not None else Status.NO_FACE,
        features=values,
        info=info,
        thumbnail=_thumbnail(decoded.rgb, config.thumbnail_size),
        face_box=face_box,
    )
