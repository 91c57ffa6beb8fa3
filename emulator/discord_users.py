"""Routes a user's Bearer token reaches: `/users/@me` and `/users/@me/guilds`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from emulator import fixtures
from emulator.credentials import scheme_token
from emulator.discord_auth import SNOWFLAKE, bearer, require_bot
from emulator.discord_objects import partial_guild_json, user_json
from emulator.errors import FieldError, invalid_form
from emulator.state import GuildState, emulator_state

MAX_GUILDS = 200


async def me(request: Request) -> JSONResponse:
    if scheme_token(request, "Bot") is not None:  # the bot asking who it is
        require_bot(request)
        return JSONResponse(user_json(fixtures.BOT_USER))
    token = bearer(request, emulator_state(request), "identify")
    user = fixtures.discord_user(token.user_id)
    assert user is not None  # tokens are only issued to known users
    return JSONResponse(user_json(user, with_email="email" in token.scopes))


async def my_guilds(request: Request) -> JSONResponse:
    state = emulator_state(request)
    token = bearer(request, state, "guilds")
    limit, before, after = _page_params(request)
    mine = sorted((g for g in state.guilds.values() if token.user_id in g.members), key=lambda g: int(g.fixture.id))
    page = _page(mine, limit, before, after)
    with_counts = request.query_params.get("with_counts", "").lower() == "true"
    return JSONResponse([partial_guild_json(g, token.user_id, with_counts) for g in page])


def _page(guilds: list[GuildState], limit: int, before: int | None, after: int | None) -> list[GuildState]:
    """Ascending by id; `after` takes the next `limit`, `before` the `limit` just before it."""
    if after is not None:
        guilds = [g for g in guilds if int(g.fixture.id) > after]
    if before is not None:
        guilds = [g for g in guilds if int(g.fixture.id) < before]
        return guilds[-limit:]
    return guilds[:limit]


def _page_params(request: Request) -> tuple[int, int | None, int | None]:
    query = request.query_params
    problems: list[FieldError] = []
    limit = _limit(query.get("limit"), problems)
    before, after = (_snowflake(name, query.get(name), problems) for name in ("before", "after"))
    if problems:
        raise invalid_form(problems)
    return limit, before, after


def _limit(raw: str | None, problems: list[FieldError]) -> int:
    if raw is None:
        return MAX_GUILDS
    if not raw.lstrip("-").isdecimal():
        problems.append((("limit",), "NUMBER_TYPE_COERCE", f'Value "{raw}" is not int.'))
    elif int(raw) < 1:
        problems.append((("limit",), "NUMBER_TYPE_MIN", "int value should be greater than or equal to 1."))
    elif int(raw) > MAX_GUILDS:
        problems.append((("limit",), "NUMBER_TYPE_MAX", f"int value should be less than or equal to {MAX_GUILDS}."))
    else:
        return int(raw)
    return MAX_GUILDS


def _snowflake(name: str, raw: str | None, problems: list[FieldError]) -> int | None:
    if raw is None:
        return None
    if not SNOWFLAKE.fullmatch(raw):
        problems.append(((name,), "NUMBER_TYPE_COERCE", f'Value "{raw}" is not snowflake.'))
        return None
    return int(raw)


routes = [
    Route("/discord/api/v10/users/@me", me, methods=["GET"]),
    Route("/discord/api/v10/users/@me/guilds", my_guilds, methods=["GET"]),
]
