"""/guilds/{guild_id}/messages: the library (with active search), creating, renaming, duplicating, the bin."""

from __future__ import annotations

from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.accounts.forms import ident
from app.builder.request_context import (
    guild_of,
    link,
    load_item,
    notice,
    read_form,
    record,
    user_id,
    when,
)
from app.builder.storage import library
from app.components.starters import STARTERS, starter_payload
from app.core import htmx
from app.core.registry import need
from app.core.templating import render

QUERY_MAX = 100


def _filters(request: Request) -> tuple[str, str]:
    query = request.query_params.get("q", "")[:QUERY_MAX]
    kind = request.query_params.get("kind", "")
    return query, kind if kind in library.KINDS else ""


async def library_page(
    request: Request, form: dict[str, str] | None = None, errors: dict[str, str] | None = None
) -> Response:
    database = need(request, Database)
    query, kind = _filters(request)
    binned_id = request.query_params.get("item", "")
    context: dict[str, Any] = {
        "guild": guild_of(request),
        "items": await library.listing(database, guild_of(request).id, query, kind),
        "query": query,
        "kind": kind,
        "starters": list(STARTERS.values()),
        "form": form or {"name": "", "starter": "blank"},
        "errors": errors or {},
        "notice": notice(request),
        "undo_bin": binned_id if ident(binned_id) is not None else "",
        "when": when,
    }
    status = 422 if errors else 200
    return render(request, "builder/library.html", context, status_code=status, blocks=("results",))


async def library_index(request: Request) -> Response:
    return await library_page(request)


async def create(request: Request) -> Response:
    form = await read_form(request)
    key = form.get("starter", "blank")
    name = form.get("name", "").strip()
    chosen = starter_payload(key)
    errors = {"starter": "Choose what to start from."} if chosen is None else {}
    if name and library.name_problem(name):
        errors["name"] = library.name_problem(name)
    if errors or chosen is None:
        return await library_page(request, {"name": name[:200], "starter": key[:40]}, errors)
    kind, payload = chosen
    database = need(request, Database)
    item_id = await library.create(
        database, guild_of(request).id, kind, name or STARTERS[key].title, payload, user_id(request)
    )
    item = await library.get(database, guild_of(request).id, item_id)
    assert item is not None
    await record(request, "builder.created", item, kind=kind, starter=key)
    return htmx.redirect(request, link(request, "editor", item, done="created"))


async def rename(request: Request) -> Response:
    item = await load_item(request)
    form = await read_form(request)
    name = form.get(f"rename-{item.id}", form.get("name", "")).strip()
    problem = library.name_problem(name)
    if problem:
        return await library_page(request, {"rename_id": str(item.id), "rename": name[:200]}, {"rename": problem})
    await library.rename(need(request, Database), item.guild_id, item.id, name, user_id(request))
    await record(request, "builder.renamed", item, new=name)
    return htmx.redirect(request, link(request, "library", done="renamed"))


async def duplicate(request: Request) -> Response:
    item = await load_item(request)
    copy_id = await library.duplicate(need(request, Database), item, user_id(request))
    await record(request, "builder.duplicated", item, copy_id=copy_id)
    return htmx.redirect(request, link(request, "editor", message_id=copy_id, done="duplicated"))


async def delete(request: Request) -> Response:
    item = await load_item(request)
    await library.to_bin(need(request, Database), item)
    await record(request, "builder.binned", item)
    return htmx.redirect(request, link(request, "library", done="binned") + f"&item={item.id}")


async def restore(request: Request) -> Response:
    item = await load_item(request, binned=True)
    await library.restore(need(request, Database), item)
    await record(request, "builder.restored", item)
    return htmx.redirect(request, link(request, "editor", item, done="restored"))


async def bin_page(request: Request) -> Response:
    context = {
        "guild": guild_of(request),
        "items": await library.binned(need(request, Database), guild_of(request).id),
        "days": library.BIN_DAYS,
        "when": when,
    }
    return render(request, "builder/bin.html", context)


routes = [
    Route("/messages", library_index, methods=["GET"], name="builder.library"),
    Route("/messages", create, methods=["POST"], name="builder.create"),
    Route("/messages/bin", bin_page, methods=["GET"], name="builder.bin"),
    Route("/messages/{message_id:id}/rename", rename, methods=["POST"], name="builder.rename"),
    Route("/messages/{message_id:id}/duplicate", duplicate, methods=["POST"], name="builder.duplicate"),
    Route("/messages/{message_id:id}/delete", delete, methods=["POST"], name="builder.delete"),
    Route("/messages/{message_id:id}/restore", restore, methods=["POST"], name="builder.restore"),
]
