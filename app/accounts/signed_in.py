"""The last step of every local sign-in (a password alone, or a password and a code): the session begins."""

from __future__ import annotations

from databases import Database
from starlette.requests import Request
from starlette.responses import Response

from app.auth.session_start import start_session
from app.core import activity, db, htmx
from app.core.client import client_ip
from app.core.registry import need

SESSION_LIFETIME = 7 * 24 * 3600


async def signed_in(request: Request, user_id: int, return_path: str, via: str) -> Response:
    response = htmx.redirect(request, return_path)
    await start_session(request, response, user_id=user_id, kind="password", expires_at=db.now() + SESSION_LIFETIME)
    await activity.record(need(request, Database), "auth.sign_in", user_id=user_id, ip=client_ip(request), via=via)
    return response
