"""actions.csv: the action list to hand out, one row per person with something to do."""

from __future__ import annotations

import csv
import io

from auditor.models import AuditResult
from auditor.report._actions import build_actions
from auditor.report.formats.csv import safe_cell

__all__ = ["ACTION_COLUMNS", "ActionsCsvFormat"]

ACTION_COLUMNS: tuple[str, ...] = (
    "priority",
    "name",
    "role",
    "page",
    "what_to_do",
    "why",
    "severity",
)


class ActionsCsvFormat:
    """actions.csv: priority order (must-fix first), plain sentences, no measure columns."""

    name = "actions"
    filename = "actions.csv"

    def render(self, result: AuditResult) -> str:
        """One header row and one row per action, most urgent first."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(ACTION_COLUMNS)
        for action in build_actions(result):
            writer.writerow(
                [
                    str(action.priority),
                    safe_cell(action.name),
                    safe_cell(action.role),
                    safe_cell(action.page),
                    safe_cell(action.todo),
                    safe_cell(action.why),
                    action.severity,
                ]
            )
        return buffer.getvalue()
