"""The guild list, the guild overview, and the guarded mount every guild page lives under."""

from __future__ import annotations

from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route

from app.core import db, htmx
from app.core.registry import need
from app.core.route_paths import path_for
from app.core.templating import render
from app.discord.client import Discord
from app.guilds.bot import BotView
from app.guilds.guard import GuildGuard, user_guilds
from app.guilds.lists import GuildList
from app.guilds.refusals import answers_refusals
from app.guilds.rights import BOT_PERMISSIONS, can_manage, is_snowflake
from app.settings import Settings

REFRESH_EVERY = 10


def icon_url(settings: Settings, guild: dict[str, Any]) -> str:
    icon = guild.get("icon")
    return f"{settings.discord_cdn_base}/icons/{guild['id']}/{icon}.png?size=64" if icon else ""


async def _managed_with_bot(request: Request, listed: GuildList) -> list[dict[str, Any]]:
    settings, view, discord = need(request, Settings), need(request, BotView), need(request, Discord)
    rows = []
    for guild in listed.guilds:
        if not can_manage(guild):
            continue
        bot = await view.guild(str(guild["id"]))
        invite = "" if bot else discord.bot_invite_url(str(guild["id"]), BOT_PERMISSIONS)
        rows.append({**guild, "icon_url": icon_url(settings, guild), "bot": bot is not None, "invite_url": invite})
    return sorted(rows, key=lambda g: str(g.get("name", "")).lower())


@answers_refusals
async def guild_list(request: Request) -> Response:
    return await _list(request)


async def _list(request: Request, *, message: str = "", status: int = 200) -> Response:
    user = request.scope["user"]
    if not (user.discord_id and user.access_token):
        return render(request, "guilds/list.html", {"guilds": [], "notice": "", "needs_discord": True, "message": ""})
    listed = await user_guilds(request, user, need(request, Settings).guild_cache_seconds)
    return await _list_page(request, listed, message, status)


async def _list_page(request: Request, listed: GuildList, message: str = "", status: int = 200) -> Response:
    context = {
        "guilds": await _managed_with_bot(request, listed),
        "notice": listed.notice,
        "needs_discord": False,
        "message": message,
        "fetched_at": listed.fetched_at,
    }
    return render(request, "guilds/list.html", context, status_code=status, blocks=("guild_list",))


@answers_refusals
async def refresh(request: Request) -> Response:
    """Ask Discord again, at most once per 10 seconds per user."""
    user = request.scope["user"]
    fetched_at = await need(request, Database).fetch_val(
        "SELECT fetched_at FROM guild_lists WHERE discord_id = :d", {"d": user.discord_id or ""}
    )
    wait = REFRESH_EVERY - (db.now() - int(fetched_at or 0))
    if wait > 0:
        message = f"The list was refreshed moments ago. You can refresh it again in {wait} seconds."
        return await _list(request, message=message, status=429)
    listed = await user_guilds(request, user, 0)
    if htmx.htmx(request).partial:
        return await _list_page(request, listed)  # the list just fetched: no second look for it
    return htmx.redirect(request, path_for(request, "guilds"))


async def switch(request: Request) -> Response:
    guild_id = request.query_params.get("guild_id", "")
    target = path_for(request, "guild", guild_id=guild_id) if is_snowflake(guild_id) else path_for(request, "guilds")
    return htmx.redirect(request, target)


# The guild list's own pages. The pages of one guild come from the features, each behind the guard: see `guarded`.
routes: list[BaseRoute] = [
    Route("/guilds", guild_list, name="guilds"),
    Route("/guilds/refresh", refresh, name="guilds_refresh", methods=["POST"]),
    Route("/guilds/switch", switch, name="guilds_switch"),
]


def guarded(overview: BaseRoute, pages: list[BaseRoute]) -> list[BaseRoute]:
    """The guild's own URL (`/guilds/{guild_id}`) and everything below it, every one through the same guard."""
    return [
        Route("/guilds/{guild_id}", GuildGuard([overview]), methods=["GET"], name="guild"),
        Mount("/guilds/{guild_id}", app=GuildGuard(pages), name="guild_pages"),
    ]
