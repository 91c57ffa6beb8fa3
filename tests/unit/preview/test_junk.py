"""Payloads of any shape render without raising, and what they render is still safe."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.preview import GuildContext, render_markdown, render_message, render_modal

from .helpers import CONTEXT
from .safety import assert_safe

JUNK_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=25,
)
TYPES = st.sampled_from(
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 17, 18, 19, 21, 22, 23, 0, 99, -1, 2**70, "2", None, True, 1.0]
)
# Strings that look like what the fields hold, so the renderers get past their type checks.
field_text = st.sampled_from(
    [
        "",
        "x",
        "https://example.com/a.png",
        "attachment://a.txt",
        "javascript:alert(1)",
        "<b>",
        "**md** <@1> <t:1:R>",
        "123",
    ]
) | st.text(max_size=40)


def components(depth: int) -> st.SearchStrategy[Any]:
    children = st.lists(components(depth - 1), max_size=3) if depth else st.lists(json_values, max_size=2)
    leaf = field_text | st.integers(-5, 2**31) | st.booleans() | st.none()
    media = st.fixed_dictionaries({"url": field_text | json_values})
    option = st.fixed_dictionaries(
        {},
        optional={
            "label": field_text,
            "value": field_text,
            "description": field_text,
            "default": st.booleans(),
            "emoji": json_values,
        },
    )
    return st.fixed_dictionaries(
        {"type": TYPES},
        optional={
            "components": children | json_values,
            "component": components(depth - 1) if depth else json_values,
            "accessory": components(depth - 1) if depth else json_values,
            "items": st.lists(
                st.fixed_dictionaries({"media": media}, optional={"description": leaf, "spoiler": leaf}), max_size=12
            )
            | json_values,
            "options": st.lists(option, max_size=5) | json_values,
            "default_values": st.lists(st.fixed_dictionaries({"id": leaf, "type": field_text}), max_size=3)
            | json_values,
            "media": media | json_values,
            "file": media | json_values,
            "emoji": st.fixed_dictionaries({}, optional={"id": leaf, "name": field_text, "animated": leaf})
            | json_values,
            "content": field_text | json_values,
            "label": leaf | json_values,
            "description": leaf,
            "placeholder": leaf,
            "value": leaf,
            "url": field_text | json_values,
            "style": st.integers(-1, 7) | json_values,
            "spacing": leaf,
            "divider": leaf,
            "accent_color": st.integers(-1, 2**25) | json_values,
            "spoiler": leaf,
            "disabled": leaf,
            "required": leaf,
            "max_values": leaf,
            "file_types": st.lists(field_text, max_size=3) | json_values,
            "custom_id": field_text,
        },
    )


payloads = st.fixed_dictionaries(
    {},
    optional={
        "flags": st.integers(-1, 2**16) | json_values,
        "content": field_text | json_values,
        "title": field_text | json_values,
        "embeds": json_values,
        "components": st.lists(components(2), max_size=3) | json_values,
    },
)


@JUNK_SETTINGS
@given(json_values)
def test_any_json_value_renders(value: Any) -> None:
    assert_safe(render_message(value, CONTEXT))
    assert_safe(render_modal(value, CONTEXT))


@settings(JUNK_SETTINGS, max_examples=40)
@given(payloads)
def test_component_shaped_junk_renders(payload: Any) -> None:
    assert_safe(render_message(payload, CONTEXT))
    assert_safe(render_modal(payload, CONTEXT))


@JUNK_SETTINGS
@given(st.text(alphabet=st.sampled_from("*_~|`[]()<>@#&!:t\\>-\n hx12.9/"), max_size=200) | st.text(max_size=200))
def test_any_markdown_renders(text: str) -> None:
    assert_safe(render_markdown(text, CONTEXT))


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        "text",
        42,
        {"components": "no"},
        {"components": [None, 1, "x", [], {}]},
        {"components": [{"type": 17, "components": {"type": 10}}]},
        {"components": [{"type": 9, "accessory": "x", "components": [1]}]},
        {"components": [{"type": 12, "items": [None, {"media": None}, {"media": {"url": 5}}]}]},
        {"components": [{"type": 1, "components": [{"type": 2, "style": "1", "emoji": "x", "label": 5}]}]},
        {"components": [{"type": 3, "options": [None, {"label": 1, "default": "yes"}]}]},
        {"components": [{"type": 5, "default_values": [None, {"id": 12, "type": 5}, {"id": "x"}]}]},
        {"components": [{"type": 18, "component": []}]},
        {"components": [{"type": 21, "options": "abc"}]},
        {"flags": "32768", "content": ["a"], "title": 5, "embeds": "x"},
    ],
)
def test_wrong_types_everywhere(payload: object) -> None:
    assert_safe(render_message(payload, CONTEXT))
    assert_safe(render_modal(payload, CONTEXT))


def test_deep_nesting_is_cut_off() -> None:
    node: dict[str, Any] = {"type": 10, "content": "deep"}
    for _ in range(200):
        node = {"type": 17, "components": [node]}
    html = render_message({"components": [node]}, CONTEXT)
    assert "Nested too deeply" in html


def test_huge_lists_are_bounded() -> None:
    html = render_message({"components": [{"type": 10, "content": "x"}] * 5000}, CONTEXT)
    assert html.count("pv-text-display") == 100
    assert "4900 more components" in html


def test_huge_text_is_bounded() -> None:
    html = render_markdown("*a " * 100_000, CONTEXT)
    assert len(html) < 20_000


def test_context_with_junk_values() -> None:
    junk: Any = {"1": None, "2": "x", "3": 4, "5": "y"}
    context = GuildContext("1", "https://cdn.discordapp.com", users=junk, roles=junk, channels=junk, emojis=junk)
    assert_safe(render_markdown("<@1> <@&2> <#3> <:e:5>", context))
    defaults = [{"id": "1", "type": "user"}, {"id": "2", "type": "role"}, {"id": "3", "type": "channel"}]
    payload = {
        "components": [
            {"type": 1, "components": [{"type": 7, "default_values": defaults}, {"type": 2, "emoji": {"id": "5"}}]}
        ]
    }
    assert_safe(render_message(payload, context))
