"""Selects drawn closed, as Discord shows them before a click: the chosen defaults or the placeholder."""

from __future__ import annotations

from app.preview import icons
from app.preview.context import GuildContext, Scope
from app.preview.emoji import component_emoji
from app.preview.escape import escape
from app.preview.fields import Node, as_node, clip, is_true, items, text, whole
from app.preview.urls import snowflake

PLACEHOLDER = "Make a selection"
MAX_PLACEHOLDER = 150
MAX_CHOSEN = 25


def string_select(node: Node, path: str, scope: Scope) -> str:
    options = [as_node(option) for option in items(node, "options")[:MAX_CHOSEN]]
    values = [_option(option, scope.context) for option in options if option and is_true(option, "default")]
    return _closed(node, path, "pv-string-select", [value for value in values if value])


def auto_select(node: Node, path: str, scope: Scope) -> str:
    """User, role, mentionable and channel selects: defaults are ids, shown by name from the context."""
    chips = [_default(value, scope.context) for value in items(node, "default_values")[:MAX_CHOSEN]]
    kind = _KINDS.get(whole(node, "type") or 0, "pv-user-select")
    return _closed(node, path, kind, [chip for chip in chips if chip])


def _closed(node: Node, path: str, kind: str, values: list[str]) -> str:
    disabled = is_true(node, "disabled")
    if values:
        shown = f'<span class="pv-select-value">{"".join(values)}</span>'
    else:
        placeholder = text(node, "placeholder", MAX_PLACEHOLDER) or PLACEHOLDER
        shown = f'<span class="pv-select-placeholder">{escape(placeholder)}</span>'
    state = (" pv-disabled", ' aria-disabled="true"') if disabled else ("", "")
    return f'<div class="pv-select {kind}{state[0]}" data-path="{path}"{state[1]}>{shown}{icons.CHEVRON}</div>'


def _option(option: Node, context: GuildContext) -> str:
    label = text(option, "label", 100)
    emoji = component_emoji(option.get("emoji"), context)
    return f'<span class="pv-select-option">{emoji}{escape(label)}</span>' if label or emoji else ""


def _default(value: object, context: GuildContext) -> str:
    node = as_node(value)
    target = snowflake(node.get("id")) if node is not None else None
    if node is None or target is None:
        return ""
    kind = node.get("type")
    if kind == "channel":
        name = context.channels.get(target)
        return _chip("pv-chip-channel", f"#{name if isinstance(name, str) else 'unknown'}")
    if kind == "role":
        role = context.roles.get(target)
        name = role[0] if isinstance(role, tuple) and role and isinstance(role[0], str) else "deleted-role"
        return _chip("pv-chip-role", f"@{name}")
    user = context.users.get(target)
    return _chip("pv-chip-user", f"@{user if isinstance(user, str) else 'unknown-user'}")


def _chip(kind: str, label: str) -> str:
    return f'<span class="pv-select-chip {kind}">{escape(clip(label, 100))}</span>'


_KINDS = {5: "pv-user-select", 6: "pv-role-select", 7: "pv-mentionable-select", 8: "pv-channel-select"}
