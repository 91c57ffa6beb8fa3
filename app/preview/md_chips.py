"""Mentions, custom emoji and timestamps in markdown: ids looked up in the guild context, shown as Discord does."""

from __future__ import annotations

from app.preview import timestamps
from app.preview.context import GuildContext
from app.preview.escape import escape
from app.preview.palette import role_class
from app.preview.urls import emoji_url


def user(user_id: str, context: GuildContext) -> str:
    name = context.users.get(user_id)
    shown = f"@{name}" if isinstance(name, str) and name else "@unknown-user"
    return f'<span class="md-mention md-user" data-user-id="{user_id}">{escape(shown)}</span>'


def role(role_id: str, context: GuildContext) -> str:
    name, colour = _role(context, role_id)
    coloured = role_class(colour)
    classes = f"md-mention md-role md-role-coloured {coloured}" if coloured else "md-mention md-role"
    return f'<span class="{classes}" data-role-id="{role_id}">@{escape(name)}</span>'


def channel(channel_id: str, context: GuildContext) -> str:
    name = context.channels.get(channel_id)
    shown = name if isinstance(name, str) and name else "unknown"
    return f'<span class="md-mention md-channel" data-channel-id="{channel_id}">#{escape(shown)}</span>'


def everyone(word: str) -> str:
    return f'<span class="md-mention md-everyone">@{word}</span>'


def emoji(name: str, emoji_id: str, animated: bool, context: GuildContext) -> str:
    """The emoji's image from the CDN; its `:name:` as text when the CDN base is not a usable URL."""
    url = emoji_url(context.cdn_base, emoji_id, animated)
    if url is None:
        return escape(f":{name}:")
    return (
        f'<img class="md-emoji" src="{escape(url)}" alt=":{escape(name)}:" title=":{escape(name)}:" '
        'width="22" height="22" draggable="false" loading="lazy">'
    )


def timestamp(seconds: int, style: str, now: float) -> str | None:
    when = timestamps.moment(seconds)
    if when is None:
        return None
    return (
        f'<time class="md-timestamp" datetime="{timestamps.iso(when)}" title="{timestamps.full(when)}">'
        f"{timestamps.describe(when, style, now)}</time>"
    )


def _role(context: GuildContext, role_id: str) -> tuple[str, int]:
    entry = context.roles.get(role_id)
    if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], str) and type(entry[1]) is int:
        return entry[0], entry[1]
    return "deleted-role", 0
