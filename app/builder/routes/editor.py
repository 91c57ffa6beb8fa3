"""The editor: the page, every edit (a field typed, a button pressed, Save), undo and redo, and conflicts.

Without JavaScript every button posts the whole form and is answered with a 303 back to the component it
touched (`#c-<path>`), or, for a Save with problems, the page again with status 422. With htmx a field edit is
answered with its component's fields and out-of-band updates of the preview, counters and summary; a button
with the editor region, focus placed by `data-autofocus`. Sooner than the edit, after a shorter pause in typing,
htmx asks for a check of the one field: its count and problems, nothing saved.
"""

from __future__ import annotations

import json
from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.builder.editor import field_check
from app.builder.editor.forms import PREFIX
from app.builder.editor.outline import ALL
from app.builder.editor.posted_form import (
    Conflicting,
    Taken,
    answers_conflicts,
    commit,
    conflict_screen,
    parse_do,
    reload,
    revision_of,
    taken_from_form,
)
from app.builder.editor.render import Focus, Screen, guild_data, meta_fields, page, respond
from app.builder.editor.view_model import slug
from app.builder.request_context import NOTICES, link, load_item, read_form, record, user_id
from app.builder.storage import drafts, library
from app.builder.storage.library import Item
from app.components import payload_json as json_io
from app.components import tree_edits as tree_ops
from app.components.validate import errors, validate_payload
from app.core import htmx
from app.core.registry import need
from app.core.templating import render
from app.guilds.guard import reads_only

# Fields chosen from a list or ticked rather than typed into; and the prefix of the entry's own settings.
PICKED = ("bool", "choice", "form")
META = "meta:"
# Where focus goes after each action: the component's title, the same button again, or its first field.
FOCUS_CONTROL = {"up": "up", "down": "down", "add": "first", "before": "first", "after": "first"}
# What is announced after each action, for whoever cannot see the outline change; a drop ("move") says where the
# component went.
ANNOUNCED = {
    "up": "Moved up.",
    "down": "Moved down.",
    "to": "Moved.",
    "into": "Moved into the component next to it.",
    "out": "Moved out of its container.",
    "duplicate": "Duplicated.",
    "remove": "Removed.",
    "add": "Added.",
    "before": "Inserted.",
    "after": "Inserted.",
    "add_entry": "Added.",
    "remove_entry": "Removed.",
}


async def editor(request: Request) -> Response:
    return await page(request, await load_item(request))


@reads_only
async def check(request: Request) -> Response:
    """One field as typed so far: its count and problems (htmx only; without it the check has nothing to do)."""
    item = await load_item(request)
    if not htmx.htmx(request).partial:
        return htmx.redirect(request, link(request, "editor", item))
    form = await read_form(request)
    name = next((key for key in form if key.startswith(PREFIX)), "")
    ref = field_check.find_field(item.payload, name)
    if ref is None:
        return Response(status_code=204)  # the field is gone: the editor is being replaced anyway
    emojis = (await guild_data(request, item)).lookups.emojis if ref.spec.kind == "emoji" else {}
    checked = field_check.check(item.payload, ref, form[name], emojis)
    return render(request, "builder/editor.html", {"checked": checked}, blocks=("check_fragment",))


@answers_conflicts
async def edit(request: Request) -> Response:
    taken, form = await taken_from_form(request)
    verb, path, type_id = parse_do(form)
    if verb in tree_ops.ACTIONS:
        return await _action(request, taken, verb, path, type_id)
    if verb in ("undo", "redo"):
        return await _step(request, taken, back=verb == "undo")
    if verb == "open":
        return await _open(request, taken, path)
    trigger = request.headers.get("hx-trigger-name", "")
    saved = await commit(request, taken, field=trigger if len(taken.changed) == 1 else "")
    if htmx.htmx(request).partial and not verb:
        return await respond(request, saved, _field_screen(saved, taken, trigger), form)
    return await _saved(request, saved, taken, form)


def _field_screen(item: Item, taken: Taken, trigger: str) -> Screen:
    """A live edit is answered for the component that holds the edited field: out of band only when text was
    typed (the field, still being typed in, stays as it is), with its fields when something was picked."""
    ref = field_check.find_field(item.payload, trigger)
    typed = trigger.startswith(META) or (ref is not None and ref.spec.kind not in PICKED)
    return Screen(target=trigger.removeprefix(PREFIX), live=typed, meta_values=taken.meta_values)


