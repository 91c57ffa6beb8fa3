"""`POST /channels/{id}/messages` and `PATCH /channels/{id}/messages/{mid}`, validating bodies as Discord does.

Component rules come from the builder's own validator (`app.components.validate`), so the emulator's verdict and
the dashboard's agree by construction; the emulator only reshapes the problems into Discord's 50035 tree.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from emulator.discord_auth import discord_json_body, require_bot, snowflake_param
from emulator.discord_objects import message_json
from emulator.errors import DiscordError, FieldError, invalid_form
from emulator.form_errors import ProblemLike, problem_entries
from emulator.state import GuildState, Message, State, channel_in_guild, emulator_state

# Text, voice (its built-in chat), announcement and the thread types take messages; categories, forums and
# media channels do not.
MESSAGEABLE_TYPES = frozenset({0, 2, 5, 10, 11, 12, 13})
CONTENT_MAX = 2000
BODY_KEYS = ("content", "embeds", "components", "sticker_ids", "poll", "attachments")


async def create_message(request: Request) -> JSONResponse:
    state = emulator_state(request)
    guild = _writable_channel(request, state)
    body = await _json_object(request)
    _check_new(body)
    channel_id = request.path_params["channel_id"]
    message = Message(state.snowflake(), channel_id, guild.fixture.id, body, state.now())
    state.messages[message.id] = message
    return JSONResponse(message_json(message))


async def edit_message(request: Request) -> JSONResponse:
    state = emulator_state(request)
    _writable_channel(request, state)
    message = state.messages.get(snowflake_param(request, "message_id"))
    if message is None or message.channel_id != request.path_params["channel_id"]:
        raise DiscordError(404, 10008, "Unknown Message")
    patch = await _json_object(request)
    _check_edit(patch, _flags(message.body))
    message.body, message.edited_at = {**message.body, **patch}, state.now()
    message.edits.append(patch)
    return JSONResponse(message_json(message))


def _writable_channel(request: Request, state: State) -> GuildState:
    """The guild of the channel in the path, if the bot may post there."""
    require_bot(request)
    guild, channel = channel_in_guild(state, snowflake_param(request, "channel_id"))
    if channel.type not in MESSAGEABLE_TYPES:
        raise DiscordError(400, 50008, "Cannot send messages in a non-text channel")
    return guild


async def _json_object(request: Request) -> dict[str, Any]:
    body = await discord_json_body(request)
    if not isinstance(body, dict):
        raise invalid_form([((), "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")])
    return body


def _check_new(body: dict[str, Any]) -> None:
    if not any(body.get(key) for key in BODY_KEYS):
        raise DiscordError(400, 50006, "Cannot send an empty message")
    _raise_problems(body, lambda validator: validator.validate_message(body))


def _check_edit(patch: dict[str, Any], original_flags: int) -> None:
    _raise_problems(patch, lambda validator: validator.validate_message_edit(patch, original_flags=original_flags))


def _raise_problems(body: dict[str, Any], validate: Callable[[ModuleType], list[ProblemLike]]) -> None:
    validator = _validator()
    problems = problem_entries(validate(validator)) if validator else _content_problems(body.get("content"))
    if problems:
        raise invalid_form(problems)


def _content_problems(content: object) -> list[FieldError]:
    """The one body rule checked without the builder's validator, which covers it when present."""
    if content is None or (isinstance(content, str) and len(content) <= CONTENT_MAX):
        return []
    if not isinstance(content, str):
        return [(("content",), "BASE_TYPE_STRING", "Could not interpret the value as a string.")]
    return [(("content",), "BASE_TYPE_MAX_LENGTH", f"Must be {CONTENT_MAX} or fewer in length.")]


def _validator() -> ModuleType | None:
    """The builder's validator, imported when first needed; a checkout without it checks only the basics."""
    try:
        return importlib.import_module("app.components.validate")
    except ModuleNotFoundError as missing:
        if missing.name not in {"app.builder", "app.components.validate"}:
            raise
        return None


def _flags(body: dict[str, Any]) -> int:
    flags = body.get("flags")
    return flags if type(flags) is int else 0


routes = [
    Route("/discord/api/v10/channels/{channel_id}/messages", create_message, methods=["POST"]),
    Route("/discord/api/v10/channels/{channel_id}/messages/{message_id}", edit_message, methods=["PATCH"]),
]
