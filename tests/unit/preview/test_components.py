"""Every message component renders with its class, its data-path and what Discord would show."""

from __future__ import annotations

import pytest

from app.preview import GuildContext

from .helpers import CONTEXT, IMAGE, V2, at, classes, first, message, shown, words


def button(**fields: object) -> dict[str, object]:
    return {"type": 2, "style": 1, "label": "Go", "custom_id": "go", **fields}


def row(*children: dict[str, object]) -> dict[str, object]:
    return {"type": 1, "components": list(children)}


def test_message_row_shows_the_bot_with_the_app_tag() -> None:
    tree = shown(message({"type": 10, "content": "Hi"}))
    wrapper = first(tree, "article.pv")
    assert {"pv-message", "pv-theme-dark"} <= classes(wrapper)
    assert first(tree, ".pv-author").text() == "Herald"
    assert first(tree, ".pv-app-tag").text() == "APP"
    avatar = first(tree, "img.pv-avatar")
    assert avatar.attributes["src"] == CONTEXT.bot_avatar_url
    assert avatar.attributes["alt"] == ""


def test_avatar_falls_back_to_the_initial_without_a_usable_url() -> None:
    context = GuildContext("1", "https://cdn.discordapp.com", bot_name="quill", bot_avatar_url="javascript:x")
    tree = shown(message(), context)
    assert tree.css("img.pv-avatar") == []
    assert first(tree, ".pv-avatar-initial").text() == "Q"


@pytest.mark.parametrize(
    ("theme", "expected"), [("light", "pv-theme-light"), ("dark", "pv-theme-dark"), ("neon", "pv-theme-dark")]
)
def test_theme_is_a_class_on_the_wrapper(theme: str, expected: str) -> None:
    assert expected in classes(first(shown(message(), theme=theme), ".pv"))


def test_container_draws_its_accent_colour_as_an_svg_fill() -> None:
    tree = shown(message({"type": 17, "accent_color": 0x5865F2, "components": [{"type": 10, "content": "In"}]}))
    box = at(tree, "components[0]")
    assert {"pv-container", "pv-has-accent"} <= classes(box)
    assert first(box, "svg.pv-accent rect").attributes["fill"] == "#5865f2"
    assert words(at(tree, "components[0].components[0]")) == "In"


@pytest.mark.parametrize("accent", [None, -1, 0x1000000, "#fff", 1.5, True])
def test_container_without_a_valid_accent_has_no_bar(accent: object) -> None:
    tree = shown(message({"type": 17, "accent_color": accent, "components": []}))
    assert tree.css("svg.pv-accent") == []
    assert "pv-has-accent" not in classes(at(tree, "components[0]"))


def test_spoiler_container_is_blurred_and_focusable() -> None:
    box = at(
        shown(message({"type": 17, "spoiler": True, "components": [{"type": 10, "content": "x"}]})), "components[0]"
    )
    assert "pv-spoiler" in classes(box)
    assert box.attributes["tabindex"] == "0"
    assert first(box, ".pv-spoiler-tag").text() == "Spoiler"


def test_section_puts_text_left_and_the_thumbnail_right() -> None:
    section = {
        "type": 9,
        "components": [{"type": 10, "content": "One"}, {"type": 10, "content": "Two"}],
        "accessory": {"type": 11, "media": {"url": IMAGE}, "description": "A cat", "spoiler": True},
    }
    tree = shown(message(section))
    assert "pv-section" in classes(at(tree, "components[0]"))
    assert words(at(tree, "components[0].components[1]")) == "Two"
    thumb = at(tree, "components[0].accessory")
    assert {"pv-thumbnail", "pv-spoiler"} <= classes(thumb)
    assert thumb.parent is not None and "pv-section-accessory" in classes(thumb.parent)
    image = first(thumb, "img")
    assert (image.attributes["src"], image.attributes["alt"]) == (IMAGE, "A cat")


def test_section_with_a_button_accessory() -> None:
    tree = shown(message({"type": 9, "components": [{"type": 10, "content": "x"}], "accessory": button(style=3)}))
    assert {"pv-button", "pv-button-success"} <= classes(at(tree, "components[0].accessory"))


def test_text_display_renders_markdown() -> None:
    node = at(shown(message({"type": 10, "content": "**bold**"})), "components[0]")
    assert {"pv-text-display", "md"} <= classes(node)
    assert first(node, "strong").text() == "bold"


