"""The component tree: one dispatcher for every type, and the types that hold other components.

Every rendered component carries its class (`pv-<type>`) and `data-path`, the validator's path form, so the
editor can highlight the one being edited. Paths are built here from keys and list indices only, never from
payload text, so they need no escaping. Anything that is not a known component becomes a placeholder.
"""

from __future__ import annotations

from collections.abc import Callable

from app.preview import buttons, controls, icons, media, selects
from app.preview.context import Scope
from app.preview.escape import escape
from app.preview.fields import Node, as_node, is_true, items, path_to, text, whole
from app.preview.markdown import markdown_html

Renderer = Callable[[Node, str, Scope], str]

# A legal tree is at most three levels deep; the number of dots in a path is the depth, and junk nested
# deeper than this is cut off, which bounds recursion.
MAX_NESTING = 8
MAX_CHILDREN = 100
MAX_LABEL = 100
CHECKBOX = 23


def component(value: object, path: str, scope: Scope) -> str:
    node = as_node(value)
    if node is None:
        return placeholder(path, "This is not a component.")
    if path.count(".") > MAX_NESTING:
        return placeholder(path, "Nested too deeply to show.")
    kind = node.get("type")
    render = RENDERERS.get(kind) if type(kind) is int else None
    if render is None:
        shown = f"type {kind}" if type(kind) is int and abs(kind) < 10**6 else "no valid type"
        return placeholder(path, f"Unknown component ({shown}).")
    return render(node, path, scope)


def children(node: Node, path: str, key: str, scope: Scope) -> str:
    values = items(node, key)
    html = "".join(
        component(value, path_to(path, key, index), scope) for index, value in enumerate(values[:MAX_CHILDREN])
    )
    hidden = len(values) - MAX_CHILDREN
    return html + (f'<p class="pv-note">{hidden} more components not shown.</p>' if hidden > 0 else "")


def placeholder(path: str, message: str) -> str:
    return f'<div class="pv-unknown" data-path="{path}">{escape(message)}</div>'


def container(node: Node, path: str, scope: Scope) -> str:
    colour = whole(node, "accent_color")
    accent = icons.accent_bar(colour) if colour is not None and 0 <= colour <= 0xFFFFFF else ""
    spoiler = is_true(node, "spoiler")
    classes = "pv-container" + (" pv-has-accent" if accent else "") + (" pv-spoiler" if spoiler else "")
    reveal = ' tabindex="0"' if spoiler else ""
    tag = '<span class="pv-spoiler-tag">Spoiler</span>' if spoiler else ""
    body = children(node, path, "components", scope)
    return (
        f'<div class="{classes}" data-path="{path}"{reveal}>{accent}'
        f'<div class="pv-container-body">{body}</div>{tag}</div>'
    )


def section(node: Node, path: str, scope: Scope) -> str:
    body = children(node, path, "components", scope)
    accessory = node.get("accessory")
    side = component(accessory, path_to(path, "accessory"), scope) if accessory is not None else ""
    return (
        f'<div class="pv-section" data-path="{path}"><div class="pv-section-body">{body}</div>'
        f'<div class="pv-section-accessory">{side}</div></div>'
    )


def action_row(node: Node, path: str, scope: Scope) -> str:
    return f'<div class="pv-action-row" data-path="{path}">{children(node, path, "components", scope)}</div>'


def text_display(node: Node, path: str, scope: Scope) -> str:
    return f'<div class="pv-text-display md" data-path="{path}">{markdown_html(node.get("content"), scope)}</div>'


def separator(node: Node, path: str, scope: Scope) -> str:
    size = "large" if node.get("spacing") == 2 else "small"
    if node.get("divider") is False:
        return f'<div class="pv-separator pv-spacing-{size}" data-path="{path}" aria-hidden="true"></div>'
    return f'<div class="pv-separator pv-spacing-{size}" data-path="{path}"><hr class="pv-divider"></div>'


def label(node: Node, path: str, scope: Scope) -> str:
    control = as_node(node.get("component"))
    inner = path_to(path, "component")
    drawn = component(control, inner, scope) if control is not None else placeholder(inner, "No control yet.")
    required = control is not None and control.get("required") is not False and control.get("type") != CHECKBOX
    mark = '<span class="pv-required" aria-hidden="true">*</span>' if required else ""
    description = text(node, "description", MAX_LABEL)
    detail = f'<div class="pv-label-description">{escape(description)}</div>' if description else ""
    return (
        f'<div class="pv-label" data-path="{path}"><div class="pv-label-text">{escape(text(node, "label", MAX_LABEL))}'
        f'{mark}</div>{detail}<div class="pv-label-control">{drawn}</div></div>'
    )


RENDERERS: dict[int, Renderer] = {
    1: action_row,
    2: buttons.button,
    3: selects.string_select,
    4: controls.text_input,
    5: selects.auto_select,
    6: selects.auto_select,
    7: selects.auto_select,
    8: selects.auto_select,
    9: section,
    10: text_display,
    11: media.thumbnail,
    12: media.gallery,
    13: media.file,
    14: separator,
    17: container,
    18: label,
    19: controls.file_upload,
    21: controls.radio_group,
    22: controls.checkbox_group,
    23: controls.checkbox,
}
