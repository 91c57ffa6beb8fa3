"""Tickets close themselves: each process, once a period (TICKET_SWEEP_SECONDS), closes every guild's tickets that
have waited on their opener past the guild's number of days, whether or not anyone reads a board.

Several processes may sweep at once: each close is a compare-and-set on the ticket's revision, so a ticket is
closed, and noted on its timeline, once. Discord is not called here; openers' messages are read with the board.
"""

from __future__ import annotations

import asyncio
import logging

from databases import Database

from app.tickets.sweep import close_stale

log = logging.getLogger("guildhall")


async def close_everywhere(database: Database) -> int:
    """One sweep over every guild that closes waiting tickets; how many tickets were closed."""
    guilds = await database.fetch_all("SELECT guild_id, auto_close_days FROM ticket_guilds WHERE auto_close_days > 0")
    closed = 0
    for row in guilds:
        closed += await close_stale(database, str(row["guild_id"]), int(row["auto_close_days"]))
    return closed


async def keep_closing(database: Database, period: float) -> None:
    """Sweep every `period` seconds until cancelled; a failed sweep (the database away) waits for the next."""
    while True:
        await asyncio.sleep(period)
        try:
            await close_everywhere(database)
        except Exception:
            log.exception("the tickets' auto-close sweep failed; the next one is in %s s", period)
