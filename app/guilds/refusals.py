"""The guild refusals that are pages of their own, raised like `NotFound` and answered where guild requests enter.

Unknown guild (404) and no manager rights (403) are plain error pages, raised as `NotFound` and `Forbidden`. These
three answer otherwise, so the app's error handlers cannot draw them: Discord not answering is a 503 that says when
to try again (`Retry-After`); a session Discord no longer accepts goes back to sign-in with its cookie cleared; a
guild without the bot gets the page that invites it (200: nothing is wrong, a step is missing).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from app.auth.cookies import CookieJar
from app.auth.middleware import login_url
from app.core import htmx
from app.core.errors import error_response
from app.core.registry import need
from app.core.templating import render
from app.discord.client import Discord
from app.guilds.rights import BOT_PERMISSIONS


class Refused(Exception):
    """A guild request that may not go on; `response` is its page."""

    def response(self, request: Request) -> Response:
        raise NotImplementedError


class DiscordUnavailable(Refused):
    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after

    def response(self, request: Request) -> Response:
        return error_response(request, 503, self.message, retry_after=self.retry_after)


class SessionEnded(Refused):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def response(self, request: Request) -> Response:
        response = htmx.redirect(request, login_url(request, reason=self.reason))
        need(request, CookieJar).clear(response, "session")
        return response


class BotAbsent(Refused):
    def __init__(self, guild: dict[str, Any]) -> None:
        super().__init__(str(guild["id"]))
        self.guild = guild

    def response(self, request: Request) -> Response:
        invite = need(request, Discord).bot_invite_url(str(self.guild["id"]), BOT_PERMISSIONS)
        return render(request, "guilds/bot_absent.html", {"guild": self.guild, "invite_url": invite})


Endpoint = Callable[[Request], Awaitable[Response]]


def answers_refusals(endpoint: Endpoint) -> Endpoint:
    """For the routes outside the guard that still read the guild list (the list itself, its refresh)."""

    @wraps(endpoint)
    async def answered(request: Request) -> Response:
        try:
            return await endpoint(request)
        except Refused as refused:
            return refused.response(request)

    return answered
