"""A guild's library of messages and forms: create, find, rename, duplicate, and the bin.

Every query names the guild as well as the id, so an id from another guild finds nothing. Deleting moves an
entry to the bin (`deleted_at`); the bin keeps it for 30 days, then it is purged with its history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from databases import Database

from app.components.starters import FORM_PREFIX, Kind, form_custom_id
from app.core import db

BIN_DAYS = 30
NAME_MAX = 100
KINDS: tuple[Kind, ...] = ("message", "form")
_CHILD_TABLES = ("builder_snapshots", "builder_undo", "builder_versions")
_COLUMNS = (
    "i.id, i.guild_id, i.kind, i.name, i.payload, i.revision, i.ack_text, i.channel_id, i.discord_message_id, "
    "i.published_at, i.updated_at, i.deleted_at, COALESCE(u.display_name, u.username, '') AS updated_by_name"
)


@dataclass(frozen=True)
class Item:
    id: int
    guild_id: str
    kind: Kind
    name: str
    payload: Any
    revision: int
    ack_text: str
    channel_id: str | None
    discord_message_id: str | None
    published_at: int | None
    updated_at: int
    deleted_at: int | None
    updated_by_name: str

    @property
    def is_form(self) -> bool:
        return self.kind == "form"


def _item(found: dict[str, Any]) -> Item:
    return Item(**{**found, "payload": json.loads(found["payload"]), "kind": found["kind"]})


def name_problem(name: str) -> str:
    if not name.strip():
        return "Give it a name."
    if len(name) > NAME_MAX:
        return f"Use at most {NAME_MAX} characters; this name has {len(name)}."
    return ""


async def create(
    database: Database, guild_id: str, kind: Kind, name: str, payload: Any, user_id: int | None, ack_text: str = ""
) -> int:
    now = db.now()
    item_id = await database.fetch_val(
        "INSERT INTO builder_items (guild_id, kind, name, payload, ack_text, created_by, created_at, updated_by, "
        "updated_at) VALUES (:g, :k, :n, :p, :a, :u, :t, :u, :t) RETURNING id",
        {"g": guild_id, "k": kind, "n": name, "p": json.dumps(payload), "a": ack_text, "u": user_id, "t": now},
    )
    if kind == "form" and isinstance(payload, dict) and payload.get("custom_id") in (None, "form"):
        # A new form answers to its own library id, so a submission says which form it was.
        payload = {**payload, "custom_id": form_custom_id(int(item_id))}
        await database.execute(
            "UPDATE builder_items SET payload = :p WHERE id = :i", {"p": json.dumps(payload), "i": item_id}
        )
    # The first snapshot: a change made on revision 1 can be replayed onto it after a conflict.
    await database.execute(
        "INSERT INTO builder_snapshots (item_id, revision, payload) VALUES (:i, 1, :p)",
        {"i": item_id, "p": json.dumps(payload)},
    )
    return int(item_id)


async def get(database: Database, guild_id: str, item_id: int, *, binned: bool = False) -> Item | None:
    """The entry, if it belongs to `guild_id`; entries in the bin only when `binned`."""
    found = db.row(
        await database.fetch_one(
            f"SELECT {_COLUMNS} FROM builder_items i LEFT JOIN users u ON u.id = i.updated_by "  # noqa: S608
            "WHERE i.id = :i AND i.guild_id = :g",
            {"i": item_id, "g": guild_id},
        )
    )
    if found is None or (found["deleted_at"] is not None and not binned):
        return None
    return _item(found)


def _pattern(query: str) -> str:
    escaped = query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def listing(database: Database, guild_id: str, query: str = "", kind: str = "") -> list[Item]:
    """The guild's entries, newest change first; `query` matches names and text, `kind` narrows to one kind."""
    # The draft is stored as ASCII JSON: text is matched as typed in the name, and as JSON writes it in the draft.
    params: dict[str, Any] = {"g": guild_id, "q": _pattern(query), "j": _pattern(json.dumps(query)[1:-1]), "k": kind}
    found = await database.fetch_all(
        f"SELECT {_COLUMNS} FROM builder_items i LEFT JOIN users u ON u.id = i.updated_by "  # noqa: S608
        "WHERE i.guild_id = :g AND i.deleted_at IS NULL AND (:k = '' OR i.kind = :k) "
        "AND (lower(i.name) LIKE :q ESCAPE '\\' OR lower(i.payload) LIKE :j ESCAPE '\\') "
        "ORDER BY i.updated_at DESC, i.id DESC LIMIT 500",
        params,
    )
    return [_item(found) for found in db.rows(found)]


