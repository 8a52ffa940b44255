"""summary.md: the verdict in Markdown, for `$GITHUB_STEP_SUMMARY` and pull-request comments.

Short on purpose: the verdict, the counts, what broke the run (first rows, then "and N more"),
then pointers to the full report. Every crawled string is escaped: GitHub renders HTML inside
Markdown and turns `@name` into a mention, and a team page is untrusted input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.config import ReportConfig
from auditor.models import AssertionHit, AuditResult, Outcome
from auditor.report._summary import drafts_possible, summarise
from auditor.report._text import flag_title

__all__ = ["MAX_ROWS", "MarkdownFormat", "escape_markdown"]

# Rows per table before "and N more" (a step summary is read at a glance; the report has all).
MAX_ROWS = 30
# Longest crawled text in one cell.
MAX_CELL = 120
# Markdown punctuation that opens emphasis, code, links or table cells anywhere in a line (the
# line-start ones, # - + 1., cannot occur: every crawled string follows other text).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# Then HTML (GitHub renders it) as entities, inserted after the escaping above, and "@": an
# entity would be decoded before GitHub looks for mentions, a zero-width space after it is not.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "@": "@\u200b"}


def escape_markdown(text: object, limit: int = MAX_CELL) -> str:
    """Crawled text made inert in a Markdown table cell: one line, no markup, no mention."""
    value = " ".join(str(text).split())
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    value = _MARKDOWN_SPECIAL.sub(r"\\\1", value)
    return "".join(_ENTITIES.get(ch, ch) for ch in value)


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _hit_table(hits: Sequence[AssertionHit], last: str) -> list[str]:
    lines = [_row("Person", "Flag", "Severity", last), _row("---", "---", "---", "---")]
    for hit in hits[:MAX_ROWS]:
        detail = hit.note if last == "Why accepted" else hit.message
        lines.append(
            _row(
                escape_markdown(hit.name),
                f"{escape_markdown(flag_title(hit.code))} (`{hit.code}`)",
                hit.severity.value,
                escape_markdown(detail or "", limit=200),
            )
        )
    if len(hits) > MAX_ROWS:
        lines.append("")
        lines.append(f"… and {len(hits) - MAX_ROWS} more (see the report).")
    return lines


def _count(changes: dict, key: str) -> int:
    value = changes.get(key)
    return len(value) if isinstance(value, list) else 0


class MarkdownFormat:
    """summary.md: verdict, counts, broken assertions and pointers to the full report."""

    name = "markdown"
    filename = "summary.md"

    def __init__(self, config: ReportConfig) -> None:
        self.config = config

    def render(self, result: AuditResult) -> str:
        """The Markdown text (GitHub-flavoured: tables and <details>)."""
        summary = summarise(result)
        assertions = result.assertions
        passed = assertions is None or assertions.passed
        verdict = "✅ Passed" if passed else "❌ Failed"
        by_status = summary["by_status"]
        score = f"{result.score:.0f}/100" if result.score is not None else "n/a"
        lines = [
            f"## {escape_markdown(self.config.title)}: {verdict}",
            "",
            f"**Consistency score {score}** · {summary['people']} people · "
            f"{summary['audited']} audited · {summary['flagged']} flagged · "
            f"{by_status['no_photo']} without a photo · {by_status['failed']} failed",
            "",
        ]
        if summary["by_flag"]:
            found = ", ".join(f"`{code}` {n}" for code, n in summary["by_flag"].items())
            lines += [f"Flags found (photos): {found}.", ""]
        if assertions is None:
            lines += ["No assertions were evaluated for this run.", ""]
        else:
            lines += self._assertions(assertions)
        changes = result.changes
        if isinstance(changes, dict) and changes.get("previous_run"):
            lines += [
                f"Since the previous run ({escape_markdown(changes['previous_run'])}): "
                f"{_count(changes, 'new_people')} joined, {_count(changes, 'departed_people')} "
                f"left, {_count(changes, 'changed_photos')} changed photos, "
                f"{_count(changes, 'new_flags')} new flags, "
                f"{_count(changes, 'resolved_flags')} resolved.",
                "",
            ]
        fixable = drafts_possible(result)
        if fixable:
            lines += [
                f"{fixable} flagged photo{'' if fixable == 1 else 's'} can be corrected from "
                "the file: run again with `--fixes` for corrected drafts (`fixes/` in the run "
                "folder).",
                "",
            ]
        lines.append(
            "Full report: `report.html` in the run folder, with `actions.csv`, `report.json`, "
            "`photos.csv` and `junit.xml` beside it."
        )
        return "\n".join(lines) + "\n"

    def _assertions(self, assertions) -> list[str]:
        lines: list[str] = []
        failures = assertions.failures
        if assertions.budgets_broken:
            lines += ["### Budgets broken", ""]
            lines += [
                f"- {escape_markdown(b.message, limit=300)} (`budgets.{b.budget}`)"
                for b in assertions.budgets_broken
            ]
            lines.append("")
        if failures:
            new = " (new since the previous run)" if assertions.fail_on_new else ""
            lines += [f"### Flags that fail the run{new}", ""]
            lines += _hit_table(failures, "What to do")
            lines.append("")
        elif not assertions.budgets_broken:
            lines += ["No assertion failed.", ""]
        for outcome, title, last in (
            (Outcome.WARNED, "Warnings (level warn)", "What to do"),
            (Outcome.KNOWN, "Known from the previous run", "What to do"),
            (Outcome.ACCEPTED, "Accepted exceptions", "Why accepted"),
        ):
            hits = [h for h in assertions.hits if h.outcome is outcome]
            if hits:
                lines += [f"<details><summary>{title}: {len(hits)}</summary>", ""]
                lines += _hit_table(hits, last)
                lines += ["", "</details>", ""]
        if assertions.notes:
            lines += [f"- {escape_markdown(note, limit=300)}" for note in assertions.notes]
            lines.append("")
        return lines
