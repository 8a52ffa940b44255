"""The wording rule of the report: what a marketing reader sees carries no colour-science or
algorithm terms. Shared by the analysis tests (every flag's message templates) and the report
tests (every label, and the visible text of rendered reports).

The technical values are not banned from the product: they live in the JSON/CSV, the per-photo
"Details" disclosure and the measures appendix. They are banned from messages and labels.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["JARGON", "jargon_in", "sentence_literals", "visible_text"]

# Case-sensitive patterns first (a* / b* / Lab would otherwise hit ordinary words), then words.
_CASED = [r"L\*", r"(?<![\w])a\*", r"(?<![\w])b\*", r"C\*", r"\bLab\b", r"\bMAD\b", r"\bRMS\b"]
_WORDS = [
    r"ΔE",
    r"delta[ -]?E\b",
    r"CIELAB",
    r"Canny",
    r"Laplacian",
    r"Hasler",
    r"Süsstrunk",
    r"Susstrunk",
    r"variance",
    r"z-?scores?",
    r"sigma",
    r"σ",
    r"\bvar\b",
    r"standard deviation",
    r"\bmedian\b",
    r"percentile",
    r"quantile",
    r"luminance",
    r"\bluma\b",
    r"chroma\b",
    r"entropy",
    r"histogram",
    r"\bHaar\b",
    r"\bcascade\b",
    r"phash",
    r"perceptual hash",
    r"\bOFIQ\b",
    r"Immerk",
    r"quanti[sz]ation",
    r"\bspreads\b",
    r"KMeans",
    r"outlier score",
]
JARGON = re.compile("|".join(_CASED) + "|" + "|".join(f"(?i:{w})" for w in _WORDS))


def jargon_in(text: str) -> list[str]:
    """The banned terms found in `text` (empty when it reads plainly)."""
    return [m.group(0) for m in JARGON.finditer(text)]


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def sentence_literals(root: Path) -> Iterator[tuple[str, int, str]]:
    """Every string literal with a space under `root` that is not a docstring: the text the
    code can put in front of a reader (message templates and their pieces, f-string parts).

    Yields (file, line, text). Measure ids and flag codes have no spaces and are skipped.
    """
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
                and " " in node.value
            ):
                yield str(path.relative_to(root.parent)), node.lineno, node.value


class _VisibleText(HTMLParser):
    """Text a reader sees without opening a disclosure (no script, style or <details>)."""

    HIDDEN = frozenset({"script", "style", "details", "title"})

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    """The text of a page a reader sees without opening a disclosure."""
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)
