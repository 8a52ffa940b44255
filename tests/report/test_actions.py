"""actions.csv and the action list: one row per person with something to do, worst first."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from auditor.config import ReportConfig
from auditor.models import FLAG_CODES, Severity, Status
from auditor.report import render_reports
from auditor.report._actions import NEW_PHOTO, NEW_PHOTO_TODO, build_actions, split_fix
from auditor.report._colour import name_colours
from auditor.report.formats.actions import ACTION_COLUMNS
from auditor.report.view import build_view
from tests.report.conftest import MEASURES, SCRIPT_NAME

HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def _rows(result) -> list[dict[str, str]]:
    text = dict(render_reports(result, ReportConfig(), MEASURES).values())["actions.csv"]
    return list(csv.DictReader(io.StringIO(text)))


def test_split_fix_takes_the_last_sentence_as_the_fix():
    why, fix = split_fix(
        "The head fills 31% of the photo's height; the team's photos are 47–51%. "
        "Crop tighter, from the shoulders up."
    )
    assert why.startswith("The head fills 31%") and why.endswith("47–51%.")
    assert fix == "Crop tighter, from the shoulders up."
    assert split_fix("Version 2.5 is old. Update it.") == ("Version 2.5 is old.", "Update it.")


def test_one_row_per_person_with_something_to_do_in_priority_order(audit_result):
    rows = _rows(audit_result)
    assert tuple(rows[0]) == ACTION_COLUMNS
    needing = [
        p for p in audit_result.photos if p.flags or p.status in (Status.NO_PHOTO, Status.FAILED)
    ]
    assert len(rows) == len(needing) == len({r["name"] for r in rows})
    assert [int(r["priority"]) for r in rows] == list(range(1, len(rows) + 1))
    ranks = [Severity(r["severity"]).rank for r in rows]
    assert ranks == sorted(ranks, reverse=True)  # errors, then warnings, then tips
    assert all(r["what_to_do"] and r["why"] and r["page"] for r in rows)
    clean = {p.person.name for p in audit_result.photos if p.status is Status.OK and not p.flags}
    assert clean and not clean & {r["name"] for r in rows}


def test_the_fix_is_one_sentence_and_other_problems_are_named(audit_result):
    by_name = {r["name"]: r for r in _rows(audit_result)}
    row = by_name["Hedy Lamarr"]  # black-and-white (warning) and outdated (tip)
    assert row["severity"] == "warning"
    assert row["what_to_do"].count(". ") == 0 and row["what_to_do"].endswith(".")
    assert "Also: Outdated." in row["why"]
    assert (
        by_name["Nobody Photo"]["what_to_do"] == "Add a headshot of this person to the team page."
    )


def test_crawled_text_cannot_become_a_spreadsheet_formula(audit_result):
    from dataclasses import replace

    photo = next(p for p in audit_result.photos if p.person.name == SCRIPT_NAME)
    hostile = replace(photo, person=replace(photo.person, name="=HYPERLINK(1)"))
    photos = tuple(hostile if p is photo else p for p in audit_result.photos)
    names = [r["name"] for r in _rows(replace(audit_result, photos=photos))]
    assert "'=HYPERLINK(1)" in names


def test_the_html_action_list_links_each_row_to_the_card(audit_result):
    view = build_view(audit_result, MEASURES, "x")
    anchors = {c.anchor: c.name for c in view.cards}
    actions = build_actions(audit_result)
    assert view.actions == actions
    for action in actions:
        if action.anchor:
            assert anchors[action.anchor] == action.name
    html = dict(render_reports(audit_result, ReportConfig(), MEASURES).values())["report.html"]
    assert 'id="actions-h">Action list' in html
    assert html.index('id="summary-h"') < html.index('id="actions-h"') < html.index('id="house-h"')


def test_the_summary_reads_alone(audit_result):
    glance = build_view(audit_result, MEASURES, "x").glance
    assert glance.headline.endswith("out of 100.")
    assert any("photos need changes" in fact for fact in glance.facts)
    assert any("1 problem fixed with a new photo" in fact for fact in glance.facts)
    first = build_actions(audit_result)[0]
    assert glance.first_steps[0].todo == first.todo
    assert glance.first_steps[0].people[0] == (first.name, first.anchor)
    todos = [step.todo for step in glance.first_steps]
    assert len(todos) == len(set(todos))  # one line per kind of work
    assert glance.trend_svg is not None and "3 audits" in glance.trend_note


def test_summary_and_tiles_stay_true_with_nothing_or_everything_flagged(audit_result):
    from dataclasses import replace

    ok = tuple(p for p in audit_result.photos if p.status is Status.OK)
    clean = replace(audit_result, photos=tuple(replace(p, flags=()) for p in ok), changes=None)
    view = build_view(clean, MEASURES, "x")
    assert "No photo needs changes." in view.glance.facts
    assert view.actions == () and view.glance.first_steps == ()
    assert view.tiles[1].note == "every photo looks fine"
    index, flagged = next(
        (i, p) for i, p in enumerate(ok) if any(f.severity is Severity.ERROR for f in p.flags)
    )
    photos = list(clean.photos)
    photos[index] = flagged
    one = replace(clean, photos=tuple(photos))
    facts = build_view(one, MEASURES, "x").glance.facts
    assert "1 photo needs changes, urgently." in facts, facts
    flag = next(f for p in ok for f in p.flags if f.severity is Severity.WARNING)
    every = replace(clean, photos=tuple(replace(p, flags=(flag,)) for p in clean.photos))
    assert build_view(every, MEASURES, "x").tiles[1].note == "every audited photo"


def test_many_people_with_the_same_fix_read_as_one_line_of_the_summary(audit_result):
    from dataclasses import replace

    from auditor.models import Flag

    reshoot = Flag(
        "background_color_mismatch",
        Severity.ERROR,
        "The background is a very different colour from the brand's. Reshoot on the brand grey.",
    )
    ok = [p for p in audit_result.photos if p.status is Status.OK]
    photos = tuple(replace(p, flags=(reshoot,)) for p in ok)
    glance = build_view(replace(audit_result, photos=photos), MEASURES, "x").glance
    assert len(glance.first_steps) == 1
    step = glance.first_steps[0]
    assert step.todo == "Reshoot on the brand grey."
    assert len(step.people) == 4 and step.more == len(ok) - 4


def test_the_action_says_use_the_draft_or_new_photo_needed_as_the_fixes_stage_decided(
    audit_result,
):
    from dataclasses import replace

    from auditor.models import PhotoFix

    flagged = [i for i, p in enumerate(audit_result.photos) if p.flags][:2]
    photos = list(audit_result.photos)
    photos[flagged[0]] = replace(
        photos[flagged[0]], fix=PhotoFix(needs_new_photo=False, path="fixes/001-a.jpg")
    )
    photos[flagged[1]] = replace(
        photos[flagged[1]], fix=PhotoFix(needs_new_photo=True, reason="Busy background.")
    )
    actions = {a.name: a for a in build_actions(replace(audit_result, photos=tuple(photos)))}
    draft, retake = (actions[photos[i].person.name] for i in flagged)
    assert "fixes/001-a.jpg" in draft.todo and "corrected draft" in draft.todo
    # The to-do is the flag's own fix, not the fixes stage's reason ("Busy background.").
    fix = split_fix(photos[flagged[1]].flags[0].message)[1]
    assert retake.todo == f"New photo needed: {fix}"


def _one_flag_team(audit_result, flags, fix):
    """The gold team with one photo carrying `flags` and the fixes stage's verdict `fix`."""
    from dataclasses import replace

    index = next(i for i, p in enumerate(audit_result.photos) if p.status is Status.OK)
    photos = [replace(p, flags=()) for p in audit_result.photos]
    photos[index] = replace(photos[index], flags=tuple(flags), fix=fix)
    result = replace(audit_result, photos=tuple(photos))
    return next(a for a in build_actions(result) if a.name == photos[index].person.name)


