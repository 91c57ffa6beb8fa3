"""Asking the opener to rate the support once their ticket is closed (five buttons in a DM), and keeping their
answer, which comes back through the interactions endpoint as a button click."""

from __future__ import annotations

from typing import Any

from databases import Database
from starlette.requests import Request

from app.core import db
from app.core.registry import need
from app.discord import interactions as responses
from app.discord.client import Discord
from app.discord.interactions import discord_user
from app.tickets import delivery, events
from app.tickets.actions import touch_ticket
from app.tickets.measures import WeeklyRatings

RATE_PREFIX = "gh:rate:"
SCORES = (1, 2, 3, 4, 5)


def question(guild_name: str, ticket: dict[str, Any]) -> dict[str, Any]:
    text = (
        f"Your ticket #{ticket['number']} in **{guild_name[:80]}** is closed. "
        "How well were you helped? (1 = poorly, 5 = very well)"
    )
    buttons = [responses.action_button(str(n), f"{RATE_PREFIX}{ticket['id']}:{n}", style=2) for n in SCORES]
    return {"flags": responses.COMPONENTS_V2, "components": responses.panel(text, buttons)}


async def ask(database: Database, discord: Discord, ticket: dict[str, Any], guild_name: str) -> None:
    """Send the question; a refusal is noted on the timeline, never in the way of the close."""
    event_id = await events.add(database, ticket["id"], "rating_asked", delivery="pending")
    try:
        message_id = await delivery.send(database, discord, ticket, question(guild_name, ticket))
    except delivery.Undelivered as failure:
        await events.set_delivery(database, event_id, "failed", error=failure.message)
        return
    await events.set_delivery(database, event_id, "sent", message_id=message_id)


def parsed(custom_id: str) -> tuple[int, int] | None:
    """(ticket id, score) from `gh:rate:<ticket id>:<score>`."""
    ticket_id, _, score = custom_id.removeprefix(RATE_PREFIX).partition(":")
    if not (ticket_id.isascii() and ticket_id.isdigit() and len(ticket_id) <= 15 and score in map(str, SCORES)):
        return None
    return int(ticket_id), int(score)


async def rate(request: Request, interaction: dict[str, Any]) -> dict[str, Any]:
    """A rating button: only the opener of a closed ticket may rate it; a second click changes the rating."""
    data = interaction.get("data")
    found = parsed(str(data.get("custom_id", ""))) if isinstance(data, dict) else None
    database = need(request, Database)
    ticket = (
        None
        if found is None
        else db.row(
            await database.fetch_one(
                "SELECT id, guild_id, number, status, opener_id FROM tickets WHERE id = :i AND deleted_at IS NULL",
                {"i": found[0]},
            )
        )
    )
    if found is None or ticket is None or ticket["opener_id"] != str(discord_user(interaction).get("id")):
        return responses.update("This rating is no longer open.")
    score = found[1]
    await database.execute(
        "UPDATE tickets SET rating = :r, rated_at = :t WHERE id = :i", {"r": score, "t": db.now(), "i": ticket["id"]}
    )
    need(request, WeeklyRatings).forget(ticket["guild_id"])
    await events.add(database, ticket["id"], "rated", body=str(score))
    await touch_ticket(database, ticket)
    return responses.update(f"Thank you: you rated the support {score} out of 5.")
