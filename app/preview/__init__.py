"""Server-side preview of messages and modals as Discord's client shows them, as safe HTML.

Every entry point takes any value, never raises, and renders what it can; text is escaped and URLs are
checked, so no user HTML reaches the page. The styles are in static/preview.css.
"""

from __future__ import annotations

from app.preview.context import GuildContext, bot_author, names_of
from app.preview.markdown import render_markdown
from app.preview.message import render_message
from app.preview.modal import render_modal

__all__ = ["GuildContext", "bot_author", "names_of", "render_markdown", "render_message", "render_modal"]
