"""Hostile text in every string field, in markdown and in the guild context never becomes executable HTML."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from app.preview import GuildContext, render_markdown, render_message, render_modal

from .helpers import CONTEXT, IMAGE, V2, first, page, words
from .safety import assert_safe

ATTACKS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    'https://ok.example/" onmouseover="alert(1)',
    "https://ok.example/'onmouseover='alert(1)",
    "https://ok.example/\\\\evil",
    "<style>*{}</style><link rel=stylesheet href=//evil>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]
MARKDOWN_ATTACKS = [
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    '[x](https://a.example" onclick="alert(1))',
    "[x](https://a.example/<script>)",
    '<https://a.example/"onclick=alert(1)>',
    'https://a.example/"><script>alert(1)</script>',
    "||<img src=x onerror=alert(1)>||",
    "**<script>alert(1)</script>**",
    "```html\n</code></pre><script>alert(1)</script>\n```",
    "`</code><img src=x onerror=alert(1)>`",
    '<:x" onerror="alert(1):123>',
    '<t:1" onload="alert(1)>',
    "> <iframe src=javascript:alert(1)>",
    "# <svg/onload=alert(1)>",
    "- [a](javascript:alert(1))",
    "\\<script>alert(1)\\</script>",
    "[<@1>](javascript:alert(1))",
]


def kitchen_sink_message() -> dict[str, Any]:
    return {
        "flags": V2,
        "content": "legacy",
        "components": [
            {
                "type": 17,
                "accent_color": 0xFF0000,
                "components": [
                    {"type": 10, "content": "**Text** <@400>"},
                    {
                        "type": 9,
                        "components": [{"type": 10, "content": "Side"}],
                        "accessory": {"type": 11, "media": {"url": IMAGE}, "description": "Alt"},
                    },
                    {
                        "type": 9,
                        "components": [{"type": 10, "content": "Side"}],
                        "accessory": {"type": 2, "style": 5, "label": "Open", "url": "https://example.com"},
                    },
                    {"type": 12, "items": [{"media": {"url": IMAGE}, "description": "Alt"}]},
                    {"type": 13, "file": {"url": "attachment://a.pdf"}},
                    {"type": 14},
                    {
                        "type": 1,
                        "components": [
                            {"type": 2, "style": 1, "label": "A", "custom_id": "open_feedback", "emoji": {"name": "x"}},
                            {"type": 2, "style": 2, "label": "B", "custom_id": "b", "emoji": {"id": "5", "name": "e"}},
                            {"type": 2, "style": 5, "label": "C", "url": "https://example.com"},
                        ],
                    },
                    {
                        "type": 1,
                        "components": [
                            {
                                "type": 3,
                                "custom_id": "s",
                                "placeholder": "P",
                                "options": [
                                    {
                                        "label": "L",
                                        "value": "v",
                                        "description": "D",
                                        "default": True,
                                        "emoji": {"name": "y"},
                                    }
                                ],
                            }
                        ],
                    },
                ],
            },
            {
                "type": 1,
                "components": [{"type": 5, "custom_id": "u", "default_values": [{"id": "400", "type": "user"}]}],
            },
            {
                "type": 1,
                "components": [{"type": 7, "custom_id": "m", "default_values": [{"id": "200", "type": "role"}]}],
            },
            {
                "type": 1,
                "components": [{"type": 8, "custom_id": "c", "default_values": [{"id": "300", "type": "channel"}]}],
            },
        ],
    }


def kitchen_sink_modal() -> dict[str, Any]:
    option = {"label": "L", "value": "v", "description": "D"}
    return {
        "custom_id": "m",
        "title": "Title",
        "components": [
            {"type": 10, "content": "Intro"},
            {
                "type": 18,
                "label": "L",
                "description": "D",
                "component": {"type": 4, "custom_id": "t", "style": 2, "placeholder": "P", "value": "V"},
            },
            {"type": 18, "label": "L", "component": {"type": 19, "custom_id": "f", "file_types": [".pdf"]}},
            {"type": 18, "label": "L", "component": {"type": 21, "custom_id": "r", "options": [option, option]}},
            {"type": 18, "label": "L", "component": {"type": 22, "custom_id": "g", "options": [option]}},
            {"type": 1, "components": [{"type": 4, "custom_id": "o", "style": 1, "label": "Old", "placeholder": "P"}]},
        ],
    }


def string_paths(node: Any, trail: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, str):
        yield trail
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from string_paths(value, (*trail, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from string_paths(value, (*trail, index))


def with_string(payload: Any, trail: tuple[Any, ...], value: str) -> Any:
    copied = copy.deepcopy(payload)
    node = copied
    for step in trail[:-1]:
        node = node[step]
    node[trail[-1]] = value
    return copied


MESSAGE_FIELDS = list(string_paths(kitchen_sink_message()))
MODAL_FIELDS = list(string_paths(kitchen_sink_modal()))


@pytest.mark.parametrize("attack", ATTACKS + MARKDOWN_ATTACKS)
def test_every_message_string_field(attack: str) -> None:
    for trail in MESSAGE_FIELDS:
        assert_safe(render_message(with_string(kitchen_sink_message(), trail, attack), CONTEXT))


@pytest.mark.parametrize("attack", ATTACKS + MARKDOWN_ATTACKS)
def test_every_modal_string_field(attack: str) -> None:
    for trail in MODAL_FIELDS:
        assert_safe(render_modal(with_string(kitchen_sink_modal(), trail, attack), CONTEXT))


@pytest.mark.parametrize("attack", ATTACKS + MARKDOWN_ATTACKS)
def test_markdown(attack: str) -> None:
    assert_safe(render_markdown(attack, CONTEXT))
    assert_safe(render_markdown(f"**{attack}** and ||{attack}||\n> {attack}\n- {attack}", CONTEXT))


@pytest.mark.parametrize("attack", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'])
def test_hostile_text_is_shown_as_text(attack: str) -> None:
    tree = page(render_message({"components": [{"type": 10, "content": attack}]}, CONTEXT))
    assert words(first(tree, ".pv-text-display")) == attack


def test_link_button_to_javascript_is_not_a_link() -> None:
    button = {"type": 2, "style": 5, "label": "Go", "url": "javascript:alert(1)"}
    tree = page(render_message({"components": [{"type": 1, "components": [button]}]}, CONTEXT))
    assert tree.css("a") == []


@pytest.mark.parametrize("attack", ATTACKS)
def test_hostile_guild_context(attack: str) -> None:
    context = GuildContext(
        guild_id=attack,
        cdn_base=attack,
        channels={"1": attack},
        roles={"2": (attack, 0xFF0000)},
        users={"3": attack},
        emojis={"4": (attack, True)},
        bot_name=attack,
        bot_avatar_url=attack,
        forms={"f": attack},
    )
    markdown = "<#1> <@&2> <@3> <:x:4>"
    button = {"type": 2, "style": 1, "custom_id": "f", "emoji": {"id": "4"}}
    defaults = [{"id": "1", "type": "channel"}, {"id": "2", "type": "role"}, {"id": "3", "type": "user"}]
    payload = {
        "content": markdown,
        "components": [
            {"type": 1, "components": [button]},
            {"type": 1, "components": [{"type": 7, "custom_id": "s", "default_values": defaults}]},
        ],
    }
    assert_safe(render_message(payload, context))
    assert_safe(render_modal({"title": markdown, "components": []}, context))
    assert_safe(render_markdown(markdown, context))
