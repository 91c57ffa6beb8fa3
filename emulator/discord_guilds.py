"""Bot routes that read a guild: the guild itself, its channels, roles and emojis."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from emulator.discord_auth import bot_guild
from emulator.discord_objects import channel_json, emoji_json, guild_json, role_json
from emulator.state import emulator_state


async def guild(request: Request) -> JSONResponse:
    found = bot_guild(request, emulator_state(request))
    with_counts = request.query_params.get("with_counts", "").lower() == "true"
    return JSONResponse(guild_json(found, with_counts))


async def channels(request: Request) -> JSONResponse:
    found = bot_guild(request, emulator_state(request))
    return JSONResponse([channel_json(c, found.fixture.id) for c in found.fixture.channels])


async def roles(request: Request) -> JSONResponse:
    found = bot_guild(request, emulator_state(request))
    return JSONResponse([role_json(r) for r in found.fixture.roles])


async def emojis(request: Request) -> JSONResponse:
    found = bot_guild(request, emulator_state(request))
    return JSONResponse([emoji_json(e) for e in found.fixture.emojis])


routes = [
    Route("/discord/api/v10/guilds/{guild_id}", guild, methods=["GET"]),
    Route("/discord/api/v10/guilds/{guild_id}/channels", channels, methods=["GET"]),
    Route("/discord/api/v10/guilds/{guild_id}/roles", roles, methods=["GET"]),
    Route("/discord/api/v10/guilds/{guild_id}/emojis", emojis, methods=["GET"]),
]
