"""After a privilege change (2FA on or off, a new password) the session gets a new id."""

from __future__ import annotations

from databases import Database
from starlette.requests import Request
from starlette.responses import Response

from app.auth import sessions
from app.auth.chain import Identity
from app.auth.session_start import start_session
from app.core.registry import need


async def renew_session(request: Request, response: Response, *, end_others: bool = False) -> None:
    """A new session id with the same kind and lifetime; with `end_others`, every other session ends too."""
    database = need(request, Database)
    user: Identity = request.scope["user"]
    current = await database.fetch_one(
        "SELECT kind, expires_at FROM sessions WHERE id_hash = :h", {"h": user.session_hash}
    )
    assert current is not None, "the auth chain only lets live sessions through"
    if end_others:
        await sessions.delete_all(database, user.user_id)
    await start_session(request, response, user_id=user.user_id, kind=current["kind"], expires_at=current["expires_at"])
