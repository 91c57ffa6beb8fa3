"""Starting a session at sign-in (Discord, password, second step) or after a change of privilege; either way the
browser gets (or keeps) its device cookie for the account."""

from __future__ import annotations

from databases import Database
from starlette.requests import Request
from starlette.responses import Response

from app.auth import chain, device_cookie, sessions
from app.auth.cookies import CookieJar
from app.core.client import client_ip
from app.core.registry import need


async def start_session(request: Request, response: Response, *, user_id: int, kind: str, expires_at: int) -> None:
    """A fresh session id at every sign-in; the one the browser had before is deleted."""
    database = need(request, Database)
    user = request.scope.get("user")
    if isinstance(user, chain.Identity):
        await sessions.delete(database, user.session_hash)
    created = await sessions.create(
        database,
        user_id=user_id,
        kind=kind,
        expires_at=expires_at,
        user_agent=request.headers.get("user-agent", ""),
        ip=client_ip(request),
    )
    need(request, CookieJar).write(response, "session", created.session_id)
    device_cookie.give(request, response, user_id)
