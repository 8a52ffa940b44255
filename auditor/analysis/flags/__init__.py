"""Flag rules: one unit per broken house-style rule (see `deviation`, `colour`, `content`)."""

from __future__ import annotations

from auditor.analysis.flags.attire import attire_colour_rule
from auditor.analysis.flags.base import TeamContext, format_value, severity_for
from auditor.analysis.flags.colour import (
    background_color_rule,
    color_cast_rule,
    color_mode_rule,
    keep_stronger_colour_flag,
)
from auditor.analysis.flags.content import (
    duplicate_rule,
    inconsistent_pages_rule,
    multiple_faces_rule,
    no_face_rule,
    placeholder_rule,
)
from auditor.analysis.flags.deviation import DEVIATION_RULES, DeviationRule
from auditor.analysis.flags.expression import expression_rule, eyes_closed_rule
from auditor.analysis.flags.pose import head_turned_rule
from auditor.analysis.flags.retouch import over_retouched_rule

__all__ = [
    "DEVIATION_RULES",
    "DeviationRule",
    "TeamContext",
    "attire_colour_rule",
    "background_color_rule",
    "color_cast_rule",
    "color_mode_rule",
    "duplicate_rule",
    "expression_rule",
    "eyes_closed_rule",
    "format_value",
    "head_turned_rule",
    "inconsistent_pages_rule",
    "keep_stronger_colour_flag",
    "multiple_faces_rule",
    "no_face_rule",
    "over_retouched_rule",
    "placeholder_rule",
    "severity_for",
]
