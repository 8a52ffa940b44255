"""Data flows one way: no stage imports a later one (crawl, features, analysis, fixes, report)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "auditor"
STAGES = ["crawl", "features", "analysis", "fixes", "report"]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("stage", STAGES)
def test_stage_imports_no_later_stage(stage):
    later = STAGES[STAGES.index(stage) + 1 :]
    forbidden = {f"auditor.{name}" for name in [*later, "cli", "audit", "demo"]}
    for path in (PACKAGE / stage).rglob("*.py"):
        for module in _imported_modules(path):
            assert not any(module == f or module.startswith(f + ".") for f in forbidden), (
                f"{path.relative_to(PACKAGE)} imports {module}"
            )


def test_models_do_no_io():
    assert _imported_modules(PACKAGE / "models.py") <= {
        "__future__",
        "dataclasses",
        "enum",
        "typing",
    }
