"""The builder's helpers: where a type may go, what may be added now, and blank components."""

from __future__ import annotations

import pytest

from app.components.additions import addable_types, blank_component, place_of
from app.components.paths import insert_at, set_at
from app.components.validate import errors, validate_payload

from .payloads import Json, button, container, label, message, modal, row, section, string_select, text, text_input

# A payload with an empty slot for each place, the path of that slot, and whether it is a list.
SLOTS: dict[str, tuple[Json, str]] = {
    "message": (message(), "components"),
    "legacy": (message(flags=None), "components"),
    "container": (message(container()), "components[0].components"),
    "action_row": (message(row()), "components[0].components"),
    "section": (message({"type": 9, "components": [], "accessory": button()}), "components[0].components"),
    "accessory": (message({"type": 9, "components": [text()]}), "components[0].accessory"),
    "modal": (modal(), "components"),
    "label": ({"custom_id": "m", "title": "t", "components": [{"type": 18, "label": "Q"}]}, "components[0].component"),
}


@pytest.mark.parametrize("place", sorted(SLOTS))
def test_place_of_each_slot(place: str) -> None:
    payload, path = SLOTS[place]
    assert place_of(payload, path) == place


@pytest.mark.parametrize("place", sorted(SLOTS))
def test_every_addable_blank_validates_once_placed(place: str) -> None:
    payload, path = SLOTS[place]
    kinds = addable_types(payload, path)
    assert kinds
    for type_id in kinds:
        placed = _place(payload, path, blank_component(type_id, payload=payload))
        assert errors(validate_payload(placed)) == [], (type_id, validate_payload(placed))


def _place(payload: Json, path: str, node: Json) -> Json:
    import copy

    placed = copy.deepcopy(payload)
    if path.endswith("components"):
        insert_at(placed, f"{path}[0]", node)
    else:
        set_at(placed, path, node)
    return placed


def test_place_of_modal_action_row_and_nonsense() -> None:
    assert place_of(modal(row(text_input(label="x"))), "components[0].components") == "modal_row"
    payload = message(row(button()))
    for path in ("components[0].label", "components[5].components", "components[", "components[0].components[0]"):
        assert place_of(payload, path) is None


def test_row_capacity() -> None:
    assert addable_types(message(row()), "components[0].components") == (2, 3, 5, 6, 7, 8)
    assert addable_types(message(row(button())), "components[0].components") == (2,)
    assert addable_types(message(row(*(button() for _ in range(5)))), "components[0].components") == ()
    assert addable_types(message(row(string_select())), "components[0].components") == ()


def test_list_capacity() -> None:
    assert addable_types(message(section(text(), text(), text())), "components[0].components") == ()
    assert addable_types(modal(*(label(text_input()) for _ in range(5))), "components") == ()
    assert 1 not in addable_types(modal(), "components")
    assert addable_types(message(*(row(button()) for _ in range(5)), flags=None), "components") == ()


def test_the_forty_components_bound_what_fits() -> None:
    full = message(container(*(text() for _ in range(39))))
    assert addable_types(full, "components") == ()
    one_left = message(container(*(text() for _ in range(38))))
    assert addable_types(one_left, "components") == (10, 12, 13, 14)


def test_blank_custom_ids_avoid_those_in_use() -> None:
    payload = message(row(button(custom_id="button_1"), button(custom_id="button_2")))
    assert blank_component(2, payload=payload)["custom_id"] == "button_3"
    nested = blank_component(9, payload=payload)
    assert nested["accessory"]["custom_id"] == "button_3"  # type: ignore[index]


def test_blank_of_an_unknown_type() -> None:
    with pytest.raises(ValueError, match="unknown component type"):
        blank_component(15)
