"""Gold files: the hand-built team's report.json, photos.csv and report.html, byte for byte
after scrubbing what legitimately varies (embedded image bytes, float noise).

Regenerate after an intended change with `HEADSHOT_AUDIT_UPDATE_GOLD=1 pytest tests/report`
and review the diff (see gold/README.md).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from auditor.config import ReportConfig
from auditor.report import render_reports
from tests.report.conftest import MEASURES

GOLD = Path(__file__).resolve().parent / "gold"
UPDATE = os.environ.get("HEADSHOT_AUDIT_UPDATE_GOLD") == "1"
# Embedded JPEGs depend on the libjpeg build; their presence is tested elsewhere.
# The embedded data files (CSV/JSON downloads) carry measured floats: scrubbed as well.
DATA_URI = re.compile(r"data:([a-z]+)/[a-z.+-]+(?:;charset=[\w-]+)?;base64,[A-Za-z0-9+/=]+")
# Measured floats can differ in the last digits between Pillow/NumPy builds.
FLOAT = re.compile(r"-?\d+\.\d{4,}")


def _round_floats(value):
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _round_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_round_floats(v) for v in value]
    return value


def _scrub(name: str, text: str) -> str:
    if name == "report.json":
        return json.dumps(_round_floats(json.loads(text)), indent=2, ensure_ascii=False) + "\n"
    text = DATA_URI.sub(lambda m: f"data:{m.group(1)}/scrubbed", text)
    return FLOAT.sub(lambda m: f"{float(m.group()):.3f}", text)


@pytest.mark.parametrize("name", ["report.json", "photos.csv", "actions.csv", "report.html"])
def test_matches_gold(audit_result, name):
    rendered = {
        filename: contents
        for filename, contents in render_reports(
            audit_result, ReportConfig(title="Gold team"), MEASURES
        ).values()
    }
    actual = _scrub(name, rendered[name])
    gold = GOLD / name
    if UPDATE:
        gold.write_text(actual, encoding="utf-8")
    assert gold.exists(), f"missing {gold}; run with HEADSHOT_AUDIT_UPDATE_GOLD=1"
    assert actual == gold.read_text(encoding="utf-8")
