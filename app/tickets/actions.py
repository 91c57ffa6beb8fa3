"""Changing a ticket: every change is a compare-and-set on the ticket's revision, with its timeline entries, the
board's revision and the activity log written in the same transaction.

Two managers acting on one ticket at once: the first change wins, the second finds the revision moved on and gets
a `Conflict`, so the page can show what the ticket is now. Nothing is overwritten silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from databases import Database

from app.core import activity, db
from app.tickets import events

# The columns a change may set: the SQL text is built from these names only, never from input.
COLUMNS = frozenset(
    {"status", "assignee_id", "labels", "waiting_since", "closed_at", "close_reason", "last_word", "first_response_at"}
)


@dataclass(frozen=True)
class Event:
    kind: str
    body: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """What one action does to a ticket: the columns it sets, the timeline entries it adds, the log's action."""

    columns: dict[str, Any]
    events: tuple[Event, ...]
    action: str


@dataclass(frozen=True)
class Actor:
    user_id: int | None  # None: the bot itself (auto-close) or the ticket's opener
    ip: str = ""


async def apply(database: Database, ticket: dict[str, Any], revision: int, change: Change, actor: Actor) -> bool:
    """Apply `change` if the ticket is still at `revision`; False when someone changed it first."""
    unknown = set(change.columns) - COLUMNS
    assert not unknown, unknown
    sets = "".join(f"{name} = :{name}, " for name in change.columns)
    async with database.transaction():
        moved = await database.fetch_val(
            f"UPDATE tickets SET {sets}revision = revision + 1, updated_at = :now "  # noqa: S608
            "WHERE id = :id AND revision = :revision AND deleted_at IS NULL RETURNING revision",
            {**change.columns, "now": db.now(), "id": ticket["id"], "revision": revision},
        )
        if moved is None:
            return False
        await _record(database, ticket, change, actor)
    return True


async def _record(database: Database, ticket: dict[str, Any], change: Change, actor: Actor) -> None:
    for event in change.events:
        await events.add(database, ticket["id"], event.kind, user_id=actor.user_id, body=event.body, **event.detail)
    await touch_board(database, ticket["guild_id"])
    await activity.record(
        database,
        change.action,
        user_id=actor.user_id,
        guild_id=ticket["guild_id"],
        ip=actor.ip,
        ticket=ticket["number"],
    )


async def touch_board(database: Database, guild_id: str) -> None:
    """Raise the board's revision: every poller of this guild's board sees a new ETag."""
    await database.execute("UPDATE ticket_guilds SET revision = revision + 1 WHERE guild_id = :g", {"g": guild_id})


async def touch_ticket(database: Database, ticket: dict[str, Any], **columns: Any) -> None:
    """A change that never conflicts (a note, a reply, a user message): no revision compared, but raised, so a
    stale form is still caught."""
    unknown = set(columns) - COLUMNS
    assert not unknown, unknown
    sets = "".join(f"{name} = :{name}, " for name in columns)
    await database.execute(
        f"UPDATE tickets SET {sets}revision = revision + 1, updated_at = :now WHERE id = :id",  # noqa: S608
        {**columns, "now": db.now(), "id": ticket["id"]},
    )
    await touch_board(database, ticket["guild_id"])
