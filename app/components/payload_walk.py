"""The walk over a payload and the field checks every rule module shares.

A `Walk` carries what must be seen across the whole payload (ids, custom_ids, totals) and collects
problems; it never raises and never stops at the first problem. The plain fields of every object are
checked from its table in app.components.field_tables; the rule modules add what the table cannot say.

The builder validates the payload on every edit, so the walk keeps its hot path lean: each family's table
becomes a field predicate once, at import (`FIELDS_OK`), a node it accepts costs nothing more, and paths
stay unspelled links (`Path`) until a problem is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from app.components.field_tables import BY_KEY, CHOICES, MAX_LENGTH, REQUIRED, SHAPES, Check, FieldSpec
from app.components.limits import (
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
from app.components.placement import ALLOWED, WHERE, Place
from app.components.problems import Path, Problem, kind_of, plural, problem, quote, show_int, spell

Node = dict[str, object]
Rule = Callable[["Walk", Node, Path, Place], None]
FieldsOk = Callable[[Mapping[str, Any]], bool]
# Per component type: whether its plain fields are all good, the rule for the rest, and its family.
KindEntry = tuple[FieldsOk, Rule, str]
Kinds = Mapping[int, KindEntry]
Kind = Literal["message", "modal"]

_KIND_WORDS: dict[type, str] = {str: "a string", int: "a whole number", bool: "true or false"}
_MODAL_DISABLED = "Modals cannot contain disabled components; remove disabled."


class Walk:
    __slots__ = ("count", "custom_ids", "depth", "ids", "kind", "kinds", "media", "modal", "problems", "text")

    def __init__(self, kind: Kind, kinds: Kinds) -> None:
        self.kind = kind
        self.modal = kind == "modal"
        self.kinds = kinds
        self.problems: list[Problem] = []
        self.ids: dict[int, Path] = {}
        self.custom_ids: dict[str, Path] = {}
        self.count = 0
        self.text = 0
        self.media = 0
        self.depth = 0

    def add(self, path: Path, rule: str, tag: Tag, message: str) -> None:
        self.problems.append(problem(spell(path), rule, tag, message))

    def component(self, node: object, path: Path, place: Place) -> None:
        """Walk a component that stands alone in its parent (a Section's accessory, a Label's component)."""
        self.count += 1
        self.depth += 1
        self._node(node, path, place)
        self.depth -= 1

    def children(
        self, node: Node, path: Path, family: str, place: Place, *, low: int, low_tag: Tag, high: int = 0
    ) -> list[object] | None:
        """Check a `components` list and walk it; `high` 0 means no per-list limit."""
        kids = node.get("components")
        if type(kids) is not list or len(kids) < low or (high and len(kids) > high):
            kids = array(self, node, path, family, "components", "component", low=low, low_tag=low_tag, high=high)
            if kids is None:
                return None
        walked = kids if len(kids) <= MAX_WALK else kids[:MAX_WALK]
        # Counted and nested here, once per list, rather than once per component.
        self.count += len(walked)
        self.depth += 1
        base = (path, "components")
        visit = self._node
        for index, kid in enumerate(walked):
            visit(kid, (base, index), place)
        self.depth -= 1
        return kids

    def _node(self, node: object, path: Path, place: Place) -> None:
        """One component, already counted; `depth` is how many lists and slots enclose it."""
        if type(node) is not dict:
            self.add(path, "component.type", "doc", f"A component must be an object, not {kind_of(node)}.")
            return
        try:
            type_id = node["type"]
            kind = self.kinds[type_id]
        except (KeyError, TypeError):  # no type, an unknown one, or a list or object as the type
            self._bad_type(node, path)
            return
        # True == 1 and 1.0 == 1 find Action Row's entry, so the lookup alone does not settle the type.
        if type(type_id) is not int:
            self._bad_type(node, path)
            return
        if type_id not in ALLOWED[place]:
            self._misplaced(path, type_id, place)
        if not kind[0](node):
            report_fields(self, node, path, kind[2])
        if "id" in node or "custom_id" in node:
            self._unique(node, path, type_id)
        if self.modal and node.get("disabled") is True:
            self.add((path, "disabled"), "component.disabled.modal", "doc", _MODAL_DISABLED)
        if self.depth > MAX_DEPTH:
            self.add(path, "component.depth", "inf", f"Components are nested more than {MAX_DEPTH} deep here.")
            return
        kind[1](self, node, path, place)

    def _bad_type(self, node: Node, path: Path) -> None:
        value = node.get("type")
        if value is None:
            self.add(path, "component.type.required", "doc", "This component has no type; every component needs one.")
        elif type(value) is not int:
            self.add(
                (path, "type"),
                "component.type.integer",
                "doc",
                f"Component type must be a whole number, not {kind_of(value)}.",
            )
        else:
            self.add(
                (path, "type"),
                "component.type.unknown",
                "doc",
                f"Component type {show_int(value)} does not exist; known types are 1-14, 17-19 and 21-23.",
            )

    def _misplaced(self, path: Path, type_id: int, place: Place) -> None:
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

    def _unique(self, node: Node, path: Path, type_id: int) -> None:
        """Non-zero ids and custom_ids are unique across the payload (their format is checked by the field
        check). Each node is walked once, so finding another path object means another component."""
        ident, custom_id = node.get("id"), node.get("custom_id")
        if type(ident) is int and 0 < ident <= MAX_ID:
            first = self.ids.setdefault(ident, path)
            if first is not path:
                self.add(
                    (path, "id"),
                    "component.id.unique",
                    "doc",
                    f"id {ident} is already used by the component at {spell(first)}.",
                )
        if type(custom_id) is str and type_id in INTERACTIVE:
            first = self.custom_ids.setdefault(custom_id, path)
            if first is not path:
                self.add(
                    (path, "custom_id"),
                    "component.custom_id.unique",
                    "doc",
                    f"custom_id {quote(custom_id)} is already used by the component at {spell(first)}.",
                )


# (low, high, 1 when required else 0) of a string's length or an integer's value.
_Bounds = tuple[int, int, int]


def fields_ok(family: str) -> FieldsOk:
    """Whether a node's plain fields all fit its family's table, with no unknown key and no required one
    missing. Built once per family; a good value costs a dict lookup and a comparison or two, and required
    keys are counted as they pass rather than looked up again. Nodes it turns down go to `report_fields`,
    which reads the same table slowly and words each finding."""
    texts, numbers = _bounds(family, str), _bounds(family, int)
    flags = frozenset(spec[0] for spec in SHAPES[family] if spec[1] is bool)
    others = frozenset(key for key, check in BY_KEY[family].items() if check is None)
    needed = len(REQUIRED[family])

    def ok(node: Mapping[str, Any]) -> bool:
        found = 0
        try:
            for key in node:
                if key in others:
                    continue
                value = node[key]
                kind = type(value)
                if kind is str:
                    low, high, need = texts[key]
                    if not low <= len(value) <= high:
                        return False
                elif kind is int:
                    low, high, need = numbers[key]
                    if not low <= value <= high:
                        return False
                elif kind is bool and key in flags:
                    continue
                else:
                    return False
                found += need
        except KeyError:  # an unknown key, or a known one holding the wrong kind of value
            return False
        return found == needed

    return ok


def _bounds(family: str, kind: type) -> dict[str, _Bounds]:
    return {spec[0]: (spec[2], spec[3], int(spec[6])) for spec in SHAPES[family] if spec[1] is kind}


FIELDS_OK: dict[str, FieldsOk] = {family: fields_ok(family) for family in SHAPES}


def kind_table(rules: Mapping[int, Rule]) -> dict[int, KindEntry]:
    """The table a `Walk` runs on: each component type's field predicate, rule and family."""
    return {type_id: (FIELDS_OK[FAMILY[type_id]], rule, FAMILY[type_id]) for type_id, rule in rules.items()}


