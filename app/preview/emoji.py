"""The `emoji` object of buttons and select options: a custom emoji image from the CDN, or unicode text."""

from __future__ import annotations

from app.preview.context import GuildContext
from app.preview.escape import escape
from app.preview.fields import as_node, clip
from app.preview.urls import emoji_url, snowflake


def component_emoji(value: object, context: GuildContext) -> str:
    node = as_node(value)
    if node is None:
        return ""
    name = node.get("name")
    name = clip(name, 32) if isinstance(name, str) else ""
    emoji_id = snowflake(node.get("id"))
    if emoji_id is not None:
        return _custom(emoji_id, name, node.get("animated"), context)
    return f'<span class="pv-emoji">{escape(name)}</span>' if name else ""


def _custom(emoji_id: str, name: str, animated: object, context: GuildContext) -> str:
    known = context.emojis.get(emoji_id)
    if isinstance(known, tuple) and len(known) == 2:
        name = name or str(known[0])
        animated = animated if isinstance(animated, bool) else known[1] is True
    url = emoji_url(context.cdn_base, emoji_id, animated is True)
    alt = f":{name or 'emoji'}:"
    if url is None:
        return f'<span class="pv-emoji">{escape(alt)}</span>'
    return (
        f'<img class="pv-emoji" src="{escape(url)}" alt="{escape(alt)}" width="20" height="20" '
        'draggable="false" loading="lazy">'
    )
