"""Taking in a posted editor form: the revision check, the typed fields, the entry's own settings.

Every button of the editor posts the whole form (Save, an action, Publish, Save version), so nothing typed is
lost whichever is pressed. A form made on an older revision is not applied: the answer is the conflict notice,
with the person's version rebuilt on the draft they saw, to overwrite with or save as a copy.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import Response

from app.accounts.forms import ident
from app.builder.editor.forms import apply_form
from app.builder.editor.render import ConflictView, Guild, Screen, guild_data, respond
from app.builder.request_context import load_item, read_form, user_id, when
from app.builder.storage import drafts, history, library
from app.builder.storage.library import Item
from app.components import tree_edits as tree_ops
from app.core.htmx import htmx
from app.core.registry import need

# The verbs of the editor's buttons besides the tree actions.
OWN_VERBS = ("save", "undo", "redo", "open")


Handler = Callable[[Request], Awaitable[Response]]


class Conflicting(Exception):
    """The form was made on another revision of the draft than the stored one: nothing of it was saved."""

    def __init__(self, item: Item, mine: Any, form: dict[str, str] | None = None) -> None:
        super().__init__(item.id)
        self.item = item  # the draft as it now is
        self.mine = mine  # the person's version, kept in the notice to overwrite with or save as a copy
        self.form = form or {}  # what they posted: the components they had open stay open


@dataclass
class Taken:
    item: Item
    payload: Any
    changed: list[str]
    meta_values: dict[str, str]
    guild: Guild


def revision_of(form: dict[str, str]) -> int | None:
    return ident(form.get("revision", ""))


def parse_do(form: dict[str, str]) -> tuple[str, str, int | None]:
    """(verb, path, component type) of the pressed button; the type comes from the select next to it."""
    verb, _, path = form.get("do", "").strip().partition(" ")
    if verb not in tree_ops.ACTIONS and verb not in OWN_VERBS:
        return "", "", None
    # The type to add or insert comes from the list next to the button; the index `to` moves to, from a field of
    # that name. A drop ("move") names where it lands in the value itself: "move <path> <position>".
    chosen = form.get(("t:" if verb == "add" else "i:") + path, "")
    return verb, path[:500], ident(chosen) if len(chosen) <= 4 else None  # a type, or an add code (1003)


async def take(request: Request, item: Item, form: dict[str, str]) -> Taken:
    """The draft with the form's fields written in (not saved yet); Conflicting when it was made on another."""
    base = revision_of(form)
    if base != item.revision:
        raise Conflicting(item, await _mine(request, item, form, base), form)
    guild = await guild_data(request, item)
    payload = copy.deepcopy(item.payload)
    changed = _apply(payload, form, guild)
    meta = await _save_meta(request, item, form)
    return Taken(item, payload, changed, meta, guild)


def _apply(payload: Any, form: dict[str, str], guild: Guild) -> list[str]:
    form_ids = {int(form_id) for form_id, _ in guild.lookups.forms}
    return apply_form(payload, form, emojis=guild.lookups.emojis, form_ids=form_ids)


async def _save_meta(request: Request, item: Item, form: dict[str, str]) -> dict[str, str]:
    """Save the name and acknowledgement when changed and acceptable; what was typed, to show again."""
    database, typed = need(request, Database), {}
    name = form.get("meta:name")
    if name is not None and name != item.name:
        typed["name"] = name
        if not library.name_problem(name):
            await library.rename(database, item.guild_id, item.id, name.strip(), user_id(request))
    ack = form.get("meta:ack")
    if item.is_form and ack is not None and ack.replace("\r\n", "\n") != item.ack_text:
        # Kept as typed even beyond the limit; the field says it is too long.
        await library.set_ack_text(database, item, ack.replace("\r\n", "\n"), user_id(request))
    return {key: value for key, value in typed.items() if library.name_problem(value)}


async def commit(request: Request, taken: Taken, *, field: str = "") -> Item:
    """Save the taken draft (when it changed); the entry as it now is. Conflicting when another save came first."""
    item = taken.item
    if taken.payload != item.payload:
        try:
            await drafts.commit(
                need(request, Database), item, taken.payload, user_id(request), base=item.revision, field=field
            )
        except drafts.Conflict:
            raise Conflicting(await reload(request, item), taken.payload) from None
    return await reload(request, item)


async def reload(request: Request, item: Item) -> Item:
    found = await library.get(need(request, Database), item.guild_id, item.id)
    assert found is not None
    return found


async def _mine(request: Request, item: Item, form: dict[str, str], base: int | None) -> Any:
    """The person's version: their form written onto the draft they saw, their action done when it still makes
    sense there."""
    start = await drafts.snapshot(need(request, Database), item.id, base) if base is not None else None
    mine = copy.deepcopy(item.payload if start is None else start)
    _apply(mine, form, await guild_data(request, item))
    verb, path, type_id = parse_do(form)
    if verb in tree_ops.ACTIONS:
        # The action may have made sense only on the draft they saw; their typing is kept either way.
        with contextlib.suppress(tree_ops.Refused):
            tree_ops.perform(mine, verb, path, type_id)
    return mine


async def conflict_screen(request: Request, item: Item, mine: Any, form: dict[str, str] | None = None) -> Response:
    view = ConflictView(item.updated_by_name, when(item.updated_at), json.dumps(mine), history.diff(item.payload, mine))
    headers = {"HX-Retarget": "#editor", "HX-Reswap": "outerHTML"} if htmx(request).partial else {}
    return await respond(request, item, Screen(status=409, conflict=view, headers=headers), form)


async def taken_from_form(request: Request) -> tuple[Taken, dict[str, str]]:
    """The posted editor form taken onto its entry's draft, not saved yet."""
    item = await load_item(request)
    form = await read_form(request)
    return await take(request, item, form), form


async def saved_from_form(request: Request) -> tuple[Item, Taken, dict[str, str]]:
    """What an action that posts the whole editor form does first: save whatever was typed."""
    taken, form = await taken_from_form(request)
    return await commit(request, taken), taken, form


def answers_conflicts(handler: Handler) -> Handler:
    """A route that takes the editor form in answers a Conflicting with the conflict notice."""

    @functools.wraps(handler)
    async def answered(request: Request) -> Response:
        try:
            return await handler(request)
        except Conflicting as found:
            return await conflict_screen(request, found.item, found.mine, found.form)

    return answered
