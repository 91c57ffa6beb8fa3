"""The editor's form fields: which fields each component shows, how a value is shown in a field, and how
what was typed becomes a value of the draft.

What was typed is kept: a number field holding "abc" stores the string "abc" (the validator then says it is
not a whole number), a label of 300 characters stores 300 characters. Nothing is cut or dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from app.components.limits import (
    ACTION_ROW,
    AUTO_SELECTS,
    BUTTON,
    BUTTON_STYLES,
    CHECKBOX,
    CHECKBOX_GROUP,
    CONTAINER,
    FILE,
    FILE_UPLOAD,
    LABEL,
    MEDIA_GALLERY,
    RADIO_GROUP,
    SECTION,
    SEPARATOR,
    SPACINGS,
    STRING_SELECT,
    TEXT_DISPLAY,
    TEXT_INPUT,
    TEXT_INPUT_STYLES,
    THUMBNAIL,
)
from app.components.starters import FORM_PREFIX, TICKET_CHOICE, TICKET_CUSTOM_ID

Kind = Literal["text", "textarea", "int", "bool", "choice", "color", "emoji", "form"]


class _Remove:
    """The field was emptied: the key leaves the draft."""


REMOVE = _Remove()
Value = object


@dataclass(frozen=True)
class Spec:
    key: str  # the key under its owner; "media.url" reaches into a nested object
    label: str
    kind: Kind
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False  # emptied, it stays "" so the validator names it, rather than leaving the draft
    default_on: bool = False  # for bool fields: what an absent key means


def _choices(named: Mapping[int, str]) -> tuple[tuple[str, str], ...]:
    return tuple((str(value), name) for value, name in named.items())


CUSTOM_ID = Spec("custom_id", "Custom id", "text", "What your bot receives when this is used (1 to 100 characters).")
_PLACEHOLDER = Spec("placeholder", "Placeholder", "text", "Shown before anything is chosen.")
_MIN = Spec("min_values", "Fewest choices", "int")
_MAX = Spec("max_values", "Most choices", "int")
_DISABLED = Spec("disabled", "Disabled", "bool")
_REQUIRED = Spec("required", "Required", "bool", default_on=True)
_SPOILER = Spec("spoiler", "Spoiler", "bool")
_MEDIA_URL = Spec("media.url", "Image URL", "text", "https://… or attachment://file.png", required=True)
_MARKDOWN = "Markdown: **bold**, # heading, <#channel>, <@&role>."
_DESCRIPTION = Spec("description", "Alt text", "textarea", "Describes the image for people who cannot see it.")

BUTTON_FIELDS = (
    Spec("style", "Style", "choice", choices=_choices(BUTTON_STYLES)),
    Spec("label", "Label", "text"),
    Spec("emoji", "Emoji", "emoji", "A character such as 👋, or one of this server's emojis as :name:."),
    Spec("form", "Opens form", "form", "The bot answers a click with this form."),
    CUSTOM_ID,
    Spec("url", "Link URL", "text", "https://…"),
    Spec("sku_id", "SKU id", "text"),
    _DISABLED,
)

_MESSAGE_FIELDS: dict[int, tuple[Spec, ...]] = {
    ACTION_ROW: (),
    BUTTON: BUTTON_FIELDS,
    STRING_SELECT: (CUSTOM_ID, _PLACEHOLDER, _MIN, _MAX, _DISABLED),
    **{type_id: (CUSTOM_ID, _PLACEHOLDER, _MIN, _MAX, _DISABLED) for type_id in AUTO_SELECTS},
    SECTION: (),
    TEXT_DISPLAY: (Spec("content", "Text", "textarea", _MARKDOWN, required=True),),
    THUMBNAIL: (_MEDIA_URL, _DESCRIPTION, _SPOILER),
    MEDIA_GALLERY: (),
    FILE: (Spec("file.url", "File", "text", "attachment://name.ext", required=True), _SPOILER),
    SEPARATOR: (
        Spec("divider", "Show a line", "bool", default_on=True),
        Spec("spacing", "Spacing", "choice", choices=_choices(SPACINGS)),
    ),
    CONTAINER: (Spec("accent_color", "Accent colour", "color", "#RRGGBB, or empty for none."), _SPOILER),
}

_MIN_FILES = Spec("min_values", "Fewest files", "int")
_MAX_FILES = Spec("max_values", "Most files", "int")
_MODAL_SELECT = (CUSTOM_ID, _PLACEHOLDER, _MIN, _MAX, _REQUIRED)
_MODAL_FIELDS: dict[int, tuple[Spec, ...]] = {
    **_MESSAGE_FIELDS,
    STRING_SELECT: _MODAL_SELECT,
    **{type_id: _MODAL_SELECT for type_id in AUTO_SELECTS},
    LABEL: (Spec("label", "Question", "text", required=True), Spec("description", "Help text", "text")),
    TEXT_INPUT: (
        CUSTOM_ID,
        Spec("style", "Style", "choice", choices=_choices(TEXT_INPUT_STYLES)),
        _PLACEHOLDER,
        Spec("min_length", "Shortest answer", "int"),
        Spec("max_length", "Longest answer", "int"),
        Spec("value", "Prefilled answer", "textarea"),
        _REQUIRED,
    ),
    FILE_UPLOAD: (CUSTOM_ID, _MIN_FILES, _MAX_FILES, _REQUIRED),
    RADIO_GROUP: (CUSTOM_ID, _REQUIRED),
    CHECKBOX_GROUP: (CUSTOM_ID, _MIN, _MAX, _REQUIRED),
    CHECKBOX: (CUSTOM_ID, Spec("default", "Ticked at first", "bool")),
}

OPTION_FIELDS = (
    Spec("label", "Label", "text", required=True),
    Spec("value", "Value", "text", "What your bot receives.", required=True),
    Spec("description", "Description", "text"),
    Spec("default", "Chosen at first", "bool"),
)
ITEM_FIELDS = (_MEDIA_URL, _DESCRIPTION, _SPOILER)
MODAL_ROOT_FIELDS = (
    Spec("title", "Form title", "text", "Shown at the top of the form (1 to 45 characters).", required=True),
    Spec("custom_id", "Form custom id", "text", "What your bot receives when the form is submitted.", required=True),
)
# Which list of sub-objects each type edits in place, and the fields of one entry.
SUB_LISTS: dict[int, tuple[str, tuple[Spec, ...]]] = {
    STRING_SELECT: ("options", OPTION_FIELDS),
    RADIO_GROUP: ("options", OPTION_FIELDS),
    CHECKBOX_GROUP: ("options", OPTION_FIELDS),
    MEDIA_GALLERY: ("items", ITEM_FIELDS),
}


def component_fields(type_id: int, in_modal: bool, node: Mapping[str, object]) -> tuple[Spec, ...]:
    specs = (_MODAL_FIELDS if in_modal else _MESSAGE_FIELDS).get(type_id, ())
    if type_id == BUTTON:
        return tuple(spec for spec in specs if _button_shows(spec.key, node, in_modal))
    return specs


def _button_shows(key: str, node: Mapping[str, object], in_modal: bool) -> bool:
    """A button shows the fields its style uses, and any field that is set (so a stray one can be cleared)."""
    style = node.get("style")
    used = {5: {"url"}, 6: {"sku_id"}}.get(style if type(style) is int else 0, {"custom_id", "form"})
    if key == "form":
        return "form" in used and not in_modal
    return key not in ("custom_id", "url", "sku_id") or key in used or key in node


# --- showing a value in its field ---------------------------------------------------------------------------


def display(spec: Spec, node: Mapping[str, object]) -> str:
    """The text a field shows for the value under `spec.key` in `node`."""
    value = lookup(node, spec.key)
    if spec.kind == "bool":
        return "1" if (value is True or (value is None and spec.default_on)) else "0"
    if spec.kind == "color" and type(value) is int and 0 <= value <= 0xFFFFFF:
        return f"#{value:06X}"
    if spec.kind == "emoji":
        return _show_emoji(value)
    if spec.kind == "form":
        custom_id = node.get("custom_id")
        if custom_id == TICKET_CUSTOM_ID:
            return TICKET_CHOICE
        opens = isinstance(custom_id, str) and custom_id.startswith(FORM_PREFIX)
        return str(custom_id).removeprefix(FORM_PREFIX) if opens else ""
    if value is None:
        return ""
    return value if isinstance(value, str) else _plain(value)


def _plain(value: object) -> str:
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is int and -(10**18) < value < 10**18:
        return str(value)
    return repr(value)[:200] if not isinstance(value, dict | list) else ""


def _show_emoji(value: object) -> str:
    if not isinstance(value, dict):
        return ""
    name, emoji_id = value.get("name"), value.get("id")
    if isinstance(emoji_id, str) and emoji_id:
        prefix = "a" if value.get("animated") is True else ""
        return f"<{prefix}:{name if isinstance(name, str) else ''}:{emoji_id}>"
    return name if isinstance(name, str) else ""


def lookup(node: Mapping[str, object], key: str) -> object:
    """The value at a dotted key, or None when any step is missing or not an object."""
    found: object = node
    for part in key.split("."):
        if not isinstance(found, dict):
            return None
        found = found.get(part)
    return found


def editable(node: Mapping[str, object], key: str) -> bool:
    """Whether the dotted key can be written: each object on the way is absent or an object."""
    found: object = node
    for part in key.split(".")[:-1]:
        found = found.get(part) if isinstance(found, dict) else None
        if found is not None and not isinstance(found, dict):
            return False
    return True


# --- what was typed becomes a value -------------------------------------------------------------------------

_INT = re.compile(r"-?\d{1,18}")
_HEX = re.compile(r"#?[0-9a-fA-F]{6}")
_CUSTOM_EMOJI = re.compile(r"<(a?):(\w{1,32}):(\d{1,20})>")
_NAMED_EMOJI = re.compile(r":(\w{1,32}):")


def parse(spec: Spec, raw: str, emojis: Mapping[str, tuple[str, bool]]) -> Value:
    """The draft value for what was typed into the field, or REMOVE when the key should leave the draft."""
    text = raw.replace("\r\n", "\n")
    if spec.kind == "bool":
        on = text in ("1", "on", "true")
        return REMOVE if not (on or spec.default_on) else on
    if text == "" and spec.kind != "form":
        return "" if spec.required else REMOVE
    if spec.kind == "int":
        return int(text.strip()) if _INT.fullmatch(text.strip()) else text
    if spec.kind == "color":
        return int(text.strip().lstrip("#"), 16) if _HEX.fullmatch(text.strip()) else text
    if spec.kind == "choice":
        return int(text) if _INT.fullmatch(text) else text
    if spec.kind == "emoji":
        return _parse_emoji(text.strip(), emojis)
    return text


def _parse_emoji(text: str, emojis: Mapping[str, tuple[str, bool]]) -> Value:
    custom = _CUSTOM_EMOJI.fullmatch(text)
    if custom:
        animated, name, emoji_id = custom.groups()
        return {"id": emoji_id, "name": name, **({"animated": True} if animated else {})}
    named = _NAMED_EMOJI.fullmatch(text)
    for emoji_id, (name, animated) in emojis.items():
        if named and named.group(1) == name:
            return {"id": emoji_id, "name": name, **({"animated": True} if animated else {})}
    return {"name": text}


def assign(node: dict[str, object], key: str, value: Value) -> None:
    """Write (or, for REMOVE, delete) the value at a dotted key, making the objects on the way."""
    *steps, last = key.split(".")
    owner = node
    for part in steps:
        nested = owner.get(part)
        if not isinstance(nested, dict):
            if value is REMOVE:
                return
            nested = {}
            owner[part] = nested
        owner = nested
    if value is REMOVE:
        owner.pop(last, None)
    else:
        owner[last] = value
