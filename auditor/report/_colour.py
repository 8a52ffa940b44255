"""sRGB hex <-> CIE Lab (D65), so the house background is a median taken in a perceptual space,
and hex -> a plain colour name ("light grey", "navy blue") for readers who do not read hex."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from statistics import median

__all__ = [
    "colour_name",
    "hex_to_lab",
    "lab_to_hex",
    "median_hex",
    "name_colours",
    "readable_text_on",
]

_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")
# A hex colour inside a sentence ("The background (#1b8c83) is ...").
_HEX_IN_TEXT = re.compile(r"#[0-9a-fA-F]{6}\b")
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


# Colour names: chroma (C*) below NEUTRAL_CHROMA is a grey, below TINTED_CHROMA a tinted grey.
NEUTRAL_CHROMA = 5.0
TINTED_CHROMA = 14.0
# Greys by lightness (L*, lowest first): the name of everything at or above each floor.
_GREYS = (
    (0, "black"),
    (10, "charcoal"),
    (22, "dark grey"),
    (45, "grey"),
    (78, "light grey"),
    (96, "white"),
)


def _hue_family(hue: float) -> str:
    """A CIELAB hue angle (degrees) as a colour family; pure sRGB blue sits at ~306°."""
    for upper, family in (
        (25, "pink"),
        (50, "red"),
        (75, "orange"),
        (112, "yellow"),
        (165, "green"),
        (215, "teal"),
        (315, "blue"),
        (345, "purple"),
    ):
        if hue < upper:
            return family
    return "pink"


def _tinted_grey(family: str, lightness: float) -> str:
    if family in ("orange", "yellow"):
        return "off-white" if lightness >= 93 else "beige" if lightness >= 65 else "greyish brown"
    tone = "light " if lightness >= 70 else "dark " if lightness < 40 else ""
    return f"{tone}{family}-grey"


def _chromatic(family: str, lightness: float, chroma: float) -> str:
    if family in ("pink", "red"):
        if lightness >= 65:
            return "pink"
        return "dark red" if lightness < 30 else "red"
    if family == "orange":
        if lightness < 45:
            return "brown"
        return "peach" if lightness >= 80 and chroma < 35 else "orange"
    if family == "yellow":
        if lightness < 60:
            return "olive"
        if chroma < 40:
            return "cream" if lightness >= 85 else "beige"
        return "yellow"
    if family == "green":
        return "dark green" if lightness < 40 else "light green" if lightness >= 75 else "green"
    if family == "teal":
        return "dark teal" if lightness < 30 else "turquoise" if lightness >= 75 else "teal"
    if family == "blue":
        return "navy blue" if lightness < 30 else "light blue" if lightness >= 70 else "blue"
    return "dark purple" if lightness < 35 else "lavender" if lightness >= 70 else "purple"


def colour_name(hex_colour: str) -> str:
    """A plain name for a hex colour ("light grey", "navy blue", "teal"); the text when not hex.

    Coarse on purpose: a backdrop named in a report or an e-mail, not a paint chart. Greys by
    lightness; tinted greys ("light blue-grey", "beige"); else the hue with light/dark words.
    """
    lab = hex_to_lab(hex_colour)
    if lab is None:
        return hex_colour
    lightness, a, b = lab
    chroma = math.hypot(a, b)
    if chroma < NEUTRAL_CHROMA:
        return next(name for floor, name in reversed(_GREYS) if lightness >= floor)
    family = _hue_family(math.degrees(math.atan2(b, a)) % 360)
    if chroma < TINTED_CHROMA:
        return _tinted_grey(family, lightness)
    return _chromatic(family, lightness, chroma)


def colour_names(hex_colours: Sequence[str]) -> list[str]:
    """Names of several colours, kept apart when two different ones share a name.

    A backdrop a shade off the house's would read "light grey" beside "light grey": the first
    of such a pair says whether it is lighter or darker than the other ("light grey, darker").
    """
    plain = [colour_name(h) for h in hex_colours]
    names = list(plain)
    for i, first in enumerate(hex_colours):
        twin = next(
            (
                h
                for h, name in zip(hex_colours[i + 1 :], plain[i + 1 :], strict=True)
                if name == plain[i] and h.lower() != first.lower()
            ),
            None,
        )
        if twin is not None:
            lighter = (hex_to_lab(first) or (0.0,))[0] > (hex_to_lab(twin) or (0.0,))[0]
            names[i] = f"{plain[i]}, {'lighter' if lighter else 'darker'}"
    return names


def name_colours(text: str) -> str:
    """Every hex colour in a sentence replaced by its name ("(#1b8c83)" -> "(teal)")."""
    found = list(dict.fromkeys(m.lower() for m in _HEX_IN_TEXT.findall(text)))
    names = dict(zip(found, colour_names(found), strict=True))
    return _HEX_IN_TEXT.sub(lambda m: names[m.group().lower()], text)
