"""The HTML's view records: house framing, re-crop previews, ordering, score wording, links."""

from __future__ import annotations

import io
from dataclasses import replace

import cv2
import numpy as np
import pytest
from PIL import Image

from auditor.models import Flag, MeasureInfo, Severity
from auditor.report._images import Framing, data_uri, recrop
from auditor.report._text import format_time, format_value, measure_label, safe_href
from auditor.report.view import build_view
from tests.report.conftest import MEASURES, SCRIPT_NAME, Variant, make_photo

FRAMING = Framing(face_height=0.317, center_x=0.5, center_y=0.37)
# How close the re-cropped face must land to the house framing, as frame fractions.
FRAMING_TOLERANCE = 0.04


def _detect(jpeg: bytes) -> tuple[float, float, float]:
    """Face centre x, centre y and height of the one face Haar finds, as frame fractions."""
    gray = np.asarray(Image.open(io.BytesIO(jpeg)).convert("L"))
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    faces = cascade.detectMultiScale(gray, 1.1, 4, minSize=(20, 20))
    assert len(faces) == 1
    (x, y, w, h) = faces[0]
    height, width = gray.shape
    return (x + w / 2) / width, (y + h / 2) / height, h / height


@pytest.mark.parametrize(
    "box",
    [
        (45, 156, 170, 136),  # too tight: face fills 56% of the height
        (0, 19, 512, 410),  # too loose: 19%
        (2, 164, 300, 240),  # off centre: face in the left third
    ],
    ids=["tight", "loose", "off_center"],
)
def test_recrop_puts_the_real_face_where_the_house_puts_it(box):
    thumb, face_box, _ = make_photo(Variant("x", box))
    before = _detect(thumb)
    preview = recrop(thumb, face_box, FRAMING, "#3b3f4a")
    assert preview is not None
    cx, cy, height = _detect(preview)
    assert abs(cx - FRAMING.center_x) < FRAMING_TOLERANCE
    assert abs(cy - FRAMING.center_y) < FRAMING_TOLERANCE
    assert abs(height - FRAMING.face_height) < FRAMING_TOLERANCE
    # ... and it really changed the framing.
    assert max(abs(a - b) for a, b in zip(before, (cx, cy, height), strict=True)) > 0.05


def test_recrop_says_when_the_original_is_needed(audit_result):
    cards = {c.name: c for c in build_view(audit_result, MEASURES, "x").cards}
    # Too tight: the house framing needs more of the photo than the file has.
    assert cards[SCRIPT_NAME].recrop.needs_original
    # Too loose: the house framing is inside the photo; cropping alone fixes it.
    assert not cards["Alan Turing"].recrop.needs_original


def test_recrop_refuses_bad_inputs():
    thumb, _, _ = make_photo(Variant("x", (2, 104, 300, 240)))
    assert recrop(thumb, (0.4, 0.2, 0.0, 0.3), FRAMING) is None
    assert recrop(b"not an image", (0.4, 0.2, 0.3, 0.3), FRAMING) is None


def test_data_uri_only_for_raster_images():
    thumb, _, _ = make_photo(Variant("x", (2, 104, 300, 240)))
    assert data_uri(thumb).startswith("data:image/jpeg;base64,")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert data_uri(svg) is None
    assert data_uri(b"") is None and data_uri(None) is None


def test_view_orders_worst_first_and_learns_the_house(audit_result):
    view = build_view(audit_result, MEASURES, "Audit")
    assert [c.worst for c in view.cards][:2] == ["error", "error"]
    assert view.cards[-1].worst == "none"
    assert view.house_hex == "#3b3f4a"  # 11 of 12 photos share it; the median ignores the warm one
    assert view.house_source.startswith("the typical background")
    assert view.score == 72 and view.score_verdict == "Mixed"
    assert {p.status for p in view.problems} == {"no_photo", "failed"}
    failed = next(p for p in view.problems if p.status == "failed")
    assert failed.page_href is None and failed.page_text == "javascript:alert(3)"
    # Measures behind a flag are listed first on the card, marked as flagged.
    dark = next(c for c in view.cards if c.name == "Dorothy Vaughan")
    assert dark.measures[0].id == "lighting.luminance_mean" and dark.measures[0].flagged
    assert dark.recrop is None
    assert view.charts[0].id in {"crop.face_height_ratio", "color.saturation"}


def test_pinned_brand_background_wins(audit_result):
    pinned = replace(
        audit_result, team=replace(audit_result.team, pinned={"background.color": "#E8E8E8"})
    )
    view = build_view(pinned, MEASURES, "Audit")
    assert view.house_hex == "#e8e8e8" and "brand" in view.house_source


@pytest.mark.parametrize(
    ("score", "verdict"),
    [(96.0, "Very consistent"), (80, "Mostly consistent"), (10, "Inconsistent")],
)
def test_score_verdicts(audit_result, score, verdict):
    assert build_view(replace(audit_result, score=score), MEASURES, "x").score_verdict == verdict


