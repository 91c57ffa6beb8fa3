"""The middleware every emulated request passes: request log, injected faults, Discord rate limits.

Routes are named by method and path template, with the Discord API prefix dropped
(`GET /users/@me/guilds`, `GET /github/api/user/repos`); faults and the log use the same names.
The control API under `/_emulator/` is neither logged nor limited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from starlette.datastructures import Headers, MutableHeaders
from starlette.routing import BaseRoute, Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from emulator import faults, ratelimit
from emulator.errors import DISCORD_API
from emulator.state import LogEntry, State, fingerprint

CONTROL_PREFIX = "/_emulator/"
_CONVERTOR = re.compile(r"\{(\w+):\w+\}")


def route_of(routes: Sequence[BaseRoute], scope: Scope) -> tuple[str, dict[str, str]]:
    """The route's name (`METHOD /template`) and the request's path parameters."""
    for route in routes:
        match, child = route.matches(scope)
        if match is not Match.NONE and isinstance(route, Route):
            params = {k: str(v) for k, v in child.get("path_params", {}).items()}
            template = _CONVERTOR.sub(r"{\1}", route.path.removeprefix(DISCORD_API))
            return f"{scope['method']} {template}", params
    return f"{scope['method']} (unmatched)", {}


def with_headers(send: Send, headers: dict[str, str]) -> Send:
    async def sender(message: Message) -> None:
        if message["type"] == "http.response.start":
            MutableHeaders(scope=message).update(headers)
        await send(message)

    return sender


def caller_of(scope: Scope) -> str:
    """Whose bucket: the credential's fingerprint, or the client address when there is none."""
    authorization = Headers(scope=scope).get("authorization")
    if authorization:
        return fingerprint(authorization)
    client = scope.get("client")
    return client[0] if client else "unknown"


class Instrument:
    def __init__(self, app: ASGIApp, routes: Sequence[BaseRoute]) -> None:
        self.app, self.routes = app, routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        state: State = scope["app"].state.emulator
        route, params = route_of(self.routes, scope)
        statuses: list[int] = []

        async def recording(message: Message) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])
            await send(message)

        try:
            await self._serve(state, route, params, scope, receive, recording)
        except Exception:
            statuses.append(500)
            raise
        finally:
            # 0: the client left before any answer (a held request it gave up on)
            state.record(LogEntry(scope["method"], route, scope["path"], statuses[0] if statuses else 0, state.now()))

    async def _serve(
        self, state: State, route: str, params: dict[str, str], scope: Scope, receive: Receive, send: Send
    ) -> None:
        fault = faults.take(state, route)
        if fault is not None:
            held = await faults.hold(fault.delay_ms / 1000, receive)
            if held is None:
                return
            receive = held
            if fault.status:
                await faults.response(fault)(scope, receive, send)
                return
        if scope["path"].startswith(f"{DISCORD_API}/"):
            await self._rate_limited(state, route, params, scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _rate_limited(
        self, state: State, route: str, params: dict[str, str], scope: Scope, receive: Receive, send: Send
    ) -> None:
        bucket = ratelimit.bucket_for(state, route, params, caller_of(scope))
        now = state.now()
        allowed = bucket.take(now)
        send = with_headers(send, bucket.headers(now))
        if allowed:
            await self.app(scope, receive, send)
        else:
            await ratelimit.too_many_requests(bucket.reset_after(now))(scope, receive, send)
