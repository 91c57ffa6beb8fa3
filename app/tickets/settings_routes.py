"""The guild's ticket settings page, and its bin of deleted tickets (kept 30 days, like the builder's)."""

from __future__ import annotations

from databases import Database
from starlette.requests import Request
from starlette.responses import Response

from app.builder.storage.library import BIN_DAYS
from app.core import activity, db, htmx
from app.core.registry import need
from app.core.templating import render
from app.tickets import guild_settings, pages
from app.tickets.view import when


async def settings_page(request: Request) -> Response:
    chosen = await guild_settings.read(need(request, Database), request.scope["guild"].id)
    return _form(request, chosen, {})


def _form(
    request: Request,
    chosen: guild_settings.TicketSettings,
    errors: dict[str, str],
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    shown = values or {
        "first_response_minutes": str(chosen.first_response_minutes),
        "auto_close_days": str(chosen.auto_close_days),
        "ask_rating": "1" if chosen.ask_rating else "",
        "reply_in": chosen.reply_in,
    }
    context = {
        "guild": request.scope["guild"],
        "values": shown,
        "errors": errors,
        "board_url": pages.board_url(request),
        "reply_in": guild_settings.REPLY_IN,
    }
    return render(request, "tickets/settings.html", context, status_code=status)


async def save_settings(request: Request) -> Response:
    posted = await pages.fields(request)
    chosen, errors = guild_settings.parse(posted)
    if errors:
        return _form(request, chosen, errors, posted, status=422)
    database, actor = need(request, Database), pages.actor(request)
    await guild_settings.save(database, request.scope["guild"].id, chosen)
    await activity.record(
        database,
        "tickets.settings_saved",
        user_id=actor.user_id,
        guild_id=request.scope["guild"].id,
        ip=actor.ip,
        reply_in=chosen.reply_in,
        first_response_minutes=chosen.first_response_minutes,
        auto_close_days=chosen.auto_close_days,
        ask_rating=chosen.ask_rating,
    )
    return htmx.redirect(request, pages.board_url(request))


async def purge_expired(request: Request) -> None:
    """Forget tickets binned more than BIN_DAYS ago, with their timelines."""
    await need(request, Database).execute(
        "DELETE FROM tickets WHERE deleted_at IS NOT NULL AND deleted_at < :c", {"c": db.now() - BIN_DAYS * 86400}
    )


async def bin_page(request: Request) -> Response:
    await purge_expired(request)
    found = await need(request, Database).fetch_all(
        "SELECT number, title, opener_name, deleted_at FROM tickets WHERE guild_id = :g AND deleted_at IS NOT NULL "
        "ORDER BY deleted_at DESC LIMIT 200",
        {"g": request.scope["guild"].id},
    )
    context = {
        "guild": request.scope["guild"],
        "binned": db.rows(found),
        "when": when,
        "days": BIN_DAYS,
        "board_url": pages.board_url(request),
        "now": db.now(),
    }
    return render(request, "tickets/bin.html", context)