@pytest.mark.parametrize("code", FLAG_CODES)
def test_for_every_flag_code_the_todo_answers_the_why(audit_result, code):
    """Whatever the fixes stage decided, the to-do is the fix of the flag the why describes."""
    from auditor.models import Flag, PhotoFix

    flag = Flag(code, Severity.ERROR, f"Reason of {code}. Fix of {code}.")
    verdicts = {
        "no fixes run": None,
        "draft possible": PhotoFix(needs_new_photo=False, corrects=(code,), reason="Can."),
        "new photo": PhotoFix(needs_new_photo=True, reason=f"Because of {code}."),
    }
    for verdict, fix in verdicts.items():
        action = _one_flag_team(audit_result, [flag], fix)
        assert action.why == f"Reason of {code}.", verdict
        expected = f"Fix of {code}."
        if verdict == "new photo":
            expected = NEW_PHOTO + NEW_PHOTO_TODO.get(code, expected)
        assert action.todo == expected, verdict
        assert f"Because of {code}" not in action.todo  # a reason is not a thing to do


def test_a_new_photo_row_leads_with_the_problem_that_needs_the_new_photo(audit_result):
    """A correctable worst flag (too dark) beside one no edit fixes (busy background): the row
    says why a new photo is needed, not "too dark" -> "new photo needed: busy background"."""
    from auditor.models import Flag, PhotoFix

    dark = Flag("too_dark", Severity.ERROR, "The face is very dark. Brighten the photo.")
    busy = Flag("background_busy", Severity.WARNING, "The backdrop is busy. Use a plain one.")
    fix = PhotoFix(needs_new_photo=True, corrects=("too_dark",), reason="Busy background.")
    action = _one_flag_team(audit_result, [dark, busy], fix)
    assert action.todo == "New photo needed: Use a plain one."
    assert action.why == "The backdrop is busy. Also: Too dark."
    assert action.severity == "error"  # the row's urgency is still the worst flag's
    # The file could be corrected but the draft failed the audit: the why says why.
    loose = Flag("crop_too_loose", Severity.WARNING, "The head fills 26%. Crop tighter.")
    reason = "No correction passed the audit: the corrected draft would still be flagged."
    fix = PhotoFix(needs_new_photo=True, corrects=("crop_too_loose",), reason=reason)
    action = _one_flag_team(audit_result, [loose], fix)
    assert action.todo == "New photo needed: Crop tighter."
    assert action.why == f"The head fills 26%. {reason}"
    # A tight crop cannot be loosened from the file: the to-do asks for the original.
    tight = Flag("crop_too_tight", Severity.ERROR, "The head fills 92%. Crop looser.")
    fix = PhotoFix(needs_new_photo=True, reason="Cropped tighter (the file has nothing more).")
    todo = _one_flag_team(audit_result, [tight], fix).todo
    assert todo.startswith("New photo needed: Ask for the uncropped original")


def test_every_row_of_a_real_audit_does_what_its_reason_asks(demo_site_template, tmp_path):
    """The demo team end to end (its flags and the fixes stage's verdicts are real): each row's
    to-do is the fix sentence of the flag its why starts with."""
    from auditor.cli import main

    out = tmp_path / "run"
    assert main(["audit", str(demo_site_template / "photos"), "--out", str(out), "--quiet"]) == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    flags = {p["name"]: p["flags"] for p in report["photos"]}
    rows = list(csv.DictReader(io.StringIO((out / "actions.csv").read_text(encoding="utf-8"))))
    assert len(rows) >= 6 and any(r["what_to_do"].startswith(NEW_PHOTO) for r in rows)
    for row in rows:
        matches = []
        for flag in flags[row["name"]]:
            reason, fix = (name_colours(part) for part in split_fix(flag["message"]))
            if row["why"].startswith(reason):
                matches.append((flag["code"], fix))
        assert len(matches) == 1, row
        code, fix = matches[0]
        todo = row["what_to_do"].removeprefix(NEW_PHOTO)
        assert todo in (fix, NEW_PHOTO_TODO.get(code)), row
        assert not HEX.search(row["why"] + row["what_to_do"]), row
