"""The fields of each object, as in the spec's tables.

For every family (a component type, or a nested object such as "option") it lists the plain fields with
their kind, bounds and whether they are required, and the names of the other fields the rule modules
check. Any other key is unknown. One table serves three readers: the validator checks plain fields from it
in one tight loop, the editor's counters take string limits from it, and messages take the names of
enumerated values from it.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from app.components.limits import (
    BUTTON_STYLES,
    FAMILY,
    MAX_ACCENT,
    MAX_ID,
    MAX_TEXT,
    SELECTS,
    SPACINGS,
    TEXT_INPUT_STYLES,
    Tag,
)

# (key, kind, low, high, low_tag, high_tag, required). For str, low/high bound the length; for int, the
# value; bool ignores them. A tuple rather than a class: the validator unpacks it in its hottest loop.
# kind is str, int or bool; typed Any because `kind is not value.__class__` is the validator's type check
# and mypy, seeing a `type`, would narrow the value to `object` after it.
FieldSpec = tuple[str, Any, int, int, Tag, Tag, bool]

NO_LIMIT = sys.maxsize


def text(
    key: str, high: int, *, low: int = 0, low_tag: Tag = "doc", high_tag: Tag = "doc", required: bool = False
) -> FieldSpec:
    return (key, str, low, high, low_tag, high_tag, required)


def number(
    key: str, low: int, high: int, *, low_tag: Tag = "doc", high_tag: Tag = "doc", required: bool = False
) -> FieldSpec:
    return (key, int, low, high, low_tag, high_tag, required)


def flag(key: str) -> FieldSpec:
    return (key, bool, 0, 0, "doc", "doc", False)


def _picks(most: int) -> tuple[FieldSpec, ...]:
    return number("min_values", 0, most), number("max_values", 1, most, low_tag="inf"), flag("required")


# id 0 means "let Discord choose"; the upper bound is Discord's 32-bit id; the range is ours.
_ID = number("id", 0, MAX_ID, low_tag="inf", high_tag="inf")
_CUSTOM_ID = text("custom_id", 100, low=1, required=True)
_SELECT = (_CUSTOM_ID, text("placeholder", 150), *_picks(25), flag("disabled"))

_COMPONENTS: dict[str, tuple[FieldSpec, ...]] = {
    "action_row": (),
    # A button's custom_id is required or forbidden by its style; the style rule says which.
    "button": (
        number("style", 1, 6, required=True),
        text("label", 80),
        text("custom_id", 100, low=1),
        text("url", 512),
        flag("disabled"),
    ),
    **{FAMILY[type_id]: _SELECT for type_id in SELECTS},
    "text_input": (
        _CUSTOM_ID,
        number("style", 1, 2, required=True),
        number("min_length", 0, 4000),
        number("max_length", 1, 4000),
        text("value", 4000),
        text("placeholder", 100),
        flag("required"),
    ),
    "section": (),
    "text_display": (text("content", MAX_TEXT, low=1, low_tag="inf", high_tag="rep", required=True),),
    "thumbnail": (text("description", 1024), flag("spoiler")),
    "media_gallery": (),
    "file": (flag("spoiler"),),
    "separator": (flag("divider"), number("spacing", 1, 2)),
    "container": (number("accent_color", 0, MAX_ACCENT), flag("spoiler")),
    "label": (text("label", 45, low=1, required=True), text("description", 100)),
    "file_upload": (_CUSTOM_ID, *_picks(10)),
    "radio_group": (_CUSTOM_ID, flag("required")),
    "checkbox_group": (_CUSTOM_ID, *_picks(10)),
    "checkbox": (_CUSTOM_ID, flag("default"), flag("required")),
}

SHAPES: dict[str, tuple[FieldSpec, ...]] = {
    **{family: (_ID, *specs) for family, specs in _COMPONENTS.items()},
    "option": (
        text("label", 100, low=1, required=True),
        text("value", 100, low=1, required=True),
        text("description", 100),
        flag("default"),
    ),
    "media_gallery_item": (text("description", 1024), flag("spoiler")),
    "media": (text("url", 2048, low=1, high_tag="inf", required=True),),
    "emoji": (text("name", NO_LIMIT), flag("animated")),
    "default_value": (),
    "modal": (text("custom_id", 100, low=1, required=True), text("title", 45, low=1, required=True)),
    "message": (text("content", 2000),),
}

# Fields the rule modules check (or that Discord fills in and ignores), beyond the plain ones above.
_SELECT_OTHER = ("type", "default_values")
OTHER_KEYS: dict[str, tuple[str, ...]] = {
    "action_row": ("type", "components"),
    "button": ("type", "emoji", "sku_id"),
    "string_select": ("type", "options"),
    **{FAMILY[t]: _SELECT_OTHER for t in SELECTS if FAMILY[t] != "string_select"},
    "channel_select": (*_SELECT_OTHER, "channel_types"),
    "text_input": ("type", "label"),
    "section": ("type", "components", "accessory"),
    "text_display": ("type",),
    "thumbnail": ("type", "media"),
    "media_gallery": ("type", "items"),
    "file": ("type", "file", "name", "size"),
    "separator": ("type",),
    "container": ("type", "components"),
    "label": ("type", "component"),
    "file_upload": ("type", "file_types"),
    "radio_group": ("type", "options"),
    "checkbox_group": ("type", "options"),
    "checkbox": ("type",),
    "option": ("emoji",),
    "media_gallery_item": ("media",),
    "media": (
        "proxy_url",
        "height",
        "width",
        "placeholder",
        "placeholder_version",
        "content_type",
        "flags",
        "attachment_id",
        "loading_state",
    ),
    "emoji": ("id",),
    "default_value": ("id", "type"),
    "modal": ("components",),
    "message": (
        "flags",
        "components",
        "embeds",
        "sticker_ids",
        "poll",
        "allowed_mentions",
        "attachments",
        "tts",
        "nonce",
        "enforce_nonce",
        "message_reference",
    ),
}

# Per family, every known key: (kind, low, high, spec) when it is a plain field, None when a rule checks it.
# The first three are the spec's own, repeated so the validator's loop unpacks them in one step.
Check = tuple[Any, int, int, FieldSpec]
BY_KEY: dict[str, dict[str, Check | None]] = {
    family: {**dict.fromkeys(OTHER_KEYS[family]), **{spec[0]: (spec[1], spec[2], spec[3], spec) for spec in specs}}
    for family, specs in SHAPES.items()
}
REQUIRED: dict[str, frozenset[str]] = {
    family: frozenset(spec[0] for spec in specs if spec[6]) for family, specs in SHAPES.items()
}

# Integer fields whose values have names, for messages ("must be one of 1 (Primary), ...").
CHOICES: dict[tuple[str, str], Mapping[int, str]] = {
    ("button", "style"): BUTTON_STYLES,
    ("text_input", "style"): TEXT_INPUT_STYLES,
    ("separator", "spacing"): SPACINGS,
}

# Longest allowed string per (family, field), with the rule's tag.
MAX_LENGTH: dict[tuple[str, str], tuple[int, Tag]] = {
    **{
        (family, key): (high, high_tag)
        for family, specs in SHAPES.items()
        for key, kind, _, high, _, high_tag, _ in specs
        if kind is str and high != NO_LIMIT
    },
    # The deprecated Text Input label (Action Row form); the current docs no longer state a limit.
    ("text_input", "label"): (45, "inf"),
}
