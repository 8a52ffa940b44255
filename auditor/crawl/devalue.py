"""Read the payload Nuxt 3 writes into `<script id="__NUXT_DATA__">` (the devalue format).

devalue flattens a value into one JSON array: index 0 is the root, and inside objects and
arrays every value is the index of another entry ({"name": 33} means entries[33]). Typed
entries are arrays that start with a type name: `["Reactive", 5]`, `["ShallowRef", 5]`,
`["Date", "2024-01-01T…"]`, `["Set", 4, 7]`, `["Map", key, value, …]`; negative indices are
constants (undefined, NaN, infinities). A page rendered in the browser has its team nowhere
else.

An object or array referenced twice is rebuilt only where it is first seen (later
references read as None): sharing is how devalue keeps a payload small, and a payload that
nests shared entries would otherwise unfold to an exponential size. Strings and numbers are
shared freely.
"""

from __future__ import annotations

from typing import Any

__all__ = ["unflatten"]

# Nesting followed; deeper entries are not page data (and keep the recursion bounded).
MAX_DEPTH = 60
# Type names whose entry wraps one value (Vue's reactivity wrappers, Nuxt's refs).
_WRAPPERS = frozenset(
    {"Reactive", "ShallowReactive", "Ref", "ShallowRef", "Readonly", "EmptyRef", "EmptyShallowRef"}
)


def unflatten(entries: Any) -> Any:
    """The value a devalue payload describes (None when it is not one)."""
    if not isinstance(entries, list) or not entries:
        return None
    built: set[int] = set()

    def build(index: Any, depth: int) -> Any:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(entries):
            return None  # a constant (undefined, NaN...) or not an index at all
        entry = entries[index]
        if not isinstance(entry, (list, dict)):
            return entry
        if index in built or depth > MAX_DEPTH:
            return None
        built.add(index)
        if isinstance(entry, dict):
            return {str(key): build(value, depth + 1) for key, value in entry.items()}
        if entry and isinstance(entry[0], str):
            return _typed(entry, lambda i: build(i, depth + 1))
        return [build(item, depth + 1) for item in entry]

    return build(0, 0)


def _typed(entry: list[Any], build) -> Any:
    """A typed entry: a wrapper's value, a Set's items, a Map's pairs, a Date's text."""
    kind, args = entry[0], entry[1:]
    if kind in _WRAPPERS:
        return build(args[0]) if args else None
    if kind == "Set":
        return [build(item) for item in args]
    if kind in ("Map", "null"):  # "null": an object without a prototype, as key/value pairs
        pairs = zip(args[0::2], args[1::2], strict=False)  # a dangling key is dropped
        return {str(build(k) if kind == "Map" else k): build(v) for k, v in pairs}
    if kind in ("Date", "URL", "RegExp", "BigInt") and args and isinstance(args[0], str):
        return args[0]
    return None
