"""A ticket's page: its answers, its timeline, its notes and replies, and the forms that work it.

Opening the page first reads what the opener wrote back in their DM channel (at most every few seconds), so a
user's message that reopens a closed ticket shows at once.
"""

from __future__ import annotations

import json
from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import Response

from app.core import db
from app.core.registry import need
from app.core.templating import render
from app.discord import errors
from app.discord.client import Discord
from app.guilds.bot import BotView
from app.responses.store import questions
from app.tickets import events, guild_settings, inbox, pages
from app.tickets.model import STATUSES
from app.tickets.team import team
from app.tickets.view import card, entry, when


async def _questions(database: Database, form_id: int | None) -> dict[str, str]:
    if form_id is None:
        return {}
    payload = await database.fetch_val("SELECT payload FROM builder_items WHERE id = :i", {"i": form_id})
    parsed = json.loads(payload) if payload else {}
    return questions(parsed if isinstance(parsed, dict) else {})


async def _channel_name(request: Request, channel_id: str) -> str:
    """The channel the ticket came from, by name when the bot's view of the guild can say it (else its id)."""
    if not channel_id:
        return ""
    try:
        channels = await need(request, BotView).channels(request.scope["guild"].id)
    except errors.DiscordError:
        return channel_id
    return next((f"#{c.get('name')}" for c in channels if c.get("id") == channel_id), channel_id)


def _last_reply_failed(timeline: list[dict[str, Any]]) -> bool:
    sent = [event for event in timeline if event["kind"] == "reply"]
    return bool(sent) and sent[-1]["delivery"] == "failed"


async def _fresh(request: Request, number: int, binned: bool) -> dict[str, Any]:
    """The ticket, after taking in what its opener wrote since the last look."""
    ticket = await pages.ticket_of(request, number, binned=binned)
    if (
        ticket["reply_channel_id"]
        and not binned
        and await inbox.read(need(request, Database), need(request, Discord), ticket["reply_channel_id"])
    ):
        ticket = await pages.ticket_of(request, number)
    return ticket


async def ticket_page(
    request: Request,
    number: int = 0,
    *,
    status: int = 200,
    message: str = "",
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    binned: bool = False,
) -> Response:
    ticket = await _fresh(request, number, binned)
    chosen = await guild_settings.read(need(request, Database), ticket["guild_id"])
    timeline = [entry(e, ticket["opener_name"]) for e in await events.timeline(need(request, Database), ticket["id"])]
    context = {
        "guild": request.scope["guild"],
        "ticket": card(ticket, db.now(), chosen.first_response_minutes, need(request, Discord).avatar_url),
        "answers": ticket["answers"],
        "questions": await _questions(need(request, Database), ticket["form_id"]),
        "timeline": timeline,
        "undelivered": _last_reply_failed(timeline),
        "team": await team(need(request, Database), ticket["guild_id"]),
        "statuses": STATUSES,
        "in_thread": chosen.reply_in == "thread" and bool(ticket["channel_id"]),
        "channel_name": await _channel_name(request, ticket["channel_id"]),
        "message": message,
        "errors": errors or {},
        "values": values or {},
        "binned": binned,
        "board_url": pages.board_url(request),
        "ticket_url": pages.ticket_url(request, ticket["number"]),
        "when": when,
    }
    return render(request, "tickets/ticket.html", context, status_code=status)
