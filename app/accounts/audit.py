"""Recording what the signed-in user just did, with their id and address, in the activity log."""

from __future__ import annotations

from typing import Any

from databases import Database
from starlette.requests import Request

from app.auth.chain import Identity
from app.core import activity
from app.core.client import client_ip
from app.core.registry import need


async def record(request: Request, action: str, **detail: Any) -> None:
    user = request.scope.get("user")
    user_id = user.user_id if isinstance(user, Identity) else None
    await activity.record(need(request, Database), action, user_id=user_id, ip=client_ip(request), **detail)
