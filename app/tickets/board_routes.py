"""The board: `/guilds/{id}/tickets`, its columns, its filters, its live poll, and moving a card.

The board's ETag is made of the guild's board revision (raised by every change to its tickets), the filters, the
reader and the minute (ages and overdue marks move with time): a poll of an unchanged board is answered 304 after
one query, without reading a ticket or rendering anything.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from databases import Database
from markupsafe import Markup
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response

from app.core import db, htmx, kept
from app.core.registry import need
from app.core.templating import render
from app.discord.client import Discord
from app.tickets import actions, changes, guild_settings, pages, ratings, store, sweep
from app.tickets.model import ASSIGNEE_FILTERS, REASON_MAX, STATUSES, Filters, filters_from
from app.tickets.ticket_page import ticket_page
from app.tickets.view import card

BOARD_BLOCKS = ("board",)
BOARDS = kept.KeptPages()


async def _settings(request: Request) -> tuple[guild_settings.TicketSettings, bool]:
    """The guild's ticket settings and board revision, after this minute's sweep (when one is due and this request
    won it: then read again); and whether it did, so that the conversations are read once it has answered."""
    database, guild_id = need(request, Database), request.scope["guild"].id
    chosen = await guild_settings.read(database, guild_id)
    if not (chosen.revision and chosen.swept_at <= db.now() - sweep.SWEEP_EVERY):
        return chosen, False
    if not await sweep.due(database, guild_id):
        return chosen, False
    if chosen.auto_close_days:
        await sweep.close_stale(database, guild_id, chosen.auto_close_days)
    return await guild_settings.read(database, guild_id), True


async def board(request: Request) -> Response:
    chosen, swept = await _settings(request)
    response = await _board(request, chosen)
    if swept:
        response.background = BackgroundTask(
            sweep.read_conversations, need(request, Database), need(request, Discord), request.scope["guild"].id
        )
    return response


async def _board(request: Request, chosen: guild_settings.TicketSettings) -> Response:
    """The board, as a 304 when the reader has it already, else as kept or rendered. The minute is in its seed:
    a ticket's age and its first-response target are shown to the minute."""

    async def rendered(headers: dict[str, str]) -> Response:
        return await board_page(request, filters_from(request.query_params), chosen, headers=headers)

    return await kept.kept_or_rendered(request, BOARDS, f"{chosen.revision}|{db.now() // 60}", rendered)


def _move_options() -> dict[str, Markup]:
    """Each column's "Move to" choices (every other column), written once: fixed text, no input in it."""
    return {
        status: Markup("").join(
            Markup('<option value="{}">{}</option>').format(other, name)
            for other, name in STATUSES.items()
            if other != status
        )
        for status in STATUSES
    }


MOVE_OPTIONS = _move_options()


async def board_page(
    request: Request,
    filters: Filters,
    chosen: guild_settings.TicketSettings | None = None,
    *,
    status: int = 200,
    message: str = "",
    headers: dict[str, str] | None = None,
) -> Response:
    guild = request.scope["guild"]
    chosen = chosen or await guild_settings.read(need(request, Database), guild.id)
    listed = await store.board(need(request, Database), guild.id, filters, request.scope["user"].user_id)
    now = db.now()
    columns = {
        status_: [card(t, now, chosen.first_response_minutes, need(request, Discord).avatar_url) for t in tickets]
        for status_, tickets in listed["columns"].items()
    }
    context: dict[str, Any] = {
        "guild": guild,
        "columns": columns,
        "counts": listed["counts"],
        "more_closed": listed["more_closed"],
        "filters": filters,
        "statuses": STATUSES,
        "move_options": MOVE_OPTIONS,
        "assignee_filters": ASSIGNEE_FILTERS,
        "labels": await store.all_labels(need(request, Database), guild.id),
        "manages": any(entry.get("id") == guild.id for entry in guild.managed),
        "message": message,
        "board_url": pages.board_url(request),
        "here": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
    }
    return render(request, "tickets/board.html", context, status_code=status, blocks=BOARD_BLOCKS, headers=headers)


async def move(request: Request) -> Response:
    """The ticket page's "Move to" form: `status` and `revision`."""
    ticket = await pages.ticket_of(request)
    posted = await pages.fields(request)
    return await _move(request, ticket, posted, posted.get("status", ""), pages.revision_of(posted))


async def board_move(request: Request) -> Response:
    """The board's one "Move to" form: the pressed button names the ticket, its card's fields the column and the
    revision (`to-<number>`, `rev-<number>`)."""
    posted = await pages.fields(request)
    raw = posted.get("ticket", "")
    if not (raw.isascii() and raw.isdigit() and 0 < len(raw) <= 12):
        return await board_page(request, Filters(), status=422, message="Press the Move button of a ticket's card.")
    number = int(raw)
    ticket = await pages.ticket_of(request, number)
    revision = pages.revision_of({"revision": posted.get(f"rev-{number}", "")})
    return await _move(request, ticket, posted, posted.get(f"to-{number}", ""), revision)


async def _move(
    request: Request, ticket: dict[str, Any], posted: dict[str, str], status: str, revision: int
) -> Response:
    number = ticket["number"]
    if status not in STATUSES:
        return await moved_back(request, posted, number, 422, "Choose one of the board's columns.")
    if status == ticket["status"]:
        return htmx.redirect(request, pages.back_to(request, posted, number))
    reason = posted.get("reason", "").strip()[:REASON_MAX]
    change = changes.move(ticket, status, db.now(), reason)
    if not await actions.apply(need(request, Database), ticket, revision, change, pages.actor(request)):
        return await conflict(request, posted, number)
    if status == "closed":
        await after_close(request, ticket)
    return done(request, posted, number, f"Ticket #{number} moved to {STATUSES[status]}.")


async def after_close(request: Request, ticket: dict[str, Any]) -> None:
    if (await guild_settings.read(need(request, Database), ticket["guild_id"])).ask_rating:
        await ratings.ask(need(request, Database), need(request, Discord), ticket, request.scope["guild"].name)


def done(request: Request, posted: dict[str, str], number: int, announce: str) -> Response:
    """After a change: the page it came from again (303), or for htmx a redirect the script follows in place."""
    target = pages.back_to(request, posted, number)
    response = htmx.redirect(request, target)
    if htmx.htmx(request).request and target.startswith(pages.board_url(request)) and posted.get("back"):
        # The board's script refreshes the board itself and says what happened, without leaving the page.
        response = Response(
            status_code=204,
            headers={"HX-Trigger": json.dumps({"ticketMoved": {"number": number, "message": announce}})},
        )
    return response


async def conflict(request: Request, posted: dict[str, str], number: int) -> Response:
    current = await store.get(need(request, Database), request.scope["guild"].id, number)
    state = STATUSES[current["status"]] if current else "the bin"
    who = f", claimed by {current['assignee_name']}" if current and current["assignee_name"] else ""
    message = (
        f"Someone else changed ticket #{number} while you were looking: it is now in {state}{who}. Nothing was changed."
    )
    return await moved_back(request, posted, number, 409, message)


async def moved_back(request: Request, posted: dict[str, str], number: int, status: int, message: str) -> Response:
    """The page the form came from, as it is now, with `message` (a refusal or a conflict)."""
    back = pages.back_to(request, posted, number)
    if back.startswith(pages.board_url(request)) and posted.get("back"):
        query = dict(parse_qsl(back.partition("?")[2]))
        return await board_page(request, filters_from(query), status=status, message=message)
    return await ticket_page(request, number, status=status, message=message)
