"""The editor's structural actions on a draft: add, insert, move, move into or out of a container, move to any
place that can hold it (a drop), duplicate, remove, and the options or gallery items of one component.

Each action changes the payload in place and returns the path the editor should show and focus next; an action
that cannot be done raises `Refused` with a sentence for the person, leaving the payload as it was.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

from app.components.additions import ROW_WITH, addable_types, blank_component, fitting, list_at, place_of
from app.components.counters import component_count, iter_components
from app.components.limits import (
    ACTION_ROW,
    CONTAINER,
    IS_COMPONENTS_V2,
    MAX_COMPONENTS,
    MEDIA_GALLERY,
    SECTION,
    STRING_SELECT,
    type_name,
)
from app.components.paths import PathError, format_path, get_at, insert_at, parse_path, remove_at
from app.components.placement import ALLOWED, WHERE, type_of

SUB_ENTRIES: dict[int, tuple[str, int]] = {STRING_SELECT: ("options", 25), 21: ("options", 10), 22: ("options", 10)}
_GALLERY_MAX = 10
HOLDERS = frozenset({CONTAINER, SECTION, ACTION_ROW})
_SINGLE = frozenset({"accessory", "label"})  # places that hold one component, not a list
_ROOM_RULE = {
    "action_row": ": an Action Row holds up to 5 buttons, or one select menu alone",
    "section": ": a Section holds up to 3 Text Displays",
}
# What the add lists call a new row holding a select.
SELECT_NAMES = {
    3: "Select menu",
    5: "User select menu",
    6: "Role select menu",
    7: "Mentionable select menu",
    8: "Channel select menu",
}
_IMAGE = "https://cdn.discordapp.com/embed/avatars/0.png"
STALE = "That part of the draft is no longer there; the page was out of date. Here is the latest draft."


class Refused(Exception):
    """The action cannot be done; the message says why, in the person's terms."""


def name_of(type_id: int | None) -> str:
    if type_id in ROW_WITH:
        return SELECT_NAMES[ROW_WITH[type_id]]
    try:
        return type_name(type_id) if type_id is not None else "component"
    except KeyError:
        return "component"


def _split(path: str) -> tuple[str, int]:
    """(list path, index) of a component that sits in a list."""
    parts = parse_path(path)
    if not parts or not isinstance(parts[-1], int):
        raise Refused("Only a component in a list can do that.")
    return format_path(parts[:-1]), parts[-1]


def _list(payload: object, path: str, *, create: bool = False) -> list[object]:
    parts = parse_path(path)
    owner = get_at(payload, format_path(parts[:-1])) if len(parts) > 1 else payload
    key = parts[-1] if parts else None
    if not isinstance(owner, dict) or not isinstance(key, str):
        raise PathError(path)
    if create and key not in owner:
        owner[key] = []
    found = owner.get(key)
    if not isinstance(found, list):
        raise PathError(path)
    return found


def _require_addable(payload: object, place: str, type_id: int | None) -> None:
    if type_id is None or type_id not in addable_types(payload, place):
        raise Refused(f"A {name_of(type_id)} cannot go there, or there is no room left for it.")


def add(payload: object, place: str, type_id: int | None) -> str:
    _require_addable(payload, place, type_id)
    assert type_id is not None
    new = blank_component(type_id, payload=payload)
    parts = parse_path(place)
    if parts and parts[-1] in ("accessory", "component"):
        owner = get_at(payload, format_path(parts[:-1]))
        if not isinstance(owner, dict) or owner.get(str(parts[-1])) is not None:
            raise Refused("That place is taken: remove what is there first.")
        owner[str(parts[-1])] = new
        return place
    target = _list(payload, place, create=True)
    target.append(new)
    added = f"{place}[{len(target) - 1}]"
    return f"{added}.components[0]" if type_id in ROW_WITH else added  # the select the person asked for


def insert(payload: object, path: str, type_id: int | None, *, after: bool) -> str:
    place, index = _split(path)
    _require_addable(payload, place, type_id)
    assert type_id is not None
    at = index + 1 if after else index
    insert_at(payload, f"{place}[{at}]", blank_component(type_id, payload=payload))
    return f"{place}[{at}]"


