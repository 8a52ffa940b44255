"""Every package the tool imports when it starts is one `pip install -e .` installs.

A module the code imports at the top of a file but that only arrives through the test extras
(click came with dask) passes every test and breaks the README's first command for a new user.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _top_level_imports(path: Path) -> set[str]:
    """Top-level package names imported unconditionally at module level (not lazily)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = (re.split(r"[\s<>=!~\[;]", spec, maxsplit=1)[0] for spec in project["dependencies"])
    return {name.lower().replace("_", "-") for name in names}


def test_every_module_level_import_is_a_declared_dependency():
    declared = _declared()
    owners = packages_distributions()
    missing: dict[str, str] = {}
    for path in sorted((ROOT / "auditor").rglob("*.py")):
        for module in _top_level_imports(path):
            if module in sys.stdlib_module_names or module in {"auditor", "__future__"}:
                continue
            dists = {d.lower().replace("_", "-") for d in owners.get(module, [module])}
            if not dists & declared:
                missing[module] = str(path.relative_to(ROOT))
    assert not missing, f"imported but not in [project].dependencies: {missing}"
