"""The guild list, the guild overview, and the guarded mount every guild page lives under."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route

from app import db, htmx
from app.builder import routes as builder
from app.guilds.guard import GuildAccess, GuildGuard, refusal_response, user_guilds
from app.guilds.lists import GuildList
from app.guilds.rights import BOT_PERMISSIONS, can_manage, is_snowflake
from app.linking import github_routes
from app.responses import routes as form_responses
from app.services import Services, services
from app.templating import render
from app.tickets import measures
from app.tickets import routes as tickets

REFRESH_EVERY = 10


def icon_url(found: Services, guild: dict[str, Any]) -> str:
    icon = guild.get("icon")
    return f"{found.settings.discord_cdn_base}/icons/{guild['id']}/{icon}.png?size=64" if icon else ""


async def _managed_with_bot(found: Services, listed: GuildList) -> list[dict[str, Any]]:
    rows = []
    for guild in listed.guilds:
        if not can_manage(guild):
            continue
        bot = await found.bot.guild(str(guild["id"]))
        invite = "" if bot else found.discord.bot_invite_url(str(guild["id"]), BOT_PERMISSIONS)
        rows.append({**guild, "icon_url": icon_url(found, guild), "bot": bot is not None, "invite_url": invite})
    return sorted(rows, key=lambda g: str(g.get("name", "")).lower())


async def guild_list(request: Request, *, max_age: int | None = None, message: str = "", status: int = 200) -> Response:
    found = services(request)
    user = request.scope["user"]
    if not (user.discord_id and user.access_token):
        return render(request, "guilds/list.html", {"guilds": [], "notice": "", "needs_discord": True, "message": ""})
    listed = await user_guilds(found, user, found.settings.guild_cache_seconds if max_age is None else max_age)
    if not isinstance(listed, GuildList):
        return refusal_response(request, found, listed)
    return await _list_page(request, listed, message, status)


async def _list_page(request: Request, listed: GuildList, message: str = "", status: int = 200) -> Response:
    found = services(request)
    context = {
        "guilds": await _managed_with_bot(found, listed),
        "notice": listed.notice,
        "needs_discord": False,
        "message": message,
        "fetched_at": listed.fetched_at,
    }
    return render(request, "guilds/list.html", context, status_code=status, blocks=("guild_list",))


async def refresh(request: Request) -> Response:
    """Ask Discord again, at most once per 10 seconds per user."""
    found = services(request)
    user = request.scope["user"]
    fetched_at = await found.database.fetch_val(
        "SELECT fetched_at FROM guild_lists WHERE discord_id = :d", {"d": user.discord_id or ""}
    )
    wait = REFRESH_EVERY - (db.now() - int(fetched_at or 0))
    if wait > 0:
        message = f"The list was refreshed moments ago. You can refresh it again in {wait} seconds."
        return await guild_list(request, message=message, status=429)
    listed = await user_guilds(found, user, 0)
    if not isinstance(listed, GuildList):
        return refusal_response(request, found, listed)
    if htmx.htmx(request).partial:
        return await _list_page(request, listed)  # the list just fetched: no second look for it
    return htmx.redirect(request, "/guilds")


async def switch(request: Request) -> Response:
    guild_id = request.query_params.get("guild_id", "")
    return htmx.redirect(request, f"/guilds/{guild_id}" if is_snowflake(guild_id) else "/guilds")


async def overview(request: Request) -> Response:
    found = services(request)
    guild: GuildAccess = request.scope["guild"]
    context = {
        "guild": guild,
        "repository": await found.repositories.shown(guild.id),
        "icon_url": icon_url(found, {"id": guild.id, "icon": guild.icon}),
        "switcher": sorted(guild.managed, key=lambda g: str(g.get("name", "")).lower()),
        "rating": await measures.weekly_rating(found.database, guild.id),
    }
    return render(request, "guilds/overview.html", context)


def guild_pages() -> list[BaseRoute]:
    """Every page below one guild. New guild features add their routes here, behind the guard."""
    return [*github_routes.guild_pages(), *builder.routes, *form_responses.guild_pages(), *tickets.guild_pages()]


def routes(found: Services) -> list[BaseRoute]:
    """The guild's own URL (`/guilds/{id}`) and everything below it pass through the same guard."""
    return [
        Route("/guilds", guild_list, name="guilds"),
        Route("/guilds/refresh", refresh, name="guilds_refresh", methods=["POST"]),
        Route("/guilds/switch", switch, name="guilds_switch"),
        Route(
            "/guilds/{guild_id}",
            GuildGuard([Route("/guilds/{guild_id}", overview)], found),
            methods=["GET"],
            name="guild",
        ),
        Mount("/guilds/{guild_id}", app=GuildGuard(guild_pages(), found), name="guild_pages"),
    ]
