"""Buttons by style: primary, secondary, success, danger, link (with the external-link icon) and premium."""

from __future__ import annotations

from app.preview import icons
from app.preview.context import Scope
from app.preview.emoji import component_emoji
from app.preview.escape import escape
from app.preview.fields import Node, is_true, text
from app.preview.urls import http_url

STYLES = {1: "primary", 2: "secondary", 3: "success", 4: "danger", 5: "link", 6: "premium"}
LINK, PREMIUM = 5, 6
MAX_LABEL = 100


def button(node: Node, path: str, scope: Scope) -> str:
    style = node.get("style")
    name = STYLES.get(style, "secondary") if type(style) is int else "secondary"
    disabled = is_true(node, "disabled")
    classes = f"pv-button pv-button-{name}{' pv-disabled' if disabled else ''}"
    body = _body(node, scope, style)
    if style == LINK:
        return _link(node, path, classes, body, disabled)
    form, hint = _form_hint(node, scope)
    return f'<span class="{classes}{form}" data-path="{path}"{_disabled(disabled)}>{body}{hint}</span>'


def _body(node: Node, scope: Scope, style: object) -> str:
    if style == PREMIUM:
        # Discord shows the SKU's name and price, which only the store knows.
        return f'{icons.SHOP}<span class="pv-button-label">Premium offer</span>'
    emoji = component_emoji(node.get("emoji"), scope.context)
    label = text(node, "label", MAX_LABEL)
    shown = f'<span class="pv-button-label">{escape(label)}</span>' if label else ""
    return f"{emoji}{shown}{icons.EXTERNAL if style == LINK else ''}"


def _link(node: Node, path: str, classes: str, body: str, disabled: bool) -> str:
    url = http_url(node.get("url"))
    if url is None or disabled:  # discord:// and broken URLs cannot be followed from a browser preview
        return f'<span class="{classes}" data-path="{path}"{_disabled(disabled)}>{body}</span>'
    return (
        f'<a class="{classes}" data-path="{path}" href="{escape(url)}" rel="noopener noreferrer nofollow" '
        f'target="_blank">{body}</a>'
    )


def _form_hint(node: Node, scope: Scope) -> tuple[str, str]:
    """(extra class, hidden text) for a button whose custom_id opens one of the guild's forms."""
    custom_id = node.get("custom_id")
    title = scope.context.forms.get(custom_id) if isinstance(custom_id, str) else None
    if not isinstance(title, str):
        return "", ""
    words = escape(f"Opens the form “{title}”")
    return " pv-opens-form", f'<span class="pv-form-hint" title="{words}"><span class="pv-sr">{words}</span></span>'


def _disabled(disabled: bool) -> str:
    return ' aria-disabled="true"' if disabled else ""
