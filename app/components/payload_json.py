"""JSON in and out of the editor: the API-ready payload to copy or download, and an import by paste or upload.

What is refused, leaving the draft untouched: text that is not JSON, JSON that is not an object, and a form
imported into a message (or the other way round). What is imported, as an undoable draft with its problems
listed by path: any JSON object, however invalid its components: fixing it is the editor's job, and refusing
it would lose what was pasted. An interaction response (`{"type": 4 | 7 | 9, "data": {...}}`) is unwrapped.

Findings are placed in the text as typed: `Spot` is a line and column, `spots` finds the one of each
validator path (`components[0].label`) in the JSON it was read from.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from app.components.problems import Problem
from app.components.starters import Kind
from app.components.validate import validate_payload

MAX_IMPORT_BYTES = 512 * 1024


@dataclass(frozen=True)
class Spot:
    """A place in the text, both counted from 1 as editors show them."""

    line: int
    column: int


@dataclass(frozen=True)
class Imported:
    payload: dict[str, Any] | None
    refusal: str = ""
    problems: tuple[Problem, ...] = ()
    spot: Spot | None = None  # where a JSON syntax error is
    root: str = ""  # "data" when the payload was unwrapped from an interaction response


def export_text(payload: Any) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False)


def file_name(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()[:60]
    return f"{stem or 'payload'}.json"


def decode(data: bytes) -> str | None:
    """Uploaded bytes as text (UTF-8, a byte-order mark allowed), or None."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def parse(text: str, kind: Kind) -> Imported:
    if not text.strip():
        return Imported(None, "Paste JSON or choose a file to import.")
    if len(text.encode()) > MAX_IMPORT_BYTES:
        return Imported(None, f"That is more than {MAX_IMPORT_BYTES // 1024} KB; a Discord payload is far smaller.")
    try:
        found = loads(text)
    except RecursionError:
        return Imported(None, "That JSON is nested too deeply to be a Discord payload.")
    except ValueError as bad:
        spot = Spot(bad.lineno, bad.colno) if isinstance(bad, json.JSONDecodeError) else None
        return Imported(None, f"That is not valid JSON: {_reason(bad)}", spot=spot)
    payload = _unwrap(found)
    return _accept(payload, kind, "" if payload is found else "data")


def loads(text: str) -> Any:
    """Strict JSON: NaN, Infinity, numbers too large for a float and text with lone surrogates ("\\ud800") are
    refused (ValueError), as Discord would, and because they could not be written back out as UTF-8 JSON."""
    found = json.loads(text, parse_constant=_not_a_number, parse_float=_finite)
    try:
        json.dumps(found, ensure_ascii=False).encode()
    except UnicodeEncodeError as bad:
        raise ValueError("it holds text that is not valid Unicode (a lone surrogate)") from bad
    return found


def _not_a_number(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text[:20]} is too large a number")
    return value


def _reason(bad: ValueError) -> str:
    if isinstance(bad, json.JSONDecodeError):
        return f"{bad.msg} at line {bad.lineno}, column {bad.colno}."
    return f"{str(bad)[:120]}."


def _unwrap(found: Any) -> Any:
    if isinstance(found, dict) and set(found) <= {"type", "data"} and isinstance(found.get("data"), dict):
        return found["data"]
    return found


def _accept(found: Any, kind: Kind, root: str) -> Imported:
    if not isinstance(found, dict):
        shape = "a list" if isinstance(found, list) else "a single value"
        return Imported(None, f"A payload is a JSON object ({{ … }}); this is {shape}.")
    is_form = "title" in found
    if kind == "message" and is_form:
        return Imported(None, "That is a form (it has a title). Import it into a form instead.")
    if kind == "form" and not is_form:
        return Imported(None, "That is a message, not a form: a form has a title. Import it into a message instead.")
    return Imported(found, "", tuple(validate_payload(found)), root=root)


def placed(text: str, imported: Imported) -> list[tuple[Problem, Spot]]:
    """The problems of what `text` imported, each with where its path starts in the text."""
    if not imported.problems:
        return []
    prefix = f"{imported.root}." if imported.root else ""
    found = spots(text, {(prefix + p.path).rstrip(".") for p in imported.problems})
    return [(p, found[(prefix + p.path).rstrip(".")]) for p in imported.problems]


# One JSON token: a string, a punctuation mark, or a bare literal (number, true, false, null).
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


def spots(text: str, paths: set[str]) -> dict[str, Spot]:
    """Where each of `paths` starts in `text`, which must be valid JSON; a path the text does not hold (a missing
    field) is placed at the nearest thing that holds it, the payload itself at worst."""
    offsets = _offsets(text)
    lines = [0, *(match.end() for match in re.finditer("\n", text))]
    found: dict[str, Spot] = {}
    for path in paths:
        near = path
        while near not in offsets and near:
            near = _parent(near)
        offset = offsets.get(near, 0)
        line = bisect_right(lines, offset)
        found[path] = Spot(line, offset - lines[line - 1] + 1)
    return found


@dataclass
class _Open:
    """An object or list being read: its path, the index of its next item (None for an object), its last key."""

    path: str
    index: int | None
    key: str = ""

    def child(self) -> str:
        if self.index is None:
            return f"{self.path}.{self.key}" if self.path else self.key
        self.index += 1
        return f"{self.path}[{self.index - 1}]"


def _offsets(text: str) -> dict[str, int]:
    """The offset of every value in `text`, by its validator path; one pass, no recursion."""
    offsets: dict[str, int] = {}
    stack: list[_Open] = []
    expect_key = False
    for match in _TOKEN.finditer(text):
        mark = match.group()
        if mark in ",:":
            expect_key = mark == "," and bool(stack) and stack[-1].index is None
        elif mark in "}]":
            stack.pop()
        elif expect_key:
            stack[-1].key, expect_key = str(json.loads(mark)), False
        else:
            path = stack[-1].child() if stack else ""
            offsets.setdefault(path, match.start())
            if mark in "{[":
                stack.append(_Open(path, None if mark == "{" else 0))
                expect_key = mark == "{"
    return offsets


def _parent(path: str) -> str:
    cut = max(path.rfind("."), path.rfind("["))
    return path[: max(cut, 0)]
