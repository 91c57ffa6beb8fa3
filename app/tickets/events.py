"""A ticket's timeline: each status change, claim, label, reply, note, user message, close and rating, with who
and when. Rows are only ever added, except a reply's delivery state, which follows what Discord answered."""

from __future__ import annotations

import json
from typing import Any

from databases import Database

from app.core import db

# What the timeline calls each kind of event.
KINDS = {
    "opened": "opened the ticket",
    "status": "moved it",
    "claimed": "claimed it",
    "released": "released it",
    "assigned": "handed it",
    "labels": "set the labels",
    "reply": "replied",
    "note": "wrote a note",
    "user_message": "wrote",
    "closed": "closed it",
    "reopened": "reopened it",
    "auto_closed": "closed it",
    "rating_asked": "asked for a rating",
    "rated": "rated the support",
    "binned": "moved it to the bin",
    "restored": "restored it from the bin",
}
# What the user sees or wrote: the transcript keeps these, never the team's notes.
TRANSCRIPT_KINDS = ("reply", "user_message")


async def add(
    database: Database,
    ticket_id: int,
    kind: str,
    *,
    user_id: int | None = None,
    body: str = "",
    delivery: str = "",
    **detail: Any,
) -> int:
    found = await database.fetch_val(
        "INSERT INTO ticket_events (ticket_id, at, kind, user_id, body, detail, delivery) "
        "VALUES (:t, :at, :k, :u, :b, :d, :dl) RETURNING id",
        {"t": ticket_id, "at": db.now(), "k": kind, "u": user_id, "b": body, "d": json.dumps(detail), "dl": delivery},
    )
    return int(found)


async def timeline(database: Database, ticket_id: int) -> list[dict[str, Any]]:
    """Every event of the ticket, oldest first, with the name of the team member who acted."""
    found = db.rows(
        await database.fetch_all(
            "SELECT e.id, e.at, e.kind, e.user_id, u.username, e.body, e.detail, e.delivery, e.error "
            "FROM ticket_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.ticket_id = :t ORDER BY e.id",
            {"t": ticket_id},
        )
    )
    return [{**row, "detail": json.loads(row["detail"])} for row in found]


async def set_delivery(
    database: Database, event_id: int, delivery: str, *, message_id: str = "", error: str = ""
) -> None:
    await database.execute(
        "UPDATE ticket_events SET delivery = :d, discord_message_id = :m, error = :e WHERE id = :i",
        {"d": delivery, "m": message_id or None, "e": error, "i": event_id},
    )
