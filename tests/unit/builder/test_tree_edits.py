"""Moving a component to any place that can hold it (what a drop in the editor's outline does): into a container,
out of one, from one row to another, within its own list; and every refusal, for paths that come from the
browser and may say anything."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.components.tree_edits import Refused, fits_at, moved_to, perform, relocate
from app.components.validate import errors, validate_payload

from .payloads import Json, button, container, label, message, modal, row, section, string_select, text, text_input


def panel() -> Json:
    """A text, a Container holding a text and a row, and two rows of buttons."""
    return message(
        text("Welcome"),
        container(text("Inside"), row(button(label="In"))),
        row(button(label="A"), button(label="B")),
        row(button(label="C")),
    )


def labels(node: Json) -> list[str]:
    return [kid.get("label") or kid.get("content") for kid in node["components"]]


def test_into_a_container_at_the_place_it_is_dropped() -> None:
    payload = panel()
    landed = perform(payload, "move", "components[0] components[1].components[1]")
    # The Container moved up by one when the text above it left: the path says where the text is now.
    assert landed == "components[0].components[1]"
    assert labels(payload["components"][0]) == ["Inside", "Welcome", None]
    assert [kid["type"] for kid in payload["components"]] == [17, 1, 1]
    assert moved_to(payload, landed) == "Text Display moved into Container 1, position 2."
    assert not errors(validate_payload(payload))


def test_out_of_a_container_to_the_top_level() -> None:
    payload = panel()
    landed = perform(payload, "move", "components[1].components[0] components[0]")
    assert landed == "components[0]"
    assert labels(payload) == ["Inside", "Welcome", None, None, None]
    assert labels(payload["components"][2]) == [None]  # the row is all the Container holds now
    assert moved_to(payload, landed) == "Text Display moved to the top level, position 1."


def test_from_one_row_to_another_and_out_of_a_container_into_a_row() -> None:
    payload = panel()
    landed = perform(payload, "move", "components[2].components[1] components[3].components[0]")
    assert landed == "components[3].components[0]"
    assert [b["label"] for b in payload["components"][2]["components"]] == ["A"]
    assert [b["label"] for b in payload["components"][3]["components"]] == ["B", "C"]
    assert moved_to(payload, landed) == "Button moved into Action Row 3, position 1."
    landed = perform(payload, "move", "components[1].components[1].components[0] components[2].components[1]")
    assert [b["label"] for b in payload["components"][2]["components"]] == ["A", "In"]
    assert payload["components"][1]["components"][1]["components"] == []  # left empty: the validator says so
    assert moved_to(payload, landed) == "Button moved into Action Row 2, position 2."


def test_between_containers_and_into_a_section() -> None:
    payload = message(container(text("One"), text("Two")), container(section(text("Three"))))
    perform(payload, "move", "components[0].components[1] components[1].components[0]")
    assert labels(payload["components"][1]) == ["Two", None]
    landed = perform(payload, "move", "components[0].components[0] components[1].components[1].components[1]")
    assert labels(payload["components"][1]["components"][1]) == ["Three", "One"]
    assert payload["components"][0]["components"] == []
    assert moved_to(payload, landed) == "Text Display moved into Section 1, position 2."


def test_within_its_own_list_it_moves_as_a_reorder() -> None:
    payload = panel()
    assert perform(payload, "move", "components[0] components[3]") == "components[3]"
    assert [kid["type"] for kid in payload["components"]] == [17, 1, 1, 10]
    with pytest.raises(Refused, match="no such place"):
        perform(payload, "move", "components[3] components[4]")


def test_an_accessory_may_be_dragged_into_a_row() -> None:
    payload = message(section(text(), accessory=button(label="Acc")), row(button(label="A")))
    assert (
        perform(payload, "move", "components[0].accessory components[1].components[1]") == "components[1].components[1]"
    )
    assert "accessory" not in payload["components"][0]


@pytest.mark.parametrize(
    ("posted", "said"),
    [
        ("components[1] components[1].components[0]", "cannot go inside itself"),
        ("components[1] components[1].components[1].components[0]", "cannot go inside itself"),
        ("components[2].components[0] components[0]", "A Button cannot go at the top level of a message"),
        ("components[2].components[0] components[1].components[0]", "A Button cannot go inside a Container"),
        ("components[0] components[2].components[0]", "A Text Display cannot go inside an Action Row"),
        ("components[1] components[4]", "no such place"),  # its own list, past the end
        ("components[0] components[1].components[3]", "no such place"),
        ("components[0] components[1].components", "no such place to move it to"),
        ("components[0] components[1].label[0]", "not a list"),
        ("components[0]", "no such place to move it to"),
        ("components[0] ", "no such place to move it to"),
        ("components[9] components[0]", "no longer there"),
        ("components[0] components[9].components[0]", "not a list"),
        ("components[0]..x components[0]", "no longer there"),
        ("components[0] components[1].components[0] extra", "no longer there"),
        (" components[0]", "inside itself"),  # no component at all: the payload is not moved into itself
        ("components[0] components[999999].components[0]", "not a list"),
    ],
)
def test_refused_and_nothing_changes(posted: str, said: str) -> None:
    payload = panel()
    before = copy.deepcopy(payload)
    with pytest.raises(Refused, match=said):
        perform(payload, "move", posted)
    assert payload == before


def test_no_room_in_a_full_row_or_a_row_of_one_select() -> None:
    payload = message(row(*(button() for _ in range(5))), row(button()), row(string_select()))
    before = copy.deepcopy(payload)
    with pytest.raises(Refused, match="no room left there for a Button"):
        perform(payload, "move", "components[1].components[0] components[0].components[5]")
    with pytest.raises(Refused, match="no room left there for a Button"):
        perform(payload, "move", "components[1].components[0] components[2].components[0]")
    with pytest.raises(Refused, match="no room left there for a String Select: an Action Row holds up to 5 buttons"):
        perform(payload, "move", "components[2].components[0] components[1].components[1]")
    assert payload == before


def test_a_full_message_still_moves_its_components() -> None:
    """40 components: nothing can be added, but a move changes no count."""
    payload = message(container(*(text(str(n)) for n in range(38))), text("Last"))
    assert fits_at(payload, "components[0].components") == (1, 9, 10, 12, 13, 14)
    perform(payload, "move", "components[1] components[0].components[0]")
    assert labels(payload["components"][0])[:2] == ["Last", "0"]


def test_what_fits_follows_the_placement_rules_and_the_room_left() -> None:
    payload = panel()
    assert fits_at(payload, "components") == (1, 9, 10, 12, 13, 14, 17)
    assert fits_at(payload, "components[2].components") == (2,)  # a row of buttons takes no select
    assert fits_at(message(row()), "components[0].components") == (2, 3, 5, 6, 7, 8)
    assert fits_at(message(section(text(), text(), text())), "components[0].components") == ()
    assert fits_at(payload, "components[0].content") == ()
    assert fits_at(payload, "components[0].accessory") == ()


def test_in_a_form_a_text_display_moves_between_the_labels() -> None:
    payload = modal(label(text_input()), text("Note"), label(text_input()))
    assert perform(payload, "move", "components[1] components[0]") == "components[0]"
    with pytest.raises(Refused, match="not a list"):
        perform(payload, "move", "components[0] components[1].component[0]")


@given(st.text(max_size=80))
def test_any_posted_text_is_done_or_refused(posted: str) -> None:
    payload = panel()
    before = copy.deepcopy(payload)
    try:
        perform(payload, "move", posted)
    except Refused:
        assert payload == before


def test_relocate_takes_the_place_and_the_index_apart() -> None:
    payload = panel()
    assert (
        relocate(payload, "components[3].components[0]", "components[2].components", 0) == "components[2].components[0]"
    )
    assert [b["label"] for b in payload["components"][2]["components"]] == ["C", "A", "B"]
    with pytest.raises(Refused):
        relocate(payload, "components[2].components[0]", "components[3].components", None)
