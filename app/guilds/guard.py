"""The guild guard: everything under /guilds/{guild_id} passes through it, so no guild route can forget it.

not a snowflake, or not among the user's guilds -> 404; no manager rights -> 403; bot absent -> the invite page.
Reads trust the guild list for its TTL; changes (POST and the like) re-check the list, and that the bot is still
there, with answers at most GUILD_RECHECK_SECONDS old, so rights removed in Discord stop a save within seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Route, Router
from starlette.types import Receive, Scope, Send

from app import htmx
from app.admin.permissions import permissions_of
from app.auth import chain
from app.auth.middleware import login_url
from app.discord import errors
from app.errors import error_response
from app.guilds.bot import PRESENT_TTL
from app.guilds.lists import GuildList, GuildsUnavailable
from app.guilds.rights import BOT_PERMISSIONS, can_manage, is_snowflake
from app.services import Services
from app.templating import render

SAFE_METHODS = ("GET", "HEAD")
NOT_MANAGER = "You need the Manage Server or Administrator permission in this server to manage it here."
NEEDS_DISCORD = "Sign in with Discord to manage servers: Guildhall reads your servers from your Discord account."
BOT_UNKNOWN = "Guildhall could not ask Discord whether the bot is in this server. Please try again in a moment."
STALE_FOR_CHANGE = (
    "Guildhall could not confirm your permissions with Discord just now, so nothing was saved. "
    "Your changes are still in the page; try again in a moment."
)


Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


def reads_only(endpoint: Endpoint) -> Endpoint:
    """Mark a POST endpoint that changes nothing (a check as the person types): the guard treats it as a read."""
    endpoint.reads_only = True  # type: ignore[attr-defined]
    return endpoint


def opens_to(permission: str) -> Callable[[Endpoint], Endpoint]:
    """Mark an endpoint that a member of the guild holding `permission` may use without managing the guild."""

    def mark(endpoint: Endpoint) -> Endpoint:
        endpoint.opens_to = permission  # type: ignore[attr-defined]
        return endpoint

    return mark


@dataclass(frozen=True)
class GuildAccess:
    id: str
    name: str
    icon: str | None
    bot: dict[str, Any]
    notice: str
    managed: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Refusal:
    status: int
    message: str
    retry_after: int = 0


@dataclass(frozen=True)
class BotAbsent:
    guild: dict[str, Any]


Decision = GuildAccess | Refusal | BotAbsent | chain.Ended


async def decide(
    services: Services, identity: chain.Identity, guild_id: str, *, changing: bool, opens_to: str = ""
) -> Decision:
    if not is_snowflake(guild_id):
        return Refusal(404, "")
    if identity.manages_any_guild:
        return await _platform_entry(services, guild_id)
    settings = services.settings
    max_age = settings.guild_recheck_seconds if changing else settings.guild_cache_seconds
    # The guard is a guild request's first look at the list, so the row read with the session is still current.
    listed = await user_guilds(services, identity, max_age, identity.guild_list)
    if not isinstance(listed, GuildList):
        return listed
    if changing and listed.notice:
        return Refusal(503, STALE_FOR_CHANGE, retry_after=5)
    entry = next((g for g in listed.guilds if g.get("id") == guild_id), None)
    if entry is None:
        return Refusal(404, "")
    if not can_manage(entry) and not (
        opens_to and opens_to in await permissions_of(services.database, identity.user_id)
    ):
        return Refusal(403, NOT_MANAGER)
    return await _with_bot(services, entry, listed, settings.guild_recheck_seconds if changing else PRESENT_TTL)


async def _platform_entry(services: Services, guild_id: str) -> Decision:
    """Holders of `guilds.manage_any` enter any guild the bot is in, whatever Discord says of them."""
    try:
        bot = await services.bot.guild(guild_id)
    except errors.DiscordError:
        return Refusal(503, BOT_UNKNOWN, 5)
    if bot is None:
        return Refusal(404, "")
    entry = {"id": guild_id, "name": bot.get("name", ""), "icon": bot.get("icon")}
    return GuildAccess(guild_id, str(entry["name"]), entry["icon"], bot, "", (entry,))


async def user_guilds(
    services: Services, identity: chain.Identity, max_age: int, row: dict[str, Any] | None = None
) -> GuildList | Refusal | chain.Ended:
    """The user's guilds; after a 401, one token refresh and one more try, then the session ends. `row`: the list's
    row as the caller already has it, for the first try."""
    if not (identity.discord_id and identity.access_token):
        return Refusal(403, NEEDS_DISCORD)
    token = identity.access_token
    for attempt in range(2):
        try:
            return await services.guild_lists.get(identity.discord_id, token, max_age, None if attempt else row)
        except GuildsUnavailable as exc:
            return Refusal(503, exc.message, exc.retry_after)
        except errors.Unauthorized:
            if attempt:
                break
            try:
                token = (await services.tokens.refresh_rejected(identity.discord_id, token)).access_token
            except errors.DiscordError:
                break
    return await chain.end(services, identity, "revoked")


async def _with_bot(services: Services, entry: dict[str, Any], listed: GuildList, max_age: int) -> Decision:
    try:
        bot = await services.bot.guild(str(entry["id"]), max_age=max_age)
    except errors.DiscordError:
        return Refusal(503, BOT_UNKNOWN, 5)
    if bot is None:
        return BotAbsent(entry)
    managed = tuple(g for g in listed.guilds if can_manage(g))
    return GuildAccess(str(entry["id"]), str(entry.get("name", "")), entry.get("icon"), bot, listed.notice, managed)


class GuildGuard:
    """An ASGI app in front of the guild's routes; they find the checked guild in `scope["guild"]`."""

    def __init__(self, routes: list[BaseRoute], services: Services) -> None:
        self.router = Router(routes=routes)
        self.services = services
        # What each route's path ends with after its last parameter: a request whose path ends otherwise cannot be
        # that route's, and needs no regular expression to say so.
        self._endings = [(route, route.path.rsplit("}", 1)[-1]) for route in routes if isinstance(route, Route)]

    @property
    def routes(self) -> list[BaseRoute]:
        return self.router.routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route, child = self._match(scope)
        changing = self._changing(scope, route) or _asks_recheck(scope)
        opens_to = getattr(route.endpoint, "opens_to", "") if route is not None else ""
        guild_id = scope["path_params"]["guild_id"]
        decision = await decide(self.services, scope["user"], guild_id, changing=changing, opens_to=opens_to)
        if not isinstance(decision, GuildAccess):
            await self._refuse(Request(scope, receive), decision)(scope, receive, send)
            return
        scope["guild"] = decision
        if route is None:  # no route, or the wrong method: the router answers 404 or 405
            await self.router(scope, receive, send)
            return
        scope.update(child)
        await route.handle(scope, receive, send)

    def _match(self, scope: Scope) -> tuple[Route | None, Scope]:
        """The route this request goes to, matched once for both the guard and the dispatch."""
        path = scope["path"]
        for route, ending in self._endings:
            if path.endswith(ending):
                match, child = route.matches(scope)
                if match == Match.FULL:
                    return route, child
        return None, {}

    @staticmethod
    def _changing(scope: Scope, route: Route | None) -> bool:
        if scope["method"] in SAFE_METHODS:
            return False
        return not getattr(route.endpoint, "reads_only", False) if route is not None else True

    def _refuse(self, request: Request, decision: Decision) -> Response:
        return refusal_response(request, self.services, decision)


def _asks_recheck(scope: Scope) -> bool:
    """`?recheck=1`: the person asked for answers fresh from Discord (most requests carry no query at all)."""
    return b"recheck" in scope["query_string"] and Request(scope).query_params.get("recheck") == "1"


def refusal_response(request: Request, services: Services, decision: Decision) -> Response:
    """The page for a guild request that may not go on."""
    if isinstance(decision, chain.Ended):
        response = htmx.redirect(request, login_url(reason=decision.reason))
        services.cookies.clear(response, "session")
        return response
    if isinstance(decision, BotAbsent):
        invite = services.discord.bot_invite_url(str(decision.guild["id"]), BOT_PERMISSIONS)
        return render(request, "guilds/bot_absent.html", {"guild": decision.guild, "invite_url": invite})
    assert isinstance(decision, Refusal)
    return error_response(request, decision.status, decision.message, retry_after=decision.retry_after)