def fields(walk: Walk, node: Mapping[str, Any], path: Path, family: str) -> None:
    """Check the plain fields of `node` from its family's table, and report keys the table does not know."""
    if not FIELDS_OK[family](node):
        report_fields(walk, node, path, family)


def report_fields(walk: Walk, node: Mapping[str, Any], path: Path, family: str) -> None:
    """Every finding about the plain fields of `node`: the keys in their order, then the missing ones."""
    known = BY_KEY[family]
    for key, value in node.items():
        if key not in known:
            _unknown_key(walk, path, family, key)
            continue
        check = known[key]
        if check is not None and not _fits(check, value):
            _field_problem(walk, path, family, key, value, check[3])
    _missing_keys(walk, node, path, family)


def _fits(check: Check, value: Any) -> bool:
    kind, low, high, _ = check
    if kind is not value.__class__:
        return False
    return kind is bool or low <= (len(value) if kind is str else value) <= high


def _missing_keys(walk: Walk, node: Mapping[str, Any], path: Path, family: str) -> None:
    """Report the required keys absent from `node` (one present with a bad value has been reported)."""
    for key in sorted(REQUIRED[family] - node.keys()):
        _missing(walk, path, family, key)


def _missing(walk: Walk, path: Path, family: str, key: str) -> None:
    walk.add((path, key), f"{family}.{key}.required", "doc", f"{TITLES[family]} {key} is required.")


