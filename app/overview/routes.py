"""`/guilds/{guild_id}`: the guild's overview."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.core.registry import need
from app.core.templating import render
from app.guilds.guard import GuildAccess
from app.guilds.routes import icon_url
from app.linking.repositories import RepositoryLinks
from app.settings import Settings
from app.tickets.measures import WeeklyRatings


async def overview(request: Request) -> Response:
    guild: GuildAccess = request.scope["guild"]
    context = {
        "guild": guild,
        "repository": await need(request, RepositoryLinks).shown(guild.id),
        "icon_url": icon_url(need(request, Settings), {"id": guild.id, "icon": guild.icon}),
        "switcher": sorted(guild.managed, key=lambda g: str(g.get("name", "")).lower()),
        "rating": await need(request, WeeklyRatings).of(guild.id),
    }
    return render(request, "guilds/overview.html", context)


route = Route("/guilds/{guild_id}", overview)
