"""Plain-language labels and number formatting shared by the HTML view and the charts."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from auditor.models import Status

__all__ = [
    "FLAG_TITLES",
    "STATUS_LABELS",
    "flag_title",
    "format_time",
    "format_value",
    "group_label",
    "measure_label",
    "safe_href",
]

# Reader-facing names of the report contract's flag codes (models.FLAG_CODES).
FLAG_TITLES: dict[str, str] = {
    "crop_too_tight": "Crop too tight",
    "crop_too_loose": "Crop too loose",
    "off_center": "Off centre",
    "background_busy": "Busy background",
    "background_color_mismatch": "Different background colour",
    "color_cast": "Colour cast",
    "color_mode_mismatch": "Colour vs black-and-white",
    "too_dark": "Too dark",
    "too_bright": "Too bright",
    "low_contrast": "Low contrast",
    "uneven_lighting": "Uneven lighting",
    "blurry": "Blurry",
    "low_resolution": "Low resolution",
    "heavy_compression": "Heavy compression",
    "outdated": "Outdated",
    "style_outlier": "Stands out from the team",
    "no_face": "No face found",
    "multiple_faces": "Several faces",
    "duplicate_photo": "Duplicate photo",
    "placeholder": "Placeholder image",
    "expression_mismatch": "Expression unlike the team's",
    "eyes_closed": "Eyes closed",
    "head_turned": "Head turned away",
    "over_retouched": "Over-retouched skin",
    "busy_attire": "Busy clothes",
    "attire_mismatch": "Clothes unlike the team's",
    "inconsistent_across_pages": "Different photo on another page",
}

STATUS_LABELS: dict[str, str] = {
    Status.OK.value: "Audited",
    Status.NO_FACE.value: "No face found",
    Status.NO_PHOTO.value: "No photo on the page",
    Status.FAILED.value: "Photo could not be audited",
}

# Units shown after a number by `format_value`; every other unit (L*, a*, var, M, σ, bits,
# 0..1, ratio) is a scientist's unit: the report shows those through `_units.Unit`.
_PLAIN_UNITS = {"%": "%", "px": "px", "pixels": "px", "faces": "faces", "degrees": "°"}
# Units never printed after a number.
_SILENT_UNITS = {"", "ratio", "score", "count", "bool", "flag", "year"}
# Units counted in whole numbers: shown without decimals.
_WHOLE_UNITS = {"count", "faces", "px", "year", "pixels"}
# A unit that is a range ("0..1", "1..100") describes the scale, it is not a unit to print.
_RANGE_UNIT = re.compile(r"^-?\d+(\.\d+)?\s*(\.\.|/)\s*-?\d+(\.\d+)?$")
# Words in measure ids without a plain name that read better spelled out or capitalised.
_LABEL_WORDS = {
    "pct": "(%)",
    "px": "(px)",
    "jpeg": "JPEG",
    "exif": "EXIF",
    "bits": "",
    "degrees": "(°)",
    "rms": "",
    "lab": "",
    "luminance": "brightness",
    "var": "",
    "sigma": "",
}
_SAFE_SCHEMES = {"http", "https"}
# Measure groups (ids' first part) whose name is not the reader's word: the report spells
# "colour" the British way everywhere else, and "meta" is the file's own dates.
_GROUP_LABELS = {"color": "Colour", "meta": "File"}


def flag_title(code: str) -> str:
    """The reader-facing title of a flag code (unknown codes are made readable, not hidden)."""
    return FLAG_TITLES.get(code, code.replace("_", " ").capitalize())


def group_label(group: str) -> str:
    """A measure group as the report shows it: 'color' -> 'Colour', 'crop' -> 'Crop'."""
    return _GROUP_LABELS.get(group, group.capitalize())


def measure_label(measure_id: str) -> str:
    """A measure in everyday words: 'light.face_luminance' -> 'Brightness of the face'."""
    # Imported here: the CLI imports the report at start-up, and the flag rules would bring
    # pandas, OpenCV and scikit-image with them before the crawl starts (the audit loads the
    # analysis on a background thread while photos download).
    from auditor.analysis.flags.base import PLAIN_NAMES

    name = measure_id.split(".", 1)[-1]
    text = PLAIN_NAMES.get(measure_id)
    if text is None:
        words = [_LABEL_WORDS.get(w, w) for w in name.replace(".", "_").split("_") if w]
        text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:] if text else measure_id


def format_value(value: float | None, unit: str = "") -> str:
    """A number for people: a few significant digits, '—' when absent.

    Only everyday units (%, px, °) are printed; `_units.format_measure` adds any other.
    """
    if value is None or not math.isfinite(value):
        return "—"
    if unit == "year":
        # A decimal year: December 2026 (2026.92) is in 2026, not "2027".
        return str(math.floor(value))
    magnitude = abs(value)
    if unit == "%":
        return f"{value:.1f}%" if magnitude < 10 and magnitude != 0 else f"{value:.0f}%"
    if unit in _WHOLE_UNITS or magnitude >= 100:
        # Years and small counts read without a thousands separator ("2027", not "2,027").
        text = f"{value:.0f}" if magnitude < 10_000 else f"{value:,.0f}"
    elif magnitude >= 10:
        text = f"{value:.1f}"
    elif magnitude >= 0.01 or magnitude == 0:
        text = f"{value:.2f}"
    else:
        text = f"{value:.2g}"
    if unit in _SILENT_UNITS or _RANGE_UNIT.match(unit):
        return text
    unit = _PLAIN_UNITS.get(unit, "")
    if not unit:
        return text
    if text == "1" and unit in _WHOLE_UNITS and unit.endswith("s"):
        unit = unit[:-1]  # "1 face", not "1 faces"
    return f"{text}°" if unit == "°" else f"{text} {unit}"


def safe_href(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL, else None (never emit javascript:, data:)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc:
        return None
    return url.strip()


def format_time(iso: str | None) -> str:
    """'2026-11-25T03:00:09+00:00' -> '25 Nov 2026, 03:00 UTC'; unparseable text is kept."""
    if not iso:
        return "—"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{moment.day} {moment:%b %Y, %H:%M}" + (" UTC" if moment.tzinfo else "")
