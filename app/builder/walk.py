"""The walk over a payload and the field checks every rule module shares.

A `Walk` carries what must be seen across the whole payload (ids, custom_ids, totals) and collects
problems; it never raises and never stops at the first problem. `fields` checks an object's plain fields
from its table in app.builder.shapes; the rule modules add what the table cannot say.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from app.builder.grammar import ALLOWED, WHERE, Place
from app.builder.limits import (
    COMPONENTS_V2_ONLY,
    FAMILY,
    INTERACTIVE,
    MAX_DEPTH,
    MAX_ID,
    MAX_WALK,
    MESSAGE_ONLY,
    MODAL_ONLY,
    TITLES,
    Tag,
    type_name,
)
from app.builder.problem import Problem, join, kind_of, plural, problem, quote, show_int
from app.builder.shapes import BY_KEY, CHOICES, MAX_LENGTH, REQUIRED, Check, FieldSpec

Node = dict[str, object]
Rule = Callable[["Walk", Node, str, Place], None]
Kind = Literal["message", "modal"]

_KIND_WORDS: dict[type, str] = {str: "a string", int: "a whole number", bool: "true or false"}


class _Never:
    """The kind of an unknown key: no value is of it, so the fast path always turns such keys away."""


_UNKNOWN_FIELD: FieldSpec = ("", _Never, 0, 0, "warn", "warn", False)
_UNKNOWN: Check = (_Never, 0, 0, _UNKNOWN_FIELD)


class Walk:
    __slots__ = ("count", "custom_ids", "depth", "ids", "kind", "media", "problems", "rules", "text")

    def __init__(self, kind: Kind, rules: Mapping[int, Rule]) -> None:
        self.kind = kind
        self.rules = rules
        self.problems: list[Problem] = []
        self.ids: dict[int, str] = {}
        self.custom_ids: dict[str, str] = {}
        self.count = 0
        self.text = 0
        self.media = 0
        self.depth = 0

    def add(self, path: str, rule: str, tag: Tag, message: str) -> None:
        self.problems.append(problem(path, rule, tag, message))

    def component(self, node: object, path: str, place: Place) -> None:
        self.count += 1
        if type(node) is not dict:
            self.add(path, "component.type", "doc", f"A component must be an object, not {kind_of(node)}.")
            return
        type_id = node.get("type")
        if type(type_id) is not int or type_id not in self.rules:
            self._bad_type(node, path)
            return
        if type_id not in ALLOWED[place]:
            self._misplaced(path, type_id, place)
        fields(self, node, path, FAMILY[type_id])
        if "id" in node or "custom_id" in node:
            self._unique(node, path, type_id)
        if self.kind == "modal" and node.get("disabled") is True:
            self.add(
                join(path, "disabled"),
                "component.disabled.modal",
                "doc",
                "Modals cannot contain disabled components; remove disabled.",
            )
        if self.depth >= MAX_DEPTH:
            self.add(path, "component.depth", "inf", f"Components are nested more than {MAX_DEPTH} deep here.")
            return
        self.depth += 1
        self.rules[type_id](self, node, path, place)
        self.depth -= 1

    def children(
        self, node: Node, path: str, family: str, place: Place, *, low: int, low_tag: Tag, high: int = 0
    ) -> list[object] | None:
        """Check a `components` list and walk it; `high` 0 means no per-list limit."""
        kids = node.get("components")
        if type(kids) is not list or len(kids) < low or (high and len(kids) > high):
            kids = array(self, node, path, family, "components", "component", low=low, low_tag=low_tag, high=high)
        if kids is None:
            return None
        base = join(path, "components")
        for index, kid in enumerate(kids if len(kids) <= MAX_WALK else kids[:MAX_WALK]):
            self.component(kid, f"{base}[{index}]", place)
        return kids

    def _bad_type(self, node: Node, path: str) -> None:
        value = node.get("type")
        if value is None:
            self.add(path, "component.type.required", "doc", "This component has no type; every component needs one.")
        elif type(value) is not int:
            self.add(
                join(path, "type"),
                "component.type.integer",
                "doc",
                f"Component type must be a whole number, not {kind_of(value)}.",
            )
        else:
            self.add(
                join(path, "type"),
                "component.type.unknown",
                "doc",
                f"Component type {show_int(value)} does not exist; known types are 1-14, 17-19 and 21-23.",
            )

    def _misplaced(self, path: str, type_id: int, place: Place) -> None:
        name = type_name(type_id)
        if place == "legacy" and type_id in COMPONENTS_V2_ONLY:
            self.add(
                path,
                "message.flags.components_v2_required",
                "doc",
                f"{name} needs the IS_COMPONENTS_V2 flag; set flags to include 32768 (1 << 15).",
            )
        elif self.kind == "message" and type_id in MODAL_ONLY:
            self.add(path, "component.placement", "doc", f"{name} can only be used in modals.")
        elif self.kind == "modal" and type_id in MESSAGE_ONLY:
            self.add(path, "component.placement", "doc", f"{name} can only be used in messages.")
        else:
            allowed = ", ".join(type_name(t) for t in sorted(ALLOWED[place]))
            self.add(
                path, "component.placement", "doc", f"{name} cannot be placed {WHERE[place]}; allowed there: {allowed}."
            )

    def _unique(self, node: Node, path: str, type_id: int) -> None:
        """Non-zero ids and custom_ids are unique across the payload (their format is checked by `fields`)."""
        ident, custom_id = node.get("id"), node.get("custom_id")
        if type(ident) is int and 0 < ident <= MAX_ID:
            first = self.ids.setdefault(ident, path)
            if first != path:
                self.add(
                    join(path, "id"),
                    "component.id.unique",
                    "doc",
                    f"id {ident} is already used by the component at {first}.",
                )
        if type(custom_id) is str and type_id in INTERACTIVE:
            first = self.custom_ids.setdefault(custom_id, path)
            if first != path:
                self.add(
                    join(path, "custom_id"),
                    "component.custom_id.unique",
                    "doc",
                    f"custom_id {quote(custom_id)} is already used by the component at {first}.",
                )


def fields(walk: Walk, node: Mapping[str, Any], path: str, family: str) -> None:
    """Check the plain fields of `node` from its table, and report keys the table does not know.
    Only the keys present are looked at, and a good value costs a few comparisons."""
    known = BY_KEY[family]
    for key, value in node.items():
        check = known.get(key, _UNKNOWN)
        if check is None:
            continue
        kind, low, high, spec = check
        if kind is value.__class__:
            if kind is str:
                if low <= len(value) <= high:
                    continue
            elif kind is bool or low <= value <= high:
                continue
        _field_problem(walk, path, family, key, value, spec)
    required = REQUIRED[family]
    if required and not required <= node.keys():
        for key in sorted(required - node.keys()):
            _missing(walk, path, family, key)


def _missing(walk: Walk, path: str, family: str, key: str) -> None:
    walk.add(join(path, key), f"{family}.{key}.required", "doc", f"{TITLES[family]} {key} is required.")


def _field_problem(walk: Walk, path: str, family: str, key: str, value: Any, spec: FieldSpec) -> None:
    if spec is _UNKNOWN_FIELD:
        _unknown_key(walk, path, family, key)
    elif value is None:
        if spec[6]:
            _missing(walk, path, family, key)
    elif spec[1] is not value.__class__:
        walk.add(
            join(path, key),
            f"{family}.{key}.type",
            "doc",
            f"{TITLES[family]} {key} must be {_KIND_WORDS[spec[1]]}, not {kind_of(value)}.",
        )
    elif spec[1] is str:
        _length(
            walk,
            join(path, key),
            f"{family}.{key}",
            f"{TITLES[family]} {key}",
            len(value),
            (spec[2], spec[4]),
            (spec[3], spec[5]),
        )
    else:
        _range(walk, join(path, key), family, key, value, (spec[2], spec[4]), (spec[3], spec[5]))


def _unknown_key(walk: Walk, path: str, family: str, key: object) -> None:
    name = str(key)
    walk.add(
        join(path, name),
        f"{family}.unknown_field",
        "warn",
        f"{TITLES[family]} has a field {quote(name)} that Discord does not document; it may be ignored.",
    )


def _range(walk: Walk, at: str, family: str, key: str, value: int, low: tuple[int, Tag], high: tuple[int, Tag]) -> None:
    noun = f"{TITLES[family]} {key}"
    names = CHOICES.get((family, key))
    if names is not None:
        listed = ", ".join(f"{number} ({name})" for number, name in names.items())
        walk.add(at, f"{family}.{key}.choice", "doc", f"{noun} is {show_int(value)}; it must be one of {listed}.")
    elif value > high[0]:
        walk.add(
            at, f"{family}.{key}.range", high[1], f"{noun} is {show_int(value)}; {allows(high[1])} at most {high[0]}."
        )
    else:
        walk.add(at, f"{family}.{key}.range", low[1], f"{noun} is {show_int(value)}; it must be at least {low[0]}.")


def allows(tag: Tag) -> str:
    return "the dashboard allows" if tag == "inf" else "Discord allows"


def string(
    walk: Walk,
    node: Node,
    path: str,
    family: str,
    key: str,
    *,
    low: int = 0,
    low_tag: Tag = "doc",
    required: bool = False,
) -> str | None:
    """A string field whose rules depend on where its object stands (the Text Input's own label)."""
    value = node.get(key)
    noun = f"{TITLES[family]} {key}"
    if type(value) is str:
        high, high_tag = MAX_LENGTH[(family, key)]
        if not low <= len(value) <= high:
            _length(walk, join(path, key), f"{family}.{key}", noun, len(value), (low, low_tag), (high, high_tag))
        return value
    if value is not None:
        walk.add(join(path, key), f"{family}.{key}.type", "doc", f"{noun} must be a string, not {kind_of(value)}.")
    elif required:
        walk.add(join(path, key), f"{family}.{key}.required", "doc", f"{noun} is required.")
    return None


def _length(walk: Walk, at: str, rule: str, noun: str, size: int, low: tuple[int, Tag], high: tuple[int, Tag]) -> None:
    if size > high[0]:
        walk.add(
            at,
            f"{rule}.max_length",
            high[1],
            f"{noun} is {plural(size, 'character')}; {allows(high[1])} at most {high[0]}.",
        )
    elif size == 0:
        walk.add(at, f"{rule}.min_length", low[1], f"{noun} is empty; it needs at least {plural(low[0], 'character')}.")
    else:
        walk.add(
            at, f"{rule}.min_length", low[1], f"{noun} is {plural(size, 'character')}; it needs at least {low[0]}."
        )


def as_int(value: object) -> int | None:
    return value if type(value) is int else None


def obj(walk: Walk, node: Node, path: str, family: str, key: str, *, required: bool = False) -> Node | None:
    value = node.get(key)
    if type(value) is dict:
        return value
    if value is not None:
        walk.add(
            join(path, key),
            f"{family}.{key}.type",
            "doc",
            f"{TITLES[family]} {key} must be an object, not {kind_of(value)}.",
        )
    elif required:
        walk.add(join(path, key), f"{family}.{key}.required", "doc", f"{TITLES[family]} needs a {key}.")
    return None


def array(
    walk: Walk,
    node: Node,
    path: str,
    family: str,
    key: str,
    item: str,
    *,
    low: int = 0,
    low_tag: Tag = "doc",
    high: int = 0,
    high_tag: Tag = "doc",
    required: bool = True,
) -> list[object] | None:
    """A list field; `high` 0 means unlimited. Missing counts as empty when `required`."""
    value = node.get(key)
    if value is None and required:
        value = []
    if type(value) is not list:
        if value is not None:
            walk.add(
                join(path, key),
                f"{family}.{key}.type",
                "doc",
                f"{TITLES[family]} {key} must be a list, not {kind_of(value)}.",
            )
        return None
    size = len(value)
    if high and size > high:
        walk.add(
            join(path, key),
            f"{family}.{key}.max_items",
            high_tag,
            f"{TITLES[family]} has {plural(size, item)}; {allows(high_tag)} at most {high}.",
        )
    elif size < low:
        walk.add(
            join(path, key),
            f"{family}.{key}.min_items",
            low_tag,
            f"{TITLES[family]} has {plural(size, item)}; it needs at least {low}.",
        )
    return value


def snowflake(walk: Walk, value: object, at: str, rule: str, noun: str) -> None:
    if type(value) is str and value.isascii() and value.isdigit() and len(value) <= 20:
        return
    if type(value) is int and 0 <= value < 1 << 64:
        return
    walk.add(at, rule, "doc", f"{noun} must be a Discord ID (a string of digits), not {kind_of(value)}.")
