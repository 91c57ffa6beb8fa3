"""/messages/{id}/json: the JSON view to type into, the export to copy or download, and importing a file.

The JSON view is a form: without JavaScript, Apply posts it (303 when taken, 422 with the text kept and the error
at its line and column); with JavaScript the same post goes out as you type and answers with the status and,
when the text was taken, the preview, the export and the new revision out of band, never touching the text box.
Whatever parses as a JSON object of the right kind becomes the draft, through the same revision check and undo
as the editor; its problems are listed at their line and column. Exports of a draft Discord would refuse carry
the problem list, and `?strict=1` refuses them (422).

The editor shows the same box beside the outline (its JSON panel, `?view=json`), posting here with `view=json`: a
taken text is answered with the status and the editor's preview, counters, summary and revision out of band, or
without JavaScript a 303 back to the panel; a refused one with the status, or the editor with the text kept.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.builder.editor.json_box import Typed, of_draft
from app.builder.editor.posted_form import revision_of
from app.builder.editor.render import Screen, editor_address, guild_data, respond, theme_of
from app.builder.request_context import (
    NOTICES,
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

OOB = ("json_fragment", "oob")  # the panel's status, and what a changed draft changes in the editor
STALE = (
    "The draft changed since this page was loaded, so your JSON was not applied. It is still here: "
    "look at the latest draft, then apply again if you still want to replace it."
)


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


async def show(request: Request) -> Response:
    item = await load_item(request)
    return await page(request, item, of_draft(item))


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
    beside = form if form.get("view") == "json" else None
    return await take(request, item, form.get("json", ""), revision_of(form), "saved", beside)


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


async def take(
    request: Request, item: Item, text: str, revision: int | None, done: str, beside: dict[str, str] | None = None
) -> Response:
    """Make `text` the draft when it reads as a payload of the entry's kind and the page was on the latest draft.
    `beside` is the form posted from the editor's JSON panel, which is answered there."""
    if revision != item.revision:
        return await refuse(request, item, Typed(text, STALE), 409, beside)
    found = json_io.parse(text, item.kind)
    if found.payload is None:
        return await refuse(request, item, Typed(text, found.refusal, found.spot), 422, beside)
    if found.payload != item.payload:
        base, database = item.revision, need(request, Database)
        try:
            # Typing in the JSON view is one undo step per run, as in the editor; an import is a step of its own.
            new = await drafts.commit(database, item, found.payload, user_id(request), base=base, field=_run(done))
        except drafts.Conflict:
            return await refuse(request, item, Typed(text, STALE), 409, beside)
        item = replace(item, payload=found.payload, revision=new)
    if done == "imported":
        await record(request, "builder.imported", item, problems=len(found.problems))
    typed = Typed(text, placed=json_io.placed(text, found), saved=True)
    if beside is not None:
        return await taken_beside(request, item, typed, beside)
    if htmx.htmx(request).partial:
        return await page(request, item, typed, blocks=("json_status", "json_saved"))
    return htmx.redirect(request, f"{path_for(request, 'guild_pages:builder.json', **_ids(item))}?done={done}")


async def refuse(
    request: Request, item: Item, typed: Typed, status: int, beside: dict[str, str] | None = None
) -> Response:
    """The page again with the text kept, or for a typing request just the status under the box. Text that does not
    read yet is the normal state of typing, not a failed request: htmx gets it with a 200 (a conflict stays 409)."""
    if status == 422 and htmx.htmx(request).partial:
        status = 200
    if beside is not None:
        return await refused_beside(request, item, typed, status, beside)
    # A conflict brings the latest draft out of band (its preview, its revision): applying again replaces it.
    blocks = ("json_status", "json_saved") if status == 409 else ("json_status",)
    return await page(request, item, typed, status=status, blocks=blocks)


def pressed(request: Request) -> bool:
    """Apply was pressed (rather than a pause in typing): what came of it is said to screen readers too."""
    return request.headers.get("hx-trigger") == "json-form"


async def taken_beside(request: Request, item: Item, typed: Typed, form: dict[str, str]) -> Response:
    """Taken from the editor's JSON panel: its status, and out of band what the new draft changes in the editor
    (preview, counters, summary, undo, revisions); without JavaScript, a 303 back to the panel."""
    if not htmx.htmx(request).partial:
        url = editor_address(link(request, "editor", item), "json", theme_of(request, form), "applied")
        return htmx.redirect(request, url)
    said = NOTICES["applied"] if pressed(request) else ""
    screen = Screen(typed=typed, announce=said, blocks=OOB)
    return await respond(request, item, screen, form)


async def refused_beside(request: Request, item: Item, typed: Typed, status: int, form: dict[str, str]) -> Response:
    """Refused from the editor's JSON panel: the status under the box (nothing else changed), or without
    JavaScript the editor again with the panel holding the text as typed and the error summary first."""
    if not htmx.htmx(request).partial:
        return await respond(request, item, Screen(status=status, typed=typed), form)
    said = f"Nothing was applied: {typed.error}" if pressed(request) else ""
    if status == 409:  # the latest draft comes out of band (preview, revisions...): applying again replaces it
        return await respond(request, item, Screen(status=status, typed=typed, announce=said, blocks=OOB), form)
    context = {"typed": typed, "announce": said}
    return render(request, "builder/editor.html", context, status_code=status, blocks=("json_fragment",))


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
