"""A modal as Discord draws one: the title bar, the fields, and the Cancel / Submit footer."""

from __future__ import annotations

from markupsafe import Markup

from app.preview import icons
from app.preview.components import children
from app.preview.context import GuildContext
from app.preview.escape import escape
from app.preview.fields import as_node, text
from app.preview.frame import avatar, finished, theme_class
from app.preview.markdown import new_scope

MAX_TITLE = 60


def render_modal(payload: object, context: GuildContext, *, theme: str = "dark") -> Markup:
    scope = new_scope(context)
    node = as_node(payload) or {}
    title = text(node, "title", MAX_TITLE) or "Untitled form"
    return finished(
        f'<section class="pv pv-modal {theme_class(theme)}" aria-label="Form preview">'
        f'<div class="pv-modal-header">{avatar(context, 24)}'
        f'<span class="pv-modal-title" data-path="title">{escape(title)}</span>{icons.CLOSE}</div>'
        f'<div class="pv-modal-body">{children(node, "", "components", scope)}</div>'
        '<div class="pv-modal-footer"><span class="pv-modal-cancel">Cancel</span>'
        '<span class="pv-modal-submit">Submit</span></div></section>'
    )
