"""Every builder route, mounted under /guilds/{guild_id} behind the guild guard."""

from __future__ import annotations

from starlette.routing import BaseRoute

from app.builder.routes import editor as editor_routes
from app.builder.routes import history as history_routes
from app.builder.routes import json as json_routes
from app.builder.routes import library as library_routes
from app.builder.routes import publish as publish_routes
from app.builder.routes import shares as share_routes

routes: list[BaseRoute] = [
    *library_routes.routes,
    *editor_routes.routes,
    *json_routes.routes,
    *history_routes.routes,
    *publish_routes.routes,
    *share_routes.guild_routes,
]
