"""Shared pieces of the preview tests: a guild context with known names, and parsing of the rendered HTML."""

from __future__ import annotations

from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from app.preview import GuildContext, render_message, render_modal

V2 = 1 << 15
CDN = "https://cdn.discordapp.com"
IMAGE = "https://cdn.discordapp.com/embed/avatars/0.png"

CONTEXT = GuildContext(
    guild_id="100",
    cdn_base=CDN,
    channels={"300": "general"},
    roles={"200": ("Moderators", 0xE91E63), "201": ("Plain", 0)},
    users={"400": "Ann"},
    emojis={"500": ("party", True)},
    bot_name="Herald",
    bot_avatar_url="https://cdn.discordapp.com/avatars/1/a.png",
    forms={"open_feedback": "Feedback"},
)

Json = dict[str, Any]


def message(*components: Json, **fields: Any) -> Json:
    return {"flags": V2, "components": list(components), **fields}


def modal(*components: Json, **fields: Any) -> Json:
    return {"custom_id": "form", "title": "A form", "components": list(components), **fields}


def page(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(f"<!doctype html><html><body>{html}</body></html>")


def shown(payload: object, context: GuildContext = CONTEXT, theme: str = "dark") -> LexborHTMLParser:
    return page(render_message(payload, context, theme=theme))


def shown_modal(payload: object, context: GuildContext = CONTEXT, theme: str = "dark") -> LexborHTMLParser:
    return page(render_modal(payload, context, theme=theme))


def at(tree: LexborHTMLParser, path: str) -> LexborNode:
    """The element drawn for the component at `path`; fails when there is not exactly one."""
    found = tree.css(f'[data-path="{path}"]')
    assert len(found) == 1, f"{len(found)} elements for {path}"
    return found[0]


def classes(node: LexborNode) -> set[str]:
    return set((node.attributes.get("class") or "").split())


def words(node: LexborNode) -> str:
    return " ".join(node.text(separator=" ").split())


def first(tree: LexborHTMLParser | LexborNode, selector: str) -> LexborNode:
    """The first element matching `selector`; fails when there is none."""
    found = tree.css_first(selector)
    assert found is not None, f"nothing matches {selector}"
    return found


def body_words(tree: LexborHTMLParser) -> str:
    assert tree.body is not None
    return words(tree.body)
