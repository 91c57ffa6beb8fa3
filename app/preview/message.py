"""A message as a row of Discord's chat: the bot's avatar, its name with the APP tag and the time it was sent
("Today at 14:05", as Discord words a message of today), then what it says."""

from __future__ import annotations

import time

from markupsafe import Markup

from app.preview.components import children
from app.preview.context import GuildContext
from app.preview.escape import escape
from app.preview.fields import as_node, whole
from app.preview.frame import avatar, bot_name, finished, theme_class
from app.preview.markdown import markdown_html, new_scope

IS_COMPONENTS_V2 = 1 << 15


def render_message(payload: object, context: GuildContext, *, theme: str = "dark") -> Markup:
    scope = new_scope(context)
    node = as_node(payload) or {}
    flags = whole(node, "flags") or 0
    # With IS_COMPONENTS_V2 Discord refuses legacy content; the validator says so, the preview leaves it out.
    content = "" if flags & IS_COMPONENTS_V2 else markdown_html(node.get("content"), scope)
    says = f'<div class="pv-content md" data-path="content">{content}</div>' if content else ""
    embeds = _embeds(node.get("embeds"))
    body = children(node, "", "components", scope)
    return finished(
        f'<article class="pv pv-message {theme_class(theme)}" aria-label="Message preview">{avatar(context, 40)}'
        f'<div class="pv-message-body">{_header(context, scope.now)}{says}{embeds}'
        f'<div class="pv-components">{body}</div></div></article>'
    )


def _header(context: GuildContext, now: float) -> str:
    # The server's clock, in UTC: the preview does not know the reader's time zone, and says which one it uses.
    sent = time.gmtime(now)
    return (
        f'<div class="pv-message-header"><span class="pv-author">{escape(bot_name(context))}</span>'
        '<span class="pv-app-tag">APP</span>'
        f'<time class="pv-timestamp" datetime="{time.strftime("%Y-%m-%dT%H:%MZ", sent)}" '
        f'title="{time.strftime("%A, %d %B %Y %H:%M UTC", sent)}">Today at {time.strftime("%H:%M", sent)}</time></div>'
    )


def _embeds(value: object) -> str:
    count = len(value) if isinstance(value, list) else 0
    if not count:
        return ""
    return f'<p class="pv-note" data-path="embeds">{count} legacy embed{"s" if count != 1 else ""} not previewed.</p>'
