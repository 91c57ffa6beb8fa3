"""Who is calling the Discord API: a user's Bearer token with the right scope, or the bot."""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request

from app.settings import EMULATOR_BOT_TOKEN
from emulator.credentials import json_body, same_secret, scheme_token
from emulator.errors import DiscordError, invalid_form, missing_access, unauthorized
from emulator.state import GuildState, State, Token

SNOWFLAKE = re.compile(r"[0-9]{1,20}")


def bearer(request: Request, state: State, scope: str) -> Token:
    """The live access token behind `Authorization: Bearer`; any doubt (unknown, expired, revoked, a scope
    the user did not grant) is Discord's bare 401."""
    secret = scheme_token(request, "Bearer")
    token = state.discord_tokens.get(secret) if secret else None
    if token is None or token.kind != "access" or token.revoked_at is not None:
        raise unauthorized()
    if token.expires_at is not None and token.expires_at <= state.now():
        raise unauthorized()
    if scope not in token.scopes:
        raise unauthorized()
    return token


def require_bot(request: Request) -> None:
    if not same_secret(scheme_token(request, "Bot"), EMULATOR_BOT_TOKEN):
        raise unauthorized()


def snowflake_param(request: Request, name: str) -> str:
    value: str = request.path_params[name]
    if not SNOWFLAKE.fullmatch(value):
        raise invalid_form([((name,), "NUMBER_TYPE_COERCE", f'Value "{value}" is not snowflake.')])
    return value


async def discord_json_body(request: Request) -> Any:
    try:
        return await json_body(request)
    except ValueError:
        raise DiscordError(400, 50109, "The request body contains invalid JSON.") from None


def bot_guild(request: Request, state: State) -> GuildState:
    """The guild in the path, as the bot sees it: 10004 when unknown, 50001 when the bot is not in it."""
    require_bot(request)
    guild = state.guilds.get(snowflake_param(request, "guild_id"))
    if guild is None:
        raise DiscordError(404, 10004, "Unknown Guild")
    if not guild.bot_present:
        raise missing_access()
    return guild
