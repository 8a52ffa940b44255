"""Each measure's unit as the report's reader sees it: after every number, and under every axis.

The registry's units are a scientist's ("L*", "0..1", "ratio", "var"); a marketing reader
cannot tell that 0.46, 46% and 46 px are on different scales unless every number says which.
One `Unit` per measure decides the symbol after its numbers (the Details tables, chart labels),
the chart axis title, and a one-line meaning for the units that are not everyday ones. JSON
and CSV keep the registry's numbers and units unchanged.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from auditor.models import MeasureInfo
from auditor.report._text import format_value

__all__ = ["Unit", "format_measure", "unit_of", "unit_words"]


@dataclass(frozen=True)
class Unit:
    """How one measure's numbers are shown: `value * scale`, then `symbol`.

    `axis` names the unit in plain words (a chart's axis title, the measures appendix);
    `meaning` explains a jargon symbol (L*, σ, ...) in one line, and is empty for everyday
    units. Jargon symbols appear only in the Details tables: the visible report speaks
    plainly (tests/wording.py), so its charts give the number and title the axis in words.
    `whole` numbers show no decimals; `yes_no` measures read "yes"/"no" instead of 1/0.
    """

    symbol: str
    axis: str
    meaning: str = ""
    scale: float = 1.0
    whole: bool = False
    yes_no: bool = False

    @property
    def plain_symbol(self) -> str:
        """The symbol where the reader sees it without the Details table ("" for jargon)."""
        return "" if self.meaning else self.symbol


PERCENT = Unit("%", "percent (%)")
PIXELS = Unit(" px", "pixels (px)", whole=True)
DEGREES = Unit("°", "degrees (°)")
# A crop ratio is a share of the frame: shown as a percentage ("49%", not "0.49").
FRAME_SHARE = Unit("% of frame", "% of the frame", scale=100.0, whole=True)
YEAR = Unit("", "year", whole=True)
YES_NO = Unit("", "1 = yes, 0 = no", yes_no=True)
NO_UNIT = Unit("", "no unit")
# Units whose symbol is not an everyday word: each gets a meaning under the Details table.
_JARGON: dict[str, Unit] = {
    "L*": Unit(" L*", "lightness (0 black – 100 white)", "L*: lightness, 0 black to 100 white"),
    "a*": Unit(" a*", "tint (below 0 green, above 0 red)", "a*: tint, green below 0, red above 0"),
    "b*": Unit(
        " b*", "tint (below 0 blue, above 0 yellow)", "b*: tint, blue below 0, yellow above 0"
    ),
    "M": Unit(" M", "colourfulness (0 is grey)", "M: colourfulness, 0 is grey, 100 very vivid"),
    "var": Unit(" var", "sharpness (higher is sharper)", "var: edge sharpness, higher is sharper"),
    "bits": Unit(
        " bits", "range of tones in bits (8 is full)", "bits: range of tones, 8 is the full range"
    ),
    "σ (8-bit)": Unit(
        " σ",
        "graininess in grey levels (0–255)",
        "σ: graininess, the spread of grey levels (0–255) in flat areas",
    ),
}
_EVERYDAY: dict[str, Unit] = {
    "%": PERCENT,
    "px": PIXELS,
    "pixels": PIXELS,
    "degrees": DEGREES,
    "°": DEGREES,
    "faces": Unit(" faces", "faces", whole=True),
    "count": Unit("", "count", whole=True),
    "year": YEAR,
    "0/1": YES_NO,
    "bool": YES_NO,
    "flag": YES_NO,
    "ratio": Unit("×", "ratio (×, 1× is equal)"),
}
# "0..1", "1..100": a scale; its numbers read "0.46 of 1", "85 of 100".
_SCALE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)\s*$")


def unit_of(measure: MeasureInfo) -> Unit:
    """The reader's unit of a measure (unknown units are shown as the registry spells them)."""
    unit = measure.unit.strip()
    if measure.id.startswith("crop.") and unit == "ratio":
        return FRAME_SHARE
    if unit in _EVERYDAY:
        return _EVERYDAY[unit]
    if unit in _JARGON:
        return _JARGON[unit]
    scale = _SCALE.match(unit)
    if scale:
        low, high = scale.groups()
        top = high.removesuffix(".0")
        return Unit(
            f" of {top}",
            f"scale {low.removesuffix('.0')} to {top}",
            whole=float(high) >= 10,
        )
    if not unit:
        return NO_UNIT
    return Unit(f" {unit}", unit)


def format_measure(
    value: float | None, unit: Unit, *, short: bool = False, plain: bool = False
) -> str:
    """A value with its unit ("62 L*", "49% of frame", "0.46 of 1"); "—" when absent.

    `plain` (outside the Details tables) drops jargon symbols: "62", not "62 L*". `short`
    (chart ticks, whose axis title names the unit) keeps only "%" and "°".
    """
    if value is None or not math.isfinite(value):
        return "—"
    if unit.yes_no:
        return "yes" if value >= 0.5 else "no"
    if unit in (YEAR, PERCENT):
        return format_value(value, "year" if unit is YEAR else "%")
    number = value * unit.scale
    if round(number, 0 if unit.whole else 2) == 0:
        number = 0.0  # no "-0%" on a centred face
    text = format_value(number, "count" if unit.whole else "")
    symbol = unit.plain_symbol if plain else unit.symbol
    if short:
        symbol = symbol[:1] if symbol[:1] in ("%", "°") else ""
    elif text == "1" and symbol.endswith("s") and unit.whole:
        symbol = symbol[:-1]  # "1 face", not "1 faces"
    return f"{text}{symbol}"


def unit_words(measure: MeasureInfo) -> str:
    """The unit for the measures appendix: in words, with the registry's symbol beside it."""
    unit, raw = unit_of(measure), measure.unit.strip()
    return f"{unit.axis} · {raw}" if raw and raw not in unit.axis else unit.axis
