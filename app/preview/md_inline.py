"""Discord's inline markdown: emphasis, spoilers, code, links, mentions, custom emoji, timestamps, escapes.

Discord's client parses with ordered regular-expression rules (simple-markdown), not CommonMark, and this
module follows that model: one regular expression holds every rule as a named alternative, in Discord's
order, so the leftmost construct wins and, at one position, the earlier rule. The text between constructs
is escaped, and so is every piece of text inside them: the only tags in the output are the ones written here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from app.preview import md_chips as chips
from app.preview.context import Scope
from app.preview.escape import escape
from app.preview.urls import http_url

# Emphasis nested deeper than this is shown as text, which bounds the work on runs like `*****...`.
MAX_DEPTH = 6

_EM = r"\*(?=\S)(?P<em_body>(?:\*\*|\\[\s\S]|\s+(?:\\[\s\S]|[^\s*\\]|\*\*)|[^\s*\\])+?)\*(?!\*)"
_STRONG = r"\*\*(?P<strong_body>(?:\\[\s\S]|[^\\])+?)\*\*(?!\*)"
_EM_UNDERSCORE = r"\b_(?P<em_underscore_body>(?:__|\\[\s\S]|[^\\_])+?)_\b"
_UNDERLINE = r"__(?P<underline_body>(?:\\[\s\S]|[^\\])+?)__(?!_)"
_RULES = {
    "escape": r"\\(?P<escaped>[^0-9A-Za-z\s])",
    "code_block": r"```(?:(?P<language>[A-Za-z0-9_+\-.#]{1,32})\n)?\n*(?P<block_body>[^\n][\s\S]*?)\n*```",
    "code": r"(?P<ticks>`+)(?P<code_body>[\s\S]*?[^`])(?P=ticks)(?!`)",
    "em": _EM,
    "strong": _STRONG,
    "em_underscore": _EM_UNDERSCORE,
    "underline": _UNDERLINE,
    "strike": r"~~(?P<strike_body>[\s\S]+?)~~",
    "spoiler": r"\|\|(?P<spoiler_body>[\s\S]+?)\|\|",
    "link": r"\[(?P<link_text>(?:\\.|[^\\\[\]\n]){1,256})\]\(<?(?P<link_url>(?:\([^\s()]*\)|[^\s()<>])+)>?\)",
    "user": r"<@!?(?P<user_id>\d{1,20})>",
    "role": r"<@&(?P<role_id>\d{1,20})>",
    "channel": r"<#(?P<channel_id>\d{1,20})>",
    "emoji": r"<(?P<animated>a?):(?P<emoji_name>\w{1,32}):(?P<emoji_id>\d{1,20})>",
    "timestamp": r"<t:(?P<seconds>-?\d{1,13})(?::(?P<style>[tTdDfFR]))?>",
    "autolink": r"<(?P<autolink_url>https?://[^\s>]+)>",
    # Balanced parentheses stay in a bare URL (wiki links); trailing punctuation does not.
    "url": r"https?://(?:\([^\s()<]*\)|[^\s<()])*(?:\([^\s()<]*\)|[^\s<.,:;\"'()\]])",
    "everyone": r"@(?P<everyone_word>everyone|here)\b",
    "newline": r"\n",
}
# The lookahead lets the scanner skip plain text without trying every rule at every character.
_TOKEN = re.compile(r"(?=[\\`*_~|\[<@\n]|https?://)(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _RULES.items()) + ")")
# Text that no rule can start in: most emphasised words, rendered without another pass.
_PLAIN = re.compile(r"[^\\`*_~|\[<@\nh]*")
# Discord ranks em against strong, and em against underline, by length: `***a* b**` is strong.
_RIVALS = {"em": ("strong", re.compile(_STRONG)), "em_underscore": ("underline", re.compile(_UNDERLINE))}


class Inline(NamedTuple):
    scope: Scope
    depth: int = 0
    links: bool = True  # False inside a masked link's text: a link cannot hold another link


def inline(src: str, state: Inline) -> str:
    out: list[str] = []
    pos = 0
    while (match := _TOKEN.search(src, pos)) is not None:
        start = match.start()
        if start > pos:
            out.append(escape(src[pos:start]))
        kind = match.lastgroup or "newline"
        if kind in _RIVALS:
            match, kind = _rival(src, match, kind)
        out.append(_RENDER[kind](match, state))
        pos = match.end()
    out.append(escape(src[pos:]))
    return "".join(out)


def _rival(src: str, match: re.Match[str], kind: str) -> tuple[re.Match[str], str]:
    name, pattern = _RIVALS[kind]
    other = pattern.match(src, match.start())
    return (other, name) if other is not None and other.end() > match.end() else (match, kind)


def _emphasis(open_tag: str, close_tag: str, body: str) -> Callable[[re.Match[str], Inline], str]:
    def render(match: re.Match[str], state: Inline) -> str:
        inner = match.group(body)
        if state.depth >= MAX_DEPTH or _PLAIN.fullmatch(inner):
            return f"{open_tag}{escape(inner)}{close_tag}"
        return f"{open_tag}{inline(inner, Inline(state.scope, state.depth + 1, state.links))}{close_tag}"

    return render


def _code_block(match: re.Match[str], state: Inline) -> str:
    language = match.group("language")
    label = f'<span class="md-code-language">{escape(language)}</span>' if language else ""
    return f'<pre class="md-codeblock">{label}<code>{escape(match.group("block_body"))}</code></pre>'


def _code(match: re.Match[str], state: Inline) -> str:
    return f'<code class="md-code">{escape(match.group("code_body"))}</code>'


def _link(match: re.Match[str], state: Inline) -> str:
    url = http_url(match.group("link_url"))
    if url is None or not state.links:
        return escape(match.group(0))  # not a web link: Discord shows the source as typed
    return _anchor(url, inline(match.group("link_text"), Inline(state.scope, state.depth + 1, links=False)))


def _url(group: str) -> Callable[[re.Match[str], Inline], str]:
    def render(match: re.Match[str], state: Inline) -> str:
        url = http_url(match.group(group))
        return escape(match.group(0)) if url is None or not state.links else _anchor(url, escape(url))

    return render


def _timestamp(match: re.Match[str], state: Inline) -> str:
    html = chips.timestamp(int(match.group("seconds")), match.group("style") or "f", state.scope.now)
    return escape(match.group(0)) if html is None else html


def _emoji(match: re.Match[str], state: Inline) -> str:
    name, emoji_id = match.group("emoji_name"), match.group("emoji_id")
    return chips.emoji(name, emoji_id, match.group("animated") == "a", state.scope.context)


def _anchor(url: str, label: str) -> str:
    return f'<a class="md-link" href="{escape(url)}" rel="noopener noreferrer nofollow" target="_blank">{label}</a>'


_RENDER: dict[str, Callable[[re.Match[str], Inline], str]] = {
    "escape": lambda match, state: escape(match.group("escaped")),
    "code_block": _code_block,
    "code": _code,
    "em": _emphasis("<em>", "</em>", "em_body"),
    "strong": _emphasis("<strong>", "</strong>", "strong_body"),
    "em_underscore": _emphasis("<em>", "</em>", "em_underscore_body"),
    "underline": _emphasis("<u>", "</u>", "underline_body"),
    "strike": _emphasis("<s>", "</s>", "strike_body"),
    "spoiler": _emphasis('<span class="md-spoiler" tabindex="0">', "</span>", "spoiler_body"),
    "link": _link,
    "user": lambda match, state: chips.user(match.group("user_id"), state.scope.context),
    "role": lambda match, state: chips.role(match.group("role_id"), state.scope.context),
    "channel": lambda match, state: chips.channel(match.group("channel_id"), state.scope.context),
    "emoji": _emoji,
    "timestamp": _timestamp,
    "autolink": _url("autolink_url"),
    "url": _url("url"),
    "everyone": lambda match, state: chips.everyone(match.group("everyone_word")),
    "newline": lambda match, state: "<br>",
}
