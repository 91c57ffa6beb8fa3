"""/messages/{id}/json: the JSON view to type into, the export to copy or download, and importing a file.

The JSON view is a form: without JavaScript, Apply posts it (303 when taken, 422 with the text kept and the error
at its line and column); with JavaScript the same post goes out as you type and answers with the status and,
when the text was taken, the preview, the export and the new revision out of band, never touching the text box.
Whatever parses as a JSON object of the right kind becomes the draft, through the same revision check and undo
as the editor; its problems are listed at their line and column. Exports of a draft Discord would refuse carry
the problem list, and `?strict=1` refuses them (422).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.builder.editor.posted_form import revision_of
from app.builder.editor.render import guild_data, theme_of
from app.builder.request_context import (
    guild_of,
    library_url,
    link,
    load_item,
    notice,
    read_form,
    read_upload,
    record,
    user_id,
)
from app.builder.storage import drafts
from app.builder.storage.library import Item
from app.components import payload_json as json_io
from app.components.problems import Problem
from app.components.validate import validate_payload
from app.core import htmx
from app.core.registry import need
from app.core.route_paths import path_for
from app.core.templating import render
from app.preview import render_message, render_modal

STALE = (
    "The draft changed since this page was loaded, so your JSON was not applied. It is still here: "
    "look at the latest draft, then apply again if you still want to replace it."
)


@dataclass(frozen=True)
class Typed:
    """What is in the JSON box: the text, and what came of reading it."""

    text: str
    error: str = ""
    spot: json_io.Spot | None = None
    placed: list[tuple[Problem, json_io.Spot]] = field(default_factory=list)
    saved: bool = False


def errors_in(problems: list[Problem]) -> list[Problem]:
    """What Discord would refuse: warnings are advice, errors are refusals."""
    return [found for found in problems if found.severity == "error"]


async def page(
    request: Request, item: Item, typed: Typed, *, status: int = 200, blocks: tuple[str, ...] = ()
) -> Response:
    """The JSON page for `item` with `typed` in the box; `blocks` are what a typing request gets back."""
    problems = validate_payload(item.payload)
    strict = request.query_params.get("strict") == "1" and bool(errors_in(problems))
    drawn = render_modal if item.is_form else render_message
    context: dict[str, Any] = {
        "guild": guild_of(request),
        "item": item,
        "ids": _ids(item),
        "partial": htmx.htmx(request).partial,
        "export": "" if strict else json_io.export_text(item.payload),
        "problems": problems,
        "refused": len(errors_in(problems)),
        "strict": strict,
        "typed": typed,
        "preview_html": drawn(item.payload, (await guild_data(request, item)).context, theme=theme_of(request)),
        "notice": notice(request) if request.method == "GET" else "",
        "library_url": library_url(request),
        "item_url": link(request, "editor", item),
        "file_name": json_io.file_name(item.name),
        "max_kb": json_io.MAX_IMPORT_BYTES // 1024,
    }
    status = 422 if strict else status
    return render(request, "builder/json.html", context, status_code=status, blocks=blocks)


def as_typed(text: str, item: Item) -> Typed:
    """The text with its problems placed, for a text that reads as a payload."""
    return Typed(text, placed=json_io.placed(text, json_io.parse(text, item.kind)))


async def show(request: Request) -> Response:
    item = await load_item(request)
    return await page(request, item, as_typed(json_io.export_text(item.payload), item))


async def download(request: Request) -> Response:
    item = await load_item(request)
    refused = errors_in(validate_payload(item.payload))
    if request.query_params.get("strict") == "1" and refused:
        listed = [{"path": p.path, "message": p.message} for p in refused]
        return JSONResponse({"error": "Discord would refuse this payload.", "problems": listed}, status_code=422)
    headers = {
        "Content-Disposition": f'attachment; filename="{json_io.file_name(item.name)}"',
        "X-Payload-Problems": str(len(refused)),
    }
    return JSONResponse(item.payload, headers=headers)


async def apply(request: Request) -> Response:
    item = await load_item(request)
    form = await read_form(request)
    return await take(request, item, form.get("json", ""), revision_of(form), "saved")


async def import_json(request: Request) -> Response:
    item = await load_item(request)
    form, data = await read_upload(request, "file", json_io.MAX_IMPORT_BYTES)
    text = form.get("json", "")
    if data is not None:
        decoded = json_io.decode(data)
        if decoded is None:
            return await refuse(request, item, Typed(text, "That file is not UTF-8 text."), 422)
        text = decoded
    return await take(request, item, text, revision_of(form), "imported")


async def take(request: Request, item: Item, text: str, revision: int | None, done: str) -> Response:
    """Make `text` the draft when it reads as a payload of the entry's kind and the page was on the latest draft."""
    if revision != item.revision:
        return await refuse(request, item, Typed(text, STALE), 409)
    found = json_io.parse(text, item.kind)
    if found.payload is None:
        return await refuse(request, item, Typed(text, found.refusal, found.spot), 422)
    if found.payload != item.payload:
        base, database = item.revision, need(request, Database)
        try:
            # Typing in the JSON view is one undo step per run, as in the editor; an import is a step of its own.
            new = await drafts.commit(database, item, found.payload, user_id(request), base=base, field=_run(done))
        except drafts.Conflict:
            return await refuse(request, item, Typed(text, STALE), 409)
        item = replace(item, payload=found.payload, revision=new)
    if done == "imported":
        await record(request, "builder.imported", item, problems=len(found.problems))
    if htmx.htmx(request).partial:
        typed = Typed(text, placed=json_io.placed(text, found), saved=True)
        return await page(request, item, typed, blocks=("json_status", "json_saved"))
    return htmx.redirect(request, f"{path_for(request, 'guild_pages:builder.json', **_ids(item))}?done={done}")


async def refuse(request: Request, item: Item, typed: Typed, status: int) -> Response:
    """The page again with the text kept, or for a typing request just the status under the box. Text that does not
    read yet is the normal state of typing, not a failed request: htmx gets it with a 200 (a conflict stays 409)."""
    if status == 422 and htmx.htmx(request).partial:
        status = 200
    return await page(request, item, typed, status=status, blocks=("json_status",))


def _run(done: str) -> str:
    return "json" if done == "saved" else ""


def _ids(item: Item) -> dict[str, Any]:
    return {"guild_id": item.guild_id, "message_id": item.id}


routes = [
    Route("/messages/{message_id:id}/json", show, methods=["GET"], name="builder.json"),
    Route("/messages/{message_id:id}/json", apply, methods=["POST"], name="builder.json_apply"),
    Route("/messages/{message_id:id}/export.json", download, methods=["GET"], name="builder.export"),
    Route("/messages/{message_id:id}/import", import_json, methods=["POST"], name="builder.import"),
]