def move(payload: object, path: str, step: int) -> str:
    place, index = _split(path)
    siblings = _list(payload, place)
    if index >= len(siblings):
        raise PathError(path)
    other = index + step
    if not 0 <= other < len(siblings):
        raise Refused("It is already at the " + ("top." if step < 0 else "bottom."))
    siblings[index], siblings[other] = siblings[other], siblings[index]
    return f"{place}[{other}]"


def move_to(payload: object, path: str, index: int | None) -> str:
    """Move the component at `path` to `index` of its own list (a drag and drop)."""
    place, at = _split(path)
    siblings = _list(payload, place)
    if at >= len(siblings):
        raise PathError(path)
    if index is None or not 0 <= index < len(siblings):
        raise Refused("There is no such place in that list.")
    siblings.insert(index, siblings.pop(at))
    return f"{place}[{index}]"


def relocate(payload: object, path: str, place: str, index: int | None) -> str:
    """Move the component at `path` to `index` of the list at `place`: another list (into a container, out of
    one, from one row to another) or its own. `index` is its position there once moved."""
    node = get_at(payload, path)
    if _inside(place, path):
        raise Refused(f"A {name_of(type_of(node))} cannot go inside itself.")
    if _list_path(path) == format_path(parse_path(place)):
        return move_to(payload, path, index)
    _require_fits(payload, place, node)
    if index is None or not 0 <= index <= _length(payload, place):
        raise Refused("There is no such place in that list.")
    target = _list(payload, place, create=True)
    remove_at(payload, path)
    target.insert(index, node)
    return next((found for found, kid in iter_components(payload) if kid is node), f"{place}[{index}]")


def fits_at(payload: object, place: str) -> tuple[int, ...]:
    """The types a component moved from elsewhere may take at the list `place`: those the placement rules allow
    there, with room left in that list. A move leaves the message's count as it is, so its 40 do not bound it."""
    kind = place_of(payload, place)
    return () if kind is None else fitting(kind, list_at(payload, place))


def _require_fits(payload: object, place: str, node: object) -> None:
    type_id, kind = type_of(node), place_of(payload, place)
    if kind is None or kind in _SINGLE:
        raise Refused("That is not a list a component can be moved into.")
    if type_id not in ALLOWED[kind]:
        raise Refused(f"A {name_of(type_id)} cannot go {WHERE[kind]}.")
    if type_id not in fits_at(payload, place):
        raise Refused(f"There is no room left there for a {name_of(type_id)}{_ROOM_RULE.get(kind, '')}.")


def _inside(place: str, path: str) -> bool:
    """Whether the list at `place` is the component at `path` or lies within it."""
    own = parse_path(path)
    return parse_path(place)[: len(own)] == own


def _list_path(path: str) -> str | None:
    """The path of the list holding the component at `path`; None when it sits in a single slot."""
    parts = parse_path(path)
    return format_path(parts[:-1]) if parts and isinstance(parts[-1], int) else None


def _length(payload: object, place: str) -> int:
    """How many components the list at `place` holds; 0 when it is not there yet."""
    try:
        return len(_list(payload, place))
    except PathError:
        return 0


def _move_posted(payload: object, posted: str) -> str:
    """A drop as the editor posts it: the component's path, a space, and the position it lands at
    (`components[1].components[0]`: first in the list of the second component)."""
    path, _, destination = posted.partition(" ")
    parts = parse_path(destination)
    if not parts or not isinstance(parts[-1], int):
        raise Refused("There is no such place to move it to.")
    return relocate(payload, path, format_path(parts[:-1]), parts[-1])


def moved_to(payload: object, path: str) -> str:
    """Where the component at `path` went, for the person: "Button moved into Action Row 2, position 1."."""
    parts = parse_path(path)
    name, last = name_of(type_of(get_at(payload, path))), parts[-1]
    if not isinstance(last, int):
        return f"{name} moved into {title_of(payload, format_path(parts[:-1]))}."
    holder = format_path(parts[:-2])
    where = f"into {title_of(payload, holder)}" if holder else "to the top level"
    return f"{name} moved {where}, position {last + 1}."


