"""One test per structural rule: placement, button styles, uniqueness, flags, modals, selects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.components.additions import allowed_types, blank_component
from app.components.validate import (
    errors,
    validate_message,
    validate_message_edit,
    validate_modal,
    validate_payload,
)

from .payloads import (
    V2,
    Json,
    assert_valid,
    auto_select,
    button,
    checkbox,
    checkbox_group,
    container,
    error_at,
    file,
    file_upload,
    label,
    link,
    message,
    modal,
    radio_group,
    row,
    section,
    string_select,
    text,
    text_input,
    thumbnail,
)

TYPES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 17, 18, 19, 21, 22, 23)

# Transcribed from the spec, independently of the validator's own table.
SPEC_PLACES: dict[str, set[int]] = {
    "message": {1, 9, 10, 12, 13, 14, 17},
    "legacy": {1},
    "container": {1, 9, 10, 12, 13, 14},
    "action_row": {2, 3, 5, 6, 7, 8},
    "section": {10},
    "accessory": {2, 11},
    "modal": {18, 10, 1},
    "modal_row": {4},
    "label": {4, 3, 5, 6, 7, 8, 19, 21, 22, 23},
}

PLACES: dict[str, tuple[Callable[[Json], Json], str]] = {
    "message": (lambda node: message(node), "components[0]"),
    "legacy": (lambda node: message(node, flags=None), "components[0]"),
    "container": (lambda node: message(container(node)), "components[0].components[0]"),
    "action_row": (lambda node: message(row(node)), "components[0].components[0]"),
    "section": (lambda node: message(section(node)), "components[0].components[0]"),
    "accessory": (lambda node: message(section(accessory=node)), "components[0].accessory"),
    "modal": (lambda node: modal(node), "components[0]"),
    "modal_row": (lambda node: modal(row(node)), "components[0].components[0]"),
    "label": (lambda node: modal(label(node)), "components[0].component"),
}
PLACEMENT_RULES = {"component.placement", "message.flags.components_v2_required"}


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("type_id", TYPES)
def test_placement(place: str, type_id: int) -> None:
    build, path = PLACES[place]
    problems = validate_payload(build(blank_component(type_id)))
    misplaced = any(p.path == path and p.rule in PLACEMENT_RULES for p in problems)
    assert misplaced == (type_id not in SPEC_PLACES[place]), problems


@pytest.mark.parametrize("place", sorted(SPEC_PLACES))
def test_allowed_types_follow_the_spec(place: Any) -> None:
    assert set(allowed_types(place)) == SPEC_PLACES[place]


def test_components_v2_types_without_the_flag_ask_for_it() -> None:
    (problem,) = validate_message(message(text(), flags=None))
    assert problem.rule == "message.flags.components_v2_required"
    assert "IS_COMPONENTS_V2" in problem.message


def test_modal_only_and_message_only_types_say_so() -> None:
    assert "only be used in modals" in validate_message(message(row(text_input())))[0].message
    assert "only be used in messages" in validate_modal(modal(label(button())))[0].message


# Button style matrix, from the spec: the field each style needs and the fields it forbids.
NEEDS = {1: "custom_id", 2: "custom_id", 3: "custom_id", 4: "custom_id", 5: "url", 6: "sku_id"}
FORBIDS = {
    1: {"url", "sku_id"},
    2: {"url", "sku_id"},
    3: {"url", "sku_id"},
    4: {"url", "sku_id"},
    5: {"custom_id", "sku_id"},
    6: {"custom_id", "label", "url", "emoji"},
}
FIELD_VALUES: dict[str, Any] = {
    "custom_id": "extra",
    "url": "https://example.com",
    "sku_id": "1180218955160375406",
    "label": "Buy",
    "emoji": {"name": "🛒"},
}


def styled(style: int) -> Json:
    if style == 5:
        return link()
    if style == 6:
        return {"type": 2, "style": 6, "sku_id": "1180218955160375406"}
    return button(style=style)


@pytest.mark.parametrize("style", range(1, 7))
@pytest.mark.parametrize("field", sorted(FIELD_VALUES))
def test_button_style_matrix(style: int, field: str) -> None:
    node = styled(style)
    assert_valid(message(row(node)))
    if field == NEEDS[style]:
        del node[field]
        assert error_at(
            validate_message(message(row(node))), f"components[0].components[0].{field}", f"button.{field}.required"
        )
        return
    node[field] = FIELD_VALUES[field]
    problems = validate_message(message(row(node)))
    forbidden = error_at(problems, f"components[0].components[0].{field}", f"button.{field}.forbidden")
    assert forbidden == (field in FORBIDS[style]), problems
    if field not in FORBIDS[style]:
        assert errors(problems) == []


def test_button_needs_label_or_emoji() -> None:
    problems = validate_message(message(row({"type": 2, "style": 2, "custom_id": "x"})))
    assert error_at(problems, "components[0].components[0].label", "button.label.missing")
    assert_valid(message(row({"type": 2, "style": 2, "custom_id": "x", "emoji": {"id": "123"}})))


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("https://example.com", True),
        ("HTTP://example.com", True),
        ("discord://-/channels/1", True),
        ("ftp://example.com", False),
        ("https://", False),
        ("example.com", False),
    ],
)
def test_link_url_schemes(url: str, valid: bool) -> None:
    problems = validate_message(message(row(link(url=url))))
    assert error_at(problems, "components[0].components[0].url") != valid


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("https://x/y.png", True),
        ("attachment://y.png", True),
        ("discord://x", False),
        ("data:image/png;base64,AA", False),
    ],
)
def test_media_url_schemes(url: str, valid: bool) -> None:
    problems = validate_message(message(section(accessory={"type": 11, "media": {"url": url}})))
    assert error_at(problems, "components[0].accessory.media.url") != valid


def test_file_takes_only_attachments() -> None:
    assert_valid(message(file()))
    problems = validate_message(message(file("https://example.com/a.pdf")))
    assert error_at(problems, "components[0].file.url", "file.url.attachment")
    assert error_at(validate_message(message(file("attachment://"))), "components[0].file.url")


def test_emoji_needs_id_or_name() -> None:
    problems = validate_message(message(row(button(emoji={"animated": True}))))
    assert error_at(problems, "components[0].components[0].emoji", "emoji.id_or_name")
    problems = validate_message(message(row(button(emoji={"id": "12a"}))))
    assert error_at(problems, "components[0].components[0].emoji.id", "emoji.id.type")


def test_custom_ids_are_unique_across_the_payload() -> None:
    payload = message(row(button(custom_id="same")), container(row(string_select(custom_id="same"))))
    problems = validate_message(payload)
    assert error_at(problems, "components[1].components[0].components[0].custom_id", "component.custom_id.unique")
    assert not error_at(problems, "components[0].components[0].custom_id")


def test_ids_are_unique_but_zero_repeats() -> None:
    problems = validate_message(message(text(id=7), container(text(id=7))))
    assert error_at(problems, "components[1].components[0].id", "component.id.unique")
    assert_valid(message(text(id=0), text(id=0), container(text(id=1), id=2)))


def test_modal_custom_ids_are_unique() -> None:
    problems = validate_modal(modal(label(text_input(custom_id="a")), label(checkbox(custom_id="a"))))
    assert error_at(problems, "components[1].component.custom_id", "component.custom_id.unique")


@pytest.mark.parametrize("field", ["content", "embeds", "sticker_ids", "poll"])
def test_components_v2_forbids_legacy_fields(field: str) -> None:
    value: Any = {"content": "hi", "embeds": [{"title": "x"}], "sticker_ids": ["1"], "poll": {"x": 1}}[field]
    assert error_at(validate_message(message(text(), **{field: value})), field, f"message.{field}.components_v2")
    empty: Any = {"content": "", "embeds": [], "sticker_ids": [], "poll": {}}[field]
    for nothing in (None, empty):
        assert_valid(message(text(), **{field: nothing}))


def test_legacy_message_keeps_content_with_rows() -> None:
    assert_valid(message(row(button()), flags=None, content="hello", embeds=[{"title": "x"}]))


@pytest.mark.parametrize(
    ("flags", "ok"),
    [
        (V2 | 1 << 2, True),
        (V2 | 1 << 12, True),
        (V2 | 1 << 13, True),
        (V2 | 1 << 6, False),
        (V2 | 1 << 1, False),
        (V2 | 1 << 40, False),
        (-1, False),
    ],
)
def test_allowed_flag_bits(flags: int, ok: bool) -> None:
    assert error_at(validate_message(message(text(), flags=flags)), "flags") != ok


def test_ephemeral_only_in_interaction_responses() -> None:
    payload = message(text(), flags=V2 | 1 << 6)
    assert "interaction response" in validate_message(payload)[0].message
    assert validate_message(payload, interaction_response=True) == []


@pytest.mark.parametrize("flags", ["32768", 1.5, True, [V2]])
def test_flags_must_be_an_integer(flags: object) -> None:
    assert error_at(validate_message({"flags": flags, "components": [row(button())]}), "flags", "message.flags.type")


def test_edit_can_add_the_flag_but_not_remove_it() -> None:
    assert validate_message_edit(message(text()), original_flags=0) == []
    problems = validate_message_edit(message(row(button()), flags=0), original_flags=V2)
    assert error_at(problems, "flags", "message.flags.components_v2_removed")
    # An edit that leaves flags out keeps the original ones, so Components V2 rules still apply.
    assert validate_message_edit({"components": [text()]}, original_flags=V2) == []
    assert error_at(validate_message_edit({"content": "x"}, original_flags=V2), "content")


def test_empty_message_is_rejected() -> None:
    for payload in ({}, message(), message(flags=None, content="")):
        assert error_at(validate_message(payload), "", "message.empty")


def test_action_row_holds_buttons_or_one_select() -> None:
    for children in ([string_select(), button()], [auto_select(), auto_select(6)]):
        problems = validate_message(message(row(*children)))
        assert error_at(problems, "components[0].components", "action_row.select.alone")
    assert_valid(message(row(auto_select(8))))


def test_section_needs_an_accessory() -> None:
    problems = validate_message(message({"type": 9, "components": [text()]}))
    assert error_at(problems, "components[0].accessory", "section.accessory.required")


def test_label_needs_a_component() -> None:
    problems = validate_modal(modal({"type": 18, "label": "Name"}))
    assert error_at(problems, "components[0].component", "label.component.required")


def test_modal_needs_custom_id_title_and_components() -> None:
    problems = validate_modal({})
    for path, rule in (
        ("custom_id", "modal.custom_id.required"),
        ("title", "modal.title.required"),
        ("components", "modal.components.min_items"),
    ):
        assert error_at(problems, path, rule)


def test_deprecated_action_row_in_modal_warns() -> None:
    problems = validate_modal(modal(row(text_input(label="Name"))))
    assert [(p.rule, p.severity) for p in problems] == [("action_row.deprecated", "warning")]
    assert error_at(
        validate_modal(modal(row(text_input()))), "components[0].components[0].label", "text_input.label.required"
    )
    problems = validate_modal(modal(row(text_input(label="A"), text_input(label="B"))))
    assert error_at(problems, "components[0].components", "action_row.components.max_items")
    assert error_at(validate_modal(modal(row(string_select()))), "components[0].components[0]", "component.placement")


def test_text_input_in_a_label_has_no_label_of_its_own() -> None:
    problems = validate_modal(modal(label(text_input(label="Name"))))
    assert error_at(problems, "components[0].component.label", "text_input.label.forbidden")


@pytest.mark.parametrize("make", [string_select, auto_select, file_upload, checkbox_group, radio_group, checkbox])
def test_nothing_is_disabled_in_a_modal(make: Callable[..., Json]) -> None:
    problems = validate_modal(modal(label(make(disabled=True))))
    assert error_at(problems, "components[0].component.disabled", "component.disabled.modal")


def test_disabled_false_is_harmless_in_a_modal() -> None:
    assert_valid(modal(label(string_select(disabled=False))))


@pytest.mark.parametrize("make", [string_select, auto_select, file_upload, checkbox_group])
def test_required_means_min_values_at_least_one(make: Callable[..., Json]) -> None:
    for required in ({}, {"required": True}):
        problems = validate_modal(modal(label(make(min_values=0, **required))))
        assert error_at(problems, "components[0].component.min_values")
    assert_valid(modal(label(make(min_values=0, required=False))))
    assert_valid(message(row(make(min_values=0))) if make in (string_select, auto_select) else modal(label(make())))


def test_min_values_above_max_values() -> None:
    problems = validate_message(message(row(auto_select(6, min_values=3, max_values=2))))
    assert error_at(problems, "components[0].components[0].min_values", "role_select.min_values.above_max")


def test_text_input_min_length_above_max_length() -> None:
    problems = validate_modal(modal(label(text_input(min_length=10, max_length=5))))
    assert error_at(problems, "components[0].component.min_length", "text_input.min_length.above_max")


def test_checkbox_cannot_be_required() -> None:
    problems = validate_modal(modal(label(checkbox(required=True))))
    assert error_at(problems, "components[0].component.required", "checkbox.required.forbidden")
    assert_valid(modal(label(checkbox(default=True))))


@pytest.mark.parametrize(
    ("type_id", "kinds", "bad"),
    [
        (5, ["user"], "role"),
        (6, ["role"], "user"),
        (7, ["user", "role"], "channel"),
        (8, ["channel"], "role"),
    ],
)
def test_default_value_types(type_id: int, kinds: list[str], bad: str) -> None:
    values = [{"id": str(10 + i), "type": kind} for i, kind in enumerate(kinds)]
    assert_valid(message(row(auto_select(type_id, max_values=2, default_values=values))))
    wrong = [{"id": "99", "type": bad}]
    problems = validate_message(message(row(auto_select(type_id, default_values=wrong))))
    assert error_at(problems, "components[0].components[0].default_values[0].type", "default_value.type.choice")


def test_default_value_id_is_a_snowflake() -> None:
    wrong = [{"id": "me", "type": "user"}]
    problems = validate_message(message(row(auto_select(5, default_values=wrong))))
    assert error_at(problems, "components[0].components[0].default_values[0].id", "default_value.id")


def test_empty_default_values_mean_none() -> None:
    assert_valid(message(row(auto_select(5, min_values=2, max_values=3, default_values=[]))))


def test_channel_types_are_known() -> None:
    assert_valid(message(row(auto_select(8, channel_types=[0, 2, 5, 10, 11, 12, 13, 14, 15, 16]))))
    problems = validate_message(message(row(auto_select(8, channel_types=[0, 6]))))
    assert error_at(problems, "components[0].components[0].channel_types[1]", "channel_select.channel_types.choice")


def test_string_select_defaults_within_max_values() -> None:
    select = string_select(3, max_values=2)
    select["options"][0]["default"] = select["options"][1]["default"] = True
    assert_valid(message(row(select)))
    select["options"][2]["default"] = True
    assert error_at(
        validate_message(message(row(select))), "components[0].components[0].options", "string_select.options.defaults"
    )


def test_radio_group_has_one_default_at_most() -> None:
    group = radio_group(3)
    group["options"][0]["default"] = group["options"][1]["default"] = True
    assert error_at(
        validate_modal(modal(label(group))), "components[0].component.options", "radio_group.options.defaults"
    )


def test_option_values_are_unique() -> None:
    select = string_select(2)
    select["options"][1]["value"] = select["options"][0]["value"]
    assert error_at(
        validate_message(message(row(select))), "components[0].components[0].options[1].value", "option.value.unique"
    )


@pytest.mark.parametrize(
    ("kind", "ok"),
    [
        ("image", True),
        ("video", True),
        ("audio", True),
        (".pdf", True),
        (".tar.gz", True),
        ("pdf", False),
        (".", False),
        ("", False),
        (5, False),
    ],
)
def test_file_upload_types(kind: object, ok: bool) -> None:
    problems = validate_modal(modal(label(file_upload(file_types=[kind]))))
    assert error_at(problems, "components[0].component.file_types[0]") != ok


def test_unknown_keys_warn_only() -> None:
    problems = validate_message(message(text(colour="red"), extra=1))
    assert [(p.path, p.severity, p.tag) for p in problems] == [
        ("extra", "warning", "warn"),
        ("components[0].colour", "warning", "warn"),
    ]


@pytest.mark.parametrize(
    ("node", "rule"),
    [
        ({"content": "x"}, "component.type.required"),
        ({"type": "10", "content": "x"}, "component.type.integer"),
        ({"type": 10.0, "content": "x"}, "component.type.integer"),
        ({"type": True, "content": "x"}, "component.type.integer"),
        ({"type": 15}, "component.type.unknown"),
        ({"type": 99}, "component.type.unknown"),
    ],
)
def test_component_type_is_a_known_integer(node: Json, rule: str) -> None:
    problems = validate_message(message(node))
    assert any(p.rule == rule for p in errors(problems)), problems


@pytest.mark.parametrize("value", [1.5, "3", True, None])
def test_integers_must_be_json_integers(value: object) -> None:
    problems = validate_message(message(text(), {"type": 14, "spacing": value}))
    assert error_at(problems, "components[1].spacing", "separator.spacing.type") == (value is not None)


def test_booleans_must_be_booleans() -> None:
    problems = validate_message(message(container(text(), spoiler="yes")))
    assert error_at(problems, "components[0].spoiler", "container.spoiler.type")


def test_thumbnail_only_as_accessory() -> None:
    assert_valid(message(section(accessory=thumbnail())))
    assert error_at(
        validate_message(message(container(thumbnail()))), "components[0].components[0]", "component.placement"
    )
