"""Discord's markdown subset, feature by feature, on parsed HTML."""

from __future__ import annotations

import time

import pytest
from selectolax.lexbor import LexborHTMLParser

from app.preview import GuildContext, render_markdown
from app.preview.context import Scope
from app.preview.markdown import markdown_html
from app.preview.md_cache import texts_for
from app.preview.palette import role_class

from .helpers import CONTEXT, body_words, classes, first, page, words


def md(text: str, context: GuildContext = CONTEXT) -> LexborHTMLParser:
    return page(render_markdown(text, context))


def inner(text: str) -> str:
    body = md(text).body
    assert body is not None
    return body.inner_html or ""


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("**bold**", "<strong>bold</strong>"),
        ("*italic*", "<em>italic</em>"),
        ("_italic_", "<em>italic</em>"),
        ("__underline__", "<u>underline</u>"),
        ("~~gone~~", "<s>gone</s>"),
        ("***both***", "<em><strong>both</strong></em>"),
        ("***a* b**", "<strong><em>a</em> b</strong>"),
        ("**bold _and italic_**", "<strong>bold <em>and italic</em></strong>"),
        ("__*under italic*__", "<u><em>under italic</em></u>"),
        ("snake_case_name", "snake_case_name"),
        ("2 * 3 * 4", "2 * 3 * 4"),
        ("**unclosed", "**unclosed"),
    ],
)
def test_emphasis(source: str, html: str) -> None:
    assert inner(source) == html


def test_spoiler_hides_text_until_focus() -> None:
    spoiler = first(md("a ||secret **x**|| b"), "span.md-spoiler")
    assert spoiler.attributes["tabindex"] == "0"
    assert words(spoiler) == "secret x"
    assert first(spoiler, "strong")


def test_inline_code_keeps_markup_literal() -> None:
    code = first(md("run `**not bold** <@400>` now"), "code.md-code")
    assert code.text() == "**not bold** <@400>"
    assert first(md("``a ` b``"), "code").text() == "a ` b"


def test_code_block_with_language_label() -> None:
    tree = md("```py\n# not a heading\n- not a list\nx = '<b>'\n```")
    block = first(tree, "pre.md-codeblock")
    assert first(block, ".md-code-language").text() == "py"
    assert first(block, "code").text() == "# not a heading\n- not a list\nx = '<b>'"
    assert tree.css(".md-heading, .md-list, b") == []


def test_code_block_without_language() -> None:
    block = first(md("```plain words```"), "pre.md-codeblock")
    assert block.css(".md-code-language") == []
    assert first(block, "code").text() == "plain words"


@pytest.mark.parametrize("level", [1, 2, 3])
def test_headings(level: int) -> None:
    heading = first(md(f"{'#' * level} Title **x**\nafter"), ".md-heading")
    assert f"md-h{level}" in classes(heading)
    assert words(heading) == "Title x"


@pytest.mark.parametrize("source", ["#### four", "#nospace", "text # not at start"])
def test_not_headings(source: str) -> None:
    tree = md(source)
    assert tree.css(".md-heading") == []
    assert body_words(tree) == source


def test_subtext() -> None:
    assert words(first(md("-# small *print*"), ".md-subtext")) == "small print"


def test_bullet_lists_with_nesting() -> None:
    tree = md("- one\n* two\n  - nested\n- three")
    top = first(tree, "ul.md-list")
    assert [words(item) for item in top.css("ul.md-list > li")][:3] == ["one", "two nested", "nested"]
    assert first(tree, "ul ul li").text() == "nested"


def test_ordered_list_keeps_its_start() -> None:
    tree = md("3. three\n4. four")
    ordered = first(tree, "ol.md-list")
    assert ordered.attributes["start"] == "3"
    assert [item.text() for item in ordered.css("li")] == ["three", "four"]


def test_block_quote_lines() -> None:
    tree = md("> first **line**\n> second\nafter")
    quote = first(tree, "blockquote.md-quote")
    assert first(quote, "strong").text() == "line"
    assert "after" not in quote.text()
    assert "after" in body_words(tree)


def test_triple_quote_takes_the_rest_of_the_message() -> None:
    tree = md("before\n>>> all\n# of\nthis")
    quote = first(tree, "blockquote.md-quote")
    assert words(quote) == "all of this"
    assert first(quote, ".md-h1")


def test_quote_needs_a_space() -> None:
    assert md(">no quote").css("blockquote") == []


def test_line_breaks_and_blank_lines() -> None:
    assert inner("a\nb") == "a<br>b"
    assert inner("a\n\nb") == "a<br><br>b"
    assert inner("\n\nline\n\n") == "line"


@pytest.mark.parametrize(
    ("source", "href"),
    [
        ("see https://example.com/a_(b) now", "https://example.com/a_(b)"),
        ("end https://example.com/x.", "https://example.com/x"),
        ("<https://example.com/quiet>", "https://example.com/quiet"),
        ("[docs](https://example.com/docs)", "https://example.com/docs"),
        ("[docs](<http://example.com/d>)", "http://example.com/d"),
    ],
)
def test_links(source: str, href: str) -> None:
    link = first(md(source), "a.md-link")
    assert link.attributes["href"] == href
    assert link.attributes["rel"] == "noopener noreferrer nofollow"


