"""Addressing a node of a payload by the same path the validator reports: `components[0].accessory.label`.

The functions work on plain dict/list data and change it in place. A path that does not lead anywhere
raises `PathError` (a LookupError), so a stale path from the browser cannot silently edit the wrong node.
"""

from __future__ import annotations

import re

Part = str | int

_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d{1,6}\])*)")
_INDEX = re.compile(r"\[(\d+)\]")


class PathError(LookupError):
    """The path is malformed or does not lead to a node of this payload."""


def parse_path(path: str) -> list[Part]:
    parts: list[Part] = []
    if not path:
        return parts
    for segment in path.split("."):
        match = _SEGMENT.fullmatch(segment)
        if match is None:
            raise PathError(f"malformed path segment {segment[:40]!r}")
        parts.append(match.group(1))
        parts.extend(int(index) for index in _INDEX.findall(match.group(2)))
    return parts


def format_path(parts: list[Part]) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out = f"{out}.{part}" if out else part
    return out


def get_at(data: object, path: str) -> object:
    node = data
    for part in parse_path(path):
        node = _step(node, part)
    return node


def set_at(data: object, path: str, value: object) -> None:
    parent, last = _parent(data, path)
    if isinstance(parent, dict) and isinstance(last, str):
        parent[last] = value
        return
    if not (isinstance(parent, list) and isinstance(last, int) and last < len(parent)):
        raise PathError(f"{path!r}: nothing to set there")
    parent[last] = value


def insert_at(data: object, path: str, value: object) -> None:
    """Insert into a list before the index the path ends with; the list's length appends."""
    parent, last = _parent(data, path)
    if not isinstance(parent, list) or not isinstance(last, int) or last > len(parent):
        raise PathError(f"{path!r}: not a position in a list")
    parent.insert(last, value)


def remove_at(data: object, path: str) -> object:
    """Remove the node at `path` (a list item or an object field) and return it."""
    parent, last = _parent(data, path)
    if isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        return parent.pop(last)
    if isinstance(parent, dict) and last in parent:
        return parent.pop(last)
    raise PathError(f"{path!r}: nothing to remove there")


def _parent(data: object, path: str) -> tuple[object, Part]:
    parts = parse_path(path)
    if not parts:
        raise PathError("the root cannot be replaced or removed")
    node = data
    for part in parts[:-1]:
        node = _step(node, part)
    return node, parts[-1]


def _step(node: object, part: Part) -> object:
    if isinstance(part, int):
        return _index(node, part)
    if isinstance(node, dict) and part in node:
        return node[part]
    raise PathError(f"no field {part!r} here")


def _index(node: object, index: int) -> object:
    if isinstance(node, list) and index < len(node):
        return node[index]
    raise PathError(f"no item [{index}] here")
