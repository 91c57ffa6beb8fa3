"""Bulk overwrite of application commands, global and per guild, with Discord's basic checks."""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from emulator.discord_auth import bot_guild, discord_json_body, require_bot
from emulator.errors import DiscordError, FieldError, invalid_form, missing_access
from emulator.fixtures import APPLICATION_ID
from emulator.state import State, emulator_state

MAX_COMMANDS = 100
CHAT_INPUT = 1
COMMAND_TYPES = frozenset({1, 2, 3, 4})
Command = dict[str, Any]
NAME = re.compile(r"[-_'\w]{1,32}")


async def put_global(request: Request) -> JSONResponse:
    state = emulator_state(request)
    require_bot(request)
    return await _overwrite(request, state, None)


async def put_guild(request: Request) -> JSONResponse:
    state = emulator_state(request)
    guild = bot_guild(request, state)
    return await _overwrite(request, state, guild.fixture.id)


async def _overwrite(request: Request, state: State, guild_id: str | None) -> JSONResponse:
    if request.path_params["application_id"] != APPLICATION_ID:
        raise missing_access()
    body = await discord_json_body(request)
    if not isinstance(body, list):
        raise invalid_form([((), "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType")])
    _check(body)
    key = guild_id or "global"
    state.commands[key] = _stored(state, body, state.commands.get(key, []), guild_id)
    return JSONResponse(state.commands[key])


def _check(commands: list[Any]) -> None:
    if len(commands) > MAX_COMMANDS:
        raise DiscordError(400, 30032, f"Maximum number of application commands reached ({MAX_COMMANDS})")
    problems = [p for i, c in enumerate(commands) for p in _command_problems(str(i), c)]
    if problems:
        raise invalid_form(problems)
    keys = [(c.get("type", CHAT_INPUT), c["name"]) for c in commands]
    if len(set(keys)) != len(keys):
        message = "Application command names must be unique"
        raise invalid_form([((), "APPLICATION_COMMANDS_DUPLICATE_NAME", message)])


def _command_problems(index: str, command: object) -> list[FieldError]:
    if not isinstance(command, dict):
        return [((index,), "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")]
    problems: list[FieldError] = []
    name, kind = command.get("name"), command.get("type", CHAT_INPUT)
    if type(kind) is not int or kind not in COMMAND_TYPES:
        problems.append(((index, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}."))
    if not isinstance(name, str) or not NAME.fullmatch(name) or (kind == CHAT_INPUT and name != name.lower()):
        problems.append(((index, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid"))
    description = command.get("description", "")
    if kind == CHAT_INPUT and not (isinstance(description, str) and 1 <= len(description) <= 100):
        problems.append(((index, "description"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."))
    return problems


def _stored(state: State, body: list[Command], old: list[Command], guild_id: str | None) -> list[Command]:
    """The commands as Discord returns them; a command keeps its id when its name and type stay the same."""
    old_ids = {(c["type"], c["name"]): c["id"] for c in old}
    stored = []
    for command in body:
        kind = command.get("type", CHAT_INPUT)
        stored.append(
            {
                "description": "",
                "options": [],
                "default_member_permissions": None,
                "nsfw": False,
                **command,
                "id": old_ids.get((kind, command["name"])) or state.snowflake(),
                "type": kind,
                "application_id": APPLICATION_ID,
                "version": state.snowflake(),
                **({"guild_id": guild_id} if guild_id else {}),
            }
        )
    return stored


routes = [
    Route("/discord/api/v10/applications/{application_id}/commands", put_global, methods=["PUT"]),
    Route("/discord/api/v10/applications/{application_id}/guilds/{guild_id}/commands", put_guild, methods=["PUT"]),
]
