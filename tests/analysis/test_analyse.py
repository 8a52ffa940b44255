"""The analysis stage on real photos: the demo team's portraits and controlled edits of them."""

from __future__ import annotations

import io
import random
from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import pytest
from PIL import Image, ImageDraw

from auditor.analysis import HouseStyle, analyse, consistency_score
from auditor.analysis.duplicates import find_duplicates
from auditor.config import AnalysisConfig, FeaturesConfig
from auditor.demo.photos import make_demo_photos
from auditor.features import measure_photo
from auditor.models import Measurement, Person, Severity, Status

NOW = datetime(2026, 11, 25, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo_photos():
    return make_demo_photos(count_on_style=8)


@pytest.fixture(scope="module")
def demo_measured(demo_photos):
    """(Person, Measurement) for each demo photo, measured once."""
    config = FeaturesConfig()
    out = []
    for i, photo in enumerate(demo_photos):
        person = Person(id=f"p{i}", name=f"Person {i}", photo=photo.data, sha256=f"sha{i}")
        out.append((person, measure_photo(photo.data, config, person_id=person.id)))
    return out


def _run(pairs, config: AnalysisConfig | None = None, **kwargs):
    people = [p for p, _ in pairs]
    measurements = [m for _, m in pairs]
    return analyse(people, measurements, config or AnalysisConfig(), now=NOW, **kwargs)


def _codes(result, index: int) -> set[str]:
    return {f.code for f in result.photos[index].flags}


def _serious(result, index: int) -> bool:
    return any(f.severity.value in ("warning", "error") for f in result.photos[index].flags)


def test_every_off_style_demo_photo_gets_its_flag_and_on_style_ones_stay_clean(
    demo_photos, demo_measured
):
    result = _run(demo_measured)
    for index, photo in enumerate(demo_photos):
        if photo.off_style:
            assert photo.off_style in _codes(result, index), (photo.filename, _codes(result, index))
        else:
            assert not _serious(result, index), (photo.filename, result.photos[index].flags)
    assert 0 < result.score < 100


def test_messages_name_the_value_the_team_range_and_a_fix(demo_photos, demo_measured):
    result = _run(demo_measured)
    loose = next(i for i, p in enumerate(demo_photos) if p.off_style == "crop_too_loose")
    flag = next(f for f in result.photos[loose].flags if f.code == "crop_too_loose")
    assert "%" in flag.message and "team" in flag.message and "Crop tighter" in flag.message
    assert flag.value is not None and flag.typical is not None and flag.value < flag.typical


def test_small_team_uses_per_measure_rules_only_and_says_so(demo_photos, demo_measured):
    on_style = [
        pair for pair, p in zip(demo_measured, demo_photos, strict=True) if not p.off_style
    ][:5]
    dark = next(
        pair
        for pair, p in zip(demo_measured, demo_photos, strict=True)
        if p.off_style == "too_dark"
    )
    result = _run([*on_style, dark])
    assert result.team.clusters == ()
    assert any("Only 6 photos" in note for note in result.team.notes)
    assert "too_dark" in _codes(result, 5)


def test_failed_and_missing_photos_are_kept_in_order_without_style_flags(demo_measured):
    failed = (
        Person(id="broken", name="Broken", error="HTTP 404 Not Found"),
        Measurement(person_id="broken", status=Status.FAILED, error="HTTP 404 Not Found"),
    )
    missing = (
        Person(id="none", name="None"),
        Measurement(person_id="none", status=Status.NO_PHOTO),
    )
    pairs = [demo_measured[0], failed, *demo_measured[1:9], missing]
    result = _run(pairs)
    assert [p.person.id for p in result.photos] == [p.id for p, _ in pairs]
    assert result.photos[1].flags == () and result.photos[1].status is Status.FAILED
    assert result.photos[-1].flags == () and result.photos[-1].status is Status.NO_PHOTO


def _jpeg(image: Image.Image, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _measured(person_id: str, data: bytes, sha: str | None = None):
    person = Person(id=person_id, name=person_id.title(), photo=data, sha256=sha or person_id)
    return person, measure_photo(data, FeaturesConfig(), person_id=person_id)


def test_duplicate_photo_for_two_people_and_placeholder_for_a_shared_or_flat_image(
    demo_measured, demo_photos
):
    team = list(demo_measured[:8])
    team.append(_measured("copycat", demo_photos[2].data, sha=team[2][0].sha256))
    avatar = Image.new("RGB", (300, 300), (200, 200, 205))
    ImageDraw.Draw(avatar).ellipse((100, 60, 200, 160), fill=(150, 150, 155))
    ImageDraw.Draw(avatar).rectangle((70, 180, 230, 300), fill=(150, 150, 155))
    avatar_bytes = _jpeg(avatar)
    team += [_measured(f"nophoto{i}", avatar_bytes, sha="avatar") for i in range(3)]
    result = _run(team)
    assert "duplicate_photo" in _codes(result, 2)
    assert "duplicate_photo" in _codes(result, 8)
    for index in (9, 10, 11):
        assert {"placeholder", "no_face"} <= _codes(result, index)
        assert "duplicate_photo" not in _codes(result, index)


def test_a_single_flat_faceless_avatar_is_a_placeholder(demo_measured):
    avatar = Image.new("RGB", (256, 256), (90, 120, 200))
    ImageDraw.Draw(avatar).text((110, 120), "JS", fill=(255, 255, 255))
    result = _run([*demo_measured[:8], _measured("initials", _jpeg(avatar))])
    assert "placeholder" in _codes(result, 8)


def test_pinned_brand_background_colour_wins_over_the_learned_one(demo_photos, demo_measured):
    teal = next(i for i, p in enumerate(demo_photos) if p.off_style == "background_color_mismatch")
    config = AnalysisConfig(pinned={"background.color": "#1e968c"})
    result = _run(demo_measured, config)
    assert "background_color_mismatch" not in _codes(result, teal)
    assert "background_color_mismatch" in _codes(result, 0)
    assert result.team.pinned == {"background.color": "#1e968c"}


def test_pinned_crop_range_flags_photos_outside_it(demo_measured):
    config = AnalysisConfig(pinned={"crop.head_share": [0.30, 0.40]})
    result = _run(demo_measured[:8], config)
    assert all("crop_too_tight" in _codes(result, i) for i in range(8))


def test_a_very_uniform_team_does_not_flag_invisible_differences(demo_photos, demo_measured):
    """One studio backdrop: clutter and background MAD are ~0; minimum spreads keep z sane."""
    team = [pair for pair, p in zip(demo_measured, demo_photos, strict=True) if not p.off_style]
    result = _run(team)
    clutter = [m.features["background.clutter_pct"] for _, m in team]
    assert max(clutter) - min(clutter) < 1.5  # really uniform
    for i in range(len(team)):
        assert not _serious(result, i), result.photos[i].flags


def test_two_photo_shoots_are_found_as_two_style_groups(demo_photos):
    grey = [p for p in demo_photos if p.off_style is None]
    team = [_measured(f"grey{i}", p.data) for i, p in enumerate(grey)]
    for i, photo in enumerate(grey[:6]):
        image = Image.open(io.BytesIO(photo.data)).convert("RGB")
        warm_dark = np.asarray(image, np.float32) * np.array([0.75, 0.6, 0.45])
        data = _jpeg(Image.fromarray(np.clip(warm_dark, 0, 255).astype(np.uint8)))
        team.append(_measured(f"shoot2-{i}", data))
    result = _run(team)
    assert len(result.team.clusters) == 2
    house, other = result.team.clusters
    assert house.is_house_style and house.size == 8
    assert set(other.person_ids) == {f"shoot2-{i}" for i in range(6)}
    assert "darker" in other.description and "warmer" in other.description


def test_outdated_uses_first_seen_from_history(demo_measured):
    first_seen = {"p0": datetime(2019, 1, 1, tzinfo=UTC)}
    result = _run(demo_measured, photo_first_seen=first_seen)
    assert result.photos[0].scores["outdated"] >= 0.6
    assert "outdated" in _codes(result, 0)
    flag = next(f for f in result.photos[0].flags if f.code == "outdated")
    assert "first seen" in flag.message and "years ago" in flag.message
    assert result.photos[1].scores["outdated"] < 0.6


def _dated(pair, year: float):
    person, measurement = pair
    features = {**measurement.features, "meta.exif_year": year}
    return person, replace(measurement, features=features)


def test_outdated_follows_the_refresh_policy(demo_photos, demo_measured):
    """Past the refresh interval a photo is due (a tip); past the age limit it is too old."""
    on_style = [pair for pair, p in zip(demo_measured, demo_photos, strict=True) if not p.off_style]
    team = [_dated(on_style[0], 2022.5), _dated(on_style[1], 2015.0), *on_style[2:8]]
    result = _run(team, AnalysisConfig(refresh_years=3, max_age_years=5))
    due, old = (next(f for f in result.photos[i].flags if f.code == "outdated") for i in (0, 1))
    assert due.severity is Severity.INFO and "due for a refresh" in due.message
    assert "taken 4 years ago" in due.message and "every 3 years" in due.message
    assert old.severity is Severity.WARNING and "too old: taken 12 years ago" in old.message
    assert all("outdated" not in _codes(result, i) for i in range(2, len(team)))


def test_warm_neutral_tones_alone_do_not_read_as_yellowed(demo_photos, demo_measured):
    """Warm clothes or hair raise the neutral tones' b* but leave backdrop and skin alone: not
    an old, yellowed print. A real warm cast tints everything and is evidence."""
    on_style = [pair for pair, p in zip(demo_measured, demo_photos, strict=True) if not p.off_style]
    person, measurement = on_style[0]
    warm_b = measurement.features["color.cast_b"] + 25
    clothes = (
        person,
        replace(measurement, features={**measurement.features, "color.cast_b": warm_b}),
    )
    yellowed = _measured("yellowed", _edited(person.photo, lambda rgb: rgb * [1.1, 1.0, 0.6]))
    result = _run([clothes, yellowed, *on_style[1:8]])
    # One piece of looks-old evidence scores 0.3 (below the flag's threshold on its own).
    assert result.photos[0].scores["outdated"] == 0.0
    assert result.photos[1].scores["outdated"] == pytest.approx(0.3)
    assert "color_cast" in _codes(result, 1)


def test_only_visible_compression_makes_a_photo_look_old(demo_photos):
    """JPEG quality 80 in a quality-98 team is invisible: no looks-old evidence; quality 30 is."""
    on_style = [p for p in demo_photos if not p.off_style][:8]

    def saved_at(photo, quality: int) -> bytes:
        return _jpeg(Image.open(io.BytesIO(photo.data)).convert("RGB"), quality)

    team = [_measured(f"q98-{i}", saved_at(p, 98)) for i, p in enumerate(on_style[2:])]
    team += [
        _measured("q80", saved_at(on_style[0], 80)),
        _measured("q30", saved_at(on_style[1], 30)),
    ]
    result = _run(team)
    scores = {p.person.id: p.scores["outdated"] for p in result.photos}
    assert scores["q80"] == 0.0
    assert scores["q30"] >= 0.3


def test_house_style_follows_the_estimator_contract():
    import pandas as pd

    with pytest.raises(ValueError, match="not fitted"):
        HouseStyle().score_samples(pd.DataFrame({"x": [1.0]}))
    table = pd.DataFrame({"background.clutter_pct": [0.5, 0.5, 0.5, 0.6, 3.0]})
    style = HouseStyle()
    assert style.fit(table) is style
    assert style.scale_["background.clutter_pct"] == 1.0  # floored: MAD is ~0
    z = style.score_samples(table)
    assert z["background.clutter_pct"].iloc[-1] == pytest.approx(2.5)


def test_consistency_score_counts_warnings_half_and_errors_zero(demo_measured):
    result = _run(demo_measured)
    expected = sum(
        {None: 1.0, "warning": 0.5, "error": 0.0}[
            p.worst_severity.value if p.worst_severity else None
        ]
        for p in result.photos
    )
    assert consistency_score(result.photos) == pytest.approx(100 * expected / len(result.photos))


def test_duplicate_buckets_find_planted_pairs_among_thousands_of_hashes():
    rng = random.Random(1)
    hashes = {f"x{i}": f"{rng.getrandbits(64):016x}" for i in range(5000)}
    base = int(hashes["x10"], 16)
    hashes["near"] = f"{base ^ 0b1011:016x}"  # 3 bits different
    hashes["far"] = f"{base ^ 0b11111111:016x}"  # 8 bits different
    found = find_duplicates(hashes, {k: k for k in hashes})
    assert found["x10"] == {"near": 3}
    assert "far" not in found


def test_teams_without_usable_measures_still_get_a_result():
    people = [Person(id=f"a{i}", name=f"A{i}") for i in range(3)]
    failed = [Measurement(person_id=p.id, status=Status.FAILED, error="HTTP 500") for p in people]
    result = analyse(people, failed, AnalysisConfig(), now=NOW)
    assert [p.flags for p in result.photos] == [(), (), ()] and result.score == 0.0
    sparse = [Measurement(person_id=p.id, status=Status.OK, features={}) for p in people]
    result = analyse(people, sparse, AnalysisConfig(), now=NOW)
    assert result.score == 100.0 and result.team.median == {} and result.team.spread == {}


def _edited(photo_data: bytes, edit) -> bytes:
    rgb = np.asarray(Image.open(io.BytesIO(photo_data)).convert("RGB"), np.float32)
    return _jpeg(Image.fromarray(np.clip(edit(rgb), 0, 255).astype(np.uint8)))


def test_flat_side_lit_and_group_photos_get_their_flags(demo_photos, demo_measured):
    on_style = [pair for pair, p in zip(demo_measured, demo_photos, strict=True) if not p.off_style]
    hopper = demo_photos[1].data  # an on-style Grace Hopper variant
    flat = _edited(hopper, lambda rgb: 0.25 * rgb + 0.75 * rgb.mean())
    x = np.arange(600)
    # hard light from the right: the left half of the face falls into shadow
    ramp = (0.3 + 1.0 / (1 + np.exp(-(x - 300) / 10)))[None, :, None]
    side_lit = _edited(hopper, lambda rgb: rgb * ramp)
    pair = Image.open(io.BytesIO(hopper)).convert("RGB")
    group = Image.new("RGB", (pair.width * 2, pair.height))
    group.paste(pair, (0, 0))
    group.paste(pair.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (pair.width, 0))
    team = [
        *on_style,
        _measured("flat", flat),
        _measured("sidelit", side_lit),
        _measured("group", _jpeg(group)),
    ]
    result = _run(team)
    n = len(on_style)
    assert "low_contrast" in _codes(result, n)
    assert "uneven_lighting" in _codes(result, n + 1)
    assert "multiple_faces" in _codes(result, n + 2)


def test_a_busy_background_on_a_team_of_plain_backdrops_reads_many_times_not_about_many(
    demo_photos, demo_measured
):
    # The team's backdrops have no edges at all (median clutter 0): there is no factor to
    # round, and the message says "many times busier", never "about many times busier".
    pairs = [
        (p, replace(m, features={**m.features, "background.clutter_pct": 0.0}))
        for (p, m), photo in zip(demo_measured, demo_photos, strict=True)
        if photo.off_style is None
    ]
    person, measurement = pairs[0]
    busy = {**measurement.features, "background.clutter_pct": 30.0}
    pairs[0] = (person, replace(measurement, features=busy))
    messages = [f.message for f in _run(pairs).photos[0].flags if f.code == "background_busy"]
    assert messages and "many times busier" in messages[0], messages
    assert "about many" not in messages[0]
