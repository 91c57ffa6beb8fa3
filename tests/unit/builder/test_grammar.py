"""Property tests: every tree drawn from the spec's grammar is accepted, and one mutation of it is rejected
with a problem at the mutated path."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.components.additions import blank_component, place_of
from app.components.counters import component_count, iter_components, text_length
from app.components.field_tables import MAX_LENGTH
from app.components.limits import FAMILY
from app.components.paths import format_path, get_at, parse_path
from app.components.placement import ALLOWED
from app.components.validate import errors, validate_message, validate_modal, validate_payload

from .strategies import Json, messages, modals

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Mutation = Callable[[st.DataObject, Json], str | None]


@PROPERTY
@given(messages())
def test_valid_messages_are_accepted(payload: Json) -> None:
    assert errors(validate_message(payload)) == []
    assert component_count(payload) <= 40
    assert text_length(payload) <= 4000


@PROPERTY
@given(modals())
def test_valid_modals_are_accepted(payload: Json) -> None:
    assert errors(validate_modal(payload)) == []


def nodes(payload: Json) -> list[tuple[str, Json]]:
    return [(path, node) for path, node in iter_components(payload) if isinstance(node, dict)]


def too_long(data: st.DataObject, payload: Json) -> str | None:
    """A string field one character past its limit."""
    sites = [
        (path, node, key, limit)
        for path, node in nodes(payload)
        for (family, key), (limit, _) in MAX_LENGTH.items()
        if FAMILY[node["type"]] == family
    ]
    sites += [
        ("", payload, key, limit)
        for (family, key), (limit, _) in MAX_LENGTH.items()
        if family == "modal" and "title" in payload
    ]
    if not sites:
        return None
    path, node, key, limit = data.draw(st.sampled_from(sites))
    node[key] = ("https://" if key == "url" else "") + "x" * (limit + 1)
    return f"{path}.{key}" if path else key


def wrong_child(data: st.DataObject, payload: Json) -> str | None:
    """A component where its type may not stand: first in a list, or in a single slot."""
    slots = ["components"] + [
        f"{path}.{key}"
        for path, node in nodes(payload)
        for key in ("components", "accessory", "component")
        if key in node
    ]
    slot = data.draw(st.sampled_from(slots))
    place = place_of(payload, slot)
    assert place is not None
    wrong = data.draw(st.sampled_from(sorted({1, 2, 3, 4, 9, 10, 11, 12, 14, 17, 18, 19, 23} - ALLOWED[place])))
    node = blank_component(wrong, payload=payload)
    holder, key = _holder(payload, slot)
    if isinstance(holder[key], list):
        holder[key].insert(0, node)
        return f"{slot}[0]"
    holder[key] = node
    return slot


def style_pair(data: st.DataObject, payload: Json) -> str | None:
    """A button field its style forbids."""
    found = [(path, node) for path, node in nodes(payload) if node["type"] == 2]
    if not found:
        return None
    path, node = data.draw(st.sampled_from(found))
    key = {5: "custom_id", 6: "label"}.get(node["style"], "url")
    node[key] = "https://example.com" if key == "url" else "clash"
    return f"{path}.{key}"


OUT_OF_RANGE: dict[int, list[tuple[str, int]]] = {
    2: [("style", 7)],
    3: [("max_values", 26), ("min_values", -1)],
    4: [("min_length", 4001), ("max_length", 0), ("style", 3)],
    5: [("max_values", 26)],
    8: [("channel_types", 6)],
    14: [("spacing", 3), ("spacing", 0)],
    17: [("accent_color", 0x1000000), ("accent_color", -1)],
    19: [("max_values", 11)],
    22: [("max_values", 11)],
}


def out_of_range(data: st.DataObject, payload: Json) -> str | None:
    """A number outside its range: a type-specific field, or any component's id."""
    path, node = data.draw(st.sampled_from(nodes(payload)))
    key, value = data.draw(st.sampled_from([*OUT_OF_RANGE.get(node["type"], []), ("id", -1), ("id", 2**31)]))
    if key == "channel_types":
        node[key] = [value]
        return f"{path}.{key}[0]"
    node[key] = value
    return f"{path}.{key}"


