"""The editor's counters: components used of 40, characters of text used of 4000, field lengths."""

from __future__ import annotations

import pytest

from app.components.counters import Usage, component_count, field_length, iter_components, text_length, usage
from app.components.validate import validate_message

from .payloads import (
    button,
    container,
    error_at,
    file_upload,
    gallery,
    label,
    load,
    message,
    modal,
    row,
    section,
    string_select,
    text,
    text_input,
)


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("message_container.json", 8),
        ("message_section.json", 5),
        ("message_media_gallery.json", 2),
        ("message_action_row.json", 4),
    ],
)
def test_counts_every_node_once(name: str, count: int) -> None:
    assert component_count(load(name)) == count


def test_gallery_items_do_not_count() -> None:
    assert component_count(message(gallery(10))) == 1


def test_paths_in_document_order() -> None:
    payload = message(container(section(text(), accessory=button())), row(button()))
    assert [path for path, _ in iter_components(payload)] == [
        "components[0]",
        "components[0].components[0]",
        "components[0].components[0].components[0]",
        "components[0].components[0].accessory",
        "components[1]",
        "components[1].components[0]",
    ]


def test_modal_counts_label_children() -> None:
    assert component_count(modal(label(text_input()), text())) == 3


def test_non_payloads_count_nothing() -> None:
    values: list[object] = [None, [], "x", {"components": "x"}, {"components": [None, 5]}]
    for value in values:
        assert text_length(value) == 0
    assert component_count({"components": [None, 5]}) == 2


def test_text_length_sums_every_text_display() -> None:
    payload = message(text("ab"), container(text("cde"), section(text("f"), text("gh"))))
    assert text_length(payload) == 8
    assert usage(payload) == Usage(components=7, component_limit=40, text=8, text_limit=4000)


def test_counters_agree_with_the_validator_at_the_limit() -> None:
    for count in (40, 41):
        payload = message(container(*(text() for _ in range(count - 1))))
        assert component_count(payload) == count
        assert error_at(validate_message(payload), "components", "message.components.total") == (count > 40)
    payload = message(text("x" * 2500), container(text("y" * 1501)))
    assert text_length(payload) == 4001
    assert error_at(validate_message(payload), "components", "message.text_display.total_length")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("components[0].components[0].label", (2, 80)),
        ("components[0].components[0].custom_id", (7, 100)),
        ("components[0].components[0].url", (0, 512)),
        ("components[1].components[0].options[0].label", (8, 100)),
        ("components[1].components[0].options[0].description", (0, 100)),
        ("components[1].components[0].placeholder", (0, 150)),
        ("components[2].items[0].description", (0, 1024)),
        ("components[2].items[0].media.url", (46, 2048)),
        ("components[3].content", (5, 4000)),
        ("content", (0, 2000)),
    ],
)
def test_field_length_in_a_message(path: str, expected: tuple[int, int]) -> None:
    payload = message(row(button(label="Go", custom_id="button1")), row(string_select(1)), gallery(), text())
    assert field_length(payload, path) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("title", (7, 45)),
        ("custom_id", (5, 100)),
        ("components[0].label", (8, 45)),
        ("components[0].description", (0, 100)),
        ("components[0].component.placeholder", (0, 100)),
        ("components[0].component.value", (0, 4000)),
    ],
)
def test_field_length_in_a_modal(path: str, expected: tuple[int, int]) -> None:
    payload = modal(label(text_input()), title="A modal", custom_id="modal")
    assert field_length(payload, path) == expected


@pytest.mark.parametrize(
    "path",
    [
        "",
        "components",
        "components[0].style",
        "components[0].nope",
        "components[9].label",
        "components[",
        "flags",
        "components[0].component.min_values",
    ],
)
def test_field_length_of_what_has_no_length_limit(path: str) -> None:
    assert field_length(modal(label(file_upload())) if "component." in path else message(row(button())), path) is None
