"""A modal renders as Discord draws one: title bar, labelled controls, Cancel and Submit."""

from __future__ import annotations

import pytest

from .helpers import at, classes, first, modal, shown_modal, words


def label(control: dict[str, object], **fields: object) -> dict[str, object]:
    return {"type": 18, "label": "Your name", "description": "As on your passport", "component": control, **fields}


def test_frame_has_title_body_and_footer() -> None:
    tree = shown_modal(modal({"type": 10, "content": "Hello **there**"}, title="Sign up"), theme="light")
    frame = first(tree, "section.pv")
    assert {"pv-modal", "pv-theme-light"} <= classes(frame)
    assert at(tree, "title").text() == "Sign up"
    assert first(at(tree, "components[0]"), "strong").text() == "there"
    assert first(tree, ".pv-modal-cancel").text() == "Cancel"
    assert first(tree, ".pv-modal-submit").text() == "Submit"


def test_label_shows_text_description_and_required_mark() -> None:
    tree = shown_modal(modal(label({"type": 4, "custom_id": "n", "style": 1})))
    node = at(tree, "components[0]")
    assert "pv-label" in classes(node)
    assert words(first(node, ".pv-label-text")) == "Your name *"
    assert first(node, ".pv-label-description").text() == "As on your passport"
    assert "pv-text-input" in classes(at(tree, "components[0].component"))


def test_optional_control_has_no_required_mark() -> None:
    tree = shown_modal(modal(label({"type": 4, "custom_id": "n", "style": 1, "required": False})))
    assert tree.css(".pv-required") == []


@pytest.mark.parametrize(("style", "kind"), [(1, "short"), (2, "paragraph")])
def test_text_input_shows_value_or_placeholder(style: int, kind: str) -> None:
    empty = at(
        shown_modal(modal(label({"type": 4, "custom_id": "n", "style": style, "placeholder": "Type"}))),
        "components[0].component",
    )
    assert f"pv-text-input-{kind}" in classes(empty)
    assert first(empty, ".pv-input-placeholder").text() == "Type"
    filled = at(
        shown_modal(modal(label({"type": 4, "custom_id": "n", "style": style, "value": "Ann"}))),
        "components[0].component",
    )
    assert first(filled, ".pv-input-value").text() == "Ann"


def test_deprecated_action_row_text_input_carries_its_own_label() -> None:
    row = {"type": 1, "components": [{"type": 4, "custom_id": "n", "style": 1, "label": "Old style"}]}
    tree = shown_modal(modal(row))
    assert "pv-action-row" in classes(at(tree, "components[0]"))
    field = at(tree, "components[0].components[0]")
    assert words(first(field, ".pv-label-text")) == "Old style *"


def test_selects_in_labels() -> None:
    select = {"type": 3, "custom_id": "s", "options": [{"label": "A", "value": "a"}], "placeholder": "Choose"}
    tree = shown_modal(modal(label(select), label({"type": 6, "custom_id": "r"})))
    assert first(at(tree, "components[0].component"), ".pv-select-placeholder").text() == "Choose"
    assert "pv-role-select" in classes(at(tree, "components[1].component"))


def test_file_upload_is_a_drop_area_with_its_limits() -> None:
    upload = {"type": 19, "custom_id": "f", "file_types": ["image", ".pdf"], "max_values": 3}
    node = at(shown_modal(modal(label(upload))), "components[0].component")
    assert "pv-file-upload" in classes(node)
    assert first(node, ".pv-file-upload-hint").text() == "images, .pdf; up to 3 files"


@pytest.mark.parametrize(
    ("type_id", "group", "kind"), [(21, "pv-radio-group", "pv-radio"), (22, "pv-checkbox-group", "pv-checkbox-option")]
)
def test_radio_and_checkbox_groups_list_their_options(type_id: int, group: str, kind: str) -> None:
    options = [{"label": "Red", "value": "r", "description": "Warm"}, {"label": "Blue", "value": "b", "default": True}]
    tree = shown_modal(modal(label({"type": type_id, "custom_id": "g", "options": options})))
    assert group in classes(at(tree, "components[0].component"))
    red, blue = at(tree, "components[0].component.options[0]"), at(tree, "components[0].component.options[1]")
    assert kind in classes(red)
    assert first(red, ".pv-option-label").text() == "Red"
    assert first(red, ".pv-option-description").text() == "Warm"
    assert "pv-checked" not in classes(red)
    assert "pv-checked" in classes(blue)
    assert first(blue, ".pv-sr").text() == "selected"


def test_checkbox_is_never_marked_required() -> None:
    tree = shown_modal(modal(label({"type": 23, "custom_id": "c", "default": True})))
    box = at(tree, "components[0].component")
    assert {"pv-checkbox", "pv-checked"} <= classes(box)
    assert tree.css(".pv-required") == []


def test_label_without_a_control_is_a_placeholder() -> None:
    tree = shown_modal(modal({"type": 18, "label": "Empty"}))
    assert "pv-unknown" in classes(at(tree, "components[0].component"))


def test_missing_title_is_named() -> None:
    assert at(shown_modal({"components": []}), "title").text() == "Untitled form"
