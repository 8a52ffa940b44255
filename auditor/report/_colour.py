"""sRGB hex <-> CIE Lab (D65), so the house background is a median taken in a perceptual space."""

from __future__ import annotations

import re
from collections.abc import Iterable
from statistics import median

__all__ = ["hex_to_lab", "lab_to_hex", "median_hex", "readable_text_on"]

_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")
# D65 reference white (CIE 1931 2°), the white point of sRGB.
_WHITE = (0.95047, 1.0, 1.08883)
# CIE constants: the linear segment of f(t) below (6/29)^3.
_EPSILON = (6 / 29) ** 3
_KAPPA = 3 * (6 / 29) ** 2
# Relative luminance above which dark text reads better than white (WCAG contrast midpoint).
_LIGHT_BACKGROUND_LUMINANCE = 0.179


def _to_linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _from_linear(channel: float) -> float:
    value = 12.92 * channel if channel <= 0.0031308 else 1.055 * channel ** (1 / 2.4) - 0.055
    return min(1.0, max(0.0, value))


def _parse(hex_colour: str) -> tuple[float, float, float] | None:
    match = _HEX.match(hex_colour.strip())
    if not match:
        return None
    digits = match.group(1)
    return tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def hex_to_lab(hex_colour: str) -> tuple[float, float, float] | None:
    """'#rrggbb' -> (L*, a*, b*), or None when the string is not a 6-digit hex colour."""
    rgb = _parse(hex_colour)
    if rgb is None:
        return None
    r, g, b = (_to_linear(c) for c in rgb)
    xyz = (
        0.4124 * r + 0.3576 * g + 0.1805 * b,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        0.0193 * r + 0.1192 * g + 0.9505 * b,
    )
    fx, fy, fz = (
        t ** (1 / 3) if t > _EPSILON else t / _KAPPA + 4 / 29
        for t in (v / w for v, w in zip(xyz, _WHITE, strict=True))
    )
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def lab_to_hex(lab: tuple[float, float, float]) -> str:
    """(L*, a*, b*) -> '#rrggbb', clipped to the sRGB gamut."""
    lightness, a, b = lab
    fy = (lightness + 16) / 116
    fx, fz = fy + a / 500, fy - b / 200
    x, y, z = (
        w * (f**3 if f > 6 / 29 else _KAPPA * (f - 4 / 29))
        for f, w in zip((fx, fy, fz), _WHITE, strict=True)
    )
    linear = (
        3.2406 * x - 1.5372 * y - 0.4986 * z,
        -0.9689 * x + 1.8758 * y + 0.0415 * z,
        0.0557 * x - 0.2040 * y + 1.0570 * z,
    )
    return "#" + "".join(f"{round(_from_linear(c) * 255):02x}" for c in linear)


def median_hex(colours: Iterable[str]) -> str | None:
    """The per-channel Lab median of hex colours, as hex; None when none parses."""
    labs = [lab for lab in (hex_to_lab(c) for c in colours) if lab is not None]
    if not labs:
        return None
    return lab_to_hex(tuple(median(channel) for channel in zip(*labs, strict=True)))  # type: ignore[arg-type]


def readable_text_on(hex_colour: str) -> str:
    """Black or white, whichever contrasts more with the given background colour."""
    rgb = _parse(hex_colour) or (1.0, 1.0, 1.0)
    luminance = sum(w * _to_linear(c) for w, c in zip((0.2126, 0.7152, 0.0722), rgb, strict=True))
    return "#111111" if luminance > _LIGHT_BACKGROUND_LUMINANCE else "#ffffff"
