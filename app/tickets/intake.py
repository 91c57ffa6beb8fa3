"""Tickets opened from Discord: a form's answers (MODAL_SUBMIT) and a panel's "open a ticket" button
(`gh:ticket`). Both arrive at the signed interactions endpoint; the guild is the one the interaction names."""

from __future__ import annotations

from typing import Any

from databases import Database
from starlette.requests import Request

from app.core.registry import need
from app.discord import interactions as responses
from app.discord.interactions import discord_user
from app.guilds.rights import is_snowflake
from app.tickets import store
from app.tickets.model import title_of

BUTTON_TITLE = "Opened with a button"


def opener(interaction: dict[str, Any]) -> store.Opener:
    user = discord_user(interaction)
    name = user.get("global_name") or user.get("username") or ""
    avatar = user.get("avatar")
    return store.Opener(str(user.get("id", "")), str(name)[:100], avatar if isinstance(avatar, str) else None)


def _channel(interaction: dict[str, Any]) -> str:
    channel = interaction.get("channel_id")
    return channel if isinstance(channel, str) and channel.isdigit() else ""


async def from_form(
    database: Database, form: dict[str, Any], interaction: dict[str, Any], answers: dict[str, str]
) -> int:
    """The ticket for a form's submission; returns its number."""
    new = store.NewTicket(
        guild_id=form["guild_id"],
        source="form",
        opener=opener(interaction),
        title=title_of(answers),
        answers=answers,
        channel_id=_channel(interaction),
        form_id=form["id"],
    )
    return (await store.open_ticket(database, new))[1]


async def from_button(request: Request, interaction: dict[str, Any]) -> dict[str, Any]:
    guild_id = interaction.get("guild_id")
    if not isinstance(guild_id, str) or not is_snowflake(guild_id):
        return responses.ephemeral("Tickets can be opened only from a server's panel.")
    new = store.NewTicket(guild_id, "button", opener(interaction), BUTTON_TITLE, {}, _channel(interaction))
    _, number = await store.open_ticket(need(request, Database), new)
    return responses.ephemeral(
        f"Your ticket #{number} is open. The team will answer you here, by direct message from the bot."
    )
