"""Read the data a script assigns to a page global (`window.__NUXT__ = ...`) without running it.

Nuxt 2 pages ship their state as JavaScript, not JSON: an object literal with bare keys, or
(when values repeat) an immediately invoked function whose parameters stand for the repeated
values, `(function(a,b){return {team:[{name:"Ana",photo:a}],error:b}}("\\u002Fa.jpg",null))`.
This reads that subset of JavaScript: object and array literals, strings (with escapes),
numbers, `true false null undefined void 0`, and identifiers bound to the function's
arguments. Anything else (a call, `new Date(...)`, arithmetic, statements before `return`)
is skipped and reads as None, so one odd value never loses the rest.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["MAX_SCRIPT_CHARS", "assigned_value", "parse_literal"]

# A state payload beyond this is not read: real Nuxt payloads are tens to hundreds of
# kilobytes, and reading takes about a second per megabyte.
MAX_SCRIPT_CHARS = 2_000_000
# Nesting deeper than this is not data a team page needs (and would exhaust the stack).
MAX_DEPTH = 200

_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_NUMBER = re.compile(r"-?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_SPACE = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)+", re.S)
_CONSTANTS: dict[str, Any] = {
    "true": True,
    "false": False,
    "null": None,
    "undefined": None,
    "NaN": None,
    "Infinity": None,
}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_CLOSERS = {"(": ")", "[": "]", "{": "}"}


class _Unreadable(Exception):
    """The text is not the literal subset this module reads."""


class _Reader:
    """A cursor over script text that reads one JavaScript literal at a time."""

    def __init__(self, text: str, pos: int = 0, names: dict[str, Any] | None = None) -> None:
        self.text = text
        self.pos = pos
        self.names = names or {}

    def space(self) -> None:
        match = _SPACE.match(self.text, self.pos)
        if match:
            self.pos = match.end()

    def peek(self) -> str:
        self.space()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise _Unreadable(f"expected {char!r} at {self.pos}")
        self.pos += 1

    def word(self) -> str | None:
        self.space()
        match = _IDENT.match(self.text, self.pos)
        if not match:
            return None
        self.pos = match.end()
        return match.group()

    def string(self) -> str:
        quote = self.text[self.pos]
        self.pos += 1
        out: list[str] = []
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char == quote:
                self.pos += 1
                return "".join(out)
            if quote == "`" and text.startswith("${", self.pos):
                raise _Unreadable("template literal with a substitution")
            if char == "\\":
                out.append(self._escape())
                continue
            out.append(char)
            self.pos += 1
        raise _Unreadable("unterminated string")

    def _escape(self) -> str:
        text = self.text
        kind = text[self.pos + 1 : self.pos + 2]
        self.pos += 2
        if kind == "u":
            if text.startswith("{", self.pos):
                end = text.find("}", self.pos)
                digits, self.pos = text[self.pos + 1 : end], end + 1
            else:
                digits, self.pos = text[self.pos : self.pos + 4], self.pos + 4
            return _code_point(digits)
        if kind == "x":
            digits, self.pos = text[self.pos : self.pos + 2], self.pos + 2
            return _code_point(digits)
        if kind in ("\n", "\r"):
            return ""  # a line continuation
        return _ESCAPES.get(kind, kind)

    def value(self, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise _Unreadable("nested too deeply")
        char = self.peek()
        if not char:
            raise _Unreadable("the script ends before the value")
        if char == "{":
            result: Any = self._object(depth)
        elif char == "[":
            result = self._array(depth)
        elif char in "\"'`":
            result = self.string()
        elif char and (char.isdigit() or char in "-."):
            match = _NUMBER.match(self.text, self.pos)
            if not match:
                return self._skip()
            self.pos = match.end()
            result = _number(match.group())
        else:
            name = self.word()
            if name is None:
                return self._skip()
            if name == "void":
                self.value(depth + 1)
                result = None
            elif name in _CONSTANTS:
                result = _CONSTANTS[name]
            else:
                result = self.names.get(name)
        if self.peek() not in ",}]);":
            return self._skip()  # `a.b`, `"x"+y`, `f(...)`: an expression, not a literal
        return result

    def _object(self, depth: int) -> dict[str, Any]:
        self.expect("{")
        out: dict[str, Any] = {}
        while self.peek() != "}":
            char = self.peek()
            if not char:
                raise _Unreadable("unterminated object")
            if char in "\"'":
                key = self.string()
            elif char.isdigit():
                match = _NUMBER.match(self.text, self.pos)
                key = match.group() if match else ""
                self.pos += len(key)
            else:
                key = self.word() or ""
            if not key:
                raise _Unreadable(f"expected a key at {self.pos}")
            if self.peek() == ":":
                self.pos += 1
                out[key] = self.value(depth + 1)
            else:
                out[key] = self.names.get(key)  # shorthand `{a}`
            self._item_end("}")
        self.pos += 1
        return out

    def _array(self, depth: int) -> list[Any]:
        self.expect("[")
        out: list[Any] = []
        while self.peek() != "]":
            if self.peek() == ",":  # a hole: `[a,,b]`
                self.pos += 1
                out.append(None)
                continue
            out.append(self.value(depth + 1))
            self._item_end("]")
        self.pos += 1
        return out

    def _item_end(self, closer: str) -> None:
        """Step over the `,` after an item; anything but a comma or the closer is unreadable."""
        if self.peek() == ",":
            self.pos += 1
        elif self.peek() != closer:
            raise _Unreadable(f"expected ',' or '{closer}' at {self.pos}")

    def _skip(self) -> None:
        """Step over one expression this module does not read, up to the next `,` `}` `]`
        `)` or `;` outside brackets and strings; it reads as None."""
        stack: list[str] = []
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in "\"'`":
                self.string()
                continue
            if char in _CLOSERS:
                stack.append(_CLOSERS[char])
            elif stack and char == stack[-1]:
                stack.pop()
            elif not stack and char in ",}]);":
                return None
            elif char in ")]}":
                raise _Unreadable(f"unbalanced {char!r} at {self.pos}")
            self.pos += 1
        return None

    def skip_block(self) -> None:
        """Step over a `{...}` block (a function body), strings and nested blocks included."""
        self.expect("{")
        depth = 1
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in "\"'`":
                self.string()
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    self.pos += 1
                    return
            self.pos += 1
        raise _Unreadable("unterminated function body")


def _code_point(digits: str) -> str:
    try:
        return chr(int(digits, 16))
    except (ValueError, OverflowError) as error:
        raise _Unreadable(f"bad escape {digits!r}") from error


def _number(literal: str) -> int | float:
    try:
        if "x" in literal.lower():
            return int(literal, 16)
        if literal.lstrip("-").isdigit():
            return int(literal)
        return float(literal)
    except ValueError as error:
        raise _Unreadable(f"bad number {literal!r}") from error


def _return_at(text: str, start: int, end: int) -> int | None:
    """Where the function body's top-level `return` value starts (between `start` and `end`)."""
    reader = _Reader(text, start)
    depth = 0
    while reader.pos < end:
        char = text[reader.pos]
        if char in "\"'`":
            reader.string()
            continue
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif depth == 0 and text.startswith("return", reader.pos):
            before = text[reader.pos - 1] if reader.pos else " "
            after = text[reader.pos + 6 : reader.pos + 7]
            if not (before.isalnum() or before in "_$") and not (after.isalnum() or after in "_$"):
                return reader.pos + 6
        reader.pos += 1
    return None