def test_text_helpers():
    assert safe_href("https://example.com/a?b=1") == "https://example.com/a?b=1"
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:x",
        "data:text/html,x",
        "file:///etc/passwd",
        "//evil.example/x",
        "/relative",
        "java\nscript:alert(1)",
        None,
        "",
    ):
        assert safe_href(bad) is None, bad
    assert format_value(0.3172, "ratio") == "0.32"
    assert format_value(512.0, "px") == "512 px"
    assert format_value(float("nan"), "px") == "—"
    assert format_value(90.0, "1..100") == "90.0"  # a range is a scale, not a unit
    assert format_value(2027.0, "year") == "2027" and format_value(1.0, "faces") == "1 face"
    assert format_value(2026.92, "year") == "2026"  # a photo from December 2026, not "2027"
    assert format_value(24_000_000.0, "px") == "24,000,000 px"
    assert format_value(0.5, "%") == "0.5%" and format_value(42.4, "%") == "42%"
    assert measure_label("background.clutter_pct") == "How busy the background is"
    assert measure_label("background.lab_b") == "Background colour, blue to yellow"
    assert measure_label("quality.jpeg_quality") == "File quality"
    assert measure_label("made.up_thing_pct") == "Up thing (%)"
    # Scientists' units are added by _units.format_measure, in the Details tables only.
    assert format_value(41.2, "L*") == "41.2" and format_value(250.0, "var") == "250"
    assert format_time("2026-11-25T03:00:09+00:00") == "25 Nov 2026, 03:00 UTC"
    assert format_time("last Tuesday") == "last Tuesday"


def test_background_mismatch_shows_both_colours(audit_result):
    warm = next(p for p in audit_result.photos if p.person.name == "Margaret Hamilton")
    flag = Flag("background_color_mismatch", Severity.WARNING, "Background differs. Reshoot.")
    photos = tuple(replace(p, flags=(flag,)) if p is warm else p for p in audit_result.photos)
    view = build_view(replace(audit_result, photos=photos), MEASURES, "x")
    compare = {c.name: c.background_compare for c in view.cards}
    # The swatches' fills, each with the name the reader sees instead of a hex code.
    assert compare["Margaret Hamilton"] == (("#5a4a30", "olive"), ("#3b3f4a", "dark blue-grey"))
    assert compare["Ada Lovelace"] == ()


def test_house_framing_follows_the_face_boxes_unless_the_team_median_agrees(audit_result):
    from auditor.report.view import _house_framing

    framing, aspect, learned = _house_framing(audit_result)
    assert learned and aspect == pytest.approx(0.8)
    assert framing.face_height == pytest.approx(0.317)  # the team median, close to the boxes
    # A "face height" on another scale (say head height incl. hair, 0.9) is not mixed in.
    other = replace(
        audit_result, team=replace(audit_result.team, median={"crop.face_height_ratio": 0.9})
    )
    assert _house_framing(other)[0].face_height == pytest.approx(95 / 300, abs=0.01)


def test_first_run_is_not_reported_as_nothing_changed(audit_result):
    keys = ("new_people", "departed_people", "changed_photos", "new_flags", "resolved_flags")
    first = {"previous_run": None, **{key: [] for key in keys}}
    view = build_view(replace(audit_result, changes=first), MEASURES, "x")
    assert view.changes.first_run and view.changes.empty
    later = {**first, "previous_run": "2026-11-18T03:00:00+00:00"}
    view = build_view(replace(audit_result, changes=later), MEASURES, "x")
    assert not view.changes.first_run and view.changes.empty
    assert view.changes.previous_run == "18 Nov 2026, 03:00 UTC"
    assert build_view(replace(audit_result, changes=None), MEASURES, "x").changes is None


def test_house_framing_centre_comes_from_the_team_offsets_when_measured(audit_result):
    from auditor.report.view import _house_framing

    median = {"crop.face_center_x_offset": 0.1, "crop.face_center_y_offset": float("nan")}
    team = replace(audit_result.team, median=median)
    framing = _house_framing(replace(audit_result, team=team))[0]
    assert framing.center_x == pytest.approx(0.6)
    assert framing.center_y == pytest.approx(_house_framing(audit_result)[0].center_y)  # boxes


def test_yes_no_measures_are_not_charted_and_one_cluster_is_not_labelled(audit_result):
    binary = MeasureInfo("color.grayscale", "0/1", "1 when black-and-white.")
    photos = tuple(
        replace(
            p,
            measurement=replace(
                p.measurement,
                features={**p.measurement.features, "color.grayscale": float(i % 2)},
            ),
        )
        for i, p in enumerate(audit_result.photos)
    )
    team = replace(audit_result.team, clusters=audit_result.team.clusters[:1])
    view = build_view(replace(audit_result, photos=photos, team=team), (*MEASURES, binary), "x")
    assert "color.grayscale" not in {c.id for c in view.charts}
    assert {c.cluster_label for c in view.cards} == {None}
    assert [c.label for c in view.clusters] == ["House style"]  # the row is still shown


def test_typical_crop_caption_quotes_the_head_share_the_crop_flags_use(audit_result):
    # The crop flags speak of the head (hair to chin); the caption must use the same number,
    # or a reader sees "face fills 32%" beside "head fills 56%" and trusts neither.
    median = {**audit_result.team.median, "crop.head_height_ratio": 0.56}
    view = build_view(replace(audit_result, team=replace(audit_result.team, median=median)),
                      MEASURES, "x")  # fmt: skip
    assert "head (top of the hair to the chin) fills about 56%" in view.framing_note
    without = {k: v for k, v in median.items() if k != "crop.head_height_ratio"}
    view = build_view(replace(audit_result, team=replace(audit_result.team, median=without)),
                      MEASURES, "x")  # fmt: skip
    assert view.framing_note.startswith("Face fills about 32%")
