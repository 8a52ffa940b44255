"""Backdrop colours are named for the reader ("light grey", "navy blue"); hex stays in the JSON."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from auditor.config import ReportConfig
from auditor.models import Flag, Severity
from auditor.report import render_reports
from auditor.report._colour import colour_name, colour_names, name_colours
from tests.report.conftest import MEASURES
from tests.wording import visible_text

HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


@pytest.mark.parametrize(
    ("hex_colour", "name"),
    [
        ("#ffffff", "white"),
        ("#e4e7ec", "light grey"),  # the report's default swatch
        ("#c7cad1", "light grey"),
        ("#808080", "grey"),
        ("#404040", "dark grey"),
        ("#000000", "black"),
        ("#1f2a44", "navy blue"),
        ("#000080", "navy blue"),
        ("#4682b4", "blue"),
        ("#87ceeb", "light blue"),
        ("#c8d2e0", "light blue-grey"),
        ("#1b8c83", "teal"),  # the demo's teal backdrop
        ("#2e8b57", "green"),
        ("#006400", "dark green"),
        ("#d2b48c", "beige"),
        ("#fffdd0", "cream"),
        ("#8b4513", "brown"),
        ("#ffa500", "orange"),
        ("#ff0000", "red"),
        ("#800000", "dark red"),
        ("#ffc0cb", "pink"),
        ("#800080", "dark purple"),
    ],
)
def test_colour_names(hex_colour, name):
    assert colour_name(hex_colour) == name
    assert colour_name(hex_colour.upper().lstrip("#")) == name


def test_text_that_is_not_a_colour_is_kept():
    assert colour_name("not a colour") == "not a colour"
    assert name_colours("Issue #12345 and #abc stay.") == "Issue #12345 and #abc stay."


def test_hex_codes_in_a_sentence_become_names_and_two_shades_keep_apart():
    text = "The background (#1b8c83) is far from the team's (#c7cad1). Reshoot."
    named = "The background (teal) is far from the team's (light grey). Reshoot."
    assert name_colours(text) == named
    # A backdrop a shade off the house's: both "light grey", so the first says which way.
    assert colour_names(["#c0c3ca", "#c7cad1"]) == ["light grey, darker", "light grey"]
    assert colour_names(["#d6d9e0", "#c7cad1"]) == ["light grey, lighter", "light grey"]
    assert colour_names(["#c7cad1", "#C7CAD1"]) == ["light grey", "light grey"]  # one colour


def test_the_report_names_colours_and_the_json_keeps_the_hex(audit_result):
    warm = next(p for p in audit_result.photos if p.person.name == "Margaret Hamilton")
    message = (
        "The background (#5a4a30) is a noticeably different colour from the team's usual "
        "background (#3b3f4a). Reshoot against the team's backdrop, or replace the background "
        "to match."
    )
    flag = Flag("background_color_mismatch", Severity.WARNING, message, "background.lab_l", 9.0)
    photos = tuple(replace(p, flags=(flag,)) if p is warm else p for p in audit_result.photos)
    rendered = dict(
        render_reports(replace(audit_result, photos=photos), ReportConfig(), MEASURES).values()
    )
    html = rendered["report.html"]
    text = visible_text(html)
    assert not HEX.findall(text), HEX.findall(text)
    assert "The background (olive) is a noticeably different colour" in text
    assert "Background: dark blue-grey" in text  # the house swatch's caption
    assert 'aria-label="This photo background: olive"' in html
    assert not HEX.findall(rendered["actions.csv"])
    assert "(olive)" in rendered["actions.csv"]
    # Machines keep the exact colour.
    report = json.loads(rendered["report.json"])
    flags = [f for p in report["photos"] for f in p["flags"] if f["code"] == flag.code]
    assert flags[0]["message"] == message
