"""Every flag code of the report contract has a rule that raises it and a test that names it."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.analysis.flags import DEVIATION_RULES
from auditor.models import FLAG_CODES

ROOT = Path(__file__).resolve().parents[2]
ANALYSIS_SOURCE = "\n".join(p.read_text() for p in (ROOT / "auditor" / "analysis").rglob("*.py"))
TEST_SOURCE = (
    "\n".join(
        p.read_text() for p in (ROOT / "tests").rglob("*.py") if p.name != Path(__file__).name
    )
    + (ROOT / "benchmarks" / "evaluate_flags.py").read_text()
)


@pytest.mark.parametrize("code", FLAG_CODES)
def test_every_flag_code_is_raised_by_a_rule_and_named_in_a_test(code):
    assert f'"{code}"' in ANALYSIS_SOURCE, f"no rule raises {code}"
    assert code in TEST_SOURCE, f"no test or evaluation names {code}"


@pytest.mark.parametrize("rule", DEVIATION_RULES, ids=lambda r: r.code)
def test_every_deviation_rule_carries_its_metadata(rule):
    assert rule.code in FLAG_CODES
    assert rule.title and rule.failure_title
    assert any(f"{{{n}}}" in rule.message for n in ("value", "abs_value", "ratio"))
    assert rule.message.rstrip().endswith(".")  # ends with the fix, a full sentence
