"""Sending to a ticket's opener through the bot: their DM channel (opened once and remembered), the message, and
what Discord's refusals mean for a person reading the ticket. Everything but Forbidden reads as it does when
publishing a panel (`app.builder.publish.refusal`)."""

from __future__ import annotations

from typing import Any

from databases import Database

from app.builder.publish import refusal
from app.discord import errors
from app.discord.client import Discord

CANNOT_DM = (
    "Discord does not let the bot send this person a direct message: they may have closed direct messages from "
    "server members, blocked the bot or left the server. The reply is kept here as not delivered; retry it later."
)


def problem(failure: errors.DiscordError) -> str:
    if isinstance(failure, errors.Forbidden):
        return CANNOT_DM
    return refusal(failure).message


async def dm_channel(database: Database, discord: Discord, ticket: dict[str, Any]) -> str:
    """The opener's DM channel with the bot, asked of Discord once and kept on the ticket."""
    if ticket.get("dm_channel_id"):
        return str(ticket["dm_channel_id"])
    answer = await discord.request("POST", "/users/@me/channels", json={"recipient_id": ticket["opener_id"]})
    channel = str(answer["id"])
    await database.execute(
        "INSERT INTO ticket_dm_channels (channel_id, discord_id) VALUES (:c, :d) ON CONFLICT (channel_id) DO NOTHING",
        {"c": channel, "d": ticket["opener_id"]},
    )
    await database.execute("UPDATE tickets SET dm_channel_id = :c WHERE id = :i", {"c": channel, "i": ticket["id"]})
    ticket["dm_channel_id"] = channel
    return channel


async def send(database: Database, discord: Discord, ticket: dict[str, Any], body: dict[str, Any]) -> str:
    """Send `body` to the opener; returns Discord's message id. Raises DiscordError."""
    channel = await dm_channel(database, discord, ticket)
    answer = await discord.request("POST", f"/channels/{channel}/messages", json=body)
    return str(answer.get("id", "")) if isinstance(answer, dict) else ""
