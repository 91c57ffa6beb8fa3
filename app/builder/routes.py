"""Every builder route, mounted under /guilds/{guild_id} behind the guild guard."""

from __future__ import annotations

from starlette.routing import BaseRoute

from app.builder import editor_routes, history_routes, json_routes, library_routes, publish_routes

routes: list[BaseRoute] = [
    *library_routes.routes,
    *editor_routes.routes,
    *json_routes.routes,
    *history_routes.routes,
    *publish_routes.routes,
]
