"""The guild guard: everything under /guilds/{guild_id} passes through it, so no guild route can forget it.

not a snowflake, or not among the user's guilds -> 404; no manager rights -> 403; bot absent -> the invite page;
Discord not answering -> 503 with Retry-After; a grant Discord refuses even after a refresh -> the session ends.
`decide` raises each refusal (`app/guilds/refusals.py` says which are pages of their own). Reads trust the guild
list for its TTL; changes (POST and the like) re-check the list, and that the bot is still there, with answers at
most GUILD_RECHECK_SECONDS old, so rights removed in Discord stop a save within seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from databases import Database
from starlette.requests import HTTPConnection, Request
from starlette.routing import BaseRoute, Match, Route, Router
from starlette.types import Receive, Scope, Send

from app.auth import chain
from app.auth.permissions import permissions_of
from app.core.errors import Forbidden, NotFound
from app.core.registry import need
from app.discord import errors
from app.discord.tokens import TokenKeeper
from app.guilds.bot import PRESENT_TTL, BotView
from app.guilds.lists import GuildList, GuildLists, GuildsUnavailable
from app.guilds.refusals import BotAbsent, DiscordUnavailable, Refused, SessionEnded
from app.guilds.rights import can_manage, is_snowflake
from app.settings import Settings

SAFE_METHODS = ("GET", "HEAD")
NOT_MANAGER = "You need the Manage Server or Administrator permission in this server to manage it here."
NEEDS_DISCORD = "Sign in with Discord to manage servers: Guildhall reads your servers from your Discord account."
BOT_UNKNOWN = "Guildhall could not ask Discord whether the bot is in this server. Please try again in a moment."
STALE_FOR_CHANGE = (
    "Guildhall could not confirm your permissions with Discord just now, so nothing was saved. "
    "Your changes are still in the page; try again in a moment."
)
RETRY_AFTER = 5


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


async def decide(
    connection: HTTPConnection, identity: chain.Identity, guild_id: str, *, changing: bool, opens_to: str = ""
) -> GuildAccess:
    """The guild this person may enter here; else raises `NotFound`, `Forbidden` or a `Refused` page.

    `opens_to` names a permission that lets a member who does not manage the guild in (`tickets`)."""
    if not is_snowflake(guild_id):
        raise NotFound()
    if identity.manages_any_guild:
        return await _platform_entry(need(connection, BotView), guild_id)
    settings = need(connection, Settings)
    max_age = settings.guild_recheck_seconds if changing else settings.guild_cache_seconds
    # The guard is a guild request's first look at the list, so the row read with the session is still current.
    listed = await user_guilds(connection, identity, max_age, identity.guild_list)
    if changing and listed.notice:
        raise DiscordUnavailable(STALE_FOR_CHANGE, RETRY_AFTER)
    entry = next((g for g in listed.guilds if g.get("id") == guild_id), None)
    if entry is None:
        raise NotFound()
    if not can_manage(entry) and not await _holds(connection, identity, opens_to):
        raise Forbidden(NOT_MANAGER)
    bot_age = settings.guild_recheck_seconds if changing else PRESENT_TTL
    bot = await _bot_in(need(connection, BotView), guild_id, bot_age)
    if bot is None:
        raise BotAbsent(entry)
    managed = tuple(g for g in listed.guilds if can_manage(g))
    return GuildAccess(guild_id, str(entry.get("name", "")), entry.get("icon"), bot, listed.notice, managed)


async def _holds(connection: HTTPConnection, identity: chain.Identity, permission: str) -> bool:
    return bool(permission) and permission in await permissions_of(need(connection, Database), identity.user_id)


async def _platform_entry(view: BotView, guild_id: str) -> GuildAccess:
    """Holders of `guilds.manage_any` enter any guild the bot is in, whatever Discord says of them."""
    bot = await _bot_in(view, guild_id, PRESENT_TTL)
    if bot is None:
        raise NotFound()
    entry = {"id": guild_id, "name": bot.get("name", ""), "icon": bot.get("icon")}
    return GuildAccess(guild_id, str(entry["name"]), entry["icon"], bot, "", (entry,))


async def _bot_in(view: BotView, guild_id: str, max_age: int) -> dict[str, Any] | None:
    """The guild as the bot sees it, None when the bot is not in it; Discord not saying which is a refusal."""
    try:
        return await view.guild(guild_id, max_age=max_age)
    except errors.DiscordError as exc:
        raise DiscordUnavailable(BOT_UNKNOWN, RETRY_AFTER) from exc


async def user_guilds(
    connection: HTTPConnection, identity: chain.Identity, max_age: int, row: dict[str, Any] | None = None
) -> GuildList:
    """The user's guilds; after a 401, one token refresh and one more try, then the session ends. `row`: the list's
    row as the caller already has it, for the first try."""
    if not (identity.discord_id and identity.access_token):
        raise Forbidden(NEEDS_DISCORD)
    lists, token = need(connection, GuildLists), identity.access_token
    for attempt in range(2):
        try:
            return await lists.get(identity.discord_id, token, max_age, None if attempt else row)
        except GuildsUnavailable as exc:
            raise DiscordUnavailable(exc.message, exc.retry_after) from exc
        except errors.Unauthorized:
            if attempt:
                break
            try:
                token = (await need(connection, TokenKeeper).refresh_rejected(identity.discord_id, token)).access_token
            except errors.DiscordError:
                break
    ended = await chain.end(need(connection, Database), need(connection, TokenKeeper), identity, "revoked")
    raise SessionEnded(ended.reason)


class GuildGuard:
    """An ASGI app in front of the guild's routes; they find the checked guild in `scope["guild"]`."""

    def __init__(self, routes: list[BaseRoute]) -> None:
        self.router = Router(routes=routes)
        # What each route's path ends with after its last parameter: a request whose path ends otherwise cannot be
        # that route's, and needs no regular expression to say so.
        self._endings = [(route, route.path.rsplit("}", 1)[-1]) for route in routes if isinstance(route, Route)]

    @property
    def routes(self) -> list[BaseRoute]:
        return self.router.routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route, child = self._match(scope)
        changing = self._changing(scope, route) or _asks_recheck(scope)
        request = Request(scope, receive)
        opens_to = getattr(route.endpoint, "opens_to", "") if route is not None else ""
        guild_id = scope["path_params"]["guild_id"]
        try:
            scope["guild"] = await decide(request, scope["user"], guild_id, changing=changing, opens_to=opens_to)
        except Refused as refused:
            await refused.response(request)(scope, receive, send)
            return
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


def _asks_recheck(scope: Scope) -> bool:
    """`?recheck=1`: the person asked for answers fresh from Discord (most requests carry no query at all)."""
    return b"recheck" in scope["query_string"] and Request(scope).query_params.get("recheck") == "1"