def title_of(payload: object, path: str) -> str:
    """What the outline calls the component at `path`: its type and its number among those of its type
    ("Action Row 2"), counted in document order."""
    wanted = type_of(get_at(payload, path))
    seen = 0
    for found, node in iter_components(payload):
        seen += 1 if type_of(node) == wanted else 0
        if found == path:
            break
    return f"{name_of(wanted)} {seen}"


def into(payload: object, path: str) -> str:
    """Into the neighbour above (at its end), or else the one below (at its start), whichever can hold it."""
    place, index = _split(path)
    siblings = _list(payload, place)
    node = siblings[index]
    for neighbour, position in ((index - 1, "end"), (index + 1, "start")):
        if 0 <= neighbour < len(siblings) and _holds(payload, f"{place}[{neighbour}].components", node, path):
            siblings.pop(index)
            target_index = neighbour if neighbour < index else neighbour - 1
            inner = _list(payload, f"{place}[{target_index}].components", create=True)
            inner.insert(len(inner) if position == "end" else 0, node)
            at = len(inner) - 1 if position == "end" else 0
            return f"{place}[{target_index}].components[{at}]"
    raise Refused(f"There is no Container (or other component that can hold a {name_of(type_of(node))}) next to it.")


def _holds(payload: object, place: str, node: object, path: str) -> bool:
    """Whether `place` could take `node` once `node` has left its own place."""
    trial = copy.deepcopy(payload)
    remove_at(trial, path)
    parts = parse_path(place)
    holder_index = parts[-2] if len(parts) > 1 else None
    own = parse_path(path)
    if isinstance(holder_index, int) and isinstance(own[-1], int) and own[-1] < holder_index:
        parts[-2] = holder_index - 1  # the holder moved up by one when `node` left the list above it
    try:
        return type_of(node) in addable_types(trial, format_path(parts))
    except PathError:
        return False


def out(payload: object, path: str) -> str:
    """Out of the component holding it, to just after that component."""
    parts = parse_path(path)
    if len(parts) < 4 or not isinstance(parts[-1], int) or not isinstance(parts[-3], int):
        raise Refused("It is not inside a container.")
    holder = format_path(parts[:-2])
    outer, holder_index = format_path(parts[:-3]), parts[-3]
    node = get_at(payload, path)
    trial = copy.deepcopy(payload)
    remove_at(trial, path)
    if type_of(node) not in addable_types(trial, outer):
        raise Refused(f"A {name_of(type_of(node))} cannot stand where its {_holder_name(payload, holder)} is.")
    remove_at(payload, path)
    insert_at(payload, f"{outer}[{holder_index + 1}]", node)
    return f"{outer}[{holder_index + 1}]"


def _holder_name(payload: object, holder: str) -> str:
    return name_of(type_of(get_at(payload, holder)))


def duplicate(payload: object, path: str) -> str:
    place, index = _split(path)
    node = get_at(payload, path)
    twin = copy.deepcopy(node)
    _fresh_ids(twin, payload)
    if type_of(node) not in addable_types(payload, place):
        raise Refused(f"There is no room for another {name_of(type_of(node))} there.")
    if _counts_total(payload) and component_count(payload) + _size(twin) > MAX_COMPONENTS:
        raise Refused(f"A copy would take the message past {MAX_COMPONENTS} components.")
    insert_at(payload, f"{place}[{index + 1}]", twin)
    return f"{place}[{index + 1}]"


def _counts_total(payload: object) -> bool:
    flags = payload.get("flags") if isinstance(payload, dict) else None
    return type(flags) is int and bool(flags & IS_COMPONENTS_V2)


def _size(node: object) -> int:
    return component_count({"components": [node]})


