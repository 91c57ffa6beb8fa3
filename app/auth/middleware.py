"""Who is asking: the auth chain for every request, and the sign-in wall for every non-public path."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.auth import chain
from app.auth.chain import Chain
from app.auth.cookies import CookieJar
from app.core import htmx
from app.core.crypto import digest, new_token
from app.core.errors import error_response
from app.core.route_paths import path_for
from app.discord import errors

# /dev/ exists only in development mode (the mail outbox), which tells a signed-out visitor to sign in; /shared/
# is a draft's read-only share link, opened by whoever has it.
PUBLIC = ("/auth/", "/static/", "/interactions", "/healthz", "/readyz", "/favicon.ico", "/dev/", "/shared/")


def is_public(path: str) -> bool:
    return path == "/" or path.startswith(PUBLIC)


def login_url(connection: HTTPConnection, next_path: str = "", reason: str = "") -> str:
    """The sign-in page, saying where to go afterwards and why the visitor was sent there."""
    next_path = "" if next_path == "/" else next_path
    params = {key: value for key, value in (("next", next_path), ("reason", reason)) if value}
    return path_for(connection, "login") + (f"?{urlencode(params)}" if params else "")


class AuthMiddleware:
    def __init__(self, app: ASGIApp, chain: Chain, cookies: CookieJar, skip: tuple[str, ...] = ()) -> None:
        self.app = app
        self.chain = chain
        self.cookies = cookies
        self.skip = skip  # paths served without a session: static files, the liveness probe

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.skip):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        nonce = self.cookies.read(request, "browser")
        new_cookies: list[tuple[str, str]] = []
        if nonce is None:
            nonce = new_token()
            new_cookies.append(("browser", nonce))
        scope["browser_nonce"] = nonce
        try:
            found = await self._identity(request)
        except errors.DiscordError:
            await error_response(
                request,
                503,
                "Guildhall could not reach Discord to check your session. Please try again in a moment.",
                retry_after=5,
            )(scope, receive, send)
            return
        if isinstance(found, chain.Ended):
            await self._ended(request, found, send)
            return
        scope["user"] = found
        scope["csrf_binding"] = found.csrf_secret if found else digest(nonce)
        if found is None and not is_public(scope["path"]):
            await self._to_login(request, send, "")
            return
        await self.app(scope, receive, self._with_cookies(send, new_cookies))

    async def _identity(self, request: Request) -> chain.Identity | chain.Ended | None:
        session_id = self.cookies.read(request, "session")
        return await chain.resolve(self.chain, session_id) if session_id else None

    def _with_cookies(self, send: Send, new_cookies: list[tuple[str, str]]) -> Send:
        if not new_cookies:
            return send

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                carrier = Response()
                for base, value in new_cookies:
                    self.cookies.write(carrier, base, value)
                message["headers"] = [*message.get("headers", []), *carrier.raw_headers[-len(new_cookies) :]]
            await send(message)

        return sending

    async def _ended(self, request: Request, ended: chain.Ended, send: Send) -> None:
        await self._to_login(request, send, ended.reason, clear_session=True)

    async def _to_login(self, request: Request, send: Send, reason: str, *, clear_session: bool = False) -> None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        response = htmx.redirect(request, login_url(request, target if request.method == "GET" else "", reason))
        if clear_session:
            self.cookies.clear(response, "session")
        await response(request.scope, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}
