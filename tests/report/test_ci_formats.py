"""junit.xml and summary.md: the verdict as CI systems show it, from real assertion results."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from markdown_it import MarkdownIt

from auditor.assertions import evaluate_assertions
from auditor.config import Config, ReportConfig
from auditor.report.formats.junit import JunitFormat
from auditor.report.formats.markdown import MAX_ROWS, MarkdownFormat, escape_markdown
from tests.report.conftest import SCRIPT_NAME


def _judged(audit_result, **overrides):
    config = Config().with_overrides(overrides)
    return replace(audit_result, assertions=evaluate_assertions(audit_result, config))


@pytest.fixture(scope="module")
def judged(audit_result):
    """The hand-built team with every error flag failing, warnings warned, one budget broken."""
    return _judged(
        audit_result,
        **{
            "assertions.levels": {"color_cast": "warn"},
            "budgets.fail_on": "warning",
            "budgets.max_failed": 0,
        },
    )


def _cases(xml: str) -> dict[str, ET.Element]:
    suite = ET.fromstring(xml.encode("utf-8"))
    assert suite.tag == "testsuite"
    return {case.get("name"): case for case in suite.iter("testcase")}


def test_junit_has_one_case_per_person_and_a_failure_per_failed_flag(judged):
    xml = JunitFormat().render(judged)
    suite = ET.fromstring(xml.encode("utf-8"))
    cases = _cases(xml)
    assert len(cases) == len(judged.photos) + 1  # every person, plus the budgets case
    assert set(cases) - {"budgets"} == {p.person.name for p in judged.photos}
    failed = judged.assertions.failures
    assert failed, "the fixture must fail something"
    for photo in judged.photos:
        case = cases[photo.person.name]
        expected = sorted(h.code for h in failed if h.person_id == photo.person.id)
        assert sorted(f.get("type") for f in case.findall("failure")) == expected
    # the crawled <script> name is text in an attribute, not markup
    assert cases[SCRIPT_NAME].findall("failure")
    # a warn-level flag is listed, not failed
    warm = next(p for p in judged.photos if any(f.code == "color_cast" for f in p.flags))
    assert not cases[warm.person.name].findall("failure")
    assert "warned: color_cast" in cases[warm.person.name].findtext("system-out")
    # the failed download breaks max_failed: an error; the missing photo: skipped
    by_status = {p.status.value: cases[p.person.name] for p in judged.photos}
    assert by_status["failed"].find("error") is not None
    assert by_status["no_photo"].find("skipped") is not None
    budgets = cases["budgets"].findall("failure")
    assert [f.get("type") for f in budgets] == ["budgets.max_failed"]
    assert int(suite.get("failures")) == len(failed) + 1
    assert (int(suite.get("errors")), int(suite.get("skipped"))) == (1, 1)


def test_junit_without_assertions_passes_every_case(audit_result):
    cases = _cases(JunitFormat().render(audit_result))
    assert not any(c.findall("failure") or c.findall("error") for c in cases.values())


def test_junit_drops_characters_xml_cannot_carry(audit_result):
    odd = replace(audit_result.photos[0].person, name="Ada\x00\x1b[31m Lovelace\ufffe")
    result = replace(audit_result, photos=(replace(audit_result.photos[0], person=odd),))
    assert "Ada[31m Lovelace" in _cases(JunitFormat().render(result))


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


def test_summary_renders_the_verdict_and_the_failures(judged):
    text = MarkdownFormat(ReportConfig(title="Acme team")).render(judged)
    assert text.startswith("## Acme team: ❌ Failed\n")
    score = f"{judged.score:.0f}/100"
    assert f"**Consistency score {score}**" in text
    html = _html(text)
    assert "<table>" in html and "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the crawled name, as text
    rows = html.count("<tr>") - html.count("<table>")  # minus each table's header
    assert rows == min(len(judged.assertions.failures), MAX_ROWS) + 1  # + the warned row
    assert "budgets.max_failed" in text and "Warnings (level warn): 1" in text
    changes = judged.changes
    assert f"{len(changes['new_people'])} joined" in text


def test_summary_of_a_passing_run(audit_result):
    text = MarkdownFormat(ReportConfig()).render(_judged(audit_result))
    assert ": ✅ Passed" in text.splitlines()[0]
    assert "No assertion failed." in text and "<table>" not in _html(text)


def test_markdown_escaping_leaves_no_markup_or_mention():
    raw = "<img src=x onerror=alert(1)> @everyone **bold** [link](javascript:alert(1)) a|b `c`"
    html = _html(f"| x |\n| --- |\n| {escape_markdown(raw)} |\n")
    assert "<img" not in html and "<strong>" not in html and "<a " not in html
    assert "<code>" not in html and "@everyone" not in html
    assert html.count("<td>") == 1  # the pipe did not split the cell
    assert len(escape_markdown("x" * 5000)) <= 200
