"""Discord's numbers for message components, each named once.

Source: shared/specs/components.md. The validator, the editor's counters and the model helpers all read
from here, so a limit that changes changes in one place.
"""

from __future__ import annotations

from typing import Literal

Tag = Literal["doc", "rep", "inf", "warn"]

ACTION_ROW = 1
BUTTON = 2
STRING_SELECT = 3
TEXT_INPUT = 4
USER_SELECT = 5
ROLE_SELECT = 6
MENTIONABLE_SELECT = 7
CHANNEL_SELECT = 8
SECTION = 9
TEXT_DISPLAY = 10
THUMBNAIL = 11
MEDIA_GALLERY = 12
FILE = 13
SEPARATOR = 14
CONTAINER = 17
LABEL = 18
FILE_UPLOAD = 19
RADIO_GROUP = 21
CHECKBOX_GROUP = 22
CHECKBOX = 23

# Rule-id prefix of each component type ("button" in "button.label.max_length").
FAMILY: dict[int, str] = {
    ACTION_ROW: "action_row",
    BUTTON: "button",
    STRING_SELECT: "string_select",
    TEXT_INPUT: "text_input",
    USER_SELECT: "user_select",
    ROLE_SELECT: "role_select",
    MENTIONABLE_SELECT: "mentionable_select",
    CHANNEL_SELECT: "channel_select",
    SECTION: "section",
    TEXT_DISPLAY: "text_display",
    THUMBNAIL: "thumbnail",
    MEDIA_GALLERY: "media_gallery",
    FILE: "file",
    SEPARATOR: "separator",
    CONTAINER: "container",
    LABEL: "label",
    FILE_UPLOAD: "file_upload",
    RADIO_GROUP: "radio_group",
    CHECKBOX_GROUP: "checkbox_group",
    CHECKBOX: "checkbox",
}

# How messages name each family and each nested object.
TITLES: dict[str, str] = {
    **{family: family.replace("_", " ").title() for family in FAMILY.values()},
    "option": "Option",
    "media_gallery_item": "Gallery item",
    "media": "Media",
    "emoji": "Emoji",
    "default_value": "Default value",
    "message": "Message",
    "modal": "Modal",
    "component": "Component",
}


def type_name(type_id: int) -> str:
    return TITLES[FAMILY[type_id]]


SELECTS = frozenset({STRING_SELECT, USER_SELECT, ROLE_SELECT, MENTIONABLE_SELECT, CHANNEL_SELECT})
AUTO_SELECTS = frozenset({USER_SELECT, ROLE_SELECT, MENTIONABLE_SELECT, CHANNEL_SELECT})
# Types that carry a custom_id; every one but Button (where the style decides) requires it.
INTERACTIVE = frozenset({BUTTON, *SELECTS, TEXT_INPUT, FILE_UPLOAD, RADIO_GROUP, CHECKBOX_GROUP, CHECKBOX})
COMPONENTS_V2_ONLY = frozenset({SECTION, TEXT_DISPLAY, THUMBNAIL, MEDIA_GALLERY, FILE, SEPARATOR, CONTAINER})
MODAL_ONLY = frozenset({TEXT_INPUT, LABEL, FILE_UPLOAD, RADIO_GROUP, CHECKBOX_GROUP, CHECKBOX})
MESSAGE_ONLY = frozenset({BUTTON, SECTION, THUMBNAIL, MEDIA_GALLERY, FILE, SEPARATOR, CONTAINER})

SUPPRESS_EMBEDS = 1 << 2
EPHEMERAL = 1 << 6
SUPPRESS_NOTIFICATIONS = 1 << 12
IS_VOICE_MESSAGE = 1 << 13
IS_COMPONENTS_V2 = 1 << 15
CREATE_FLAGS = SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | IS_VOICE_MESSAGE | IS_COMPONENTS_V2
FLAG_NAMES: dict[int, str] = {
    SUPPRESS_EMBEDS: "SUPPRESS_EMBEDS",
    EPHEMERAL: "EPHEMERAL",
    SUPPRESS_NOTIFICATIONS: "SUPPRESS_NOTIFICATIONS",
    IS_VOICE_MESSAGE: "IS_VOICE_MESSAGE",
    IS_COMPONENTS_V2: "IS_COMPONENTS_V2",
}

MAX_COMPONENTS = 40
MAX_TEXT = 4000
MAX_LEGACY_ROWS = 5
MAX_EMBEDS = 10
MAX_STICKERS = 3
MEDIA_WARNING = 50
MAX_ID = 2_147_483_647
MAX_ACCENT = 0xFFFFFF
MOBILE_LABEL = 34
# Deepest legal tree is three levels (Container > Section > Button); beyond eight is garbage.
MAX_DEPTH = 8
# Lists longer than this are reported by their length and not walked item by item.
MAX_WALK = 256

BUTTON_STYLES: dict[int, str] = {1: "Primary", 2: "Secondary", 3: "Success", 4: "Danger", 5: "Link", 6: "Premium"}
TEXT_INPUT_STYLES: dict[int, str] = {1: "Short", 2: "Paragraph"}
SPACINGS: dict[int, str] = {1: "small", 2: "large"}
CHANNEL_TYPES = frozenset({0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16})
FILE_KINDS = frozenset({"image", "video", "audio"})
DEFAULT_VALUE_TYPES: dict[int, tuple[str, ...]] = {
    USER_SELECT: ("user",),
    ROLE_SELECT: ("role",),
    MENTIONABLE_SELECT: ("user", "role"),
    CHANNEL_SELECT: ("channel",),
}
