"""JSON in and out of the editor: the API-ready payload to copy or download, and an import by paste or upload.

What is refused, leaving the draft untouched: text that is not JSON, JSON that is not an object, and a form
imported into a message (or the other way round). What is imported, as an undoable draft with its problems
listed by path: any JSON object, however invalid its components: fixing it is the editor's job, and refusing
it would lose what was pasted. An interaction response (`{"type": 4 | 7 | 9, "data": {...}}`) is unwrapped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from app.components.problems import Problem
from app.components.starters import Kind
from app.components.validate import validate_payload

MAX_IMPORT_BYTES = 512 * 1024


@dataclass(frozen=True)
class Imported:
    payload: dict[str, Any] | None
    refusal: str = ""
    problems: tuple[Problem, ...] = ()


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
        return Imported(None, f"That is not valid JSON: {_reason(bad)}")
    return _accept(_unwrap(found), kind)


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


def _accept(found: Any, kind: Kind) -> Imported:
    if not isinstance(found, dict):
        shape = "a list" if isinstance(found, list) else "a single value"
        return Imported(None, f"A payload is a JSON object ({{ … }}); this is {shape}.")
    is_form = "title" in found
    if kind == "message" and is_form:
        return Imported(None, "That is a form (it has a title). Import it into a form instead.")
    if kind == "form" and not is_form:
        return Imported(None, "That is a message, not a form: a form has a title. Import it into a message instead.")
    return Imported(found, "", tuple(validate_payload(found)))
