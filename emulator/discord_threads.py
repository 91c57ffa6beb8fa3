"""Private threads, as a bot opens them for a ticket: `POST /channels/{id}/threads` on a text channel of a guild the
bot is in, then `PUT /channels/{thread}/thread-members/{user}` for each guild member to add. Their messages are
kept with the DM channels' (see `discord_dms`), both ways."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from emulator.discord_auth import discord_json_body, require_bot, snowflake_param
from emulator.dm_state import Thread
from emulator.errors import DiscordError, invalid_form
from emulator.state import GuildState, State, channel_in_guild, emulator_state

API = "/discord/api/v10"
TEXT_CHANNEL = 0
PRIVATE_THREAD = 12


def _parent(state: State, channel_id: str) -> GuildState:
    guild, channel = channel_in_guild(state, channel_id)
    if channel.type != TEXT_CHANNEL:
        raise DiscordError(400, 50024, "Cannot execute action on this channel type")
    return guild


def thread_json(thread_id: str, thread: Thread) -> dict[str, Any]:
    return {
        "id": thread_id,
        "type": PRIVATE_THREAD,
        "guild_id": thread.guild_id,
        "parent_id": thread.parent_id,
        "name": thread.name,
        "member_count": len(thread.members),
    }


async def create_thread(request: Request) -> JSONResponse:
    require_bot(request)
    state = emulator_state(request)
    parent = snowflake_param(request, "channel_id")
    guild = _parent(state, parent)
    body = await discord_json_body(request)
    name = body.get("name") if isinstance(body, dict) else None
    if not isinstance(name, str) or not 1 <= len(name) <= 100:
        raise invalid_form([(("name",), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")])
    thread_id = state.snowflake()
    state.dms.threads[thread_id] = Thread(guild.fixture.id, parent, name)
    state.dms.messages[thread_id] = []
    return JSONResponse(thread_json(thread_id, state.dms.threads[thread_id]), status_code=201)


async def add_member(request: Request) -> Response:
    require_bot(request)
    state = emulator_state(request)
    thread = state.dms.threads.get(snowflake_param(request, "channel_id"))
    if thread is None:
        raise DiscordError(404, 10003, "Unknown Channel")
    user_id = snowflake_param(request, "user_id")
    if user_id not in state.guilds[thread.guild_id].members:
        raise DiscordError(404, 10007, "Unknown Member")
    thread.members.add(user_id)
    return Response(status_code=204)


routes = [
    Route(f"{API}/channels/{{channel_id}}/threads", create_thread, methods=["POST"]),
    Route(f"{API}/channels/{{channel_id}}/thread-members/{{user_id}}", add_member, methods=["PUT"]),
]
