"""Direct messages between the bot and a user, as Discord does them, and the control endpoints that play the user.

POST /users/@me/channels             {recipient_id}  the DM channel (one per user), 10013 for an unknown user
POST /channels/{id}/messages         on a DM channel: 50007 when the user does not accept DMs from the bot;
                                     any other channel is left to `discord_messages`
GET  /channels/{id}/messages         a DM channel's messages, newest first (`after`, `limit` 1..100)
GET  /_emulator/control/dms                           every DM channel and message
POST /_emulator/control/dms          {user_id, content}   the user writes to the bot
POST /_emulator/control/dms/closed   {user_id, closed}    the user closes (or opens) their DMs
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from emulator import discord_messages, fixtures
from emulator.control import PREFIX, body_of, endpoint
from emulator.discord_auth import discord_json_body, require_bot, snowflake_param
from emulator.discord_objects import iso, user_json
from emulator.discord_threads import thread_json
from emulator.errors import DiscordError
from emulator.state import State, emulator_state

API = "/discord/api/v10"
DM_CHANNEL = 1


def _channel_json(channel_id: str, user: fixtures.User) -> dict[str, Any]:
    return {"id": channel_id, "type": DM_CHANNEL, "last_message_id": None, "recipients": [user_json(user)]}


def _open(state: State, user_id: str) -> str:
    dms = state.dms
    channel = dms.channel_of(user_id)
    if channel is None:
        channel = state.snowflake()
        dms.channels[channel] = user_id
        dms.messages[channel] = []
    return channel


async def open_dm(request: Request) -> JSONResponse:
    require_bot(request)
    state = emulator_state(request)
    body = await discord_json_body(request)
    recipient = str(body.get("recipient_id", "")) if isinstance(body, dict) else ""
    user = fixtures.discord_user(recipient)
    if user is None:
        raise DiscordError(404, 10013, "Unknown User")
    return JSONResponse(_channel_json(_open(state, recipient), user))


def _post(state: State, channel_id: str, author: fixtures.User, body: dict[str, Any]) -> dict[str, Any]:
    message = {
        "id": state.snowflake(),
        "type": 0,
        "channel_id": channel_id,
        "author": user_json(author),
        "content": body.get("content") or "",
        "components": body.get("components") or [],
        "flags": body.get("flags") or 0,
        "timestamp": iso(state.now()),
    }
    state.dms.messages[channel_id].append(message)
    return message


async def create_message(request: Request) -> Response:
    state = emulator_state(request)
    channel_id = request.path_params["channel_id"]
    user_id = state.dms.channels.get(channel_id)
    if user_id is None and channel_id not in state.dms.threads:
        return await discord_messages.create_message(request)
    require_bot(request)
    body = await discord_messages._json_object(request)
    discord_messages._check_new(body)
    if user_id in state.dms.closed:
        raise DiscordError(403, 50007, "Cannot send messages to this user")
    return JSONResponse(_post(state, channel_id, fixtures.BOT_USER, body))


async def list_messages(request: Request) -> JSONResponse:
    require_bot(request)
    state = emulator_state(request)
    channel_id = snowflake_param(request, "channel_id")
    if channel_id not in state.dms.messages:
        raise DiscordError(404, 10003, "Unknown Channel")
    after = request.query_params.get("after", "0")
    limit = request.query_params.get("limit", "50")
    if not (after.isdigit() and limit.isdigit() and 1 <= int(limit) <= 100):
        raise DiscordError(400, 50035, "Invalid Form Body")
    newer = [m for m in state.dms.messages[channel_id] if int(m["id"]) > int(after)]
    # Discord answers newest first; with `after`, the oldest `limit` of the newer ones.
    return JSONResponse(list(reversed(newer[: int(limit)])))


async def control_list(request: Request, state: State) -> dict[str, Any]:
    threads = {
        thread_id: {**thread_json(thread_id, t), "members": sorted(t.members)}
        for thread_id, t in state.dms.threads.items()
    }
    return {
        "channels": state.dms.channels,
        "threads": threads,
        "messages": state.dms.messages,
        "closed": sorted(state.dms.closed),
    }


async def control_write(request: Request, state: State) -> dict[str, Any]:
    body = await body_of(request)
    user = fixtures.discord_user(str(body.get("user_id", "")))
    content = body.get("content")
    if user is None or not isinstance(content, str) or not 1 <= len(content) <= 2000:
        raise ValueError("give a fixture user_id and a content of 1 to 2000 characters")
    thread = state.dms.threads.get(str(body.get("channel_id", "")))
    if "channel_id" in body and (thread is None or user.id not in thread.members):
        raise ValueError("channel_id must name a private thread the user was added to")
    return _post(state, str(body["channel_id"]) if thread else _open(state, user.id), user, {"content": content})


async def control_closed(request: Request, state: State) -> dict[str, Any]:
    body = await body_of(request)
    user = fixtures.discord_user(str(body.get("user_id", "")))
    if user is None:
        raise ValueError("give a fixture user_id")
    if body.get("closed", True):
        state.dms.closed.add(user.id)
    else:
        state.dms.closed.discard(user.id)
    return {"closed": sorted(state.dms.closed)}


routes = [
    Route(f"{API}/users/@me/channels", open_dm, methods=["POST"]),
    Route(f"{API}/channels/{{channel_id}}/messages", create_message, methods=["POST"]),
    Route(f"{API}/channels/{{channel_id}}/messages", list_messages, methods=["GET"]),
    Route(f"{PREFIX}/dms", endpoint(control_list), methods=["GET"]),
    Route(f"{PREFIX}/dms", endpoint(control_write), methods=["POST"]),
    Route(f"{PREFIX}/dms/closed", endpoint(control_closed), methods=["POST"]),
]
