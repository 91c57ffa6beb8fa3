"""The editor's form as a whole: every editable field of a draft, and a posted form applied onto the draft.

A field is named `f:<path>` after the path the validator reports (`f:components[0].label`), so a problem and its
field meet without a lookup table. A field that was not posted, or that still shows what the draft holds, is
left alone: the draft changes only where the person typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.builder.editor import fields as ef
from app.builder.editor.fields import Spec
from app.components.counters import iter_components
from app.components.placement import type_of
from app.components.starters import FORM_PREFIX, TICKET_CHOICE, TICKET_CUSTOM_ID, form_custom_id

PREFIX = "f:"


@dataclass(frozen=True)
class FieldRef:
    path: str  # the field's own path: components[0].media.url
    owner: str  # the object holding it: components[0] ("" for the payload itself)
    spec: Spec
    node: dict[str, object] | None = None  # that object itself, so writing needs no second walk down the path


def is_modal(payload: object) -> bool:
    return isinstance(payload, dict) and "title" in payload


def join(owner: str, key: str) -> str:
    return f"{owner}.{key}" if owner else key


def field_refs(payload: object) -> list[FieldRef]:
    """Every field the editor shows for `payload`, in document order."""
    if not isinstance(payload, dict):
        return []
    refs = [FieldRef(spec.key, "", spec, payload) for spec in ef.MODAL_ROOT_FIELDS if is_modal(payload)]
    for path, node in iter_components(payload):
        refs.extend(component_refs(payload, path, node))
    return refs


def component_refs(payload: object, path: str, node: object) -> list[FieldRef]:
    """The fields of one component: its own, then those of its options or gallery items."""
    type_id = type_of(node)
    if type_id is None or not isinstance(node, dict):
        return []
    refs = [_ref(path, spec, node) for spec in ef.component_fields(type_id, is_modal(payload), node)]
    key, specs = ef.SUB_LISTS.get(type_id, ("", ()))
    entries = node.get(key) if key else None
    for index, entry in enumerate(entries[:100] if isinstance(entries, list) else []):
        if isinstance(entry, dict):
            refs.extend(_ref(f"{path}.{key}[{index}]", spec, entry) for spec in specs)
    return [ref for ref in refs if ref is not None]


def _ref(owner: str, spec: Spec, node: dict[str, object]) -> FieldRef | None:
    return FieldRef(join(owner, spec.key), owner, spec, node) if ef.editable(node, spec.key) else None


def apply_form(
    payload: object, form: Mapping[str, str], *, emojis: Mapping[str, tuple[str, bool]], form_ids: set[int]
) -> list[str]:
    """Write what was typed into `payload` (in place); the paths of the fields that changed, in order."""
    changed: list[str] = []
    refs = field_refs(payload)
    # A button's "opens form" choice goes last: it sets the custom_id, and wins over a custom_id typed at once.
    for ref in sorted(refs, key=lambda r: r.spec.kind == "form"):
        raw = form.get(PREFIX + ref.path)
        owner = ref.node
        if raw is None or owner is None or raw == ef.display(ref.spec, owner):
            continue
        if ref.spec.kind == "form":
            if not _open_form(payload, owner, raw, form_ids):
                continue
        else:
            ef.assign(owner, ref.spec.key, ef.parse(ref.spec, raw, emojis))
        changed.append(ref.path)
    return changed


def _open_form(payload: object, button: dict[str, object], raw: str, form_ids: set[int]) -> bool:
    """Point the button at form `raw` (a library id), or, emptied, give it back a custom_id of its own."""
    if raw.isascii() and raw.isdigit() and len(raw) <= 15 and int(raw) in form_ids:
        button["custom_id"] = form_custom_id(int(raw))
        return True
    if raw == TICKET_CHOICE:
        button["custom_id"] = TICKET_CUSTOM_ID
        return True
    custom_id = button.get("custom_id")
    if (
        raw == ""
        and isinstance(custom_id, str)
        and (custom_id.startswith(FORM_PREFIX) or custom_id == TICKET_CUSTOM_ID)
    ):
        button["custom_id"] = fresh_custom_id(payload, "button")
        return True
    return False


def fresh_custom_id(payload: object, family: str) -> str:
    taken = {node.get("custom_id") for _, node in iter_components(payload) if isinstance(node, dict)}
    number = 1
    while f"{family}_{number}" in taken:
        number += 1
    return f"{family}_{number}"
