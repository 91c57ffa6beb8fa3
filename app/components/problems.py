"""One finding about a payload, and the small helpers that word findings the same way everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.components.limits import Tag

Severity = Literal["error", "warning"]

# Where a finding sits, kept as a chain of (parent, key or index) links and spelled out only when a finding
# is reported: the walk passes a path to every node, and nearly all nodes report nothing.
Path = str | tuple["Path", str | int]

DASHBOARD_NOTE = " This is a dashboard rule, not a documented Discord limit."


@dataclass(frozen=True)
class Problem:
    path: str
    rule: str
    severity: Severity
    tag: Tag
    message: str


def problem(path: str, rule: str, tag: Tag, message: str) -> Problem:
    """The severity follows from the tag; `inf` rules say they are ours."""
    if tag == "inf":
        message += DASHBOARD_NOTE
    return Problem(path, rule, "warning" if tag == "warn" else "error", tag, message)


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def spell(path: Path) -> str:
    """The path as findings show it: `components[0].components[2].label`, "" for the root."""
    pieces: list[str | int] = []
    while isinstance(path, tuple):
        path, piece = path
        pieces.append(piece)
    out = path
    for piece in reversed(pieces):
        out = f"{out}[{piece}]" if isinstance(piece, int) else join(out, piece)
    return out


def kind_of(value: object) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        return f"the number {show_int(value)}"
    if type(value) is float:
        return "a decimal number"
    return _KINDS.get(type(value), "a value of another kind")


_KINDS: dict[type, str] = {str: "a string", list: "a list", dict: "an object"}


def show_int(value: int) -> str:
    # str() of a huge int is slow and, past 4300 digits, raises.
    return str(value) if -(10**15) < value < 10**15 else "a very large number"


def quote(text: str, limit: int = 40) -> str:
    return '"' + (text if len(text) <= limit else text[: limit - 1] + "…") + '"'


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
