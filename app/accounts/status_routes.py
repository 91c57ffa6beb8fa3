"""`/auth/status`: who is signed in, as JSON for scripts."""

from __future__ import annotations

from databases import Database
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.accounts import totp
from app.auth.chain import Identity
from app.auth.permissions import permissions_of
from app.core.registry import need


async def status(request: Request) -> Response:
    user = request.scope.get("user")
    if not isinstance(user, Identity):
        return JSONResponse({"authenticated": False, "user": None})
    database = need(request, Database)
    return JSONResponse(
        {
            "authenticated": True,
            "user": {
                "id": user.user_id,
                "username": user.username,
                "display_name": user.display_name,
                "email": user.email,
                "discord_id": user.discord_id,
                "two_factor": await totp.is_enabled(database, user.user_id),
                "permissions": sorted(await permissions_of(database, user.user_id)),
            },
        }
    )
