"""Every page under /admin, each behind the permission it needs."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.admin import activity_routes, permissions_routes, roles_routes, users_routes
from app.auth.permissions import held, requires
from app.core.templating import render


@requires("admin.users", "admin.roles", "admin.logs")
async def index(request: Request) -> Response:
    return render(request, "admin/index.html", {"held": held(request)})


routes = [
    Route("/admin", index, name="admin", methods=["GET"]),
    *users_routes.routes,
    *roles_routes.routes,
    *permissions_routes.routes,
    *activity_routes.routes,
]