@pytest.mark.parametrize("count", range(1, 11))
def test_media_gallery_lays_out_one_to_ten_items(count: int) -> None:
    items = [{"media": {"url": f"{IMAGE}?{i}"}, "description": f"Image {i}"} for i in range(count)]
    tree = shown(message({"type": 12, "items": items}))
    gallery = at(tree, "components[0]")
    assert {"pv-media-gallery", f"pv-gallery-{count}"} <= classes(gallery)
    for i in range(count):
        tile = at(tree, f"components[0].items[{i}]")
        assert first(tile, "img").attributes["alt"] == f"Image {i}"


def test_gallery_keeps_ten_items_and_says_how_many_more() -> None:
    tree = shown(message({"type": 12, "items": [{"media": {"url": IMAGE}}] * 12}))
    assert len(tree.css(".pv-gallery-item")) == 10
    assert "2 more" in first(tree, ".pv-note").text()


def test_gallery_item_without_description_has_an_empty_alt_and_spoilers_blur() -> None:
    tree = shown(message({"type": 12, "items": [{"media": {"url": IMAGE}, "spoiler": True}]}))
    tile = at(tree, "components[0].items[0]")
    assert "pv-spoiler" in classes(tile)
    assert first(tile, "img").attributes["alt"] == ""


@pytest.mark.parametrize(
    ("url", "kind", "text"),
    [
        ("attachment://cat.png", "pv-attachment", "cat.png"),
        ("https://example.com/clip.mp4", "pv-video", "clip.mp4"),
        ("ftp://example.com/a.png", "pv-missing", "No image"),
    ],
)
def test_media_that_cannot_be_an_image_is_a_tile(url: str, kind: str, text: str) -> None:
    tree = shown(message({"type": 12, "items": [{"media": {"url": url}, "description": "What"}]}))
    tile = first(at(tree, "components[0].items[0]"), ".pv-media-placeholder")
    assert kind in classes(tile)
    assert words(tile) == text
    assert tile.attributes["aria-label"] == "What"
    assert tree.css("img.pv-img") == []


def test_file_shows_the_attachment_name() -> None:
    tree = shown(message({"type": 13, "file": {"url": "attachment://rules.pdf"}, "spoiler": True}))
    chip = at(tree, "components[0]")
    assert {"pv-file", "pv-spoiler"} <= classes(chip)
    assert first(chip, ".pv-file-name").text() == "rules.pdf"


@pytest.mark.parametrize(
    ("fields", "size", "line"),
    [({}, "small", True), ({"spacing": 2}, "large", True), ({"divider": False, "spacing": 1}, "small", False)],
)
def test_separator_is_a_line_or_spacing(fields: dict[str, object], size: str, line: bool) -> None:
    node = at(shown(message({"type": 14, **fields})), "components[0]")
    assert {"pv-separator", f"pv-spacing-{size}"} <= classes(node)
    assert len(node.css("hr.pv-divider")) == (1 if line else 0)


@pytest.mark.parametrize(
    ("style", "name"), [(1, "primary"), (2, "secondary"), (3, "success"), (4, "danger"), (99, "secondary")]
)
def test_buttons_by_style(style: int, name: str) -> None:
    tree = shown(message(row(button(style=style, label="Press"))))
    assert "pv-action-row" in classes(at(tree, "components[0]"))
    node = at(tree, "components[0].components[0]")
    assert {"pv-button", f"pv-button-{name}"} <= classes(node)
    assert node.tag == "span"
    assert words(node) == "Press"


def test_link_button_is_a_link_with_the_external_icon() -> None:
    node = at(
        shown(message(row({"type": 2, "style": 5, "label": "Docs", "url": "https://example.com"}))),
        "components[0].components[0]",
    )
    assert node.tag == "a"
    assert node.attributes["href"] == "https://example.com"
    assert "noopener" in (node.attributes["rel"] or "")
    assert first(node, "svg.pv-icon-external")


def test_disabled_link_button_is_not_a_link() -> None:
    link = {"type": 2, "style": 5, "label": "Docs", "url": "https://example.com", "disabled": True}
    node = at(shown(message(row(link))), "components[0].components[0]")
    assert node.tag == "span"
    assert "pv-disabled" in classes(node)
    assert node.attributes["aria-disabled"] == "true"


def test_premium_button() -> None:
    node = at(shown(message(row({"type": 2, "style": 6, "sku_id": "1"}))), "components[0].components[0]")
    assert "pv-button-premium" in classes(node)
    assert first(node, "svg.pv-icon-shop")


