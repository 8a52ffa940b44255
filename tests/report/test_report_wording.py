"""The report in plain words, and only true statements (issue 18).

Every label the report can show (flag titles, status labels, every registered measure's name)
and the visible text of a rendered report carry no colour-science or algorithm terms. The
technical values stay behind the "Details" disclosures (and in the JSON/CSV), which the
visible-text check skips.
"""

from __future__ import annotations

from dataclasses import replace

from auditor.config import ReportConfig
from auditor.features import list_measures
from auditor.models import FLAG_CODES
from auditor.report import render_reports
from auditor.report._text import FLAG_TITLES, STATUS_LABELS, flag_title, measure_label
from auditor.report.view import build_view
from tests.report.conftest import MEASURES
from tests.wording import jargon_in, visible_text


def test_every_label_is_plain():
    labels = [flag_title(code) for code in FLAG_CODES] + list(FLAG_TITLES.values())
    labels += list(STATUS_LABELS.values())
    labels += [measure_label(m.id) for m in list_measures()]
    for label in labels:
        assert not jargon_in(label), label


def test_every_measure_has_a_plain_name_and_group(audit_result):
    """Details rows read "Colour · Black-and-white", not "Color · Grayscale" or "Attire · L"."""
    from auditor.analysis.flags.base import PLAIN_NAMES

    assert not [m.id for m in list_measures() if m.id not in PLAIN_NAMES]
    html = dict(render_reports(audit_result, ReportConfig(), MEASURES).values())["report.html"]
    assert '<span class="muted">Colour</span>' in html
    assert '<span class="muted">Color</span>' not in html
    assert "Color ·" not in html and "Meta ·" not in html


def test_the_visible_report_has_no_jargon_and_the_details_keep_the_numbers(audit_result):
    html = dict(render_reports(audit_result, ReportConfig(), MEASURES).values())["report.html"]
    text = visible_text(html)
    assert "Every photo, worst first" in text
    assert not jargon_in(text), sorted(set(jargon_in(text)))
    assert "<summary>Details" in html  # the numbers are one click away, per photo


def test_style_groups_say_how_many_of_their_photos_are_flagged(audit_result):
    view = build_view(audit_result, MEASURES, "x")
    house = next(c for c in view.clusters if c.is_house_style)
    flagged_in_house = sum(
        1
        for p in audit_result.photos
        if p.cluster == 0 and p.worst_severity and p.worst_severity.value in ("warning", "error")
    )
    assert flagged_in_house  # the gold team's house group holds flagged photos
    assert f"{flagged_in_house} of them have something to fix" in house.description
    assert "share the team's typical look" not in house.description


def test_fixed_only_when_the_photo_changed_otherwise_the_team_changed(audit_result):
    view = build_view(audit_result, MEASURES, "x")
    assert view.changes.resolved_flags == (("Grace Hopper", "Blurry"),)
    assert view.changes.no_longer_flagged == (("Emmy Noether", "Off centre"),)
    html = dict(render_reports(audit_result, ReportConfig(), MEASURES).values())["report.html"]
    fixed = html.index("Fixed since last time (new photo)")
    moved = html.index("No longer stands out (the team changed, not the photo)")
    assert html.index("Grace Hopper", fixed) < moved < html.index("Emmy Noether", moved)
    # A history that did not record whether the photo changed calls nothing fixed.
    old = {**audit_result.changes, "resolved_flags": [{"name": "Ann", "code": "blurry"}]}
    view = build_view(replace(audit_result, changes=old), MEASURES, "x")
    assert view.changes.resolved_flags == () and view.changes.no_longer_flagged
