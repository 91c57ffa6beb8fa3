"""The home page, and the probes a process manager or load balancer asks."""

from __future__ import annotations

from databases import Database
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.auth.permissions import permissions_of
from app.core import db
from app.core.registry import need
from app.core.templating import render

LINKS = [
    {"route": "guilds", "label": "Your servers", "about": "pick a server you manage and build its messages"},
    {"route": "account", "label": "Your account", "about": "profile, password, two-factor sign-in, linked accounts"},
]
ADMIN_LINK = {"route": "admin", "label": "Administration", "about": "users, roles, permissions and the activity log"}


async def index(request: Request) -> Response:
    user = request.scope.get("user")
    held = await permissions_of(need(request, Database), user.user_id) if user else frozenset()
    links = [*LINKS, ADMIN_LINK] if any(name.startswith("admin.") for name in held) else LINKS
    return render(request, "home/index.html", {"links": links})


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    database = need(request, Database)
    try:
        waiting = await db.pending(database)
    except Exception:
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    if waiting:
        return JSONResponse({"status": "migrating", "pending": waiting}, status_code=503)
    return JSONResponse({"status": "ready"})


routes = [
    Route("/", index, name="home"),
    Route("/healthz", healthz, name="healthz"),
    Route("/readyz", readyz, name="readyz"),
]
