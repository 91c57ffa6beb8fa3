"""Rendered markdown, remembered per guild context.

The live builder re-renders the whole message on every edit, and every text but the edited one is the same
as last time. A text's HTML depends only on the text and the guild context (names, colours, the CDN), except
for timestamps, which depend on the clock and are never cached. A context equal to the one last seen for its
guild shares that guild's cache; any change to the context starts a fresh one.
"""

from __future__ import annotations

import threading

from app.preview.context import GuildContext

MAX_GUILDS = 64
MAX_TEXTS = 1024

_lock = threading.Lock()  # sync routes render in a thread pool
_guilds: dict[str, tuple[GuildContext, dict[str, str]]] = {}


def texts_for(context: GuildContext) -> dict[str, str]:
    with _lock:
        entry = _guilds.get(context.guild_id)
        if entry is not None and (entry[0] is context or entry[0] == context):
            return entry[1]
        texts: dict[str, str] = {}
        _guilds.pop(context.guild_id, None)
        if len(_guilds) >= MAX_GUILDS:
            del _guilds[next(iter(_guilds))]
        _guilds[context.guild_id] = (context, texts)
        return texts


def cacheable(text: str) -> bool:
    return "<t:" not in text


def remember(texts: dict[str, str], text: str, html: str) -> None:
    with _lock:
        if len(texts) >= MAX_TEXTS:
            del texts[next(iter(texts))]
        texts[text] = html


def clear() -> None:
    with _lock:
        _guilds.clear()
