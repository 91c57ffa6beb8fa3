"""Who may do what: a user's permissions are the union of their roles' permissions.

`requires(...)` guards a route: an anonymous request never gets this far (the sign-in wall answers first), a
signed-in user without the permission gets 403. The guard records its permissions on the endpoint, so a test
can walk the route table and check every admin route against them.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable

from databases import Database
from starlette.requests import Request
from starlette.responses import Response

from app.auth.chain import Identity
from app.core.errors import Forbidden
from app.core.registry import need

ADMIN_ROLE = "Admin"
BUILTIN = ("admin.users", "admin.roles", "admin.logs", "guilds.manage_any", "tickets")

Endpoint = Callable[[Request], Awaitable[Response]]

_OF_USER = """
SELECT DISTINCT p.name FROM user_roles ur
JOIN role_permissions rp ON rp.role_id = ur.role_id
JOIN permissions p ON p.id = rp.permission_id
WHERE ur.user_id = :u
"""


async def permissions_of(database: Database, user_id: int) -> frozenset[str]:
    return frozenset(row["name"] for row in await database.fetch_all(_OF_USER, {"u": user_id}))


def requires(*names: str) -> Callable[[Endpoint], Endpoint]:
    """Let the request through when the signed-in user holds at least one of `names`."""

    def guard(endpoint: Endpoint) -> Endpoint:
        @functools.wraps(endpoint)
        async def guarded(request: Request) -> Response:
            user = request.scope.get("user")
            if not isinstance(user, Identity):
                raise Forbidden("Sign in first.")
            held = await permissions_of(need(request, Database), user.user_id)
            if held.isdisjoint(names):
                raise Forbidden("Your account does not have the permission this page needs.")
            request.scope["permissions"] = held
            return await endpoint(request)

        guarded.permissions = names  # type: ignore[attr-defined]
        return guarded

    return guard


def held(request: Request) -> frozenset[str]:
    """The permissions the guard found for this request."""
    found: frozenset[str] = request.scope.get("permissions", frozenset())
    return found
