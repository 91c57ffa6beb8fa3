"""What every ticket page and action shares: the ticket named in the address, the person acting, the form's
fields, where to go back to, and the page shown when someone else changed the ticket first."""

from __future__ import annotations

from typing import Any

from databases import Database
from starlette.exceptions import HTTPException
from starlette.requests import Request

from app.core.client import client_ip
from app.core.registry import need
from app.core.route_paths import path_for
from app.tickets import store
from app.tickets.actions import Actor

FIELD_MAX = 4000


async def ticket_of(request: Request, number: int = 0, *, binned: bool = False) -> dict[str, Any]:
    """The guild's ticket `number` (by default the one the address names), or 404: never another guild's."""
    number = number or request.path_params.get("number", 0)
    found = await store.get(need(request, Database), request.scope["guild"].id, number, binned=binned)
    if found is None:
        raise HTTPException(404, "This ticket does not exist in this server.")
    return found


def actor(request: Request) -> Actor:
    return Actor(request.scope["user"].user_id, client_ip(request))


async def fields(request: Request) -> dict[str, str]:
    """The posted form as text fields (files and repeated names ignored), each cut at FIELD_MAX characters."""
    async with request.form() as submitted:
        return {key: value[:FIELD_MAX] for key, value in submitted.items() if isinstance(value, str)}


def revision_of(posted: dict[str, str]) -> int:
    raw = posted.get("revision", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 12 else -1


def board_url(request: Request) -> str:
    return path_for(request, "guild_pages:tickets", guild_id=request.scope["guild"].id)


def ticket_url(request: Request, number: int) -> str:
    return path_for(request, "guild_pages:ticket", guild_id=request.scope["guild"].id, number=number)


def back_to(request: Request, posted: dict[str, str], number: int) -> str:
    """The board (with its filters) when the form came from it, else the ticket's page; never another site."""
    back = posted.get("back", "")
    board = board_url(request)
    if back == board or back.startswith(f"{board}?"):
        return back
    return ticket_url(request, number)