def test_masked_link_text_is_markdown_without_nested_links() -> None:
    link = first(md("[**bold** https://inner.example](https://example.com)"), "a.md-link")
    assert first(link, "strong").text() == "bold"
    assert len(md("[**bold** https://inner.example](https://example.com)").css("a")) == 1


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](data:text/html,hi)",
        "[x](ftp://example.com)",
        "[x](//example.com)",
        "[x](https:example)",
    ],
)
def test_masked_links_to_other_schemes_stay_text(source: str) -> None:
    tree = md(source)
    assert tree.css("a") == []
    assert body_words(tree) == source


@pytest.mark.parametrize(
    ("style", "text"),
    [
        ("t", "10:13 PM"),
        ("T", "10:13:20 PM"),
        ("d", "11/14/2023"),
        ("D", "November 14, 2023"),
        ("f", "November 14, 2023 10:13 PM"),
        ("F", "Tuesday, November 14, 2023 10:13 PM"),
    ],
)
def test_timestamps_in_utc(style: str, text: str) -> None:
    stamp = first(md(f"<t:1700000000:{style}>"), "time.md-timestamp")
    assert stamp.attributes["datetime"] == "2023-11-14T22:13:20Z"
    assert stamp.text() == text
    assert stamp.attributes["title"] == "Tuesday, November 14, 2023 10:13 PM UTC"


def test_timestamp_without_style_is_f() -> None:
    assert first(md("<t:1700000000>"), "time").text() == "November 14, 2023 10:13 PM"


@pytest.mark.parametrize(
    ("offset", "text"),
    [(7200, "in 2 hours"), (-3 * 86400, "3 days ago"), (-10, "a few seconds ago"), (400 * 86400, "in a year")],
)
def test_relative_timestamps(offset: int, text: str) -> None:
    now = 1_800_000_000.0
    html = markdown_html(f"<t:{int(now) + offset}:R>", Scope(CONTEXT, now, {}))
    assert first(page(html), "time").text() == text


def test_relative_timestamp_counts_from_now() -> None:
    assert first(md(f"<t:{int(time.time()) + 7200}:R>"), "time").text() == "in 2 hours"


def test_out_of_range_timestamp_stays_text() -> None:
    tree = md("<t:99999999999999>")
    assert tree.css("time") == []
    assert body_words(tree) == "<t:99999999999999>"


def test_user_mentions_use_names_from_the_context() -> None:
    tree = md("<@400> <@!400> <@999>")
    assert [chip.text() for chip in tree.css(".md-mention.md-user")] == ["@Ann", "@Ann", "@unknown-user"]
    assert first(tree, ".md-user").attributes["data-user-id"] == "400"


def test_role_mention_is_coloured_by_class() -> None:
    tree = md("<@&200> <@&201> <@&999>")
    moderators, plain, unknown = tree.css(".md-role")
    assert moderators.text() == "@Moderators"
    assert role_class(0xE91E63) in classes(moderators)
    assert "md-role-coloured" not in classes(plain)
    assert unknown.text() == "@deleted-role"
    assert not any(node.attributes.get("style") for node in tree.css("*"))


def test_channel_and_everyone_mentions() -> None:
    tree = md("<#300> <#301> @everyone @here email@example.com")
    assert [chip.text() for chip in tree.css(".md-channel")] == ["#general", "#unknown"]
    assert [chip.text() for chip in tree.css(".md-everyone")] == ["@everyone", "@here"]


def test_custom_emoji_from_the_cdn() -> None:
    still, moving = md("<:wave:123> <a:dance:456>").css("img.md-emoji")
    assert still.attributes["src"] == "https://cdn.discordapp.com/emojis/123.png"
    assert still.attributes["alt"] == ":wave:"
    assert moving.attributes["src"] == "https://cdn.discordapp.com/emojis/456.gif"


def test_custom_emoji_without_a_usable_cdn_is_its_name() -> None:
    tree = md("<:wave:123>", GuildContext("1", "javascript:alert(1)"))
    assert tree.css("img") == []
    assert body_words(tree) == ":wave:"


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (r"\*not italic\*", "*not italic*"),
        (r"\<@400>", "<@400>"),
        (r"\# not heading", "# not heading"),
        ("a\\b", "a\\b"),
    ],
)
def test_backslash_escapes(source: str, text: str) -> None:
    tree = md(source)
    assert tree.css("em, .md-mention, .md-heading") == []
    assert body_words(tree) == text


def test_no_images_tables_or_rules() -> None:
    tree = md("![alt](https://example.com/a.png)\n| a | b |\n|---|---|\n---\nsetext\n===")
    assert tree.css("img, table, hr, h1, h2") == []


def test_non_string_renders_nothing() -> None:
    assert render_markdown(42, CONTEXT) == ""  # type: ignore[arg-type]


def test_context_change_is_not_served_from_the_cache() -> None:
    old = GuildContext("cache-guild", "https://cdn.discordapp.com", users={"1": "Old"})
    assert first(md("<@1>", old), ".md-user").text() == "@Old"
    renamed = GuildContext("cache-guild", "https://cdn.discordapp.com", users={"1": "New"})
    assert first(md("<@1>", renamed), ".md-user").text() == "@New"
    same = GuildContext("cache-guild", "https://cdn.discordapp.com", users={"1": "New"})
    assert texts_for(same) is texts_for(renamed)


def test_markdown_past_the_budget_is_plain_text() -> None:
    scope = Scope(CONTEXT, 0.0, {}, budget=5)
    assert markdown_html("**long bold**", scope) == "**long bold**"
    assert markdown_html("**ok**", Scope(CONTEXT, 0.0, {}, budget=6)) == "<strong>ok</strong>"
