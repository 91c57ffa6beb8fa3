"""Validation of message and modal payloads against shared/specs/components.md.

Every entry point takes any JSON value, never raises, and returns every problem it finds, in document
order. `Problem.path` uses one form everywhere: `components[0].components[2].label`, "" for the root.
"""

from __future__ import annotations

from dataclasses import replace

from app.components import interactive_rules as interactive
from app.components import layout_rules as layout
from app.components.limits import (
    ACTION_ROW,
    AUTO_SELECTS,
    BUTTON,
    CHECKBOX,
    CHECKBOX_GROUP,
    CONTAINER,
    CREATE_FLAGS,
    EPHEMERAL,
    FILE,
    FILE_UPLOAD,
    FLAG_NAMES,
    IS_COMPONENTS_V2,
    LABEL,
    MAX_COMPONENTS,
    MAX_EMBEDS,
    MAX_LEGACY_ROWS,
    MAX_STICKERS,
    MAX_TEXT,
    MEDIA_GALLERY,
    MEDIA_WARNING,
    RADIO_GROUP,
    SECTION,
    SEPARATOR,
    STRING_SELECT,
    TEXT_DISPLAY,
    TEXT_INPUT,
    THUMBNAIL,
)
from app.components.payload_walk import Node, Rule, Walk, array, fields, kind_table, obj
from app.components.problems import Problem, join, kind_of, problem

__all__ = [
    "Problem",
    "errors",
    "validate_interaction_response",
    "validate_message",
    "validate_message_edit",
    "validate_modal",
    "validate_payload",
]

RULES: dict[int, Rule] = {
    ACTION_ROW: layout.action_row,
    BUTTON: interactive.button,
    STRING_SELECT: interactive.string_select,
    TEXT_INPUT: interactive.text_input,
    **{type_id: interactive.auto_select(type_id) for type_id in AUTO_SELECTS},
    SECTION: layout.section,
    TEXT_DISPLAY: layout.text_display,
    THUMBNAIL: layout.thumbnail,
    MEDIA_GALLERY: layout.media_gallery,
    FILE: layout.file,
    SEPARATOR: layout.fields_only,
    CONTAINER: layout.container,
    LABEL: layout.label,
    FILE_UPLOAD: interactive.file_upload,
    RADIO_GROUP: interactive.radio_group,
    CHECKBOX_GROUP: interactive.checkbox_group,
    CHECKBOX: interactive.checkbox,
}

KINDS = kind_table(RULES)

LEGACY_FIELDS = ("content", "embeds", "sticker_ids", "poll")


def validate_payload(payload: object) -> list[Problem]:
    """A dict with a `title` key is a modal; anything else is checked as a message."""
    if type(payload) is dict and "title" in payload:
        return validate_modal(payload)
    return validate_message(payload)


def validate_message(payload: object, *, interaction_response: bool = False) -> list[Problem]:
    return _message(payload, interaction_response=interaction_response, original_flags=None)


def validate_message_edit(payload: object, *, original_flags: int, interaction_response: bool = False) -> list[Problem]:
    """An edit of a message sent with `original_flags`: IS_COMPONENTS_V2 can be added, never removed,
    and an edit without `flags` keeps the original ones."""
    return _message(payload, interaction_response=interaction_response, original_flags=original_flags)


def validate_modal(payload: object) -> list[Problem]:
    if type(payload) is not dict:
        return [_not_object(payload)]
    walk = Walk("modal", KINDS)
    fields(walk, payload, "", "modal")
    walk.children(payload, "", "modal", "modal", low=1, low_tag="doc", high=5)
    return walk.problems


def validate_interaction_response(payload: object) -> list[Problem]:
    """An interaction response `{type, data}`: type 4 or 7 carries a message, type 9 a modal.
    Paths start with `data.`."""
    if type(payload) is not dict:
        return [_not_object(payload)]
    kind, data = payload.get("type"), payload.get("data")
    if type(kind) is int and kind == 9:
        found = validate_modal(data)
    elif type(kind) is int and kind in (4, 7):
        found = validate_message(data, interaction_response=True)
    else:
        return [
            problem(
                "type",
                "response.type.unsupported",
                "doc",
                f"Only interaction responses of type 4, 7 (message) and 9 (modal) carry components; "
                f"this one is {kind_of(kind)}.",
            )
        ]
    return [replace(p, path=join("data", p.path)) for p in found]


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def _not_object(payload: object) -> Problem:
    return problem("", "payload.type", "doc", f"The payload must be a JSON object, not {kind_of(payload)}.")


