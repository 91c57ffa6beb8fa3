"""The controls of a modal: Text Input, File Upload, Radio Group, Checkbox Group and Checkbox.

They are drawn, not live: the preview shows what the user will see, with placeholders and defaults filled in.
"""

from __future__ import annotations

from app.preview import icons
from app.preview.context import Scope
from app.preview.escape import escape
from app.preview.fields import Node, as_node, is_true, items, path_to, text, whole

MAX_VALUE = 4000
MAX_OPTIONS = 10
_FILE_KINDS = {"image": "images", "video": "videos", "audio": "audio"}


def text_input(node: Node, path: str, scope: Scope) -> str:
    paragraph = node.get("style") == 2
    value = text(node, "value", MAX_VALUE)
    shown = value or text(node, "placeholder", 100)
    box = "pv-input-value" if value else "pv-input-placeholder"
    kind = "paragraph" if paragraph else "short"
    return (
        f'<div class="pv-text-input pv-text-input-{kind}" data-path="{path}">{_own_label(node, path)}'
        f'<div class="pv-input-box"><span class="{box}">{escape(shown)}</span></div></div>'
    )


def file_upload(node: Node, path: str, scope: Scope) -> str:
    return (
        f'<div class="pv-file-upload" data-path="{path}">{icons.UPLOAD}'
        '<span class="pv-file-upload-text">Drag and drop files here, or browse</span>'
        f'<span class="pv-file-upload-hint">{escape(_upload_hint(node))}</span></div>'
    )


def radio_group(node: Node, path: str, scope: Scope) -> str:
    return _choices(node, path, "pv-radio-group", "pv-radio")


def checkbox_group(node: Node, path: str, scope: Scope) -> str:
    return _choices(node, path, "pv-checkbox-group", "pv-checkbox-option")


def checkbox(node: Node, path: str, scope: Scope) -> str:
    checked = is_true(node, "default")
    return (
        f'<div class="pv-checkbox{" pv-checked" if checked else ""}" data-path="{path}">'
        f'<span class="pv-box" aria-hidden="true"></span>{_state(checked)}</div>'
    )


def _own_label(node: Node, path: str) -> str:
    """The deprecated Action Row form puts the label on the Text Input itself; inside a Label (path ending
    in `.component`) the Label draws it."""
    label = text(node, "label", 100)
    if not label or path.endswith(".component"):
        return ""
    required = node.get("required") is not False
    mark = '<span class="pv-required" aria-hidden="true">*</span>' if required else ""
    return f'<div class="pv-label-text">{escape(label)}{mark}</div>'


def _choices(node: Node, path: str, group: str, kind: str) -> str:
    rows = []
    for index, value in enumerate(items(node, "options")[:MAX_OPTIONS]):
        option = as_node(value) or {}
        checked = is_true(option, "default")
        description = text(option, "description", 100)
        detail = f'<span class="pv-option-description">{escape(description)}</span>' if description else ""
        rows.append(
            f'<div class="pv-option {kind}{" pv-checked" if checked else ""}" '
            f'data-path="{path_to(path, "options", index)}"><span class="pv-box" aria-hidden="true"></span>'
            f'<span class="pv-option-text"><span class="pv-option-label">{escape(text(option, "label", 100))}</span>'
            f"{detail}</span>{_state(checked)}</div>"
        )
    return f'<div class="{group}" data-path="{path}">{"".join(rows)}</div>'


def _upload_hint(node: Node) -> str:
    kinds = [kind for kind in items(node, "file_types")[:MAX_OPTIONS] if isinstance(kind, str)]
    shown = ", ".join(_FILE_KINDS.get(kind, kind[:16]) for kind in kinds) or "any file type"
    most = whole(node, "max_values")
    count = most if most is not None and 1 <= most <= 10 else 1
    return f"{shown}; up to {count} file{'s' if count != 1 else ''}"


def _state(checked: bool) -> str:
    # The drawn box is hidden from screen readers, so its state is said in words.
    return f'<span class="pv-sr">{"selected" if checked else "not selected"}</span>'
