"""Checking one field as it is typed: what the validator would say of it, without saving anything.

The editor asks after each short pause in typing; the answer is the field's character count and its problems,
judged against the whole draft (a custom_id is unique among all of them, a text counts toward the 4000).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from app.builder.editor import fields as ef
from app.builder.editor.forms import PREFIX, FieldRef, component_refs, field_refs, is_modal
from app.builder.editor.view_model import FieldView, field_length
from app.components.counters import iter_components
from app.components.limits import FAMILY
from app.components.validate import validate_payload


def find_field(payload: object, name: str) -> FieldRef | None:
    """The field the editor names `name` (`f:<path>`), when the draft has it and typing can change it."""
    if not name.startswith(PREFIX):
        return None
    path = name.removeprefix(PREFIX)
    found = next((ref for ref in _candidates(payload, path) if ref.path == path), None)
    return found if found is not None and found.spec.kind != "form" else None


def _candidates(payload: object, path: str) -> Iterator[FieldRef]:
    """The fields of the modal itself and of the components on the way down to `path`: no others can hold it."""
    if "." not in path:
        yield from field_refs(payload) if is_modal(payload) else ()
        return
    for owner, node in iter_components(payload):
        if path.startswith(owner + "."):
            yield from component_refs(payload, owner, node)


def check(payload: object, ref: FieldRef, raw: str, emojis: Mapping[str, tuple[str, bool]]) -> FieldView:
    """The field as it would be with `raw` typed in. `ref` comes from `find_field` on this same `payload` (the
    caller's own copy), which takes the value."""
    owner = ref.node if ref.node is not None else {}
    ef.assign(owner, ref.spec.key, ef.parse(ref.spec, raw, emojis))
    problems = [found for found in validate_payload(payload) if _belongs(found.path, ref.path)]
    return FieldView(
        path=ref.path,
        label=ref.spec.label,
        kind=ref.spec.kind,
        hint=ref.spec.hint,
        value=raw,
        problems=problems,
        length=field_length(ref.spec, owner, _family(ref)),
        name=PREFIX + ref.path,
    )


def _belongs(problem_path: str, field_path: str) -> bool:
    """A problem shows at the field it names, or at the field holding what it names (an emoji's name)."""
    return problem_path == field_path or problem_path.startswith((field_path + ".", field_path + "["))


def _family(ref: FieldRef) -> str:
    """What the field's limits are looked up under: its component's family, an option, or a gallery item."""
    if ref.owner == "":
        return "modal"
    last = ref.owner.rsplit(".", 1)[-1]
    if last.startswith("options["):
        return "option"
    if last.startswith("items["):
        return "media_gallery_item"
    node = ref.node if ref.node is not None else {}
    type_id = node.get("type")
    return FAMILY.get(type_id, "") if type(type_id) is int else ""
