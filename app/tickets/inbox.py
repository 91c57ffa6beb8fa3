"""The opener's own messages, read back from their DM channel with the bot.

Discord sends a bot's DMs only over the Gateway; Guildhall, an HTTP application, reads the channel instead
(`GET /channels/{id}/messages?after=`), at most once every READ_EVERY seconds per channel, when someone looks
at the ticket. A message belongs to the ticket the bot last wrote to in that channel (an opener with several
tickets answers the latest one), and reopens it when it was closed or waiting on the user.
"""

from __future__ import annotations

from typing import Any

from databases import Database

from app.core import activity, db
from app.discord import errors
from app.discord.client import Discord
from app.tickets import events, store
from app.tickets.actions import touch_ticket

READ_EVERY = 5


async def read(database: Database, discord: Discord, channel_id: str) -> int:
    """Take in what the opener wrote since the last read; returns how many messages were taken in."""
    lease = await database.fetch_one(
        "UPDATE ticket_channels SET read_at = :now WHERE channel_id = :c AND read_at <= :due "
        "RETURNING last_message_id, discord_id",
        {"now": db.now(), "due": db.now() - READ_EVERY, "c": channel_id},
    )
    if lease is None:
        return 0
    try:
        found = await discord.request(
            "GET", f"/channels/{channel_id}/messages", params={"after": lease["last_message_id"], "limit": 100}
        )
    except errors.DiscordError:
        return 0
    written = sorted((m for m in found if _author(m) == lease["discord_id"]), key=lambda m: int(m["id"]))
    newest = max((int(m["id"]) for m in found), default=int(lease["last_message_id"]))
    claimed = await database.fetch_val(
        "UPDATE ticket_channels SET last_message_id = :new WHERE channel_id = :c AND last_message_id = :old "
        "RETURNING channel_id",
        {"new": str(newest), "c": channel_id, "old": lease["last_message_id"]},
    )
    if claimed is None:  # another process took these messages in first
        return 0
    for message in written:
        await _take_in(database, channel_id, message)
    return len(written)


def _author(message: Any) -> str:
    author = message.get("author") if isinstance(message, dict) else None
    return str(author.get("id", "")) if isinstance(author, dict) else ""


async def _answered(database: Database, channel_id: str) -> dict[str, Any] | None:
    """The ticket the bot last wrote to in this channel."""
    found = await database.fetch_one(
        "SELECT t.guild_id, t.number FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id "
        # What the bot wrote to the opener there: a reply, or the rating question.
        "WHERE t.reply_channel_id = :c AND t.deleted_at IS NULL AND e.kind IN ('reply', 'rating_asked') "
        "AND e.delivery = 'sent' ORDER BY e.id DESC LIMIT 1",
        {"c": channel_id},
    )
    return None if found is None else await store.get(database, found["guild_id"], int(found["number"]))


async def _take_in(database: Database, channel_id: str, message: dict[str, Any]) -> None:
    ticket = await _answered(database, channel_id)
    text = str(message.get("content", ""))[:4000]
    if ticket is None or not text:
        return
    await events.add(database, ticket["id"], "user_message", body=text, message_id=str(message["id"]))
    columns: dict[str, Any] = {"last_word": "user"}
    if ticket["status"] in ("closed", "waiting"):
        columns |= {"status": "open", "closed_at": None, "waiting_since": None, "close_reason": ""}
        await events.add(database, ticket["id"], "status", **{"from": ticket["status"], "to": "open"})
        if ticket["status"] == "closed":
            await events.add(database, ticket["id"], "reopened")
        await activity.record(
            database, "tickets.reopened_by_user", guild_id=ticket["guild_id"], ticket=ticket["number"]
        )
    await touch_ticket(database, ticket, **columns)
