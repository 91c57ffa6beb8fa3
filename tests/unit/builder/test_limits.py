"""Golden tests for every length, count and number limit of the spec, one step either side of it.

Each case builds a payload whose measured quantity is n; at the limit and on its allowed side the payload
is valid, one step past it there is an error at the expected path with the expected rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import pytest

from app.components.validate import validate_payload

from .payloads import (
    IMAGE,
    Json,
    auto_select,
    button,
    checkbox_group,
    container,
    error_at,
    file_upload,
    gallery,
    label,
    link,
    message,
    modal,
    options,
    radio_group,
    row,
    section,
    separator,
    string_select,
    text,
    text_input,
    thumbnail,
)


@dataclass(frozen=True)
class Limit:
    name: str
    make: Callable[[int], Json]
    limit: int
    path: str
    rule: str
    side: Literal["max", "min"] = "max"

    def __str__(self) -> str:
        return self.name


def chars(size: int) -> str:
    return "x" * size


def url(size: int, scheme: str = "https://") -> str:
    return scheme + "x" * (size - len(scheme))


def in_row(**fields: Any) -> Callable[[int], Json]:
    return lambda n: message(row(button(**{k: v(n) for k, v in fields.items()})))


def select_field(type_id: int, key: str, make: Callable[[int], Any]) -> Callable[[int], Json]:
    if type_id == 3:
        return lambda n: message(row(string_select(25, **{key: make(n)})))
    return lambda n: message(row(auto_select(type_id, **{key: make(n)})))


def option_field(key: str) -> Callable[[int], Json]:
    def make(n: int) -> Json:
        select = string_select(2)
        select["options"][0][key] = chars(n)
        return message(row(select))

    return make


def in_label(component: Callable[[int], Json]) -> Callable[[int], Json]:
    return lambda n: modal(label(component(n)))


def total_components(n: int) -> Json:
    # n components: one Container holding n - 1 Text Displays.
    return message(container(*(text() for _ in range(n - 1))))


def total_text(n: int) -> Json:
    return message(text(chars(2000)), section(text(chars(n - 3000)), text(chars(1000))))


def styled(style: int) -> Json:
    """A valid button of `style` (a Primary-shaped one for styles that do not exist)."""
    if style == 5:
        return link()
    if style == 6:
        return {"type": 2, "style": 6, "sku_id": "1180218955160375406"}
    return button(style=style)


def default_values(n: int) -> Json:
    values = [{"id": str(100 + i), "type": "user"} for i in range(n)]
    return message(row(auto_select(5, min_values=2, max_values=3, default_values=values)))


LIMITS = [
    # strings: maximum lengths
    Limit(
        "message content",
        lambda n: message(flags=None, content=chars(n)),
        2000,
        "content",
        "message.content.max_length",
    ),
    Limit("button label", in_row(label=chars), 80, "components[0].components[0].label", "button.label.max_length"),
    Limit(
        "button custom_id",
        in_row(custom_id=chars),
        100,
        "components[0].components[0].custom_id",
        "button.custom_id.max_length",
    ),
    Limit(
        "link url",
        lambda n: message(row(link(url=url(n)))),
        512,
        "components[0].components[0].url",
        "button.url.max_length",
    ),
    *(
        Limit(
            f"select {t} placeholder",
            select_field(t, "placeholder", chars),
            150,
            "components[0].components[0].placeholder",
            f"{name}.placeholder.max_length",
        )
        for t, name in (
            (3, "string_select"),
            (5, "user_select"),
            (6, "role_select"),
            (7, "mentionable_select"),
            (8, "channel_select"),
        )
    ),
    *(
        Limit(
            f"option {key}",
            option_field(key),
            100,
            f"components[0].components[0].options[0].{key}",
            f"option.{key}.max_length",
        )
        for key in ("label", "value", "description")
    ),
    Limit(
        "text display content",
        lambda n: message(text(chars(n))),
        4000,
        "components[0].content",
        "text_display.content.max_length",
    ),
    Limit(
        "thumbnail description",
        lambda n: message(section(accessory=thumbnail(description=chars(n)))),
        1024,
        "components[0].accessory.description",
        "thumbnail.description.max_length",
    ),
    Limit(
        "gallery item description",
        lambda n: message({"type": 12, "items": [{"media": {"url": IMAGE}, "description": chars(n)}]}),
        1024,
        "components[0].items[0].description",
        "media_gallery_item.description.max_length",
    ),
    Limit(
        "media url",
        lambda n: message(section(accessory={"type": 11, "media": {"url": url(n)}})),
        2048,
        "components[0].accessory.media.url",
        "media.url.max_length",
    ),
    Limit(
        "label label",
        lambda n: modal(label(text_input(), label=chars(n))),
        45,
        "components[0].label",
        "label.label.max_length",
    ),
    Limit(
        "label description",
        lambda n: modal(label(text_input(), description=chars(n))),
        100,
        "components[0].description",
        "label.description.max_length",
    ),
    Limit(
        "text input placeholder",
        in_label(lambda n: text_input(placeholder=chars(n))),
        100,
        "components[0].component.placeholder",
        "text_input.placeholder.max_length",
    ),
    Limit(
        "text input value",
        in_label(lambda n: text_input(value=chars(n))),
        4000,
        "components[0].component.value",
        "text_input.value.max_length",
    ),
    Limit(
        "deprecated text input label",
        lambda n: modal(row(text_input(label=chars(n)))),
        45,
        "components[0].components[0].label",
        "text_input.label.max_length",
    ),
    Limit(
        "modal custom_id",
        lambda n: modal(label(text_input()), custom_id=chars(n)),
        100,
        "custom_id",
        "modal.custom_id.max_length",
    ),
    Limit("modal title", lambda n: modal(label(text_input()), title=chars(n)), 45, "title", "modal.title.max_length"),
    # strings: minimum lengths
    Limit(
        "button custom_id min",
        in_row(custom_id=chars),
        1,
        "components[0].components[0].custom_id",
        "button.custom_id.min_length",
        "min",
    ),
    Limit(
        "select custom_id min",
        select_field(5, "custom_id", chars),
        1,
        "components[0].components[0].custom_id",
        "user_select.custom_id.min_length",
        "min",
    ),
    Limit(
        "option label min",
        option_field("label"),
        1,
        "components[0].components[0].options[0].label",
        "option.label.min_length",
        "min",
    ),
    Limit(
        "option value min",
        option_field("value"),
        1,
        "components[0].components[0].options[0].value",
        "option.value.min_length",
        "min",
    ),
    Limit(
        "text display content min",
        lambda n: message(text(chars(n))),
        1,
        "components[0].content",
        "text_display.content.min_length",
        "min",
    ),
    Limit(
        "label label min",
        lambda n: modal(label(text_input(), label=chars(n))),
        1,
        "components[0].label",
        "label.label.min_length",
        "min",
    ),
    Limit(
        "modal title min",
        lambda n: modal(label(text_input()), title=chars(n)),
        1,
        "title",
        "modal.title.min_length",
        "min",
    ),
    Limit(
        "modal custom_id min",
        lambda n: modal(label(text_input()), custom_id=chars(n)),
        1,
        "custom_id",
        "modal.custom_id.min_length",
        "min",
    ),
    # counts
    Limit(
        "legacy rows",
        lambda n: message(*(row(button()) for _ in range(n)), flags=None),
        5,
        "components",
        "message.components.max_items",
    ),
    Limit("total components", total_components, 40, "components", "message.components.total"),
    Limit("total text", total_text, 4000, "components", "message.text_display.total_length"),
    Limit(
        "buttons in a row",
        lambda n: message(row(*(button() for _ in range(n)))),
        5,
        "components[0].components",
        "action_row.components.max_items",
    ),
    Limit(
        "buttons in a row min",
        lambda n: message(row(*(button() for _ in range(n)))),
        1,
        "components[0].components",
        "action_row.components.min_items",
        "min",
    ),
    Limit(
        "select options",
        lambda n: message(row(string_select(n))),
        25,
        "components[0].components[0].options",
        "string_select.options.max_items",
    ),
    Limit(
        "select options min",
        lambda n: message(row(string_select(n))),
        1,
        "components[0].components[0].options",
        "string_select.options.min_items",
        "min",
    ),
    Limit("gallery items", lambda n: message(gallery(n)), 10, "components[0].items", "media_gallery.items.max_items"),
    Limit(
        "gallery items min",
        lambda n: message(gallery(n)),
        1,
        "components[0].items",
        "media_gallery.items.min_items",
        "min",
    ),
    Limit(
        "section texts",
        lambda n: (
            message(section(*(text() for _ in range(n))))
            if n
            else message({"type": 9, "components": [], "accessory": thumbnail()})
        ),
        3,
        "components[0].components",
        "section.components.max_items",
    ),
    Limit(
        "section texts min",
        lambda n: message({"type": 9, "components": [text()] * n, "accessory": thumbnail()}),
        1,
        "components[0].components",
        "section.components.min_items",
        "min",
    ),
    Limit(
        "container children min",
        lambda n: message(container(*(text() for _ in range(n)))),
        1,
        "components[0].components",
        "container.components.min_items",
        "min",
    ),
    Limit(
        "modal components",
        lambda n: modal(*(label(text_input()) for _ in range(n))),
        5,
        "components",
        "modal.components.max_items",
    ),
    Limit(
        "modal components min",
        lambda n: modal(*(label(text_input()) for _ in range(n))),
        1,
        "components",
        "modal.components.min_items",
        "min",
    ),
    Limit(
        "embeds", lambda n: message(flags=None, embeds=[{"title": "x"}] * n), 10, "embeds", "message.embeds.max_items"
    ),
    Limit(
        "sticker_ids",
        lambda n: message(flags=None, sticker_ids=["1"] * n),
        3,
        "sticker_ids",
        "message.sticker_ids.max_items",
    ),
    Limit(
        "file types",
        lambda n: modal(label(file_upload(file_types=[".pdf"] * n))),
        10,
        "components[0].component.file_types",
        "file_upload.file_types.max_items",
    ),
    Limit(
        "radio options",
        lambda n: modal(label(radio_group(n))),
        10,
        "components[0].component.options",
        "radio_group.options.max_items",
    ),
    Limit(
        "radio options min",
        lambda n: modal(label(radio_group(n))),
        2,
        "components[0].component.options",
        "radio_group.options.min_items",
        "min",
    ),
    Limit(
        "checkbox options",
        lambda n: modal(label(checkbox_group(n, max_values=min(n, 10)))),
        10,
        "components[0].component.options",
        "checkbox_group.options.max_items",
    ),
    Limit(
        "checkbox options min",
        lambda n: modal(label(checkbox_group(n))),
        1,
        "components[0].component.options",
        "checkbox_group.options.min_items",
        "min",
    ),
    Limit(
        "default values max",
        default_values,
        3,
        "components[0].components[0].default_values",
        "user_select.default_values.count",
    ),
    Limit(
        "default values min",
        default_values,
        2,
        "components[0].components[0].default_values",
        "user_select.default_values.count",
        "min",
    ),
    # numbers
    Limit("id max", lambda n: message(text(id=n)), 2_147_483_647, "components[0].id", "text_display.id.range"),
    Limit("id min", lambda n: message(text(id=n)), 0, "components[0].id", "text_display.id.range", "min"),
    *(
        Limit(
            f"select {t} max_values",
            select_field(t, "max_values", lambda n: n),
            25,
            "components[0].components[0].max_values",
            f"{name}.max_values.range",
        )
        for t, name in ((3, "string_select"), (6, "role_select"))
    ),
    Limit(
        "select max_values min",
        select_field(6, "max_values", lambda n: n),
        1,
        "components[0].components[0].max_values",
        "role_select.max_values.range",
        "min",
    ),
    Limit(
        "select min_values",
        lambda n: message(row(auto_select(7, min_values=n, max_values=25))),
        25,
        "components[0].components[0].min_values",
        "mentionable_select.min_values.range",
    ),
    Limit(
        "select min_values min",
        lambda n: message(row(auto_select(7, min_values=n))),
        0,
        "components[0].components[0].min_values",
        "mentionable_select.min_values.range",
        "min",
    ),
    Limit(
        "file upload max_values",
        in_label(lambda n: file_upload(max_values=n)),
        10,
        "components[0].component.max_values",
        "file_upload.max_values.range",
    ),
    Limit(
        "file upload min_values",
        in_label(lambda n: file_upload(min_values=n, max_values=10)),
        10,
        "components[0].component.min_values",
        "file_upload.min_values.range",
    ),
    Limit(
        "checkbox group max_values",
        in_label(lambda n: checkbox_group(10, max_values=n)),
        10,
        "components[0].component.max_values",
        "checkbox_group.max_values.range",
    ),
    Limit(
        "text input min_length",
        in_label(lambda n: text_input(min_length=n)),
        4000,
        "components[0].component.min_length",
        "text_input.min_length.range",
    ),
    Limit(
        "text input min_length min",
        in_label(lambda n: text_input(min_length=n)),
        0,
        "components[0].component.min_length",
        "text_input.min_length.range",
        "min",
    ),
    Limit(
        "text input max_length",
        in_label(lambda n: text_input(max_length=n)),
        4000,
        "components[0].component.max_length",
        "text_input.max_length.range",
    ),
    Limit(
        "text input max_length min",
        in_label(lambda n: text_input(max_length=n)),
        1,
        "components[0].component.max_length",
        "text_input.max_length.range",
        "min",
    ),
    Limit(
        "accent color",
        lambda n: message(container(text(), accent_color=n)),
        0xFFFFFF,
        "components[0].accent_color",
        "container.accent_color.range",
    ),
    Limit(
        "accent color min",
        lambda n: message(container(text(), accent_color=n)),
        0,
        "components[0].accent_color",
        "container.accent_color.range",
        "min",
    ),
    Limit(
        "separator spacing",
        lambda n: message(separator(spacing=n)),
        2,
        "components[0].spacing",
        "separator.spacing.choice",
    ),
    Limit(
        "separator spacing min",
        lambda n: message(separator(spacing=n)),
        1,
        "components[0].spacing",
        "separator.spacing.choice",
        "min",
    ),
    Limit(
        "button style", lambda n: message(row(styled(n))), 6, "components[0].components[0].style", "button.style.choice"
    ),
    Limit(
        "button style min",
        lambda n: message(row(button(style=n))),
        1,
        "components[0].components[0].style",
        "button.style.choice",
        "min",
    ),
    Limit(
        "text input style",
        in_label(lambda n: text_input(style=n)),
        2,
        "components[0].component.style",
        "text_input.style.choice",
    ),
]


def steps(case: Limit) -> tuple[list[int], int]:
    """The allowed values either side of the limit, and the first value past it."""
    if case.side == "max":
        return [case.limit - 1, case.limit], case.limit + 1
    return [case.limit, case.limit + 1], case.limit - 1


@pytest.mark.parametrize("case", LIMITS, ids=str)
def test_limit(case: Limit) -> None:
    allowed, past = steps(case)
    for n in allowed:
        problems = validate_payload(case.make(n))
        assert not error_at(problems, case.path), (n, problems)
        assert not [p for p in problems if p.severity == "error"], (n, problems)
    problems = validate_payload(case.make(past))
    assert error_at(problems, case.path, case.rule), (past, problems)


def test_every_max_length_in_the_tables_has_a_golden_test() -> None:
    from app.components.field_tables import MAX_LENGTH

    tested = {case.rule.rsplit(".", 1)[0] for case in LIMITS if case.rule.endswith("max_length")}
    families = {f"{family}.{key}" for family, key in MAX_LENGTH}
    # custom_id has one limit shared by every interactive component; two of them stand for the rest.
    untested = {name for name in families - tested if not name.endswith(".custom_id")}
    assert untested == set()


def test_messages_name_the_limit_and_the_value() -> None:
    problems = validate_payload(message(row(button(label=chars(93)))))
    assert [p.message for p in problems] == ["Button label is 93 characters; Discord allows at most 80."]


def test_dashboard_rules_say_so() -> None:
    problems = validate_payload(message(container()))
    assert [(p.tag, p.message) for p in problems] == [
        (
            "inf",
            "Container has 0 components; it needs at least 1. "
            "This is a dashboard rule, not a documented Discord limit.",
        )
    ]


def test_mobile_label_warning_at_35_characters() -> None:
    assert validate_payload(message(row(button(label=chars(34))))) == []
    (warning,) = validate_payload(message(row(button(label=chars(35)))))
    assert (warning.severity, warning.tag, warning.rule) == ("warning", "warn", "button.label.mobile")


def test_media_warning_above_fifty_items() -> None:
    fifty = message(*(gallery(10) for _ in range(5)))
    assert validate_payload(fifty) == []
    (warning,) = validate_payload(message(*(gallery(10) for _ in range(5)), section()))
    assert (warning.path, warning.rule, warning.severity) == ("components", "message.media.count", "warning")


def test_option_counts_bound_min_and_max_values() -> None:
    ok = message(row(string_select(3, min_values=3, max_values=3)))
    assert validate_payload(ok) == []
    problems = validate_payload(message(row(string_select(3, min_values=4, max_values=4))))
    assert error_at(problems, "components[0].components[0].min_values", "string_select.min_values.options")
    assert error_at(problems, "components[0].components[0].max_values", "string_select.max_values.options")


def test_text_input_value_must_fit_its_own_bounds() -> None:
    fits = modal(label(text_input(min_length=2, max_length=3, value="abc")))
    assert validate_payload(fits) == []
    for value in ("a", "abcd"):
        problems = validate_payload(modal(label(text_input(min_length=2, max_length=3, value=value))))
        assert error_at(problems, "components[0].component.value", "text_input.value.length_range")


def test_options_helper_makes_distinct_values() -> None:
    assert len({option["value"] for option in options(25)}) == 25
