"""Named versions of a draft (saved by hand, on every publish, before a restore), and the difference between two.

The difference is a line diff of the pretty-printed JSON, as plain (kind, text) pairs: the template escapes the
text, so a payload can never inject markup into the page.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any, Literal

from databases import Database

from app.builder.storage.library import Item
from app.core import db

NAME_MAX = 100
CONTEXT_LINES = 3
Reason = Literal["saved", "published", "updated", "restored", "imported"]
REASONS: dict[str, str] = {
    "saved": "Saved by hand",
    "published": "Published",
    "updated": "Published message updated",
    "restored": "Kept before a restore",
    "imported": "Kept before an import",
}
DiffLine = tuple[Literal["same", "add", "del", "gap"], str]


@dataclass(frozen=True)
class Version:
    id: int
    name: str
    reason: str
    payload: Any
    channel_id: str | None
    discord_message_id: str | None
    created_at: int
    author: str


def pretty(payload: Any) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=False)


async def save(
    database: Database,
    item: Item,
    name: str,
    reason: Reason,
    user_id: int | None,
    *,
    payload: Any = None,
    channel_id: str | None = None,
    message_id: str | None = None,
) -> int:
    version_id = await database.fetch_val(
        "INSERT INTO builder_versions (item_id, name, reason, payload, channel_id, discord_message_id, user_id, "
        "created_at) VALUES (:i, :n, :r, :p, :c, :m, :u, :t) RETURNING id",
        {
            "i": item.id,
            "n": name or default_name(reason),
            "r": reason,
            "p": json.dumps(item.payload if payload is None else payload),
            "c": channel_id,
            "m": message_id,
            "u": user_id,
            "t": db.now(),
        },
    )
    return int(version_id)


def default_name(reason: str) -> str:
    return REASONS.get(reason, "Version")


def _version(found: dict[str, Any]) -> Version:
    return Version(**{**found, "payload": json.loads(found["payload"])})


_SELECT = (
    "SELECT v.id, v.name, v.reason, v.payload, v.channel_id, v.discord_message_id, v.created_at, "
    "COALESCE(u.display_name, u.username, '') AS author FROM builder_versions v LEFT JOIN users u ON u.id = v.user_id "
)


async def listing(database: Database, item: Item) -> list[Version]:
    found = await database.fetch_all(_SELECT + "WHERE v.item_id = :i ORDER BY v.id DESC", {"i": item.id})
    return [_version(row) for row in db.rows(found)]


async def get(database: Database, item: Item, version_id: int) -> Version | None:
    found = db.row(
        await database.fetch_one(_SELECT + "WHERE v.item_id = :i AND v.id = :v", {"i": item.id, "v": version_id})
    )
    return None if found is None else _version(found)


def diff(before: Any, after: Any) -> list[DiffLine]:
    """The lines that differ, with a little context; [] when the two are the same."""
    old, new = pretty(before).splitlines(), pretty(after).splitlines()
    lines: list[DiffLine] = []
    for group in difflib.SequenceMatcher(None, old, new, autojunk=False).get_grouped_opcodes(CONTEXT_LINES):
        if lines:
            lines.append(("gap", ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(("same", line) for line in old[i1:i2])
                continue
            lines.extend(("del", line) for line in old[i1:i2])
            lines.extend(("add", line) for line in new[j1:j2])
    return lines
