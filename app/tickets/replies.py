"""Replies to the opener: kept first (delivery "pending"), then sent through the bot (a DM, or the ticket's private
thread), then marked "sent" or "failed" with what Discord said. A failed reply stays on the timeline and can be
sent again; delivery states are not on the board, so they change no revision."""

from __future__ import annotations

from typing import Any

from databases import Database

from app.core import activity, db
from app.discord.client import Discord
from app.tickets import delivery, events
from app.tickets.actions import touch_ticket


def message(guild_name: str, ticket: dict[str, Any], text: str) -> dict[str, Any]:
    """What the opener reads: which ticket it is, then the reply."""
    return {"content": f"**{guild_name[:80]}**, ticket #{ticket['number']}:\n{text}"[:2000]}


async def reply(
    database: Database,
    discord: Discord,
    ticket: dict[str, Any],
    text: str,
    *,
    user_id: int,
    guild_name: str,
    wait: bool,
) -> str:
    """Keep the reply, send it; returns what went wrong ("" when delivered)."""
    event_id = await events.add(database, ticket["id"], "reply", user_id=user_id, body=text, delivery="pending")
    columns: dict[str, Any] = {"last_word": "team", "first_response_at": ticket["first_response_at"] or db.now()}
    if wait and ticket["status"] in ("open", "in_progress"):
        columns |= {"status": "waiting", "waiting_since": db.now()}
        await events.add(
            database, ticket["id"], "status", user_id=user_id, **{"from": ticket["status"], "to": "waiting"}
        )
    await touch_ticket(database, ticket, **columns)
    await activity.record(
        database, "tickets.replied", user_id=user_id, guild_id=ticket["guild_id"], ticket=ticket["number"]
    )
    return await deliver(database, discord, ticket, event_id, message(guild_name, ticket, text))


async def deliver(
    database: Database, discord: Discord, ticket: dict[str, Any], event_id: int, body: dict[str, Any]
) -> str:
    try:
        message_id = await delivery.send(database, discord, ticket, body)
    except delivery.Undelivered as failure:
        await events.set_delivery(database, event_id, "failed", error=failure.message)
        return failure.message
    await events.set_delivery(database, event_id, "sent", message_id=message_id)
    return ""


async def retry(
    database: Database, discord: Discord, ticket: dict[str, Any], event_id: int, *, guild_name: str
) -> str | None:
    """Send a reply that was not delivered again; None when there is no such undelivered reply. Taking it from
    "failed" to "pending" is one update, so two presses of Retry send it once."""
    found = await database.fetch_one(
        "UPDATE ticket_events SET delivery = 'pending', error = '' WHERE id = :e AND ticket_id = :t "
        "AND kind = 'reply' AND delivery = 'failed' RETURNING body",
        {"e": event_id, "t": ticket["id"]},
    )
    if found is None:
        return None
    return await deliver(database, discord, ticket, event_id, message(guild_name, ticket, str(found["body"])))
