"""brief.html states the house style exactly as report.json does (a real team's audit)."""

from __future__ import annotations

import json
import re

import pytest

from auditor.analysis import analyse
from auditor.config import Config, ReportConfig
from auditor.demo.photos import make_demo_photos
from auditor.features import measure_all
from auditor.fixes import fix_photos
from auditor.models import AuditResult, Person, RunInfo
from auditor.report import write_reports
from auditor.report._colour import lab_to_hex

NUMBER = re.compile(r'data-measure="([^"]+)" data-value="([^"]+)"')
FRAMING_AND_LIGHT = {
    "crop.head_height_ratio",
    "crop.eye_line_ratio",
    "crop.shoulders_in_frame_ratio",
    "image.aspect_ratio",
    "image.width_px",
    "image.height_px",
    "light.face_luminance",
    "light.rms_contrast",
    "light.illumination_balance",
    "background.lab_l",
    "background.lab_a",
    "background.lab_b",
}


def audited(config: Config) -> AuditResult:
    photos = make_demo_photos(count_on_style=8)
    people = [Person(id=f"p{i}", name=p.filename, photo=p.data) for i, p in enumerate(photos)]
    analysed = analyse(people, measure_all(people, config.features), config.analysis)
    result = AuditResult(
        "t", "0", RunInfo("", "", ()), analysed.team, analysed.photos, score=analysed.score
    )
    return fix_photos(result, config)


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("brief")
    paths = write_reports(audited(Config()), out, ReportConfig(title="Acme"))
    return paths


def test_every_number_in_the_brief_is_the_house_style_of_report_json(demo_run):
    brief = demo_run["brief"].read_text(encoding="utf-8")
    median = json.loads(demo_run["json"].read_text(encoding="utf-8"))["team"]["median"]
    shown = {m: float(v) for m, v in NUMBER.findall(brief)}
    assert set(shown) >= FRAMING_AND_LIGHT
    for measure, value in shown.items():
        assert value == pytest.approx(median[measure], rel=1e-5), measure
    lab = tuple(median[m] for m in ("background.lab_l", "background.lab_a", "background.lab_b"))
    assert f'data-hex="{lab_to_hex(lab)}"' in brief


def test_the_brief_lists_who_needs_a_new_photo_and_shows_on_style_examples(demo_run):
    brief = demo_run["brief"].read_text(encoding="utf-8")
    data = json.loads(demo_run["json"].read_text(encoding="utf-8"))
    retakes = [p["name"] for p in data["photos"] if p["needs_new_photo"]]
    assert retakes and all(name in brief for name in retakes)
    examples = re.findall(r'alt="Example of the house style: ([^"]+)"', brief)
    assert 3 <= len(examples) <= 4
    flagged = {p["name"] for p in data["photos"] if p["flags"]}
    assert not set(examples) & flagged


def test_pinned_brand_values_win_in_the_brief(tmp_path):
    config = Config().with_overrides(
        {"analysis.pinned": {"background.color": "#E8E8E8", "crop.head_share": [0.45, 0.6]}}
    )
    paths = write_reports(audited(config), tmp_path, ReportConfig())
    brief = paths["brief"].read_text(encoding="utf-8")
    assert 'data-hex="#e8e8e8"' in brief and "set in the brand guidelines" in brief
    assert "45%–60% of the frame height" in brief
