"""What the editor page shows, as plain data: the component tree as nested regions, each component's fields
with their values and problems, what can be added where, the counters and the error summary.

Every problem lands on the nearest thing that shows it: its field, else its option or image, else its
component, else the payload as a whole.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from app.builder.editor import fields as ef
from app.builder.editor import outline
from app.builder.editor.forms import PREFIX, FieldRef, component_refs, is_modal
from app.components.additions import addable_types, fitting, place_of
from app.components.counters import Usage, iter_components, usage_of
from app.components.field_tables import MAX_LENGTH
from app.components.limits import FAMILY, LABEL, MEDIA_GALLERY, SECTION
from app.components.paths import Part, format_path, parse_path
from app.components.placement import ALLOWED, CHILD_PLACE, Place, type_of
from app.components.problems import Problem
from app.components.starters import TICKET_CHOICE
from app.components.tree_edits import HOLDERS, SUB_ENTRIES, name_of


def slug(path: str) -> str:
    """An id-safe form of a path; reversible, since keys never hold "-": components-0-label."""
    return path.replace("[", "-").replace("]", "").replace(".", "-") or "root"


@dataclass
class FieldView:
    path: str
    label: str
    kind: str
    hint: str
    value: str
    choices: list[tuple[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    length: tuple[int, int] | None = None
    name: str = ""
    id: str = ""

    def __post_init__(self) -> None:
        # Ids and names are written several times per field; as Markup the template need not escape them again.
        self.id = Markup.escape(self.id or "f-" + slug(self.path))
        self.name = Markup.escape(self.name)

    @property
    def invalid(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    @property
    def over(self) -> bool:
        return self.length is not None and self.length[0] > self.length[1]


@dataclass
class EntryView:
    path: str
    title: str
    fields: list[FieldView]
    problems: list[Problem] = field(default_factory=list)

    @functools.cached_property
    def slug(self) -> str:
        return Markup.escape(slug(self.path))


@dataclass
class NodeView:
    path: str
    type_id: int | None
    title: str
    level: int
    fields: list[FieldView] = field(default_factory=list)
    entries: list[EntryView] = field(default_factory=list)
    entry_noun: str = ""
    slots: list[SlotView] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    offers: set[str] = field(default_factory=set)
    insertable: list[tuple[int, str]] = field(default_factory=list)
    open: bool = True  # its fields shown; closed, it is one line of the outline
    summary: str = ""
    problem_count: int = 0  # its own and its fields', options' and images', not those of what it holds

    @functools.cached_property
    def slug(self) -> str:
        return Markup.escape(slug(self.path))


@dataclass
class SlotView:
    path: str
    label: str
    is_list: bool
    addable: list[tuple[int, str]]
    children: list[NodeView]
    fits: tuple[int, ...] = ()  # the types a drop may bring here from another list (a list slot only)

    @functools.cached_property
    def slug(self) -> str:
        return Markup.escape(slug(self.path))


@dataclass
class SummaryLine:
    problem: Problem
    anchor: str
    where: str
    opens: str  # the component to open to show it ("" for the payload's own settings)
    shown: bool  # that component is open on this page: the link only moves there


@dataclass
class EditorView:
    kind: str
    root_fields: list[FieldView]
    root: SlotView
    root_problems: list[Problem]
    summary: list[SummaryLine]
    usage: Usage
    nodes: dict[str, NodeView]
    opened: str = ""

    @property
    def errors(self) -> int:
        return sum(1 for line in self.summary if line.problem.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.summary) - self.errors


@dataclass(frozen=True)
class Lookups:
    """What the fields offer from the guild: its forms (for "opens form") and its emojis."""

    forms: list[tuple[str, str]] = field(default_factory=list)  # (library id, name)
    emojis: Mapping[str, tuple[str, bool]] = field(default_factory=dict)


class _Builder:
    def __init__(
        self, payload: object, problems: list[Problem], lookups: Lookups, opened: Sequence[str] = (outline.ALL,)
    ) -> None:
        self.payload = payload
        self.problems = problems
        self.lookups = lookups
        self.modal = is_modal(payload)
        self.nodes: dict[str, NodeView] = {}
        self.addable: dict[str, tuple[int, ...]] = {}
        self.placed: dict[str, list[Problem]] = {}
        self._walk()
        self.usage = usage_of(self.components.values())
        # What was asked to be open may be a field, an option or a place inside a component: open that component.
        self.opened = {path if path == outline.ALL else _nearest(path, self.components) for path in opened}
        self.chosen = (
            "" if not opened else opened[0] if opened[0] == outline.ALL else _nearest(opened[0], self.components)
        )
        self.counts: Counter[str] = Counter()
        for found in problems:
            anchor = self._anchor_of(found.path)
            self.placed.setdefault(anchor, []).append(found)
            self.counts[self.owner_of(anchor)] += 1

    def _walk(self) -> None:
        """Every component by its path, and its title ("Button 2")."""
        self.components: dict[str, object] = {}
        self.titles: dict[str, str] = {}
        self.field_paths = {spec.key for spec in ef.MODAL_ROOT_FIELDS if self.modal}
        self._refs: dict[str, set[str]] = {"": {""} | self.field_paths}
        ordinals: Counter[int] = Counter()
        for path, node in iter_components(self.payload):
            type_id = type_of(node)
            ordinals[type_id or 0] += 1
            self.components[path], self.titles[path] = node, f"{name_of(type_id)} {ordinals[type_id or 0]}"

    def _anchors_in(self, component: str) -> set[str]:
        """What a problem inside `component` can be shown at: the component, its fields, its options or images.
        Found for the components that have problems only: most have none."""
        found = self._refs.get(component)
        if found is None:
            refs = component_refs(self.payload, component, self.components[component])
            self.field_paths.update(ref.path for ref in refs)
            found = self._refs[component] = {component, *(ref.owner for ref in refs), *(ref.path for ref in refs)}
        return found

    def owner_of(self, path: str) -> str:
        """The component whose fields show the field at `path` ("" for the payload's own fields)."""
        return _nearest(path, self.components)

    def _anchor_of(self, path: str) -> str:
        return _nearest(path, self._anchors_in(self.owner_of(path)))

    def field_view(self, ref: FieldRef, owner: Mapping[str, object], family: str) -> FieldView:
        spec = ref.spec
        value = ef.display(spec, owner)
        return FieldView(
            path=ref.path,
            label=spec.label,
            kind=spec.kind,
            hint=spec.hint,
            value=value,
            choices=self._choices(spec, value),
            problems=self.placed.get(ref.path, []),
            length=field_length(spec, owner, family),
            name=PREFIX + ref.path,
        )

    def _choices(self, spec: ef.Spec, value: str) -> list[tuple[str, str]]:
        if spec.kind == "form":
            return [("", "No form"), (TICKET_CHOICE, "A support ticket, without a form"), *self.lookups.forms]
        choices = list(spec.choices)
        if spec.kind == "choice" and value not in {c for c, _ in choices}:
            choices.insert(0, (value, f"{value or 'not set'} (not a valid choice)"))
        return choices

    def addable_at(self, place: str) -> list[tuple[int, str]]:
        if place not in self.addable:
            self.addable[place] = addable_types(self.payload, place, self.usage.components)
        return [(type_id, name_of(type_id)) for type_id in self.addable[place]]

    def node(self, path: str, node: object, level: int, spot: Spot) -> NodeView:
        if not outline.is_open(self.opened, path):
            view = self._closed(path, node, level)
        else:
            view = self.node_fields(path, node, level)
            view.offers = self._offers(node, spot) if spot.siblings is not None else {"remove"}
            view.insertable = self.addable_at(spot.list_path) if spot.siblings is not None else []
        if isinstance(node, dict) and view.type_id is not None:
            view.slots = self._slots(view, node, spot)
        return view

    def node_fields(self, path: str, node: object, level: int) -> NodeView:
        """A component with its own fields, options and images, without what it holds."""
        view = self._closed(path, node, level)
        view.open, view.problems = True, self.placed.get(path, [])
        if isinstance(node, dict) and view.type_id is not None:
            self._fill(view, node)
        return view

    def _closed(self, path: str, node: object, level: int) -> NodeView:
        """A component as one line of the outline: its title, a few words, its count of problems."""
        type_id = type_of(node)
        view = NodeView(path, type_id, self.titles.get(path, name_of(type_id)), level, open=False)
        view.summary, view.problem_count = outline.summary(node), self.counts.get(path, 0)
        self.nodes[path] = view
        return view

    def _offers(self, node: object, spot: Spot) -> set[str]:
        """The moves offered for a component in a list: a look at its neighbours' types, not at room (an action
        that finds no room says so when pressed)."""
        siblings, index, type_id = spot.siblings or [], spot.index, type_of(node)
        found = {"remove", "duplicate", "before", "after"}
        found |= {"up"} if index > 0 else set()
        found |= {"down"} if index < len(siblings) - 1 else set()
        places = [self._child_place(siblings[n]) for n in (index - 1, index + 1) if 0 <= n < len(siblings)]
        if any(place is not None and type_id in ALLOWED[place] for place in places):
            found.add("into")
        if spot.outer is not None and type_id in ALLOWED[spot.outer]:
            found.add("out")
        return found

    def _child_place(self, holder: object) -> Place | None:
        type_id = type_of(holder)
        return CHILD_PLACE.get((type_id, self.modal)) if type_id in HOLDERS else None

    def _fill(self, view: NodeView, node: dict[str, object]) -> None:
        refs = component_refs(self.payload, view.path, node)
        family = FAMILY.get(view.type_id or 0, "")
        view.fields = [self.field_view(ref, node, family) for ref in refs if ref.owner == view.path]
        key = SUB_ENTRIES.get(view.type_id or 0, ("items", 0))[0]
        if view.type_id in SUB_ENTRIES or view.type_id == MEDIA_GALLERY:
            view.entry_noun = "Option" if key == "options" else "Image"
        entry_family = "option" if key == "options" else "media_gallery_item"
        entries = node.get(key)
        for index, entry in enumerate(entries[:100] if isinstance(entries, list) else []):
            entry_path = f"{view.path}.{key}[{index}]"
            owner = entry if isinstance(entry, dict) else {}
            mine = [self.field_view(ref, owner, entry_family) for ref in refs if ref.owner == entry_path]
            if mine:
                title = f"{view.entry_noun} {index + 1}"
                view.entries.append(EntryView(entry_path, title, mine, self.placed.get(entry_path, [])))

    def _slots(self, view: NodeView, node: dict[str, object], spot: Spot) -> list[SlotView]:
        slots = []
        level, owner = view.level + 1, view.title
        # Children can move out to where this component stands, when it stands in a list.
        outer = spot.place if spot.siblings is not None else None
        offer = view.open  # adding inside a component is offered where it is open
        if view.type_id in HOLDERS:
            label, kids = f"Contents of {owner}", node.get("components")
            place = self._child_place(node)
            slots.append(self.slot(f"{view.path}.components", label, kids, level, place, outer, offer=offer))
        if view.type_id == SECTION:
            kid = node.get("accessory")
            slots.append(self.single(f"{view.path}.accessory", f"Accessory of {owner}", kid, level, offer=offer))
        if view.type_id == LABEL:
            kid = node.get("component")
            slots.append(self.single(f"{view.path}.component", f"Answer of {owner}", kid, level, offer=offer))
        return slots

    def slot(
        self, path: str, label: str, kids: object, level: int, place: Place | None, outer: Place | None, *, offer: bool
    ) -> SlotView:
        listed = kids if isinstance(kids, list) else []
        children = [
            self.node(f"{path}[{i}]", kid, level, Spot(path, place or "label", listed, i, outer))
            for i, kid in enumerate(listed[:256])
        ]
        addable = self.addable_at(path) if offer else []
        return SlotView(path, label, True, addable, children, fitting(place, listed) if place else ())

    def single(self, path: str, label: str, kid: object, level: int, *, offer: bool) -> SlotView:
        children = [self.node(path, kid, level, Spot(path, "accessory", None, 0, None))] if kid is not None else []
        return SlotView(path, label, False, self.addable_at(path) if offer and not children else [], children)


@dataclass(frozen=True)
class Spot:
    """Where a component stands: its list (None for a single slot), its index there, the place kind of that
    list, and the place kind of the list its holder stands in (where "out" would take it)."""

    list_path: str
    place: Place
    siblings: list[object] | None
    index: int
    outer: Place | None


_HELD: dict[str, str] = {"media": "media", "file": "media"}


def field_length(spec: ef.Spec, owner: Mapping[str, object], family: str) -> tuple[int, int] | None:
    """(characters, limit) of a text field, from the validator's table of string limits."""
    if spec.kind not in ("text", "textarea"):
        return None
    *holders, key = spec.key.split(".")
    limit = MAX_LENGTH.get((_HELD.get(holders[-1], "") if holders else family, key))
    if limit is None:
        return None
    value = ef.lookup(owner, spec.key)
    return (len(value) if isinstance(value, str) else 0), limit[0]


def build(
    payload: object, problems: list[Problem], lookups: Lookups, opened: Sequence[str] = (outline.ALL,)
) -> EditorView:
    """The whole editor, with the fields of the `opened` components (or of every one, for `outline.ALL`); the
    first of them is the one the page keeps open."""
    builder = _Builder(payload, problems, lookups, opened)
    owner = payload if isinstance(payload, dict) else {}
    kids, place = owner.get("components"), place_of(payload, "components")
    root = builder.slot("components", "Components", kids, 3, place, None, offer=True)
    return _view(builder, root)


def build_fields(payload: object, problems: list[Problem], lookups: Lookups, field_path: str) -> tuple[EditorView, str]:
    """What a live field edit answers with, and the path of the component holding the field ("" for the payload's
    own fields): that component's fields, the summary and the counters. The rest of the tree is not built."""
    builder = _Builder(payload, problems, lookups, (field_path,))
    owner = builder.owner_of(field_path)
    if owner:
        depth = sum(1 for path in builder.components if owner.startswith(path + "."))
        builder.node_fields(owner, builder.components[owner], 3 + depth)
    return _view(builder, SlotView("components", "Components", True, [], [])), owner


def _view(builder: _Builder, root: SlotView) -> EditorView:
    owner = builder.payload if isinstance(builder.payload, dict) else {}
    root_refs = [FieldRef(spec.key, "", spec) for spec in ef.MODAL_ROOT_FIELDS if builder.modal]
    return EditorView(
        kind="form" if builder.modal else "message",
        root_fields=[builder.field_view(ref, owner, "modal") for ref in root_refs],
        root=root,
        root_problems=builder.placed.get("", []),
        summary=_summary(builder.problems, builder),
        usage=builder.usage,
        nodes=builder.nodes,
        opened=builder.chosen,
    )


def _summary(problems: list[Problem], builder: _Builder) -> list[SummaryLine]:
    lines = []
    for found in sorted(problems, key=lambda p: p.severity != "error"):
        anchor = builder._anchor_of(found.path)
        owner = builder.owner_of(anchor)
        shown = not owner or outline.is_open(builder.opened, owner)
        lines.append(SummaryLine(found, _anchor_id(anchor, builder), _where(anchor, builder), owner, shown))
    return lines


def _nearest(path: str, known: Container[str]) -> str:
    """`path` itself or the closest of its ancestors in `known`; "" (the payload) when none is, or for no path."""
    try:
        parts: list[Part] = parse_path(path)
    except LookupError:
        return ""
    while parts and format_path(parts) not in known:
        parts.pop()
    return format_path(parts)


def _anchor_id(anchor: str, builder: _Builder) -> str:
    if anchor in builder.components:
        return "c-" + slug(anchor)
    if anchor == "":
        return "components-title"
    return ("f-" if anchor in builder.field_paths else "e-") + slug(anchor)


def _where(anchor: str, builder: _Builder) -> str:
    """The name of the component a problem belongs to, for the summary ("Button 2")."""
    return builder.titles.get(_nearest(anchor, builder.titles)) or ("Form" if builder.modal else "Message")
