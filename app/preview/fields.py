"""Reading fields of a payload that may be anything: each reader returns a safe default for a wrong type."""

from __future__ import annotations

from typing import Any

Node = dict[Any, Any]

ELLIPSIS = "…"


def as_node(value: object) -> Node | None:
    return value if isinstance(value, dict) else None


def text(node: Node, key: str, limit: int) -> str:
    """The string at `key`, clipped to `limit` characters; "" when it is missing or not a string."""
    value = node.get(key)
    return clip(value, limit) if isinstance(value, str) else ""


def whole(node: Node, key: str) -> int | None:
    """A JSON integer (not a boolean, not a float)."""
    value = node.get(key)
    return value if type(value) is int else None


def is_true(node: Node, key: str) -> bool:
    return node.get(key) is True


def items(node: Node, key: str) -> list[Any]:
    value = node.get(key)
    return value if isinstance(value, list) else []


def clip(value: str, limit: int) -> str:
    # Too-long strings are the validator's business; the preview just keeps its layout sane.
    return value if len(value) <= limit else value[: limit - 1] + ELLIPSIS


def path_to(path: str, key: str, index: int | None = None) -> str:
    """The validator's path form: `components[0].accessory`, `components[1].items[2]`."""
    joined = f"{path}.{key}" if path else key
    return joined if index is None else f"{joined}[{index}]"
