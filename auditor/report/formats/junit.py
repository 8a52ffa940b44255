"""junit.xml: the verdict as test results, which CI systems show natively (one case per person).

Each person is a test case. A flag whose assertion failed is a `<failure>` (type = flag code);
flags at level warn, accepted or known are listed in the case's `<system-out>`. A photo that
could not be audited is an `<error>` when a budget on failed photos (or people without a
photo) is broken, and `<skipped>` otherwise. Broken budgets are failures of one extra case,
"budgets". Written with the standard library's ElementTree; text that XML 1.0 cannot carry
(control characters in crawled names) is dropped first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

from auditor.models import AssertionResult, AuditResult, Outcome, PhotoResult, Status
from auditor.report._text import flag_title

__all__ = ["JunitFormat", "xml_text"]

SUITE_NAME = "headshot-audit"
CASE_CLASS = "headshot-audit.people"
# Characters XML 1.0 forbids (C0 controls but tab/newline/return, surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The budget that bounds each kind of photo not audited (BudgetsConfig).
_STATUS_BUDGET = {Status.FAILED: "max_failed", Status.NO_PHOTO: "max_no_photo"}


def xml_text(value: object) -> str:
    """Text XML 1.0 can carry: forbidden characters removed."""
    return _NOT_XML.sub("", str(value))


def _case_names(photos: tuple[PhotoResult, ...]) -> list[str]:
    """Names as test-case names; a name shared by several people gets their id appended."""
    counts = Counter(p.person.name for p in photos)
    return [
        xml_text(
            p.person.name if counts[p.person.name] == 1 else f"{p.person.name} [{p.person.id}]"
        )
        for p in photos
    ]


def _not_audited(case: ET.Element, photo: PhotoResult, assertions: AssertionResult) -> int:
    """Add <error> or <skipped> for a photo that was not audited; returns 1 for an error."""
    reason = xml_text(photo.measurement.error or photo.person.error or "no photo on the page")
    budget = _STATUS_BUDGET[photo.status]
    broken = any(breach.budget == budget for breach in assertions.budgets_broken)
    label = "photo could not be audited" if photo.status is Status.FAILED else "no photo"
    ET.SubElement(case, "error" if broken else "skipped", message=label).text = reason
    return int(broken)


class JunitFormat:
    """junit.xml: one <testsuite>, one <testcase> per person, a <failure> per failed flag."""

    name = "junit"
    filename = "junit.xml"

    def render(self, result: AuditResult) -> str:
        """The XML document (UTF-8 declared)."""
        assertions = result.assertions or AssertionResult()
        hits_by_person: dict[str, list] = {}
        for hit in assertions.hits:
            hits_by_person.setdefault(hit.person_id, []).append(hit)
        suite = ET.Element("testsuite", name=SUITE_NAME, timestamp=xml_text(result.run.started))
        properties = ET.SubElement(suite, "properties")
        for key, value in (
            ("sources", " ".join(result.run.sources)),
            ("score", "" if result.score is None else f"{result.score:.1f}"),
            ("fail_on_new", str(assertions.fail_on_new).lower()),
        ):
            ET.SubElement(properties, "property", name=key, value=xml_text(value))
        failures = errors = skipped = 0
        for photo, case_name in zip(result.photos, _case_names(result.photos), strict=True):
            case = ET.SubElement(suite, "testcase", classname=CASE_CLASS, name=case_name)
            hits = hits_by_person.get(photo.person.id, [])
            for hit in hits:
                if hit.outcome is Outcome.FAILED:
                    failures += 1
                    failure = ET.SubElement(
                        case,
                        "failure",
                        type=hit.code,
                        message=xml_text(f"{flag_title(hit.code)} ({hit.severity.value})"),
                    )
                    failure.text = xml_text(hit.message)
            if photo.status in (Status.FAILED, Status.NO_PHOTO):
                error = _not_audited(case, photo, assertions)
                errors += error
                skipped += 1 - error
            listed = [
                f"{hit.outcome.value}: {hit.code} ({hit.severity.value}) {hit.message}"
                + (f" [{hit.note}]" if hit.note else "")
                for hit in hits
                if hit.outcome is not Outcome.FAILED
            ]
            if listed:
                ET.SubElement(case, "system-out").text = xml_text("\n".join(listed))
        budgets = ET.SubElement(suite, "testcase", classname=SUITE_NAME, name="budgets")
        for breach in assertions.budgets_broken:
            failures += 1
            ET.SubElement(
                budgets,
                "failure",
                type=f"budgets.{breach.budget}",
                message=xml_text(breach.message),
            )
        if assertions.notes:
            ET.SubElement(budgets, "system-out").text = xml_text("\n".join(assertions.notes))
        suite.set("tests", str(len(result.photos) + 1))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        suite.set("skipped", str(skipped))
        ET.indent(suite)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, "unicode") + "\n"
