"""`srcset` parsing by the HTML spec (URLs may contain commas) and choice of the largest image."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Candidate", "largest", "parse_srcset"]

_WS = " \t\n\r\f"
_W = re.compile(r"^(\d+)w$")
_X = re.compile(r"^(\d+(?:\.\d+)?|\.\d+)x$")
_H = re.compile(r"^(\d+)h$")


@dataclass(frozen=True)
class Candidate:
    """One image candidate of a srcset: its URL and width (w) or pixel density (x)."""

    url: str
    width: int | None = None
    density: float | None = None


def _descriptors(text: str, pos: int) -> tuple[list[str], int]:
    """Tokenise descriptors up to the next top-level comma (spec: "in descriptor" states)."""
    tokens: list[str] = []
    current = ""
    state = "in"
    while pos < len(text):
        ch = text[pos]
        if state == "in":
            if ch in _WS:
                if current:
                    tokens.append(current)
                    current = ""
                state = "after"
            elif ch == ",":
                pos += 1
                break
            elif ch == "(":
                current += ch
                state = "paren"
            else:
                current += ch
        elif state == "paren":
            current += ch
            if ch == ")":
                state = "in"
        else:  # after descriptor: whitespace until the next descriptor or the comma
            if ch not in _WS:
                state = "in"
                continue
        pos += 1
    if current:
        tokens.append(current)
    return tokens, pos


def parse_srcset(value: str | None) -> list[Candidate]:
    """Candidates of a srcset attribute, invalid entries dropped (WHATWG HTML "srcset" parser)."""
    text = value or ""
    pos = 0
    out: list[Candidate] = []
    while True:
        while pos < len(text) and (text[pos] in _WS or text[pos] == ","):
            pos += 1
        if pos >= len(text):
            return out
        start = pos
        while pos < len(text) and text[pos] not in _WS:
            pos += 1
        url = text[start:pos]
        tokens: list[str] = []
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            tokens, pos = _descriptors(text, pos)
        candidate = _candidate(url, tokens)
        if candidate is not None:
            out.append(candidate)


def _candidate(url: str, tokens: list[str]) -> Candidate | None:
    width: int | None = None
    density: float | None = None
    for token in tokens:
        if (m := _W.match(token)) and width is None and density is None:
            width = int(m.group(1))
        elif (m := _X.match(token)) and width is None and density is None:
            density = float(m.group(1))
        elif _H.match(token):
            continue  # future-compat height descriptor: ignored
        else:
            return None  # the spec drops a candidate with a bad descriptor
    if not url or width == 0:
        return None
    return Candidate(url=url, width=width, density=density)


def largest(candidates: list[Candidate]) -> Candidate | None:
    """The candidate a browser fetches at the largest size: max width, else max density."""
    if not candidates:
        return None
    with_width = [c for c in candidates if c.width is not None]
    if with_width:
        return max(with_width, key=lambda c: c.width or 0)
    return max(candidates, key=lambda c: c.density if c.density is not None else 1.0)
