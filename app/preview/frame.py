"""What surrounds the components: the theme wrapper and the bot's avatar."""

from __future__ import annotations

from markupsafe import Markup

from app.preview.context import GuildContext
from app.preview.escape import escape
from app.preview.urls import http_url

THEMES = frozenset({"dark", "light"})


def theme_class(theme: object) -> str:
    return f"pv-theme-{theme if theme in THEMES else 'dark'}"


def bot_name(context: GuildContext) -> str:
    name = context.bot_name
    return name[:80] if isinstance(name, str) and name else "Bot"


def avatar(context: GuildContext, size: int) -> str:
    """The bot's avatar; without a usable URL, its initial on a coloured disc, as Discord's default avatars."""
    url = http_url(context.bot_avatar_url)
    if url is None:
        initial = escape(bot_name(context)[:1].upper())
        return f'<span class="pv-avatar pv-avatar-{size} pv-avatar-initial" aria-hidden="true">{initial}</span>'
    return (
        f'<img class="pv-avatar pv-avatar-{size}" src="{escape(url)}" alt="" width="{size}" height="{size}" '
        'referrerpolicy="no-referrer">'
    )


def finished(html: str) -> Markup:
    """The one place preview HTML becomes Markup: every piece of text in it was escaped where it was
    written, and every URL checked."""
    return Markup(html)  # noqa: S704
