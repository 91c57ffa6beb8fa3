"""Where each component type may stand: the placement table shared by the validator and the builder."""

from __future__ import annotations

from typing import Literal

from app.components.limits import (
    ACTION_ROW,
    BUTTON,
    CHECKBOX,
    CHECKBOX_GROUP,
    CONTAINER,
    FILE,
    FILE_UPLOAD,
    LABEL,
    MEDIA_GALLERY,
    RADIO_GROUP,
    SECTION,
    SELECTS,
    SEPARATOR,
    TEXT_DISPLAY,
    TEXT_INPUT,
    THUMBNAIL,
)

Place = Literal["message", "legacy", "container", "action_row", "section", "accessory", "modal", "modal_row", "label"]

ALLOWED: dict[Place, frozenset[int]] = {
    "message": frozenset({ACTION_ROW, SECTION, TEXT_DISPLAY, MEDIA_GALLERY, FILE, SEPARATOR, CONTAINER}),
    "legacy": frozenset({ACTION_ROW}),
    "container": frozenset({ACTION_ROW, SECTION, TEXT_DISPLAY, MEDIA_GALLERY, FILE, SEPARATOR}),
    "action_row": frozenset({BUTTON, *SELECTS}),
    "section": frozenset({TEXT_DISPLAY}),
    "accessory": frozenset({BUTTON, THUMBNAIL}),
    "modal": frozenset({LABEL, TEXT_DISPLAY, ACTION_ROW}),
    "modal_row": frozenset({TEXT_INPUT}),
    "label": frozenset({TEXT_INPUT, *SELECTS, FILE_UPLOAD, RADIO_GROUP, CHECKBOX_GROUP, CHECKBOX}),
}

WHERE: dict[Place, str] = {
    "message": "at the top level of a message",
    "legacy": "at the top level of a message without IS_COMPONENTS_V2",
    "container": "inside a Container",
    "action_row": "inside an Action Row",
    "section": "in a Section's components",
    "accessory": "as a Section accessory",
    "modal": "at the top level of a modal",
    "modal_row": "inside an Action Row in a modal",
    "label": "inside a Label",
}

# Where the children of a container-like component go, by payload kind.
CHILD_PLACE: dict[tuple[int, bool], Place] = {
    (ACTION_ROW, False): "action_row",
    (ACTION_ROW, True): "modal_row",
    (SECTION, False): "section",
    (SECTION, True): "section",
    (CONTAINER, False): "container",
    (CONTAINER, True): "container",
}


def type_of(node: object) -> int | None:
    """The component type of `node`, or None when it is not an object with an integer type."""
    type_id = node.get("type") if type(node) is dict else None
    return type_id if type(type_id) is int else None
