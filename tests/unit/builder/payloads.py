"""Small builders for valid payloads, so each test states only what it changes."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from app.components.validate import Problem, errors, validate_payload

DATA = Path(__file__).parent / "data"
V2 = 1 << 15
IMAGE = "https://cdn.discordapp.com/embed/avatars/0.png"

Json = dict[str, Any]

_ids = itertools.count(1)


def fresh(prefix: str = "c") -> str:
    return f"{prefix}{next(_ids)}"


def message(*components: Json, flags: int | None = V2, **fields: Any) -> Json:
    payload: Json = {"components": list(components), **fields}
    if flags is not None:
        payload["flags"] = flags
    return payload


def modal(*components: Json, **fields: Any) -> Json:
    return {"custom_id": fresh("modal"), "title": "A modal", "components": list(components), **fields}


def row(*children: Json) -> Json:
    return {"type": 1, "components": list(children)}


def button(**fields: Any) -> Json:
    return {"type": 2, "style": 1, "label": "Go", "custom_id": fresh("button"), **fields}


def link(**fields: Any) -> Json:
    return {"type": 2, "style": 5, "label": "Open", "url": "https://example.com", **fields}


def options(count: int) -> list[Json]:
    return [{"label": f"Option {i}", "value": f"v{i}"} for i in range(count)]


def string_select(count: int = 3, **fields: Any) -> Json:
    return {"type": 3, "custom_id": fresh("select"), "options": options(count), **fields}


def auto_select(type_id: int = 5, **fields: Any) -> Json:
    return {"type": type_id, "custom_id": fresh("select"), **fields}


def text(content: str = "Hello", **fields: Any) -> Json:
    return {"type": 10, "content": content, **fields}


def thumbnail(**fields: Any) -> Json:
    return {"type": 11, "media": {"url": IMAGE}, **fields}


def section(*texts: Json, accessory: Json | None = None) -> Json:
    return {"type": 9, "components": list(texts) or [text()], "accessory": accessory or thumbnail()}


def gallery(count: int = 1) -> Json:
    return {"type": 12, "items": [{"media": {"url": IMAGE}} for _ in range(count)]}


def file(url: str = "attachment://notes.txt") -> Json:
    return {"type": 13, "file": {"url": url}}


def separator(**fields: Any) -> Json:
    return {"type": 14, **fields}


def container(*children: Json, **fields: Any) -> Json:
    return {"type": 17, "components": list(children), **fields}


def label(component: Json, **fields: Any) -> Json:
    return {"type": 18, "label": "Question", "component": component, **fields}


def text_input(**fields: Any) -> Json:
    return {"type": 4, "custom_id": fresh("input"), "style": 1, **fields}


def file_upload(**fields: Any) -> Json:
    return {"type": 19, "custom_id": fresh("upload"), **fields}


def radio_group(count: int = 2, **fields: Any) -> Json:
    return {"type": 21, "custom_id": fresh("radio"), "options": options(count), **fields}


def checkbox_group(count: int = 2, **fields: Any) -> Json:
    return {"type": 22, "custom_id": fresh("checks"), "options": options(count), **fields}


def checkbox(**fields: Any) -> Json:
    return {"type": 23, "custom_id": fresh("check"), **fields}


def load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def error_at(problems: list[Problem], path: str, rule: str | None = None) -> bool:
    return any(p.path == path and (rule is None or p.rule == rule) for p in errors(problems))


def assert_valid(payload: object) -> None:
    found = errors(validate_payload(payload))
    assert found == [], found
