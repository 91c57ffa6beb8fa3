"""Hypothesis strategies: valid component trees drawn from the spec's grammar, and any JSON at all.

Valid trees keep custom_ids empty while they are drawn; `number_custom_ids` then gives every interactive
component a distinct one, which is simpler than threading uniqueness through the draws.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from app.components.counters import component_count, iter_components

Json = dict[str, Any]

V2 = 1 << 15
IMAGE = "https://cdn.discordapp.com/embed/avatars/0.png"
INTERACTIVE = {2, 3, 4, 5, 6, 7, 8, 19, 21, 22, 23}

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)
snowflakes = st.integers(10**16, 10**19 - 1).map(str)
emojis = st.one_of(
    st.builds(lambda name: {"name": name}, st.sampled_from(["🐜", "✅", "🔥"])),
    st.builds(lambda ident: {"id": ident, "name": "custom"}, snowflakes),
)
urls = st.builds(lambda path: f"https://example.com/{path}.png", st.text("abcdef0123", min_size=1, max_size=12))


def text_displays() -> st.SearchStrategy[Json]:
    return st.builds(lambda content: {"type": 10, "content": content}, words)


@st.composite
def buttons(draw: st.DrawFn) -> Json:
    style = draw(st.integers(1, 6))
    if style == 6:
        return {"type": 2, "style": 6, "sku_id": draw(snowflakes)}
    node: Json = {"type": 2, "style": style, "label": draw(words)}
    if draw(st.booleans()):
        node["emoji"] = draw(emojis)
    if style == 5:
        node["url"] = draw(urls)
    else:
        node["custom_id"] = ""
    return node


@st.composite
def option_lists(draw: st.DrawFn, low: int, high: int) -> list[Json]:
    values = draw(st.lists(st.text("abcdefgh", min_size=1, max_size=8), min_size=low, max_size=high, unique=True))
    return [{"label": draw(words), "value": value} for value in values]


@st.composite
def picks(draw: st.DrawFn, count: int, top: int) -> tuple[int, int]:
    """min_values and max_values that fit `count` choices (and a top of `top`)."""
    high = draw(st.integers(1, max(1, min(count, top))))
    return draw(st.integers(1, high)), high


@st.composite
def string_selects(draw: st.DrawFn) -> Json:
    options = draw(option_lists(1, 25))
    low, high = draw(picks(len(options), 25))
    for option in options[: draw(st.integers(0, high))]:
        option["default"] = True
    return {"type": 3, "custom_id": "", "options": options, "min_values": low, "max_values": high}


@st.composite
def auto_selects(draw: st.DrawFn) -> Json:
    type_id = draw(st.sampled_from([5, 6, 7, 8]))
    low, high = draw(picks(25, 25))
    node: Json = {"type": type_id, "custom_id": "", "min_values": low, "max_values": high}
    kind = {5: "user", 6: "role", 7: "role", 8: "channel"}[type_id]
    if draw(st.booleans()):
        ids = draw(st.lists(snowflakes, min_size=low, max_size=high, unique=True))
        node["default_values"] = [{"id": ident, "type": kind} for ident in ids]
    if type_id == 8 and draw(st.booleans()):
        node["channel_types"] = draw(st.lists(st.sampled_from([0, 2, 5, 13, 15]), max_size=3))
    return node


def action_rows() -> st.SearchStrategy[Json]:
    children = st.one_of(
        st.lists(buttons(), min_size=1, max_size=5),
        st.one_of(string_selects(), auto_selects()).map(lambda node: [node]),
    )
    return children.map(lambda kids: {"type": 1, "components": kids})


def thumbnails() -> st.SearchStrategy[Json]:
    return st.builds(lambda url: {"type": 11, "media": {"url": url}, "description": "alt"}, urls)


def sections() -> st.SearchStrategy[Json]:
    return st.builds(
        lambda texts, accessory: {"type": 9, "components": texts, "accessory": accessory},
        st.lists(text_displays(), min_size=1, max_size=3),
        st.one_of(buttons(), thumbnails()),
    )


def galleries() -> st.SearchStrategy[Json]:
    item = st.builds(lambda url, spoiler: {"media": {"url": url}, "spoiler": spoiler}, urls, st.booleans())
    return st.lists(item, min_size=1, max_size=10).map(lambda items: {"type": 12, "items": items})


files = st.builds(lambda name: {"type": 13, "file": {"url": f"attachment://{name}.txt"}}, st.text("abc", min_size=1))
separators = st.builds(
    lambda spacing, divider: {"type": 14, "spacing": spacing, "divider": divider},
    st.sampled_from([1, 2]),
    st.booleans(),
)


def container_children() -> st.SearchStrategy[Json]:
    return st.one_of(action_rows(), sections(), text_displays(), galleries(), files, separators)


def containers() -> st.SearchStrategy[Json]:
    return st.builds(
        lambda kids, color: {"type": 17, "components": kids, "accent_color": color},
        st.lists(container_children(), min_size=1, max_size=5),
        st.integers(0, 0xFFFFFF),
    )


@st.composite
def messages(draw: st.DrawFn) -> Json:
    top = draw(st.lists(st.one_of(container_children(), containers()), min_size=1, max_size=6))
    while component_count({"components": top}) > 40:
        top.pop()
    return number_custom_ids({"flags": V2, "components": top})


@st.composite
def label_children(draw: st.DrawFn) -> Json:
    kind = draw(st.sampled_from(["text_input", "select", "upload", "radio", "checks", "checkbox"]))
    if kind == "text_input":
        low = draw(st.integers(0, 100))
        return {
            "type": 4,
            "custom_id": "",
            "style": draw(st.sampled_from([1, 2])),
            "min_length": low,
            "max_length": draw(st.integers(max(low, 1), 4000)),
        }
    if kind == "select":
        return draw(st.one_of(string_selects(), auto_selects()))
    if kind == "upload":
        low, high = draw(picks(10, 10))
        return {"type": 19, "custom_id": "", "min_values": low, "max_values": high, "file_types": [".pdf"]}
    if kind == "radio":
        return {"type": 21, "custom_id": "", "options": draw(option_lists(2, 10))}
    if kind == "checks":
        options = draw(option_lists(1, 10))
        low, high = draw(picks(len(options), 10))
        return {"type": 22, "custom_id": "", "options": options, "min_values": low, "max_values": high}
    return {"type": 23, "custom_id": "", "default": draw(st.booleans())}


def labels() -> st.SearchStrategy[Json]:
    text = st.text("abcdefgh ", min_size=1, max_size=45)
    return st.builds(lambda label, child: {"type": 18, "label": label, "component": child}, text, label_children())


@st.composite
def modals(draw: st.DrawFn) -> Json:
    components = draw(st.lists(st.one_of(labels(), text_displays()), min_size=1, max_size=5))
    return number_custom_ids({"custom_id": "modal", "title": draw(words), "components": components})


def number_custom_ids(payload: Json) -> Json:
    for index, (_, node) in enumerate(iter_components(payload)):
        if isinstance(node, dict) and node.get("type") in INTERACTIVE and "custom_id" in node:
            node["custom_id"] = f"id_{index}"
    return payload


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=30,
)