async def _saved(request: Request, item: Item, taken: Taken, form: dict[str, str]) -> Response:
    """A Save. Refused settings (kept only as typed) come back at once (422). Otherwise the draft is saved: the
    answer says so, or, with problems, shows them with focus on their summary; without JavaScript, through a 303
    so that a reload posts nothing again."""
    settings_refused = any(f.invalid for f in meta_fields(item, Screen(meta_values=taken.meta_values)))
    problems = bool(errors(validate_payload(item.payload)))
    partial = htmx.htmx(request).partial
    if settings_refused or (problems and partial):
        screen = Screen(status=422, focus_summary=True, meta_values=taken.meta_values)
        return await respond(request, item, screen, form)
    if partial:
        return await respond(request, item, Screen(notice=NOTICES["saved"]), form)
    if problems:  # the page opens where the errors are
        return htmx.redirect(request, link(request, "editor", item, done="problems"))
    return htmx.redirect(request, link(request, "editor", item, opened=form.get("open", ""), done="saved"))


async def _action(request: Request, taken: Taken, verb: str, path: str, type_id: int | None) -> Response:
    work = json.loads(json.dumps(taken.payload))
    try:
        focus_path = tree_ops.perform(work, verb, path, type_id)
    except tree_ops.Refused as refused:
        saved = await commit(request, taken)
        return await respond(request, saved, Screen(status=409, refusal=str(refused), focus=None))
    taken.payload = work
    saved = await commit(request, taken)
    focus = Focus(focus_path, FOCUS_CONTROL.get(verb, ""))
    if not htmx.htmx(request).partial:
        return htmx.redirect(request, link(request, "editor", saved, opened=focus_path, anchor=anchor(focus_path)))
    said = tree_ops.moved_to(work, focus_path) if verb == "move" else ANNOUNCED.get(verb, "")
    screen = Screen(focus=focus, meta_values=taken.meta_values, announce=said)
    return await respond(request, saved, screen)


async def _open(request: Request, taken: Taken, path: str) -> Response:
    """Open another component of the outline, after saving whatever was typed in the one that was open."""
    saved = await commit(request, taken)
    if not htmx.htmx(request).partial:
        return htmx.redirect(request, link(request, "editor", saved, opened=path, anchor=anchor(path)))
    if path == ALL:
        return await respond(request, saved, Screen(focus=Focus(""), meta_values=taken.meta_values), {"open": ALL})
    return await respond(request, saved, Screen(focus=Focus(path), meta_values=taken.meta_values))


def anchor(path: str) -> str:
    """The id of what the editor shows at `path`: a component, one of its options or images, or the tree."""
    if not path or path == ALL:
        return "components-title"
    entry = path.rsplit(".", 1)[-1].startswith(("options[", "items["))
    return ("e-" if entry else "c-") + slug(path)


async def _step(request: Request, taken: Taken, *, back: bool) -> Response:
    """Undo or redo, after saving whatever was typed (so an undo first undoes the typing, and redo brings it
    back)."""
    saved = await commit(request, taken)
    try:
        moved = await drafts.step(need(request, Database), saved, user_id(request), base=saved.revision, back=back)
    except drafts.Conflict:
        latest = await reload(request, saved)
        raise Conflicting(latest, latest.payload) from None
    latest = await reload(request, saved)
    word = "undo" if back else "redo"
    if moved is None:
        return await respond(request, latest, Screen(status=409, refusal=f"There is nothing to {word}."))
    if not htmx.htmx(request).partial:
        return htmx.redirect(request, link(request, "editor", latest, done="undone" if back else "redone"))
    return await respond(request, latest, Screen(focus=Focus("", word)))


async def resolve(request: Request) -> Response:
    """After a conflict: overwrite their change with the person's version, or keep it as a copy."""
    item = await load_item(request)
    form = await read_form(request)
    try:
        mine = json_io.loads(form.get("mine", ""))
    except (ValueError, RecursionError):
        mine = None
    if not isinstance(mine, dict) or ("title" in mine) != item.is_form:
        return await respond(request, item, Screen(status=422, refusal="Your version could not be read back."))
    if form.get("choice") == "copy":
        copy_id = await library.duplicate(need(request, Database), item, user_id(request), payload=mine)
        return htmx.redirect(request, link(request, "editor", message_id=copy_id, done="copied"))
    return await _overwrite(request, item, mine, revision_of(form))


async def _overwrite(request: Request, item: Item, mine: Any, base: int | None) -> Response:
    if base != item.revision:
        return await conflict_screen(request, item, mine)
    try:
        await drafts.commit(need(request, Database), item, mine, user_id(request), base=item.revision)
    except drafts.Conflict:
        return await conflict_screen(request, await reload(request, item), mine)
    await record(request, "builder.conflict_overwritten", item)
    return htmx.redirect(request, link(request, "editor", item, done="overwritten"))


routes = [
    Route("/messages/{message_id:id}", editor, methods=["GET"], name="builder.editor"),
    Route("/messages/{message_id:id}/edit", edit, methods=["POST"], name="builder.edit"),
    Route("/messages/{message_id:id}/check", check, methods=["POST"], name="builder.check"),
    Route("/messages/{message_id:id}/resolve", resolve, methods=["POST"], name="builder.resolve"),
]
