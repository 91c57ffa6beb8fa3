"""The control API under `/_emulator/control/`: JSON in, JSON out, for tests, scripts and demos.

    POST   reset     {}                                              fresh state, config kept
    GET    state                                                     tokens, grants, messages, counts, requests
    POST   faults    {route, status?, count?, delay_ms?, retry_after?, scope?, body?}  or a list of them
    DELETE faults                                                    disarm every fault
    DELETE requests                                                  clear the request log
    POST   members   {guild_id, user_id, roles?, permissions?, manager?, remove?}
    POST   bot       {guild_id, present}
    POST   clock     {offset_seconds} or {advance_seconds}
    POST   revoke    {user_id} (Discord grant) or {github_user_id} (GitHub tokens)

Bad input answers 400 `{"error": "..."}`.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from emulator import faults, fixtures, permissions
from emulator.credentials import json_body
from emulator.state import GuildState, Member, State, emulator_state, fingerprint

Handler = Callable[[Request, State], Awaitable[Any]]
PREFIX = "/_emulator/control"


def endpoint(handler: Handler) -> Callable[[Request], Awaitable[JSONResponse]]:
    async def run(request: Request) -> JSONResponse:
        try:
            return JSONResponse(await handler(request, emulator_state(request)))
        except ValueError as problem:
            return JSONResponse({"error": str(problem)}, 400)

    return run


async def body_of(request: Request) -> dict[str, Any]:
    body = await json_body(request, {})
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


def guild_of(state: State, body: dict[str, Any]) -> GuildState:
    guild = state.guilds.get(str(body.get("guild_id")))
    if guild is None:
        raise ValueError(f"unknown guild_id {body.get('guild_id')!r}")
    return guild


async def reset(request: Request, state: State) -> dict[str, Any]:
    request.app.state.emulator = State(state.config)
    return {"reset": True}


async def dump(request: Request, state: State) -> dict[str, Any]:
    return {
        "now": state.now(),
        "clock_offset": state.clock_offset,
        "discord": {
            "grants": [asdict(g) for g in state.grants.values()],
            "tokens": [{"fingerprint": fingerprint(s), **asdict(t)} for s, t in state.discord_tokens.items()],
            "codes": [_code_view(c) for c in state.discord_codes.values()],
            "messages": [asdict(m) for m in state.messages.values()],
            "commands": state.commands,
            "guilds": {gid: _guild_view(g) for gid, g in state.guilds.items()},
        },
        "github": {
            "tokens": [{"fingerprint": fingerprint(s), **asdict(t)} for s, t in state.github_tokens.items()],
            "codes": [_code_view(c) for c in state.github_codes.values()],
        },
        "faults": [asdict(f) for f in state.faults],
        "counts": {route: dict(counter) for route, counter in state.counts.items()},
        "requests": [asdict(e) for e in state.log],
    }


def _code_view(code: Any) -> dict[str, Any]:
    view = asdict(code)
    return {"fingerprint": fingerprint(view.pop("id")), "pkce": view.pop("challenge") is not None, **view}


def _guild_view(guild: GuildState) -> dict[str, Any]:
    members = {uid: _member_view(guild, uid) for uid in guild.members}
    return {"name": guild.fixture.name, "bot_present": guild.bot_present, "members": members}


def _member_view(guild: GuildState, user_id: str) -> dict[str, Any]:
    member = guild.members[user_id]
    override = None if member.permissions is None else str(member.permissions)
    return {"roles": member.roles, "permissions": str(guild.permissions_of(user_id)), "override": override}


async def add_faults(request: Request, state: State) -> list[dict[str, Any]]:
    body = await json_body(request)
    armed = [faults.parse_fault(item) for item in (body if isinstance(body, list) else [body])]
    state.faults.extend(armed)
    return [asdict(f) for f in state.faults]


async def clear_faults(request: Request, state: State) -> list[Any]:
    state.faults.clear()
    return []


async def clear_requests(request: Request, state: State) -> dict[str, Any]:
    state.log.clear()
    state.counts.clear()
    return {"cleared": True}


async def members(request: Request, state: State) -> dict[str, Any]:
    body = await body_of(request)
    guild, user_id = guild_of(state, body), str(body.get("user_id"))
    if fixtures.discord_user(user_id) is None and user_id != fixtures.OUTSIDE_OWNER_ID:
        raise ValueError(f"unknown user_id {body.get('user_id')!r}")
    if body.get("remove"):
        if user_id == guild.fixture.owner_id:
            raise ValueError("the owner cannot leave the guild")
        guild.members.pop(user_id, None)
        return {"guild_id": guild.fixture.id, "user_id": user_id, "member": False}
    member = guild.members.setdefault(user_id, Member([]))
    _apply_member_change(guild, user_id, member, body)
    return {"guild_id": guild.fixture.id, "user_id": user_id, "member": True, **_member_view(guild, user_id)}


def _apply_member_change(guild: GuildState, user_id: str, member: Member, body: dict[str, Any]) -> None:
    """Roles first, then a direct permissions override, then `manager` on top of whatever that gives."""
    if "roles" in body:
        known = {role.id for role in guild.fixture.roles[1:]}
        roles = body["roles"]
        if not isinstance(roles, list) or not all(isinstance(r, str) and r in known for r in roles):
            raise ValueError(f"roles must be a list of this guild's role ids: {sorted(known)}")
        member.roles = list(roles)
    if "permissions" in body:
        member.permissions = _permissions_value(body["permissions"])
    if "manager" in body:
        current = guild.permissions_of(user_id)
        manage = permissions.MANAGE_GUILD | permissions.ADMINISTRATOR
        member.permissions = current | permissions.MANAGE_GUILD if body["manager"] else current & ~manage


def _permissions_value(raw: Any) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, str) and raw.isdecimal():
        return int(raw)
    if type(raw) is int and raw >= 0:
        return raw
    raise ValueError('permissions is a decimal string such as "32", or null to follow the roles again')


async def bot(request: Request, state: State) -> dict[str, Any]:
    body = await body_of(request)
    guild = guild_of(state, body)
    if not isinstance(body.get("present"), bool):
        raise ValueError('"present" must be true or false')
    guild.bot_present = body["present"]
    return {"guild_id": guild.fixture.id, "bot_present": guild.bot_present}


async def clock(request: Request, state: State) -> dict[str, Any]:
    body = await body_of(request)
    for key in ("offset_seconds", "advance_seconds"):
        value = body.get(key, 0)
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
            raise ValueError(f'"{key}" must be a number of seconds')
    if "offset_seconds" in body:
        state.clock_offset = float(body["offset_seconds"])
    state.clock_offset += float(body.get("advance_seconds", 0))
    return {"offset_seconds": state.clock_offset, "now": state.now()}


async def revoke(request: Request, state: State) -> dict[str, Any]:
    body = await body_of(request)
    if "github_user_id" in body:
        return {"revoked_tokens": _revoke_github(state, str(body["github_user_id"]))}
    grant = state.active_grant(str(body.get("user_id")))
    if grant is not None:
        state.revoke_grant(grant, "deauthorized by the user")
    return {"revoked_grants": int(grant is not None)}


def _revoke_github(state: State, user_id: str) -> int:
    live = [t for t in state.github_tokens.values() if t.user_id == user_id and t.revoked_at is None]
    for token in live:
        token.revoked_at, token.revoked_reason = state.now(), "revoked by the user"
    return len(live)


routes = [
    Route(f"{PREFIX}/reset", endpoint(reset), methods=["POST"]),
    Route(f"{PREFIX}/state", endpoint(dump), methods=["GET"]),
    Route(f"{PREFIX}/faults", endpoint(add_faults), methods=["POST"]),
    Route(f"{PREFIX}/faults", endpoint(clear_faults), methods=["DELETE"]),
    Route(f"{PREFIX}/requests", endpoint(clear_requests), methods=["DELETE"]),
    Route(f"{PREFIX}/members", endpoint(members), methods=["POST"]),
    Route(f"{PREFIX}/bot", endpoint(bot), methods=["POST"]),
    Route(f"{PREFIX}/clock", endpoint(clock), methods=["POST"]),
    Route(f"{PREFIX}/revoke", endpoint(revoke), methods=["POST"]),
]