async def binned(database: Database, guild_id: str) -> list[Item]:
    await purge_expired(database)
    found = await database.fetch_all(
        f"SELECT {_COLUMNS} FROM builder_items i LEFT JOIN users u ON u.id = i.updated_by "  # noqa: S608
        "WHERE i.guild_id = :g AND i.deleted_at IS NOT NULL ORDER BY i.deleted_at DESC, i.id DESC",
        {"g": guild_id},
    )
    return [_item(found) for found in db.rows(found)]


async def rename(database: Database, guild_id: str, item_id: int, name: str, user_id: int | None) -> None:
    await database.execute(
        "UPDATE builder_items SET name = :n, updated_by = :u, updated_at = :t WHERE id = :i AND guild_id = :g",
        {"n": name, "u": user_id, "t": db.now(), "i": item_id, "g": guild_id},
    )


async def set_ack_text(database: Database, item: Item, ack_text: str, user_id: int | None) -> None:
    await database.execute(
        "UPDATE builder_items SET ack_text = :a, updated_by = :u, updated_at = :t WHERE id = :i AND guild_id = :g",
        {"a": ack_text, "u": user_id, "t": db.now(), "i": item.id, "g": item.guild_id},
    )


def copy_name(name: str) -> str:
    return f"Copy of {name}"[:NAME_MAX]


async def duplicate(database: Database, item: Item, user_id: int | None, payload: Any = None) -> int:
    """A new entry with the same draft (or `payload`), named as a copy; a form gets its own custom_id."""
    body = item.payload if payload is None else payload
    if item.is_form and isinstance(body, dict) and body.get("custom_id") == form_custom_id(item.id):
        body = {**body, "custom_id": "form"}
    return await create(database, item.guild_id, item.kind, copy_name(item.name), body, user_id, item.ack_text)


async def to_bin(database: Database, item: Item) -> None:
    await database.execute(
        "UPDATE builder_items SET deleted_at = :t WHERE id = :i AND guild_id = :g",
        {"t": db.now(), "i": item.id, "g": item.guild_id},
    )


async def restore(database: Database, item: Item) -> None:
    await database.execute(
        "UPDATE builder_items SET deleted_at = NULL WHERE id = :i AND guild_id = :g", {"i": item.id, "g": item.guild_id}
    )


async def purge_expired(database: Database) -> None:
    """Forget entries that have been in the bin for longer than BIN_DAYS, with everything kept about them."""
    cutoff = db.now() - BIN_DAYS * 86400
    expired = "SELECT id FROM builder_items WHERE deleted_at IS NOT NULL AND deleted_at < :c"
    for table in _CHILD_TABLES:
        await database.execute(f"DELETE FROM {table} WHERE item_id IN ({expired})", {"c": cutoff})  # noqa: S608
    await database.execute("DELETE FROM builder_items WHERE deleted_at IS NOT NULL AND deleted_at < :c", {"c": cutoff})


async def forms(database: Database, guild_id: str) -> list[dict[str, Any]]:
    """The guild's forms a button can open: id, name and title, by name."""
    found = await database.fetch_all(
        "SELECT id, name, payload FROM builder_items WHERE guild_id = :g AND kind = 'form' AND deleted_at IS NULL "
        "ORDER BY lower(name), id",
        {"g": guild_id},
    )
    return [{"id": r["id"], "name": r["name"], "title": _title(r["payload"])} for r in db.rows(found)]


def _title(payload: str) -> str:
    body = json.loads(payload)
    title = body.get("title") if isinstance(body, dict) else None
    return title if isinstance(title, str) else ""


def form_id_of(custom_id: object) -> int | None:
    """The library id in a `gh:form:<id>` custom_id, or None."""
    if not isinstance(custom_id, str) or not custom_id.startswith(FORM_PREFIX):
        return None
    rest = custom_id.removeprefix(FORM_PREFIX)
    return int(rest) if rest.isascii() and rest.isdigit() and len(rest) <= 15 else None
