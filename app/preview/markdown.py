"""Discord's markdown subset as safe HTML: the entry point that ties the block and inline readers together."""

from __future__ import annotations

import time

from markupsafe import Markup

from app.preview import md_cache
from app.preview.context import GuildContext, Scope
from app.preview.escape import escape
from app.preview.frame import finished
from app.preview.md_blocks import blocks
from app.preview.md_inline import Inline

# Discord allows 4000 characters per Text Display; a preview never reads more than this of one text.
MAX_SOURCE = 6000


def render_markdown(text: str, context: GuildContext) -> Markup:
    return finished(markdown_html(text, new_scope(context)))


def new_scope(context: GuildContext) -> Scope:
    return Scope(context, time.time(), md_cache.texts_for(context))


def markdown_html(text: object, scope: Scope) -> str:
    """The HTML of `text` (not wrapped); "" when it is not a string. Blank lines around the text are dropped,
    as Discord trims them."""
    if not isinstance(text, str):
        return ""
    source = text[:MAX_SOURCE].strip("\n")
    known = scope.texts.get(source)
    if known is not None:
        return known
    if len(source) > scope.budget:
        return escape(source).replace("\n", "<br>")
    scope.budget -= len(source)
    html = blocks(source, Inline(scope)) if source else ""
    if md_cache.cacheable(source):
        md_cache.remember(scope.texts, source, html)
    return html
