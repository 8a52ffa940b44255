"""The report's text colours meet WCAG AA (4.5:1) on the backgrounds they are used on."""

from __future__ import annotations

import re

import pytest

from auditor.report.formats.html import TEMPLATES

CSS = (TEMPLATES / "report.css").read_text(encoding="utf-8")
VARIABLES = dict(re.findall(r"--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})", CSS))
WCAG_AA_TEXT = 4.5
MASTHEAD = "#0b1f3a"
# (text, background) pairs as the stylesheet uses them.
PAIRS = [
    ("ink", "#ffffff"),
    ("ink-2", "#ffffff"),
    ("muted", "#ffffff"),
    ("muted", "bg"),
    ("accent", "#ffffff"),
    ("error-ink", "error-bg"),
    ("warning-ink", "warning-bg"),
    ("info-ink", "info-bg"),
    ("good-ink", "good-bg"),
    ("error", "#ffffff"),
    ("warning", "#ffffff"),
    ("info", "#ffffff"),
    ("#d5deea", MASTHEAD),
    ("#b9c6d8", MASTHEAD),
]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _colour(name: str) -> str:
    return name if name.startswith("#") else VARIABLES[name]


@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_text_contrast(text, background):
    light, dark = sorted((_luminance(_colour(text)), _luminance(_colour(background))), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= WCAG_AA_TEXT
