"""Discord's line-start markdown: headings, subtext, lists and block quotes.

Other lines are inline text joined by line breaks. A line inside an open ``` fence is never read as block
syntax, so `# comment` in a code block stays code. Quotes do not nest, as in Discord.
"""

from __future__ import annotations

import re

from app.preview.md_inline import Inline, inline

_HEADING = re.compile(r"(#{1,3}) +(\S.*)")
_SUBTEXT = re.compile(r"-# +(\S.*)")
_ITEM = re.compile(r"( *)(?:[-*]|(\d{1,9})\.) +(\S.*)")
_BLOCK_START = frozenset("#->* 0123456789")
# Deeper indentation than this counts as this deep, which bounds list nesting (and recursion).
_MAX_INDENT = 8

Item = tuple[int, str | None, str]  # indentation, number of an ordered item, text


def blocks(src: str, state: Inline, *, quotes: bool = True) -> str:
    lines = src.split("\n")
    out: list[str] = []
    run: list[str] = []  # consecutive plain lines, rendered together
    fences, i = 0, 0
    while i < len(lines):
        found = _block(lines, i, state, quotes) if fences % 2 == 0 and lines[i][:1] in _BLOCK_START else None
        if found is None:
            run.append(lines[i])
            fences += lines[i].count("```")
            i += 1
            continue
        out.append(_text(run, state))
        run = []
        html, i = found
        out.append(html)
    out.append(_text(run, state))
    return "".join(out)


def _text(run: list[str], state: Inline) -> str:
    if not run:
        return ""
    html = inline("\n".join(run), state)
    # A trailing <br> draws no empty line in HTML, but a trailing empty line is one in Discord.
    return html + "<br>" if run[-1] == "" else html


def _block(lines: list[str], i: int, state: Inline, quotes: bool) -> tuple[str, int] | None:
    line = lines[i]
    if quotes and line.startswith(">>> "):
        rest = "\n".join([line[4:], *lines[i + 1 :]])
        return _quote(rest, state), len(lines)
    if quotes and line.startswith("> "):
        end = i
        while end < len(lines) and lines[end].startswith("> "):
            end += 1
        return _quote("\n".join(quoted[2:] for quoted in lines[i:end]), state), end
    return _line_block(line, state, i) or _list(lines, i, state)


def _line_block(line: str, state: Inline, i: int) -> tuple[str, int] | None:
    heading = _HEADING.fullmatch(line)
    if heading is not None:
        level = len(heading.group(1))
        return f'<div class="md-heading md-h{level}">{inline(heading.group(2), state)}</div>', i + 1
    subtext = _SUBTEXT.fullmatch(line)
    if subtext is not None:
        return f'<div class="md-subtext">{inline(subtext.group(1), state)}</div>', i + 1
    return None


def _quote(src: str, state: Inline) -> str:
    return f'<blockquote class="md-quote">{blocks(src, state, quotes=False)}</blockquote>'


def _list(lines: list[str], i: int, state: Inline) -> tuple[str, int] | None:
    found: list[Item] = []
    while i < len(lines) and (item := _ITEM.fullmatch(lines[i])) is not None:
        found.append((min(len(item.group(1)), _MAX_INDENT), item.group(2), item.group(3)))
        i += 1
    if not found:
        return None
    html, at = [], 0
    while at < len(found):
        part, at = _level(found, at, state)
        html.append(part)
    return "".join(html), i


def _level(found: list[Item], at: int, state: Inline) -> tuple[str, int]:
    """One list from item `at`: its items at the same indentation, deeper items as lists inside them.
    A change between bullets and numbers at the same depth starts a new list, as in Discord."""
    indent, number, _ = found[at]
    ordered = number is not None
    parts: list[str] = []
    while at < len(found) and found[at][0] >= indent:
        if found[at][0] > indent:
            nested, at = _level(found, at, state)
            parts.append(f"<li>{nested}</li>" if not parts else parts.pop()[: -len("</li>")] + nested + "</li>")
            continue
        if (found[at][1] is not None) != ordered:
            break
        parts.append(f"<li>{inline(found[at][2], state)}</li>")
        at += 1
    return _list_tag(ordered, number, "".join(parts)), at


def _list_tag(ordered: bool, number: str | None, body: str) -> str:
    if not ordered:
        return f'<ul class="md-list">{body}</ul>'
    start = int(number or 1)
    return f'<ol class="md-list"{"" if start == 1 else f" start={start}"}>{body}</ol>'
