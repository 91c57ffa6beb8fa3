"""A guild's minute sweep: tickets waiting on the user close themselves after the guild's number of days, with a
note on the timeline; and what openers wrote in their conversations is read in (after the board has answered).

The sweep of a guild runs when its board is read, at most once a minute: the `swept_at` update lets one reader
win the minute, whichever process it is on.
"""

from __future__ import annotations

from databases import Database

from app.core import db
from app.discord.client import Discord
from app.tickets import actions, changes, inbox

SWEEP_EVERY = 60
BATCH = 100


CONVERSATIONS_READ = 20
RECENTLY_CLOSED = 7 * 86400


async def due(database: Database, guild_id: str) -> bool:
    """Claim this minute's sweep of the guild; False when another reader took it."""
    now = db.now()
    won = await database.fetch_val(
        "UPDATE ticket_guilds SET swept_at = :now WHERE guild_id = :g AND swept_at <= :due RETURNING guild_id",
        {"now": now, "g": guild_id, "due": now - SWEEP_EVERY},
    )
    return won is not None


async def read_conversations(database: Database, discord: Discord, guild_id: str) -> None:
    """Take in what openers wrote in the conversations of the guild's live tickets (open, or closed this week),
    the most recently active first."""
    found = await database.fetch_all(
        "SELECT reply_channel_id, MAX(updated_at) AS active FROM tickets WHERE guild_id = :g "
        "AND reply_channel_id IS NOT NULL AND deleted_at IS NULL AND (status != 'closed' OR closed_at > :since) "
        "GROUP BY reply_channel_id ORDER BY active DESC LIMIT :n",
        {"g": guild_id, "since": db.now() - RECENTLY_CLOSED, "n": CONVERSATIONS_READ},
    )
    for row in found:
        await inbox.read(database, discord, str(row["reply_channel_id"]))


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
