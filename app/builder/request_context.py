"""What every builder route needs: the guild and user of the request, the entry in the path, the posted form."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from databases import Database
from starlette.datastructures import UploadFile
from starlette.requests import Request

from app.builder.storage import library
from app.builder.storage.library import Item
from app.core import activity
from app.core.client import client_ip
from app.core.errors import NotFound
from app.core.registry import need
from app.core.route_paths import path_for
from app.guilds.guard import GuildAccess

Form = Mapping[str, str]

MISSING = "That message or form is not in this server's library. It may have been deleted: look in the bin."
URLENCODED = "application/x-www-form-urlencoded"
MAX_FIELDS = 20_000
# What a redirect may ask the next page to say. Only these keys travel in a URL, never free text.
NOTICES = {
    "created": "Created. Every change is saved as you make it.",
    "saved": "Saved.",
    "problems": "Saved, with problems to fix before publishing: they are listed here.",
    "renamed": "Renamed.",
    "duplicated": "This is the copy.",
    "binned": "Moved to the bin.",
    "restored": "Restored from the bin.",
    "version": "Version saved.",
    "version_restored": "The version is now the draft. Undo takes you back.",
    "published": "Published.",
    "updated": "The published message was updated.",
    "imported": "Imported. Undo takes you back to the draft you had.",
    "applied": "Applied to the draft. Undo takes you back to the draft you had.",
    "overwritten": "Your version replaced the other change.",
    "copied": "Your version was saved as a copy; the original keeps the other change.",
    "undone": "Undone.",
    "redone": "Redone.",
    "stale": "The draft changed since that page was loaded, so nothing was restored. Here is the latest; try again.",
}


def guild_of(request: Request) -> GuildAccess:
    found: GuildAccess = request.scope["guild"]
    return found


def user_id(request: Request) -> int:
    return int(request.scope["user"].user_id)


def link(
    request: Request,
    name: str,
    item: Item | None = None,
    *,
    done: str = "",
    opened: str = "",
    anchor: str = "",
    **params: Any,
) -> str:
    """The path of the builder route `name` (for `item`, when given), with the component to open, the notice to
    show and where to land."""
    if item is not None:
        params["message_id"] = item.id
    path = path_for(request, f"guild_pages:builder.{name}", guild_id=guild_of(request).id, **params)
    query = urlencode([(key, value) for key, value in (("open", opened), ("done", done)) if value])
    return path + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


def library_url(request: Request) -> str:
    return link(request, "library")


def notice(request: Request) -> str:
    return NOTICES.get(request.query_params.get("done", ""), "")


def when(at: int | None) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M UTC") if at else ""


async def load_item(request: Request, *, binned: bool = False) -> Item:
    """The entry of the path in this guild's library (or its bin); NotFound when it is not there."""
    item_id: int = request.path_params["message_id"]
    found = await library.get(need(request, Database), guild_of(request).id, item_id, binned=binned)
    if found is None:
        raise NotFound(MISSING)
    return found


async def read_form(request: Request) -> dict[str, str]:
    """The posted text fields, the last value of each name winning (a checkbox after its hidden default);
    files are left out. A body that is not a form gives an empty dict."""
    if request.headers.get("content-type", "").startswith(URLENCODED):
        # The editor posts hundreds of fields at each edit; the standard library splits them many times faster than
        # the streaming parser behind `request.form()`, and decodes them the same way (UTF-8 escapes, "+" a space).
        try:
            body = (await request.body()).decode("latin-1")
            return dict(parse_qsl(body, keep_blank_values=True, max_num_fields=MAX_FIELDS))
        except ValueError:
            return {}
    values: dict[str, str] = {}
    try:
        async with request.form(max_files=1, max_fields=MAX_FIELDS) as form:
            for name, value in form.multi_items():
                if isinstance(value, str):
                    values[name] = value
    except Exception:  # a malformed multipart body: treat as an empty form rather than fail
        return {}
    return values


async def read_upload(request: Request, name: str, limit: int) -> tuple[dict[str, str], bytes | None]:
    """The text fields and the bytes of one uploaded file (None when none was sent), at most `limit` + 1 bytes."""
    values: dict[str, str] = {}
    data: bytes | None = None
    try:
        async with request.form(max_files=2, max_fields=200) as form:
            for key, value in form.multi_items():
                if isinstance(value, str):
                    values[key] = value
                elif key == name and isinstance(value, UploadFile) and value.filename:
                    data = await value.read(limit + 1)
    except Exception:
        return {}, None
    return values, data


async def record(request: Request, action: str, item: Item, **detail: Any) -> None:
    await activity.record(
        need(request, Database),
        action,
        user_id=user_id(request),
        guild_id=item.guild_id,
        ip=client_ip(request),
        item_id=item.id,
        name=item.name,
        **detail,
    )
