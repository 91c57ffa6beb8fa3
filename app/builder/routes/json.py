"""/messages/{id}/json: the payload to copy or download, and importing JSON by paste or file upload."""

from __future__ import annotations

from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.builder.editor.posted_form import revision_of
from app.builder.request_context import (
    guild_of,
    item_url,
    library_url,
    load_item,
    missing,
    notice,
    read_upload,
    record,
    user_id,
)
from app.builder.storage import drafts
from app.builder.storage.library import Item
from app.components import payload_json as json_io
from app.components.validate import validate_payload
from app.core import htmx
from app.core.registry import need
from app.core.templating import render

STALE = (
    "The draft changed since this page was loaded, so nothing was imported. Your JSON is still here: "
    "look at the latest draft, then import again if you still want to replace it."
)


async def json_page(request: Request, item: Item, *, text: str = "", error: str = "", status: int = 200) -> Response:
    context: dict[str, Any] = {
        "guild": guild_of(request),
        "item": item,
        "export": json_io.export_text(item.payload),
        "problems": validate_payload(item.payload),
        "text": text,
        "error": error,
        "notice": notice(request) if request.method == "GET" else "",
        "library_url": library_url(request),
        "item_url": item_url(item),
        "file_name": json_io.file_name(item.name),
        "max_kb": json_io.MAX_IMPORT_BYTES // 1024,
    }
    return render(request, "builder/json.html", context, status_code=status)


async def show(request: Request) -> Response:
    item = await load_item(request)
    return missing(request) if item is None else await json_page(request, item)


async def download(request: Request) -> Response:
    item = await load_item(request)
    if item is None:
        return missing(request)
    disposition = f'attachment; filename="{json_io.file_name(item.name)}"'
    return JSONResponse(item.payload, headers={"Content-Disposition": disposition})


async def import_json(request: Request) -> Response:
    item = await load_item(request)
    if item is None:
        return missing(request)
    form, data = await read_upload(request, "file", json_io.MAX_IMPORT_BYTES)
    text = form.get("json", "")
    if data is not None:
        decoded = json_io.decode(data)
        if decoded is None:
            return await json_page(request, item, text=text, error="That file is not UTF-8 text.", status=422)
        text = decoded
    if revision_of(form) != item.revision:
        return await json_page(request, item, text=text, error=STALE, status=409)
    imported = json_io.parse(text, item.kind)
    if imported.payload is None:
        return await json_page(request, item, text=text, error=imported.refusal, status=422)
    return await _replace(request, item, imported.payload, text)


async def _replace(request: Request, item: Item, payload: dict[str, Any], text: str) -> Response:
    try:
        await drafts.commit(need(request, Database), item, payload, user_id(request), base=item.revision)
    except drafts.Conflict:
        return await json_page(request, item, text=text, error=STALE, status=409)
    await record(request, "builder.imported", item, problems=len(validate_payload(payload)))
    return htmx.redirect(request, item_url(item, "/json?done=imported"))


routes = [
    Route("/messages/{message_id:id}/json", show, methods=["GET"]),
    Route("/messages/{message_id:id}/export.json", download, methods=["GET"]),
    Route("/messages/{message_id:id}/import", import_json, methods=["POST"]),
]