def _invoked_function(reader: _Reader) -> Any:
    """The value an immediately invoked `(function(a,b){...return X}(1,2))` returns."""
    reader.expect("(")
    if reader.word() != "function":
        raise _Unreadable("not a function")
    reader.word()  # an optional function name
    reader.expect("(")
    params: list[str] = []
    while reader.peek() != ")":
        name = reader.word()
        if name is None:
            raise _Unreadable("a parameter that is not a plain name")
        params.append(name)
        if reader.peek() == ",":
            reader.pos += 1
    reader.pos += 1
    body_start = reader.pos
    reader.skip_block()
    body_end = reader.pos
    if reader.peek() == ")":  # `(function(){...})(args)` rather than `(function(){...}(args))`
        reader.pos += 1
    reader.expect("(")
    args: list[Any] = []
    while reader.peek() != ")":
        args.append(reader.value())
        if reader.peek() == ",":
            reader.pos += 1
    returned = _return_at(reader.text, body_start + 1, body_end - 1)
    if returned is None:
        return None
    names = dict(zip(params, args + [None] * (len(params) - len(args)), strict=True))
    return _Reader(reader.text, returned, names).value()


def parse_literal(text: str, start: int = 0) -> Any:
    """The JavaScript literal (or invoked function returning one) at `start`, as Python
    data; None when it is not that subset."""
    if len(text) - start > MAX_SCRIPT_CHARS:
        return None
    reader = _Reader(text, start)
    try:
        if reader.peek() == "(":
            return _invoked_function(reader)
        return reader.value()
    except (_Unreadable, IndexError, RecursionError):
        return None


def assigned_value(script: str, global_name: str) -> Any:
    """What `script` assigns to `window.<global_name>` (or `window["<global_name>"]`)."""
    pattern = re.compile(
        rf"window\s*(?:\.\s*{re.escape(global_name)}|\[\s*[\"']{re.escape(global_name)}[\"']\s*\])"
        r"\s*=(?!=)"
    )
    match = pattern.search(script)
    return parse_literal(script, match.end()) if match else None
