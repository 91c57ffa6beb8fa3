"""Saving a draft: every accepted change raises the revision, keeps a snapshot, and feeds undo and redo.

A change names the revision it was made on; when the draft has moved on since (another manager saved), it is
refused with `Conflict` and nothing is written. Undo and redo keep whole drafts, the newest UNDO_DEPTH of each,
in the database, so they survive a reload and serve every manager of the guild alike.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from databases import Database

from app.builder.storage.library import Item
from app.core import db

UNDO_DEPTH = 50
SNAPSHOTS_KEPT = 50
# Typing in one field for a while is one step to undo, not one per pause.
COALESCE_SECONDS = 10


class Conflict(Exception):
    """The draft changed since the revision the change was made on."""


@dataclass(frozen=True)
class Depth:
    undo: int
    redo: int


async def commit(
    database: Database, item: Item, payload: Any, user_id: int | None, *, base: int, field: str = ""
) -> int:
    """Save `payload` as the draft made on revision `base`; the new revision. `field` names a single-field edit,
    so that a run of edits to one field is a single undo step.

    No transaction: the revision-checked UPDATE is the one step that decides, and each statement after it is short.
    On SQLite a transaction would hold the database's single write lock across every await in between, while
    other requests render; under many editors at once that turns into long waits for the lock."""
    same_run = await _same_run(database, item.id, user_id, field)
    revision = await _write(database, item, payload, user_id, base)
    if not same_run:
        await _push(database, item.id, "undo", item.payload, user_id, field)
        await database.execute("DELETE FROM builder_undo WHERE item_id = :i AND stack = 'redo'", {"i": item.id})
    return revision


async def _write(database: Database, item: Item, payload: Any, user_id: int | None, base: int) -> int:
    body = json.dumps(payload)
    revision = await database.fetch_val(
        "UPDATE builder_items SET payload = :p, revision = revision + 1, updated_by = :u, updated_at = :t "
        "WHERE id = :i AND guild_id = :g AND revision = :r RETURNING revision",
        {"p": body, "u": user_id, "t": db.now(), "i": item.id, "g": item.guild_id, "r": base},
    )
    if revision is None:
        raise Conflict
    await database.execute(
        "INSERT INTO builder_snapshots (item_id, revision, payload) VALUES (:i, :r, :p)",
        {"i": item.id, "r": revision, "p": body},
    )
    if revision % 10 == 0:  # trimming now and then keeps the count near SNAPSHOTS_KEPT at a tenth of the writes
        await database.execute(
            "DELETE FROM builder_snapshots WHERE item_id = :i AND revision <= :old",
            {"i": item.id, "old": int(revision) - SNAPSHOTS_KEPT},
        )
    return int(revision)


async def _same_run(database: Database, item_id: int, user_id: int | None, field: str) -> bool:
    if not field:
        return False
    last = db.row(
        await database.fetch_one(
            "SELECT stack, field, user_id, created_at FROM builder_undo WHERE item_id = :i ORDER BY id DESC LIMIT 1",
            {"i": item_id},
        )
    )
    # The newest entry of either stack: after an undo it is a redo entry, and the next edit starts a new step.
    return bool(
        last
        and last["stack"] == "undo"
        and last["field"] == field
        and last["user_id"] == user_id
        and db.now() - int(last["created_at"]) <= COALESCE_SECONDS
    )


async def _push(database: Database, item_id: int, stack: str, payload: Any, user_id: int | None, field: str) -> None:
    await database.execute(
        "INSERT INTO builder_undo (item_id, stack, payload, field, user_id, created_at) "
        "VALUES (:i, :s, :p, :f, :u, :t)",
        {"i": item_id, "s": stack, "p": json.dumps(payload), "f": field, "u": user_id, "t": db.now()},
    )
    await database.execute(
        "DELETE FROM builder_undo WHERE item_id = :i AND stack = :s AND id NOT IN "
        "(SELECT id FROM builder_undo WHERE item_id = :i AND stack = :s ORDER BY id DESC LIMIT :n)",
        {"i": item_id, "s": stack, "n": UNDO_DEPTH},
    )


async def step(database: Database, item: Item, user_id: int | None, *, base: int, back: bool) -> int | None:
    """Undo (`back`) or redo one change; the new revision, or None when there is nothing to undo or redo."""
    source, target = ("undo", "redo") if back else ("redo", "undo")
    async with database.transaction():
        top = db.row(
            await database.fetch_one(
                "SELECT id, payload FROM builder_undo WHERE item_id = :i AND stack = :s ORDER BY id DESC LIMIT 1",
                {"i": item.id, "s": source},
            )
        )
        if top is None:
            return None
        revision = await _write(database, item, json.loads(top["payload"]), user_id, base)
        await database.execute("DELETE FROM builder_undo WHERE id = :id", {"id": top["id"]})
        await _push(database, item.id, target, item.payload, user_id, "")
    return revision


async def depth(database: Database, item_id: int) -> Depth:
    found = db.rows(
        await database.fetch_all(
            "SELECT stack, COUNT(*) AS n FROM builder_undo WHERE item_id = :i GROUP BY stack", {"i": item_id}
        )
    )
    counts = {row["stack"]: int(row["n"]) for row in found}
    return Depth(counts.get("undo", 0), counts.get("redo", 0))


async def snapshot(database: Database, item_id: int, revision: int) -> Any:
    """The draft as it was at `revision`, when still kept; None otherwise."""
    body = await database.fetch_val(
        "SELECT payload FROM builder_snapshots WHERE item_id = :i AND revision = :r", {"i": item_id, "r": revision}
    )
    return None if body is None else json.loads(body)
