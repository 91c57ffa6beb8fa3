"""Form answers: what a submission holds, keeping them, reading them back, marking them handled."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from databases import Database

from app.core import db

MAX_ANSWER_CHARS = 4000


def submitted_values(components: Any) -> dict[str, str]:
    """Every answered field of a MODAL_SUBMIT, by custom_id (lists joined with commas, booleans as yes/no)."""
    return {key: value for key, value in _walk(components)}


def _walk(node: Any, depth: int = 0) -> Iterator[tuple[str, str]]:
    if depth > 6:
        return
    if isinstance(node, list):
        for child in node[:50]:
            yield from _walk(child, depth + 1)
        return
    if not isinstance(node, dict):
        return
    if isinstance(node.get("custom_id"), str) and ("value" in node or "values" in node):
        yield node["custom_id"][:100], _text(node.get("values", node.get("value")))
    for key in ("components", "component"):
        yield from _walk(node.get(key), depth + 1)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)[:MAX_ANSWER_CHARS]
    return "" if value is None else str(value)[:MAX_ANSWER_CHARS]


def questions(form: dict[str, Any]) -> dict[str, str]:
    """custom_id -> the question as the form shows it (a Label's text, or a legacy Text Input's label)."""
    found: dict[str, str] = {}
    for node in form.get("components", []) if isinstance(form.get("components"), list) else []:
        if not isinstance(node, dict):
            continue
        inner = node.get("component") if node.get("type") == 18 else (node.get("components") or [None])[0]
        if isinstance(inner, dict) and isinstance(inner.get("custom_id"), str):
            found[inner["custom_id"]] = str(node.get("label") or inner.get("label") or inner["custom_id"])
    return found


async def keep(
    database: Database, *, form_id: int, guild_id: str, user: dict[str, Any], answers: dict[str, str]
) -> None:
    await database.execute(
        "INSERT INTO form_responses (form_id, guild_id, discord_id, username, answers, submitted_at) "
        "VALUES (:f, :g, :d, :u, :a, :t)",
        {
            "f": form_id,
            "g": guild_id,
            "d": str(user.get("id", "")),
            "u": str(user.get("username", ""))[:100],
            "a": json.dumps(answers),
            "t": db.now(),
        },
    )


async def listing(database: Database, form_id: int, guild_id: str) -> list[dict[str, Any]]:
    """A form's responses, newest first."""
    found = db.rows(
        await database.fetch_all(
            "SELECT r.*, u.username AS handled_by_name FROM form_responses r "
            "LEFT JOIN users u ON u.id = r.handled_by "
            "WHERE r.form_id = :f AND r.guild_id = :g ORDER BY r.submitted_at DESC, r.id DESC",
            {"f": form_id, "g": guild_id},
        )
    )
    for row in found:
        row["answers"] = json.loads(row["answers"])
    return found


async def mark_handled(database: Database, *, response_id: int, form_id: int, user_id: int, handled: bool) -> bool:
    changed = await database.fetch_val(
        "UPDATE form_responses SET handled_at = :t, handled_by = :u WHERE id = :r AND form_id = :f RETURNING id",
        {"t": db.now() if handled else None, "u": user_id if handled else None, "r": response_id, "f": form_id},
    )
    return changed is not None
