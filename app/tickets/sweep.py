"""Tickets waiting on the user close themselves after the guild's number of days, with a note on the timeline.

The sweep of a guild runs when its board is read, at most once a minute: the `swept_at` update lets one reader
win the minute, whichever process it is on.
"""

from __future__ import annotations

from databases import Database

from app import db
from app.tickets import actions, changes

SWEEP_EVERY = 60
BATCH = 100


async def due(database: Database, guild_id: str, days: int) -> bool:
    """Claim this minute's sweep of the guild; False when it is not due or another reader took it."""
    now = db.now()
    won = await database.fetch_val(
        "UPDATE ticket_guilds SET swept_at = :now WHERE guild_id = :g AND swept_at <= :due RETURNING guild_id",
        {"now": now, "g": guild_id, "due": now - SWEEP_EVERY},
    )
    return won is not None and days > 0


async def close_stale(database: Database, guild_id: str, days: int) -> int:
    """Close the guild's tickets waiting on the user for more than `days`; returns how many were closed."""
    now = db.now()
    stale = db.rows(
        await database.fetch_all(
            "SELECT id, guild_id, number, revision FROM tickets WHERE guild_id = :g AND status = 'waiting' "
            "AND deleted_at IS NULL AND waiting_since < :cutoff ORDER BY waiting_since LIMIT :n",
            {"g": guild_id, "cutoff": now - days * 86400, "n": BATCH},
        )
    )
    closed = 0
    for ticket in stale:
        closed += await actions.apply(
            database, ticket, ticket["revision"], changes.auto_close(days, now), actions.Actor(None)
        )
    return closed
