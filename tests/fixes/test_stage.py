"""The fixes stage on a real team: drafts that pass, originals untouched, the rest need a photo."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import cv2
import numpy as np
import pytest
from PIL import Image

from auditor.features import measure_photo
from auditor.features.measures.quality import jpeg_quality
from auditor.fixes import draft_name, fix_photos
from auditor.fixes.targets import RESIDUAL_SPREADS
from auditor.models import Severity
from tests.fixes.conftest import audit, jpeg, rgb_of
from tests.wording import jargon_in

SERIOUS = (Severity.WARNING, Severity.ERROR)
# A re-cropped draft is aimed RESIDUAL_SPREADS short of the house framing on its own side
# (inside the team's variation, not on its median); measured again from its own pixels it lands
# within re-measurement noise of that aim: a quarter spread (the head share's median error
# against hand-placed landmarks is ~0.017 of the frame, benchmarks/validate_geometry.py; this
# team's spread is ~0.076).
FRAMING_SPREADS = RESIDUAL_SPREADS + 0.25


def _serious(photo) -> set[str]:
    return {f.code for f in photo.flags if f.severity in SERIOUS}


@pytest.fixture(scope="module")
def fixed(team, tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    before = {i: bytes(b) for i, b in team.photos.items()}
    result = fix_photos(team.result, team.config, originals=team.photos.get, out_dir=out)
    assert team.photos == before, "the originals must never be touched"
    return out, result


def test_every_injected_problem_gets_a_draft_that_passes(team, fixed):
    out, result = fixed
    by_id = {p.person.id: p for p in result.photos}
    for pid, edit in team.edits.items():
        photo = by_id[pid]
        assert _serious(photo), f"the {edit} edit should be flagged"
        assert photo.fix is not None and photo.fix.path, (edit, photo.fix)
        assert not photo.fix.needs_new_photo
        assert set(photo.fix.corrects) == _serious(photo)
        assert photo.fix.changes and (out / photo.fix.path).is_file()
        # The report's card shows these to marketing: plain words, no L*, a*, b*.
        assert not jargon_in(" ".join(photo.fix.changes)), photo.fix.changes


def test_problems_a_file_cannot_fix_need_a_new_photo(fixed):
    _, result = fixed
    by_id = {p.person.id: p for p in result.photos}
    for pid in ("color_mode_mismatch", "background_busy", "low_resolution"):
        fix = by_id[pid].fix
        assert fix is not None and fix.needs_new_photo and fix.path is None, pid
        assert fix.reason
    # The reason names this photo's case, not "black-and-white (or the reverse)".
    assert by_id["color_mode_mismatch"].fix.reason == "Black-and-white where the team is in colour."
    assert all(p.fix is None for p in result.photos if not _serious(p))


def test_drafts_keep_the_original_pixels_and_quality(team, fixed):
    out, result = fixed
    for index, photo in enumerate(result.photos):
        if not (photo.fix and photo.fix.path):
            continue
        original = Image.open(io.BytesIO(team.photos[index]))
        with Image.open(out / photo.fix.path) as draft:
            assert draft.width <= original.width and draft.height <= original.height
            assert jpeg_quality(dict(draft.quantization)) >= jpeg_quality(
                dict(original.quantization)
            )
        if team.edits.get(photo.person.id) != "loose":  # colour only: the frame is kept
            assert (draft.width, draft.height) == original.size


def test_re_audit_with_the_drafts_in_place(team, fixed):
    """Refitted from scratch: every corrected flag gone, no new one on any draft, score up."""
    out, result = fixed
    drafts = {
        p.person.id: (out / p.fix.path).read_bytes() for p in result.photos if p.fix and p.fix.path
    }
    people = [replace(p, photo=drafts.get(p.id, p.photo)) for p in team.people]
    after = audit(people, team.config)
    before_by_id = {p.person.id: p for p in result.photos}
    for photo in after.photos:
        old = before_by_id[photo.person.id]
        if photo.person.id in drafts:
            assert not _serious(photo), (photo.person.id, [f.message for f in photo.flags])
            assert not set(old.fix.corrects) & _serious(photo)
        else:
            assert _serious(photo) <= _serious(old), photo.person.id
    assert after.score > team.result.score


def test_drafts_come_close_to_the_unbroken_photo(team, fixed):
    out, result = fixed
    by_id = {p.person.id: p for p in result.photos}
    for pid, edit in team.edits.items():
        if edit == "loose":
            # Framed the house way (the team's median), not the unbroken photo's own way.
            draft = measure_photo((out / by_id[pid].fix.path).read_bytes(), team.config.features)
            house = team.result.team
            for measure in ("crop.head_height_ratio", "crop.eye_line_ratio"):
                off = abs(draft.features[measure] - house.median[measure])
                assert off <= FRAMING_SPREADS * house.spread[measure], measure
            continue
        unbroken = rgb_of(team.unbroken[pid]).astype(np.float32) / 255
        draft = rgb_of((out / by_id[pid].fix.path).read_bytes()).astype(np.float32) / 255
        edited = rgb_of(team.photos[int(pid[1:])]).astype(np.float32) / 255

        def delta_e(a, b):
            lab_a, lab_b = cv2.cvtColor(a, cv2.COLOR_RGB2LAB), cv2.cvtColor(b, cv2.COLOR_RGB2LAB)
            return float(np.linalg.norm(lab_a - lab_b, axis=2).mean())

        assert delta_e(draft, unbroken) < 0.5 * delta_e(edited, unbroken), edit


def test_without_originals_the_plan_still_says_what_needs_a_new_photo(team):
    result = fix_photos(team.result, team.config)
    by_id = {p.person.id: p for p in result.photos}
    for pid in team.edits:
        assert by_id[pid].fix is not None and not by_id[pid].fix.needs_new_photo
        assert by_id[pid].fix.path is None and by_id[pid].fix.draft_possible
        # The note is read by marketing in the report: no command-line option in it.
        assert "--" not in by_id[pid].fix.reason and "corrected draft" in by_id[pid].fix.reason
    assert by_id["background_busy"].fix.needs_new_photo


@pytest.mark.parametrize("name", ["../../etc/passwd", "con", "-rf", "a;b|c$(x)", " ", "Zoë Ñandú"])
def test_draft_names_are_safe_file_names_whatever_the_person_is_called(name):
    file_name = draft_name(6, name)
    assert re.fullmatch(r"007-[a-z0-9-]+\.jpg", file_name), file_name


def test_a_colour_photo_in_a_black_and_white_team_gets_a_black_and_white_draft(team, tmp_path):
    """The other way round from a black-and-white photo in a colour team (which needs a new
    photo): the file can be converted, so the draft is the photo in black-and-white, and it
    passes against the team."""
    grey = [
        replace(p, photo=jpeg(np.dstack([cv2.cvtColor(rgb_of(p.photo), cv2.COLOR_RGB2GRAY)] * 3)))
        for p in team.people[:6]
    ]
    colour = team.people[6]
    people = [*grey, colour]
    result = audit(people, team.config)
    originals = {i: p.photo for i, p in enumerate(people)}
    fixed = fix_photos(result, team.config, originals=originals.get, out_dir=tmp_path)
    odd = next(p for p in fixed.photos if p.person.id == colour.id)
    assert "color_mode_mismatch" in {f.code for f in odd.flags}
    assert odd.fix is not None and not odd.fix.needs_new_photo, odd.fix
    assert "color_mode_mismatch" in odd.fix.corrects
    assert any("black-and-white" in change for change in odd.fix.changes)
    draft = rgb_of((tmp_path / odd.fix.path).read_bytes()).astype(int)
    assert np.abs(draft[..., 0] - draft[..., 1]).max() <= 2  # grey: the channels agree
    assert np.abs(draft[..., 1] - draft[..., 2]).max() <= 2  # (JPEG rounding aside)
    remeasured = measure_photo((tmp_path / odd.fix.path).read_bytes(), team.config.features)
    assert remeasured.features["color.grayscale"] == 1
