"""The numbers the editor shows next to the payload: components used of 40, Text Display characters
used of 4000, and each string field's length against its limit.

Counting follows the validator (and discord.py): every component node counts once, wherever it sits;
Media Gallery items are not components and do not count.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from app.components.field_tables import MAX_LENGTH
from app.components.limits import (
    ACTION_ROW,
    CONTAINER,
    FAMILY,
    LABEL,
    MAX_COMPONENTS,
    MAX_DEPTH,
    MAX_TEXT,
    MAX_WALK,
    SECTION,
    TEXT_DISPLAY,
)
from app.components.paths import Part, PathError, format_path, get_at, parse_path
from app.components.placement import type_of

# Which nested objects a path can end in, named by the list or field that holds them.
_HELD_IN: dict[str, str] = {"options": "option", "items": "media_gallery_item", "media": "media", "file": "media"}


@dataclass(frozen=True)
class Usage:
    components: int
    component_limit: int
    text: int
    text_limit: int


def usage(payload: object) -> Usage:
    return usage_of([node for _, node in iter_components(payload)])


def usage_of(components: Collection[object]) -> Usage:
    """The usage of a payload whose every component is in `components`."""
    return Usage(len(components), MAX_COMPONENTS, _text_of(components), MAX_TEXT)


def component_count(payload: object) -> int:
    return sum(1 for _ in iter_components(payload))


def text_length(payload: object) -> int:
    return _text_of(node for _, node in iter_components(payload))


def _text_of(components: Iterable[object]) -> int:
    total = 0
    for node in components:
        if type(node) is dict and node.get("type") == TEXT_DISPLAY and type(node.get("content")) is str:
            total += len(str(node["content"]))
    return total


def iter_components(payload: object) -> Iterator[tuple[str, object]]:
    """Every component node of a payload with its path, in document order."""
    if type(payload) is not dict:
        return
    stack = [(path, node, 0) for path, node in reversed(list(_list(payload, "")))]
    while stack:
        path, node, depth = stack.pop()
        yield path, node
        if depth < MAX_DEPTH and type(node) is dict:
            stack.extend((p, n, depth + 1) for p, n in reversed(list(_children(node, path))))


def _children(node: dict[str, object], path: str) -> Iterator[tuple[str, object]]:
    type_id = type_of(node)
    if type_id in (ACTION_ROW, SECTION, CONTAINER):
        yield from _list(node, path)
    if type_id == SECTION and node.get("accessory") is not None:
        yield f"{path}.accessory", node["accessory"]
    if type_id == LABEL and node.get("component") is not None:
        yield f"{path}.component", node["component"]


def _list(node: dict[str, object], path: str) -> Iterator[tuple[str, object]]:
    kids = node.get("components")
    if type(kids) is list:
        base = f"{path}.components" if path else "components"
        for index, kid in enumerate(kids[:MAX_WALK]):
            yield f"{base}[{index}]", kid


def field_length(payload: object, path: str) -> tuple[int, int] | None:
    """(length, limit) of the string field at `path`, or None when that field has no length limit.
    A field not set yet has length 0."""
    try:
        parts = parse_path(path)
        owner = get_at(payload, format_path(parts[:-1])) if parts else None
    except PathError:
        return None
    if not parts or type(owner) is not dict or not isinstance(parts[-1], str):
        return None
    key = parts[-1]
    limit = MAX_LENGTH.get((_family(payload, owner, parts[:-1], key), key))
    if limit is None:
        return None
    value = owner.get(key)
    return (len(value) if type(value) is str else 0), limit[0]


def _family(payload: object, owner: dict[str, object], where: list[Part], key: str) -> str:
    if not where:
        return "modal" if type(payload) is dict and "title" in payload else "message"
    type_id = type_of(owner)
    if type_id in FAMILY:
        return FAMILY[type_id]
    holder = where[-2] if isinstance(where[-1], int) and len(where) > 1 else where[-1]
    return _HELD_IN.get(str(holder), "")
