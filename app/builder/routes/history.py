"""Versions: save one from the editor, list them with who and when, compare two, restore one."""

from __future__ import annotations

from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.builder.editor.posted_form import answers_conflicts, revision_of, saved_from_form
from app.builder.editor.render import Screen, respond
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
from app.builder.storage import drafts, history
from app.builder.storage.library import Item
from app.core import htmx
from app.core.errors import NotFound
from app.core.registry import need
from app.core.templating import render

DRAFT = "draft"


@answers_conflicts
async def save_version(request: Request) -> Response:
    """Save whatever was typed, then keep the draft as a named version."""
    saved, _, form = await saved_from_form(request)
    name = form.get("version_name", "").strip()
    if len(name) > history.NAME_MAX:
        error = f"Use at most {history.NAME_MAX} characters; this name has {len(name)}."
        return await respond(request, saved, Screen(status=422, version_name=name, version_error=error), form)
    version_id = await history.save(need(request, Database), saved, name, "saved", user_id(request))
    await record(request, "builder.version_saved", saved, version_id=version_id, version=name)
    return htmx.redirect(request, link(request, "editor", saved, done="version"))


def _pick(value: str, versions: list[history.Version]) -> tuple[str, Any] | None:
    """(label, payload) of a version id from the compare form, or of the current draft."""
    if value == DRAFT:
        return None
    found = next((v for v in versions if str(v.id) == value), None)
    return (f"{found.name} ({when(found.created_at)})", found.payload) if found else None


async def history_page(request: Request) -> Response:
    item = await load_item(request)
    versions = await history.listing(need(request, Database), item)
    older, newer = request.query_params.get("a", ""), request.query_params.get("b", DRAFT)
    context: dict[str, Any] = {
        "guild": guild_of(request),
        "item": item,
        "versions": versions,
        "reasons": history.REASONS,
        "a": older,
        "b": newer,
        "comparison": _compare(item, versions, older, newer),
        "notice": notice(request),
        "when": when,
    }
    return render(request, "builder/history.html", context, blocks=("comparison",))


def _compare(item: Item, versions: list[history.Version], older: str, newer: str) -> dict[str, Any] | None:
    if not older:
        return None
    sides = [_pick(value, versions) or ("The current draft", item.payload) for value in (older, newer)]
    return {"a": sides[0][0], "b": sides[1][0], "lines": history.diff(sides[0][1], sides[1][1])}


async def restore(request: Request) -> Response:
    item = await load_item(request)
    database = need(request, Database)
    version = await history.get(database, item, request.path_params["version_id"])
    if version is None:
        raise NotFound("That version is not in this entry's history.")
    if revision_of(await read_form(request)) != item.revision:
        return htmx.redirect(request, link(request, "history", item, done="stale"))
    await history.save(database, item, "", "restored", user_id(request))
    try:
        await drafts.commit(database, item, version.payload, user_id(request), base=item.revision)
    except drafts.Conflict:
        return htmx.redirect(request, link(request, "history", item, done="stale"))
    await record(request, "builder.version_restored", item, version_id=version.id, version=version.name)
    return htmx.redirect(request, link(request, "editor", item, done="version_restored"))


routes = [
    Route("/messages/{message_id:id}/versions", save_version, methods=["POST"], name="builder.versions"),
    Route("/messages/{message_id:id}/history", history_page, methods=["GET"], name="builder.history"),
    Route(
        "/messages/{message_id:id}/versions/{version_id:id}/restore",
        restore,
        methods=["POST"],
        name="builder.version_restore",
    ),
]
