"""Recording what the signed-in user just did, with their id and address, in the activity log."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from app import activity
from app.auth.chain import Identity
from app.auth.routes import client_ip
from app.services import services


async def record(request: Request, action: str, **detail: Any) -> None:
    user = request.scope.get("user")
    user_id = user.user_id if isinstance(user, Identity) else None
    await activity.record(services(request).database, action, user_id=user_id, ip=client_ip(request), **detail)