def _field_problem(walk: Walk, path: Path, family: str, key: str, value: Any, spec: FieldSpec) -> None:
    if value is None:
        if spec[6]:
            _missing(walk, path, family, key)
    elif spec[1] is not value.__class__:
        walk.add(
            (path, key),
            f"{family}.{key}.type",
            "doc",
            f"{TITLES[family]} {key} must be {_KIND_WORDS[spec[1]]}, not {kind_of(value)}.",
        )
    elif spec[1] is str:
        _length(
            walk,
            (path, key),
            f"{family}.{key}",
            f"{TITLES[family]} {key}",
            len(value),
            (spec[2], spec[4]),
            (spec[3], spec[5]),
        )
    else:
        _range(walk, (path, key), family, key, value, (spec[2], spec[4]), (spec[3], spec[5]))


def _unknown_key(walk: Walk, path: Path, family: str, key: object) -> None:
    name = str(key)
    walk.add(
        (path, name),
        f"{family}.unknown_field",
        "warn",
        f"{TITLES[family]} has a field {quote(name)} that Discord does not document; it may be ignored.",
    )


def _range(
    walk: Walk, at: Path, family: str, key: str, value: int, low: tuple[int, Tag], high: tuple[int, Tag]
) -> None:
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
    path: Path,
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
            _length(walk, (path, key), f"{family}.{key}", noun, len(value), (low, low_tag), (high, high_tag))
        return value
    if value is not None:
        walk.add((path, key), f"{family}.{key}.type", "doc", f"{noun} must be a string, not {kind_of(value)}.")
    elif required:
        walk.add((path, key), f"{family}.{key}.required", "doc", f"{noun} is required.")
    return None


def _length(walk: Walk, at: Path, rule: str, noun: str, size: int, low: tuple[int, Tag], high: tuple[int, Tag]) -> None:
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


def obj(walk: Walk, node: Node, path: Path, family: str, key: str, *, required: bool = False) -> Node | None:
    value = node.get(key)
    if type(value) is dict:
        return value
    if value is not None:
        walk.add(
            (path, key),
            f"{family}.{key}.type",
            "doc",
            f"{TITLES[family]} {key} must be an object, not {kind_of(value)}.",
        )
    elif required:
        walk.add((path, key), f"{family}.{key}.required", "doc", f"{TITLES[family]} needs a {key}.")
    return None


def array(
    walk: Walk,
    node: Node,
    path: Path,
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
            message = f"{TITLES[family]} {key} must be a list, not {kind_of(value)}."
            walk.add((path, key), f"{family}.{key}.type", "doc", message)
        return None
    size, title = len(value), TITLES[family]
    if high and size > high:
        message = f"{title} has {plural(size, item)}; {allows(high_tag)} at most {high}."
        walk.add((path, key), f"{family}.{key}.max_items", high_tag, message)
    elif size < low:
        message = f"{title} has {plural(size, item)}; it needs at least {low}."
        walk.add((path, key), f"{family}.{key}.min_items", low_tag, message)
    return value


def snowflake(walk: Walk, value: object, at: Path, rule: str, noun: str) -> None:
    if type(value) is str and value.isascii() and value.isdigit() and len(value) <= 20:
        return
    if type(value) is int and 0 <= value < 1 << 64:
        return
    walk.add(at, rule, "doc", f"{noun} must be a Discord ID (a string of digits), not {kind_of(value)}.")
