"""Discord's own verdict on a payload, mapped onto the validator's paths.

Discord answers an invalid body with HTTP 400 and code 50035; its `errors` tree mirrors the payload, with
list indexes as string keys and `_errors` lists at the leaves:
`{"components": {"0": {"label": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "..."}]}}}}`
becomes a problem at `components[0].label`.
"""

from __future__ import annotations

import re

from app.components.limits import MAX_DEPTH
from app.components.problems import Problem, join, problem

# Payload trees are shallow, but Discord nests a few levels of its own (embeds, polls); stop well past that.
_MAX_TREE_DEPTH = 4 * MAX_DEPTH
_CODE = re.compile(r"[A-Z0-9_]{1,64}")


def problems_from_discord(errors: object) -> list[Problem]:
    """The problems in a 50035 `errors` tree (the whole response body is accepted too)."""
    tree = _unwrap(errors)
    found: list[Problem] = []
    stack: list[tuple[object, str, int]] = [(tree, "", 0)]
    while stack:
        node, path, depth = stack.pop()
        if type(node) is not dict:
            continue
        if "_errors" in node:
            found.extend(_leaf(path, node["_errors"]))
        if depth < _MAX_TREE_DEPTH:
            kids = [(value, _step(path, key), depth + 1) for key, value in node.items() if key != "_errors"]
            stack.extend(reversed(kids))
    if not found and tree:
        found.append(
            problem(
                "",
                "discord.invalid_form_body",
                "doc",
                "Discord rejected the payload without saying which field was wrong.",
            )
        )
    return found


def _unwrap(errors: object) -> object:
    if type(errors) is dict and "errors" in errors and "code" in errors:
        return errors["errors"]
    return errors


def _step(path: str, key: object) -> str:
    name = str(key)
    if name.isascii() and name.isdigit() and len(name) <= 9:
        return f"{path}[{int(name)}]"
    return join(path, name)


def _leaf(path: str, entries: object) -> list[Problem]:
    listed: list[object] = entries if type(entries) is list and entries else [{}]
    return [_one(path, entry) for entry in listed[:20]]


def _one(path: str, entry: object) -> Problem:
    fields = entry if type(entry) is dict else {}
    code = fields.get("code")
    text = fields.get("message")
    code = code if type(code) is str and _CODE.fullmatch(code) else ""
    text = text[:300] if type(text) is str and text.strip() else "this value is not accepted"
    rule = f"discord.{code.lower()}" if code else "discord.error"
    suffix = f" ({code})" if code else ""
    return problem(path, rule, "doc", f"Discord rejected this: {text}{suffix}")
