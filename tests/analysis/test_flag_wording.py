"""Flag messages in plain words, brand wording and brand tolerances (issue 18).

The jargon rule is checked twice: statically on every sentence the analysis code can emit (so a
flag added later is covered without editing this test), and on the messages a real, varied team
(the 18F corpus, skipped when absent) actually gets, with and without a brand config.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.analysis import analyse
from auditor.analysis.flags.colour import hex_to_lab
from auditor.config import AnalysisConfig, FeaturesConfig
from auditor.features import measure_all
from auditor.models import Person, Status
from tests.wording import jargon_in, sentence_literals

ROOT = Path(__file__).resolve().parents[2]
INFORMAL = ROOT / ".." / "shared" / "corpus" / "18f-team"
BRAND = "#e8e8e8"
# Causes that rightly explain a backdrop reading off its colour (the fix is elsewhere).
EXPLAINS_BACKDROP = {"too_dark", "too_bright", "color_mode_mismatch", "placeholder"}
# The last sentence of a message is its fix: it starts with a verb in the imperative.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def test_the_jargon_check_catches_the_terms_the_issue_quotes():
    for text in (
        "neutral tones at a* 17, b* 30",
        "face is L* 41",
        "ΔE 12",
        "250 var",
        "Canny edges",
        "variance of the Laplacian",
        "Hasler–Süsstrunk colourfulness",
        "robust z-score",
        "3 spreads outside",
    ):
        assert jargon_in(text), text
    assert not jargon_in("The photo is noticeably darker than the rest of the team.")
    assert not jargon_in("The head fills 31% of the height; the team's are 47–51%.")


def test_no_sentence_the_analysis_can_emit_uses_jargon():
    hits = [
        f"{file}:{line}: {jargon_in(text)} in {text!r}"
        for file, line, text in sentence_literals(ROOT / "auditor" / "analysis")
        if jargon_in(text)
    ]
    assert not hits, "\n".join(hits)


@pytest.fixture(scope="module")
def informal_team():
    if not INFORMAL.is_dir():
        pytest.skip("shared corpus not present")
    files = sorted(INFORMAL.glob("*.jp*g"))
    people = [Person(id=f.stem, name=f.stem, photo=f.read_bytes()) for f in files]
    return people, measure_all(people, FeaturesConfig())


def _messages(result) -> list[str]:
    texts = [f.message for p in result.photos for f in p.flags]
    texts += [c.description for c in result.team.clusters] + list(result.team.notes)
    return texts


def test_every_message_a_real_varied_team_gets_is_plain_and_ends_with_a_fix(informal_team):
    people, measurements = informal_team
    brand = AnalysisConfig(pinned={"background.color": BRAND, "crop.head_share": [0.45, 0.6]})
    for config in (AnalysisConfig(), brand):
        result = analyse(people, measurements, config)
        texts = _messages(result)
        assert len(texts) >= 15  # a varied team: many flags to read
        for text in texts:
            assert not jargon_in(text), text
        for photo in result.photos:
            for flag in photo.flags:
                *why, fix = SENTENCE_END.split(flag.message)
                assert why and fix.endswith("."), flag.message


def test_brand_ranges_are_worded_as_the_brand_guideline_not_the_team(informal_team):
    people, measurements = informal_team
    config = AnalysisConfig(pinned={"crop.head_share": [0.45, 0.6]})
    crops = [
        f.message
        for p in analyse(people, measurements, config).photos
        for f in p.flags
        if f.code in ("crop_too_tight", "crop_too_loose")
    ]
    assert crops
    for message in crops:
        assert "the brand guideline is 45–60%" in message, message
        assert "the team's photos are" not in message, message


def _off_brand(measurement, tolerance: float) -> bool:
    lab = [measurement.features.get(f"background.lab_{c}") for c in "lab"]
    if None in lab:
        return False
    distance = sum((x - y) ** 2 for x, y in zip(lab, hex_to_lab(BRAND), strict=True)) ** 0.5
    return distance > tolerance


def test_varied_backdrops_none_of_them_the_brands_each_get_a_backdrop_finding(informal_team):
    people, measurements = informal_team
    config = AnalysisConfig(pinned={"background.color": BRAND})
    result = analyse(people, measurements, config)
    off = [
        p
        for p, m in zip(result.photos, measurements, strict=True)
        if p.status is Status.OK and _off_brand(m, config.pinned_colour_tolerance)
    ]
    assert len(off) >= 0.75 * len(people)  # the 18F team's backdrops are not the brand grey
    missing = [
        (p.person.id, sorted(f.code for f in p.flags))
        for p in off
        if not any(f.code == "background_color_mismatch" for f in p.flags)
        and not EXPLAINS_BACKDROP & {f.code for f in p.flags}
    ]
    assert not missing, missing
    for p in off:
        for flag in p.flags:
            if flag.code == "background_color_mismatch":
                assert "brand" in flag.message and BRAND in flag.message, flag.message
    # Learned from the same team, the backdrop rule only flags the team's odd ones out.
    learned = analyse(people, measurements, AnalysisConfig())
    learned_count = sum(
        any(f.code == "background_color_mismatch" for f in p.flags) for p in learned.photos
    )
    assert learned_count < len(off) / 2


def test_a_backdrop_within_the_brand_tolerance_gets_no_finding(informal_team):
    people, measurements = informal_team
    config = AnalysisConfig(pinned={"background.color": BRAND})
    result = analyse(people, measurements, config)
    near = [
        p
        for p, m in zip(result.photos, measurements, strict=True)
        if p.status is Status.OK
        and m.features.get("background.lab_l") is not None
        and not _off_brand(m, config.pinned_colour_tolerance)
    ]
    for p in near:
        assert not any(f.code == "background_color_mismatch" for f in p.flags), p.person.id
