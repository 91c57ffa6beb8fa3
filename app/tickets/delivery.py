"""Sending to a ticket's opener through the bot: their DM channel, or the ticket's private thread when the guild
chose threads (opened once and remembered), the message, and what Discord's refusals mean for a person reading
the ticket. Everything but Forbidden reads as it does when publishing a panel
(`app.builder.storage.publish.refusal`)."""

from __future__ import annotations

from typing import Any

from databases import Database

from app.builder.storage.publish import refusal
from app.discord import errors
from app.discord.client import Discord
from app.tickets import guild_settings

CANNOT_DM = (
    "Discord does not let the bot send this person a direct message: they may have closed direct messages from "
    "server members, blocked the bot or left the server. The reply is kept here as not delivered; retry it later."
)
CANNOT_THREAD = (
    "Discord does not let the bot open or write in this ticket's private thread: give it the Create Private "
    "Threads and Send Messages in Threads permissions in the ticket's channel. The reply is kept here as not "
    "delivered; retry it later."
)
PRIVATE_THREAD = 12
WEEK_MINUTES = 10080


def problem(failure: errors.DiscordError, reply_in: str = "dm") -> str:
    if isinstance(failure, errors.Forbidden):
        return CANNOT_THREAD if reply_in == "thread" else CANNOT_DM
    return refusal(failure).message


async def _open(discord: Discord, ticket: dict[str, Any], reply_in: str) -> str:
    """A new conversation with the opener: the ticket's private thread in its channel (the guild chose threads and
    the ticket came from a channel), else their DM channel with the bot."""
    if reply_in != "thread" or not ticket.get("channel_id"):
        answer = await discord.request("POST", "/users/@me/channels", json={"recipient_id": ticket["opener_id"]})
        return str(answer["id"])
    name = f"Ticket #{ticket['number']}"
    body = {"name": name, "type": PRIVATE_THREAD, "invitable": False, "auto_archive_duration": WEEK_MINUTES}
    thread = await discord.request("POST", f"/channels/{ticket['channel_id']}/threads", json=body)
    await discord.request("PUT", f"/channels/{thread['id']}/thread-members/{ticket['opener_id']}")
    return str(thread["id"])


async def channel(database: Database, discord: Discord, ticket: dict[str, Any], reply_in: str) -> str:
    """Where the ticket's conversation happens, asked of Discord once and kept on the ticket."""
    if ticket.get("reply_channel_id"):
        return str(ticket["reply_channel_id"])
    opened = await _open(discord, ticket, reply_in)
    await database.execute(
        "INSERT INTO ticket_channels (channel_id, discord_id) VALUES (:c, :d) ON CONFLICT (channel_id) DO NOTHING",
        {"c": opened, "d": ticket["opener_id"]},
    )
    await database.execute("UPDATE tickets SET reply_channel_id = :c WHERE id = :i", {"c": opened, "i": ticket["id"]})
    ticket["reply_channel_id"] = opened
    return opened


async def send(database: Database, discord: Discord, ticket: dict[str, Any], body: dict[str, Any]) -> str:
    """Send `body` to the opener where the guild talks with them; returns Discord's message id. Raises
    `Undelivered` with what to tell the team."""
    reply_in = (await guild_settings.read(database, ticket["guild_id"])).reply_in
    try:
        where = await channel(database, discord, ticket, reply_in)
        answer = await discord.request("POST", f"/channels/{where}/messages", json=body)
    except errors.DiscordError as failure:
        raise Undelivered(problem(failure, reply_in)) from failure
    return str(answer.get("id", "")) if isinstance(answer, dict) else ""


class Undelivered(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