def _fresh_ids(twin: object, payload: object) -> None:
    """A copy needs custom_ids of its own (they are unique per message) and no fixed component ids."""
    taken = {n.get("custom_id") for _, n in iter_components(payload) if isinstance(n, dict)}
    for _, node in iter_components({"components": [twin]}):
        if not isinstance(node, dict):
            continue
        node.pop("id", None)
        custom_id = node.get("custom_id")
        if isinstance(custom_id, str):
            stem = re.sub(r"_\d+$", "", custom_id.split(":")[0] or "button") or "button"
            number = 2
            while f"{stem}_{number}" in taken:
                number += 1
            node["custom_id"] = f"{stem}_{number}"
            taken.add(node["custom_id"])


def remove(payload: object, path: str) -> str:
    """Remove it; focus goes to what took its place, else the one before, else the component that held it."""
    remove_at(payload, path)
    parts = parse_path(path)
    if not isinstance(parts[-1], int):
        return format_path(parts[:-1])
    place, index = format_path(parts[:-1]), parts[-1]
    left = _list(payload, place)
    if index < len(left):
        return f"{place}[{index}]"
    if index > 0:
        return f"{place}[{index - 1}]"
    return format_path(parts[:-2])


def add_entry(payload: object, path: str) -> str:
    """A new option of a select or group, or a new image of a gallery."""
    node = get_at(payload, path)
    type_id = type_of(node)
    if not isinstance(node, dict) or (type_id not in SUB_ENTRIES and type_id != MEDIA_GALLERY):
        raise Refused("Only selects, groups and galleries have entries to add.")
    key, most = SUB_ENTRIES.get(type_id, ("items", _GALLERY_MAX))
    entries = node.setdefault(key, [])
    if not isinstance(entries, list):
        raise Refused("Its entries are not a list; fix them in the JSON first.")
    if len(entries) >= most:
        raise Refused(f"A {name_of(type_id)} holds at most {most} entries.")
    entries.append(_blank_entry(key, entries))
    return f"{path}.{key}[{len(entries) - 1}]"


def _blank_entry(key: str, entries: list[object]) -> dict[str, object]:
    if key == "items":
        return {"media": {"url": _IMAGE}}
    values = {e.get("value") for e in entries if isinstance(e, dict)}
    number = len(entries) + 1
    while f"option_{number}" in values:
        number += 1
    return {"label": f"Option {number}", "value": f"option_{number}"}


def remove_entry(payload: object, path: str) -> str:
    parts = parse_path(path)
    if len(parts) < 3 or parts[-2] not in ("options", "items") or not isinstance(parts[-1], int):
        raise Refused("That is not an option or a gallery image.")
    remove_at(payload, path)
    return format_path(parts[:-2])


Action = Callable[[object, str, int | None], str]
ACTIONS: dict[str, Action] = {
    "add": add,
    "before": lambda p, path, t: insert(p, path, t, after=False),
    "after": lambda p, path, t: insert(p, path, t, after=True),
    "up": lambda p, path, t: move(p, path, -1),
    "down": lambda p, path, t: move(p, path, 1),
    "to": move_to,
    "move": lambda p, path, t: _move_posted(p, path),
    "into": lambda p, path, t: into(p, path),
    "out": lambda p, path, t: out(p, path),
    "duplicate": lambda p, path, t: duplicate(p, path),
    "remove": lambda p, path, t: remove(p, path),
    "add_entry": lambda p, path, t: add_entry(p, path),
    "remove_entry": lambda p, path, t: remove_entry(p, path),
}


def perform(payload: object, verb: str, path: str, type_id: int | None = None) -> str:
    """Do `verb` at `path` (in place); the path to focus next. A stale path is refused, never guessed."""
    action = ACTIONS.get(verb)
    if action is None:
        raise Refused("That action is not known.")
    try:
        return action(payload, path, type_id)
    except (PathError, IndexError) as stale:
        raise Refused(STALE) from stale
    except (TypeError, KeyError, AttributeError, ValueError) as odd:  # a hand-made draft of an unexpected shape
        raise Refused("That action does not fit this part of the draft; fix it in the JSON first.") from odd
