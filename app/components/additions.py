"""What the builder may add where, and blank components to add.

A place is addressed by the path of the list or slot that would hold the new component: "components"
(top level), "components[0].components" (inside a Container, Action Row or Section),
"components[0].accessory" (a Section accessory) or "components[0].component" (a Label's component).
Paths are those of app.components.paths, the same the validator reports.
"""

from __future__ import annotations

import copy

from app.components.counters import component_count, iter_components
from app.components.limits import (
    ACTION_ROW,
    BUTTON,
    CONTAINER,
    FAMILY,
    INTERACTIVE,
    IS_COMPONENTS_V2,
    LABEL,
    MAX_COMPONENTS,
    MAX_LEGACY_ROWS,
    SECTION,
    SELECTS,
    TEXT_DISPLAY,
    TEXT_INPUT,
)
from app.components.paths import PathError, format_path, get_at, parse_path
from app.components.placement import ALLOWED, CHILD_PLACE, Place, type_of

_IMAGE = "https://cdn.discordapp.com/embed/avatars/0.png"
_OPTION_1 = {"label": "Option 1", "value": "option_1"}
_OPTION_2 = {"label": "Option 2", "value": "option_2"}

# Fields of each blank besides type, custom_id and child components.
_TEMPLATES: dict[int, dict[str, object]] = {
    BUTTON: {"style": 2, "label": "Button"},
    3: {"placeholder": "Choose an option", "options": [_OPTION_1]},
    TEXT_INPUT: {"style": 1},
    **{type_id: {} for type_id in (5, 6, 7, 8, 19, 23)},
    TEXT_DISPLAY: {"content": "Text"},
    11: {"media": {"url": _IMAGE}},
    12: {"items": [{"media": {"url": _IMAGE}}]},
    13: {"file": {"url": "attachment://file.txt"}},
    14: {"divider": True, "spacing": 1},
    LABEL: {"label": "Question"},
    21: {"options": [_OPTION_1, _OPTION_2]},
    22: {"options": [_OPTION_1]},
    ACTION_ROW: {},
    SECTION: {},
    CONTAINER: {},
}

# Add codes for a new Action Row holding a select: a select is offered wherever a row can go, so nobody has to add
# a row, remove its button and add the select. A code is ROW_OF plus the select's type.
ROW_OF = 1000
ROW_WITH: dict[int, int] = {ROW_OF + type_id: type_id for type_id in sorted(SELECTS)}

# Most children each place can hold (0: no limit of its own; the 40 in total still applies).
_ROOM: dict[Place, int] = {"legacy": MAX_LEGACY_ROWS, "section": 3, "modal": 5, "modal_row": 1}
_MESSAGE_PLACES = frozenset({"message", "container", "action_row", "section", "accessory"})


def allowed_types(place: Place) -> tuple[int, ...]:
    return tuple(sorted(ALLOWED[place]))


def place_of(payload: object, path: str) -> Place | None:
    """The place the list or slot at `path` is, or None when `path` names no such list or slot."""
    try:
        parts = parse_path(path)
        owner = get_at(payload, format_path(parts[:-1])) if parts else None
    except PathError:
        return None
    if parts == ["components"]:
        return _top_place(payload)
    type_id = type_of(owner)
    if not parts or type_id is None:
        return None
    key = parts[-1]
    if key == "components":
        return CHILD_PLACE.get((type_id, _is_modal(payload)))
    if (type_id, key) == (SECTION, "accessory"):
        return "accessory"
    return "label" if (type_id, key) == (LABEL, "component") else None


def addable_types(payload: object, path: str, count: int | None = None) -> tuple[int, ...]:
    """Types the builder may offer to add at `path` now: allowed there, with room left in that list
    and in the message's 40 (`count` is the payload's component count, when the caller knows it).
    Deprecated forms (an Action Row in a modal) are not offered."""
    place = place_of(payload, path)
    if place is None:
        return ()
    kinds = list(fitting(place, list_at(payload, path)))
    if ACTION_ROW in kinds and place != "legacy":
        kinds.extend(ROW_WITH)
    if place in _MESSAGE_PLACES:
        room = MAX_COMPONENTS - (component_count(payload) if count is None else count)
        kinds = [t for t in kinds if _SIZES[t] <= room]
    return tuple(kinds)


def blank_component(type_id: int, *, payload: object = None) -> dict[str, object]:
    """A new component of `type_id` that validates cleanly in its usual place. custom_ids are chosen
    not to clash with those already in `payload`. Raises ValueError for an unknown type."""
    if type_id not in _TEMPLATES and type_id not in ROW_WITH:
        raise ValueError(f"unknown component type {type_id!r}")
    taken = {
        str(node["custom_id"])
        for _, node in iter_components(payload)
        if type(node) is dict and type(node.get("custom_id")) is str
    }
    return _blank(type_id, taken)


def _blank(type_id: int, taken: set[str]) -> dict[str, object]:
    if type_id in ROW_WITH:
        return {"type": ACTION_ROW, "components": [_blank(ROW_WITH[type_id], taken)]}
    node: dict[str, object] = {"type": type_id, **copy.deepcopy(_TEMPLATES[type_id])}
    if type_id in INTERACTIVE:
        node["custom_id"] = _fresh(FAMILY[type_id], taken)
    if type_id == ACTION_ROW:
        node["components"] = [_blank(BUTTON, taken)]
    elif type_id in (SECTION, CONTAINER):
        node["components"] = [_blank(TEXT_DISPLAY, taken)]
    if type_id == SECTION:
        node["accessory"] = _blank(BUTTON, taken)
    elif type_id == LABEL:
        node["component"] = _blank(TEXT_INPUT, taken)
    return node


def _fresh(family: str, taken: set[str]) -> str:
    number = 1
    while f"{family}_{number}" in taken:
        number += 1
    taken.add(f"{family}_{number}")
    return f"{family}_{number}"


def _top_place(payload: object) -> Place:
    if _is_modal(payload):
        return "modal"
    flags = payload.get("flags") if type(payload) is dict else None
    return "message" if type(flags) is int and flags & IS_COMPONENTS_V2 else "legacy"


def _is_modal(payload: object) -> bool:
    return type(payload) is dict and "title" in payload


def fitting(place: Place, siblings: list[object]) -> tuple[int, ...]:
    """The types the placement rules allow in a list of `place` that holds `siblings`, with room left in it."""
    return tuple(type_id for type_id in allowed_types(place) if _fits(place, siblings, type_id))


def list_at(payload: object, path: str) -> list[object]:
    try:
        held = get_at(payload, path)
    except PathError:
        return []
    return held if type(held) is list else []


def _fits(place: Place, siblings: list[object], type_id: int) -> bool:
    if place == "modal" and type_id == ACTION_ROW:
        return False
    if place == "action_row":
        return _row_fits(siblings, type_id)
    room = _ROOM.get(place, 0)
    return not room or len(siblings) < room


def _row_fits(siblings: list[object], type_id: int) -> bool:
    if not siblings:
        return True
    holds_select = any(type_of(kid) in SELECTS for kid in siblings)
    return type_id == BUTTON and not holds_select and len(siblings) < 5


_SIZES: dict[int, int] = {t: component_count({"components": [_blank(t, set())]}) for t in (*_TEMPLATES, *ROW_WITH)}