def _message(payload: object, *, interaction_response: bool, original_flags: int | None) -> list[Problem]:
    if type(payload) is not dict:
        return [_not_object(payload)]
    walk = Walk("message", KINDS)
    fields(walk, payload, "", "message")
    flags = _flags(walk, payload, interaction_response)
    v2 = bool(flags & IS_COMPONENTS_V2) if flags is not None else False
    if original_flags is not None and original_flags & IS_COMPONENTS_V2:
        if flags is not None and not v2:
            walk.add(
                "flags",
                "message.flags.components_v2_removed",
                "doc",
                "IS_COMPONENTS_V2 cannot be removed from a message that was sent with it.",
            )
        v2 = True
    _legacy_fields(walk, payload, v2)
    _components(walk, payload, v2)
    if original_flags is None:
        _not_empty(walk, payload)
    return walk.problems


def _flags(walk: Walk, payload: Node, interaction_response: bool) -> int | None:
    """The flags as sent (None when absent or malformed), after reporting what is wrong with them."""
    flags = payload.get("flags")
    if flags is None:
        return None
    if type(flags) is not int:
        walk.add("flags", "message.flags.type", "doc", f"Message flags must be a whole number, not {kind_of(flags)}.")
        return None
    allowed = CREATE_FLAGS | (EPHEMERAL if interaction_response else 0)
    if flags < 0:
        walk.add("flags", "message.flags.range", "doc", "Message flags cannot be negative.")
    elif flags & ~allowed:
        walk.add("flags", "message.flags.not_allowed", "doc", _flags_message(flags & ~allowed, interaction_response))
    return flags


def _flags_message(extra: int, interaction_response: bool) -> str:
    if extra == EPHEMERAL and not interaction_response:
        return "EPHEMERAL (1 << 6) can only be set in an interaction response."
    bits = [bit for bit in range(min(extra.bit_length(), 64)) if extra >> bit & 1]
    shown = ", ".join(FLAG_NAMES.get(1 << bit, f"1 << {bit}") for bit in bits[:5])
    more = " and more" if len(bits) > 5 or extra.bit_length() > 64 else ""
    allowed = "SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_VOICE_MESSAGE, IS_COMPONENTS_V2"
    if interaction_response:
        allowed += ", EPHEMERAL"
    return f"Message flags include {shown}{more}, which cannot be set here; allowed: {allowed}."


def _legacy_fields(walk: Walk, payload: Node, v2: bool) -> None:
    if v2:
        for key in LEGACY_FIELDS:
            if payload.get(key):
                walk.add(
                    key,
                    f"message.{key}.components_v2",
                    "doc",
                    f"A message with IS_COMPONENTS_V2 cannot have {key}; use Text Display, Media Gallery "
                    "and Container components instead.",
                )
        return
    array(walk, payload, "", "message", "embeds", "embed", high=MAX_EMBEDS, required=False)
    array(walk, payload, "", "message", "sticker_ids", "sticker", high=MAX_STICKERS, required=False)
    obj(walk, payload, "", "message", "poll")


def _components(walk: Walk, payload: Node, v2: bool) -> None:
    if v2:
        walk.children(payload, "", "message", "message", low=0, low_tag="doc")
        _totals(walk)
    else:
        walk.children(payload, "", "message", "legacy", low=0, low_tag="doc", high=MAX_LEGACY_ROWS)


def _totals(walk: Walk) -> None:
    if walk.count > MAX_COMPONENTS:
        walk.add(
            "components",
            "message.components.total",
            "doc",
            f"The message has {walk.count} components in total (counting every nested one); "
            f"Discord allows at most {MAX_COMPONENTS}.",
        )
    if walk.text > MAX_TEXT:
        walk.add(
            "components",
            "message.text_display.total_length",
            "rep",
            f"The Text Displays hold {walk.text} characters in total; Discord allows at most {MAX_TEXT}.",
        )
    if walk.media > MEDIA_WARNING:
        walk.add(
            "components",
            "message.media.count",
            "warn",
            f"The message shows {walk.media} media items; above {MEDIA_WARNING} Discord may refuse it.",
        )


def _not_empty(walk: Walk, payload: Node) -> None:
    if payload.get("components") or any(payload.get(key) for key in LEGACY_FIELDS):
        return
    walk.add(
        "",
        "message.empty",
        "doc",
        "The message is empty; it needs components (or, without IS_COMPONENTS_V2, content, embeds, "
        "stickers or a poll).",
    )