def test_button_emoji_unicode_and_custom() -> None:
    tree = shown(
        message(
            row(
                button(emoji={"name": "🔥"}),
                button(custom_id="b", emoji={"id": "500", "name": "party"}),
                button(custom_id="c", emoji={"id": "600", "name": "still", "animated": False}),
            )
        )
    )
    assert first(at(tree, "components[0].components[0]"), "span.pv-emoji").text() == "🔥"
    known = first(at(tree, "components[0].components[1]"), "img.pv-emoji")
    assert known.attributes["src"] == "https://cdn.discordapp.com/emojis/500.gif"  # animated, from the context
    assert known.attributes["alt"] == ":party:"
    still = first(at(tree, "components[0].components[2]"), "img.pv-emoji")
    assert still.attributes["src"] == "https://cdn.discordapp.com/emojis/600.png"


def test_button_that_opens_a_form_says_so() -> None:
    node = at(shown(message(row(button(custom_id="open_feedback")))), "components[0].components[0]")
    assert "pv-opens-form" in classes(node)
    assert "Feedback" in (first(node, ".pv-form-hint").attributes["title"] or "")


def test_string_select_shows_the_placeholder_or_the_defaults() -> None:
    options: list[dict[str, object]] = [
        {"label": "Ant", "value": "a", "emoji": {"name": "🐜"}},
        {"label": "Bee", "value": "b"},
    ]
    empty = at(
        shown(message(row({"type": 3, "custom_id": "s", "options": options, "placeholder": "Pick"}))),
        "components[0].components[0]",
    )
    assert {"pv-select", "pv-string-select"} <= classes(empty)
    assert first(empty, ".pv-select-placeholder").text() == "Pick"
    chosen = [{**options[0], "default": True}, {**options[1], "default": True}]
    node = at(shown(message(row({"type": 3, "custom_id": "s", "options": chosen}))), "components[0].components[0]")
    assert [words(option) for option in node.css(".pv-select-option")] == ["🐜 Ant", "Bee"]


def test_select_without_placeholder_says_make_a_selection() -> None:
    node = at(shown(message(row({"type": 5, "custom_id": "u"}))), "components[0].components[0]")
    assert first(node, ".pv-select-placeholder").text() == "Make a selection"


@pytest.mark.parametrize(
    ("type_id", "kind", "defaults", "expected"),
    [
        (5, "pv-user-select", [{"id": "400", "type": "user"}, {"id": "9", "type": "user"}], ["@Ann", "@unknown-user"]),
        (6, "pv-role-select", [{"id": "200", "type": "role"}], ["@Moderators"]),
        (
            7,
            "pv-mentionable-select",
            [{"id": "200", "type": "role"}, {"id": "400", "type": "user"}],
            ["@Moderators", "@Ann"],
        ),
        (8, "pv-channel-select", [{"id": "300", "type": "channel"}], ["#general"]),
    ],
)
def test_auto_selects_show_default_values_by_name(
    type_id: int, kind: str, defaults: list[object], expected: list[str]
) -> None:
    node = at(
        shown(message(row({"type": type_id, "custom_id": "s", "default_values": defaults}))),
        "components[0].components[0]",
    )
    assert {"pv-select", kind} <= classes(node)
    assert [chip.text() for chip in node.css(".pv-select-chip")] == expected


def test_disabled_select() -> None:
    node = at(shown(message(row({"type": 8, "custom_id": "c", "disabled": True}))), "components[0].components[0]")
    assert "pv-disabled" in classes(node)
    assert node.attributes["aria-disabled"] == "true"


def test_legacy_content_shows_without_the_flag_only() -> None:
    legacy = shown({"content": "**Hello**", "components": [row(button())]})
    assert first(legacy, '.pv-content[data-path="content"] strong').text() == "Hello"
    assert shown({"flags": V2, "content": "Hello", "components": []}).css(".pv-content") == []


def test_legacy_embeds_are_counted_not_drawn() -> None:
    assert "2 legacy embeds" in first(shown({"embeds": [{}, {}]}), ".pv-note").text()


def test_nested_paths_follow_the_validator() -> None:
    tree = shown(
        message(
            {
                "type": 17,
                "components": [{"type": 9, "components": [{"type": 10, "content": "x"}], "accessory": button()}],
            }
        )
    )
    for path in (
        "components[0]",
        "components[0].components[0]",
        "components[0].components[0].components[0]",
        "components[0].components[0].accessory",
    ):
        at(tree, path)


def test_unknown_and_malformed_components_are_placeholders() -> None:
    tree = shown({"components": [{"type": 99}, "text", {"no": "type"}, {"type": "10"}]})
    assert "Unknown component (type 99)" in at(tree, "components[0]").text()
    assert "not a component" in at(tree, "components[1]").text()
    assert all("pv-unknown" in classes(at(tree, f"components[{i}]")) for i in range(4))