def duplicate(data: st.DataObject, payload: Json) -> str | None:
    """A custom_id or a non-zero id used twice; the later one is reported."""
    found = nodes(payload)
    if len(found) < 2:
        return None
    first, second = sorted(data.draw(st.lists(st.integers(0, len(found) - 1), min_size=2, max_size=2, unique=True)))
    with_ids = [index for index in (first, second) if "custom_id" in found[index][1]]
    key = "custom_id" if len(with_ids) == 2 else "id"
    found[first][1][key] = found[second][1][key] = "twin" if key == "custom_id" else 77
    return f"{found[second][0]}.{key}"


def forbidden_field(data: st.DataObject, payload: Json) -> str | None:
    """A legacy field on a Components V2 message, or a disabled component in a modal."""
    if "title" in payload:
        interactive = [(path, node) for path, node in nodes(payload) if node["type"] in (3, 5, 6, 7, 8, 19, 21, 22, 23)]
        if not interactive:
            return None
        path, node = data.draw(st.sampled_from(interactive))
        node["disabled"] = True
        return f"{path}.disabled"
    key, value = data.draw(
        st.sampled_from(
            [("content", "hello"), ("embeds", [{"title": "x"}]), ("sticker_ids", ["1"]), ("poll", {"question": {}})]
        )
    )
    payload[key] = value
    return key


MUTATIONS: list[Mutation] = [too_long, wrong_child, style_pair, out_of_range, duplicate, forbidden_field]


def _holder(payload: Json, slot: str) -> tuple[Any, str]:
    parts = parse_path(slot)
    return get_at(payload, format_path(parts[:-1])), str(parts[-1])


def check_mutant(data: st.DataObject, payload: Json) -> None:
    mutant = copy.deepcopy(payload)
    mutation = data.draw(st.sampled_from(MUTATIONS))
    path = mutation(data, mutant)
    if path is None:
        return
    problems = validate_payload(mutant)
    assert any(p.path == path for p in errors(problems)), (mutation.__name__, path, problems)


@PROPERTY
@given(messages(), st.data())
def test_mutated_messages_are_rejected_at_the_mutation(payload: Json, data: st.DataObject) -> None:
    check_mutant(data, payload)


@PROPERTY
@given(modals(), st.data())
def test_mutated_modals_are_rejected_at_the_mutation(payload: Json, data: st.DataObject) -> None:
    check_mutant(data, payload)


RICH_MESSAGE: Json = {
    "flags": 1 << 15,
    "components": [
        {
            "type": 17,
            "components": [
                {"type": 10, "content": "Hello"},
                {
                    "type": 9,
                    "components": [{"type": 10, "content": "Side"}],
                    "accessory": {"type": 2, "style": 5, "label": "Open", "url": "https://example.com"},
                },
                {
                    "type": 1,
                    "components": [
                        {"type": 2, "style": 1, "label": "A", "custom_id": "a"},
                        {"type": 2, "style": 6, "sku_id": "1180218955160375406"},
                    ],
                },
                {"type": 14, "spacing": 1},
            ],
        },
        {"type": 1, "components": [{"type": 3, "custom_id": "s", "options": [{"label": "L", "value": "v"}]}]},
    ],
}
RICH_MODAL: Json = {
    "custom_id": "m",
    "title": "Title",
    "components": [
        {"type": 18, "label": "Name", "component": {"type": 4, "custom_id": "name", "style": 1}},
        {"type": 18, "label": "Team", "component": {"type": 5, "custom_id": "team"}},
    ],
}


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(MUTATIONS), st.sampled_from([RICH_MESSAGE, RICH_MODAL]), st.data())
def test_every_mutation_applies_and_is_caught(mutation: Mutation, payload: Json, data: st.DataObject) -> None:
    assert errors(validate_payload(payload)) == []
    mutant = copy.deepcopy(payload)
    path = mutation(data, mutant)
    assert path is not None or (mutation is style_pair and "title" in payload)
    if path is not None:
        assert any(p.path == path for p in errors(validate_payload(mutant)))
