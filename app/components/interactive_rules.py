"""Rules for interactive components: Button, the five selects, Text Input, File Upload, Radio Group,
Checkbox Group and Checkbox. custom_id format and uniqueness are checked for all of them by the walk."""

from __future__ import annotations

import re

from app.components.field_tables import MAX_LENGTH
from app.components.layout_rules import has_scheme
from app.components.limits import (
    BUTTON_STYLES,
    CHANNEL_SELECT,
    CHANNEL_TYPES,
    DEFAULT_VALUE_TYPES,
    FAMILY,
    FILE_KINDS,
    MAX_WALK,
    MOBILE_LABEL,
    TITLES,
    Tag,
)
from app.components.payload_walk import (
    FIELDS_OK,
    Node,
    Rule,
    Walk,
    array,
    as_int,
    fields,
    obj,
    report_fields,
    snowflake,
    string,
)
from app.components.placement import Place
from app.components.problems import Path, kind_of, plural, quote, show_int, spell

# Per button style: the field it needs, and the fields it must not have.
STYLE_NEEDS: dict[int, str] = {1: "custom_id", 2: "custom_id", 3: "custom_id", 4: "custom_id", 5: "url", 6: "sku_id"}
STYLE_FORBIDS: dict[int, tuple[str, ...]] = {
    **dict.fromkeys((1, 2, 3, 4), ("url", "sku_id")),
    5: ("custom_id", "sku_id"),
    6: ("custom_id", "label", "url", "emoji"),
}
LINK_SCHEMES = ("http://", "https://", "discord://")
EXTENSION = re.compile(r"\.[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*")
_EMOJI_FIELDS = FIELDS_OK["emoji"]


def button(walk: Walk, node: Node, path: Path, place: Place) -> None:
    style = node.get("style")
    emoji(walk, node, path, "button")
    sku_id = node.get("sku_id")
    if sku_id is not None:
        snowflake(walk, sku_id, (path, "sku_id"), "button.sku_id.type", "Button sku_id")
    if type(style) is not int or style not in BUTTON_STYLES:
        return
    _style_fields(walk, node, path, style)
    if style == 5:
        url = node.get("url")
        if type(url) is str and not has_scheme(url, LINK_SCHEMES):
            walk.add(
                (path, "url"),
                "button.url.scheme",
                "inf",
                "Link button url must start with http://, https:// or discord://.",
            )
    if style != 6:
        label = node.get("label")
        # A label that is there and short enough for mobile needs no further look.
        if type(label) is not str or not 0 < len(label) <= MOBILE_LABEL:
            _label_rules(walk, node, path, label if type(label) is str else None)


def _style_fields(walk: Walk, node: Node, path: Path, style: int) -> None:
    needed = STYLE_NEEDS[style]
    if node.get(needed) is None:
        walk.add((path, needed), f"button.{needed}.required", "doc", f"{_style_name(style)} needs a {needed}.")
    for key in STYLE_FORBIDS[style]:
        if node.get(key) is not None:
            walk.add((path, key), f"button.{key}.forbidden", "doc", f"{_style_name(style)} cannot have a {key}.")


def _style_name(style: int) -> str:
    return f"A {BUTTON_STYLES[style]} button (style {style})"


def _label_rules(walk: Walk, node: Node, path: Path, label: str | None) -> None:
    if not label and node.get("emoji") is None:
        walk.add((path, "label"), "button.label.missing", "inf", "Button needs a label or an emoji.")
    elif label and MOBILE_LABEL < len(label) <= MAX_LENGTH[("button", "label")][0]:
        walk.add(
            (path, "label"),
            "button.label.mobile",
            "warn",
            f"Button label is {len(label)} characters; above {MOBILE_LABEL} it is cut short on mobile.",
        )


def emoji(walk: Walk, node: Node, path: Path, family: str) -> None:
    value = node.get("emoji")
    if type(value) is not dict:
        if value is not None:
            obj(walk, node, path, family, "emoji")
        return
    at = (path, "emoji")
    if not _EMOJI_FIELDS(value):
        report_fields(walk, value, at, "emoji")
    ident = value.get("id")
    if ident is not None:
        snowflake(walk, ident, (at, "id"), "emoji.id.type", "Emoji id")
    elif not value.get("name"):
        walk.add(at, "emoji.id_or_name", "doc", "Emoji needs an id (custom emoji) or a name (unicode emoji).")


def bounds(walk: Walk, node: Node, path: Path, family: str) -> tuple[int | None, int | None]:
    """The rules tying min_values to max_values and to `required`; returns both when they are integers."""
    fewest, most = node.get("min_values"), node.get("max_values")
    low = fewest if type(fewest) is int else None
    high = most if type(most) is int else None
    if low is not None and high is not None and low > high:
        walk.add(
            (path, "min_values"),
            f"{family}.min_values.above_max",
            "doc",
            f"{TITLES[family]} min_values ({low}) is greater than max_values ({high}).",
        )
    if walk.modal and node.get("required") is not False and low == 0:
        walk.add(
            (path, "min_values"),
            f"{family}.min_values.required",
            "doc",
            f"{TITLES[family]} is required, so min_values must be at least 1 (or set required to false).",
        )
    return low, high


def string_select(walk: Walk, node: Node, path: Path, place: Place) -> None:
    low, high = bounds(walk, node, path, "string_select")
    options(walk, node, path, "string_select", (1, "inf", 25), (low, high, 1))


def auto_select(type_id: int) -> Rule:
    """The rule for a User, Role, Mentionable or Channel Select (they differ only in small ways)."""

    family = FAMILY[type_id]
    channels = type_id == CHANNEL_SELECT

    def rule(walk: Walk, node: Node, path: Path, place: Place) -> None:
        low, high = bounds(walk, node, path, family)
        if node.get("default_values") is not None:
            _default_values(walk, node, path, type_id, low, high)
        if channels:
            _channel_types(walk, node, path)

    return rule


def _default_values(walk: Walk, node: Node, path: Path, type_id: int, low: int | None, high: int | None) -> None:
    family = FAMILY[type_id]
    values = array(walk, node, path, family, "default_values", "default value", required=False)
    if not values:
        return
    base = (path, "default_values")
    for index, value in enumerate(values[:MAX_WALK]):
        _default_value(walk, value, (base, index), DEFAULT_VALUE_TYPES[type_id])
    fewest, most = (1 if low is None else low), (1 if high is None else high)
    # An empty list means "no defaults", which Discord accepts even when min_values is 1.
    if not fewest <= len(values) <= most:
        walk.add(
            base,
            f"{family}.default_values.count",
            "doc",
            f"{TITLES[family]} has {plural(len(values), 'default value')}; "
            f"it must have between {fewest} and {most} (min_values to max_values).",
        )


def _default_value(walk: Walk, value: object, at: Path, kinds: tuple[str, ...]) -> None:
    if type(value) is not dict:
        walk.add(at, "default_value.type", "doc", f"A default value must be an object, not {kind_of(value)}.")
        return
    fields(walk, value, at, "default_value")
    snowflake(walk, value.get("id"), (at, "id"), "default_value.id", "Default value id")
    kind = value.get("type")
    if kind not in kinds:
        shown = quote(kind) if type(kind) is str else kind_of(kind)
        walk.add(
            (at, "type"),
            "default_value.type.choice",
            "doc",
            f"Default value type is {shown}; this select takes {' or '.join(map(quote, kinds))}.",
        )


def _channel_types(walk: Walk, node: Node, path: Path) -> None:
    kinds = array(walk, node, path, "channel_select", "channel_types", "channel type", required=False)
    base = (path, "channel_types")
    for index, kind in enumerate((kinds or [])[:MAX_WALK]):
        if type(kind) is not int or kind not in CHANNEL_TYPES:
            shown = show_int(kind) if type(kind) is int else kind_of(kind)
            walk.add(
                (base, index),
                "channel_select.channel_types.choice",
                "doc",
                f"Channel type {shown} is not a known channel type (0-5, 10-16).",
            )


def text_input(walk: Walk, node: Node, path: Path, place: Place) -> None:
    low, high = as_int(node.get("min_length")), as_int(node.get("max_length"))
    if low is not None and high is not None and low > high:
        walk.add(
            (path, "min_length"),
            "text_input.min_length.above_max",
            "inf",
            f"Text Input min_length ({low}) is greater than max_length ({high}).",
        )
    value = node.get("value")
    if type(value) is str and value:
        _prefill(walk, path, len(value), low or 0, _VALUE_MAX if high is None else high)
    _own_label(walk, node, path, place)


_VALUE_MAX = MAX_LENGTH[("text_input", "value")][0]


def _prefill(walk: Walk, path: Path, size: int, low: int, high: int) -> None:
    # Past its own maximum the value's length rule has already spoken.
    if size <= _VALUE_MAX and not low <= size <= high:
        walk.add(
            (path, "value"),
            "text_input.value.length_range",
            "inf",
            f"Text Input value is {plural(size, 'character')}; it must fit min_length {low} to max_length {high}.",
        )


def _own_label(walk: Walk, node: Node, path: Path, place: Place) -> None:
    if place == "label":
        if node.get("label") is not None:
            walk.add(
                (path, "label"),
                "text_input.label.forbidden",
                "doc",
                "A Text Input inside a Label cannot have its own label; use the Label's label.",
            )
        return
    string(walk, node, path, "text_input", "label", low=1, low_tag="inf", required=place == "modal_row")


def file_upload(walk: Walk, node: Node, path: Path, place: Place) -> None:
    bounds(walk, node, path, "file_upload")
    kinds = array(walk, node, path, "file_upload", "file_types", "file type", high=10, required=False)
    base = (path, "file_types")
    for index, kind in enumerate((kinds or [])[:MAX_WALK]):
        if type(kind) is not str or not (kind in FILE_KINDS or EXTENSION.fullmatch(kind)):
            shown = quote(kind) if type(kind) is str else kind_of(kind)
            walk.add(
                (base, index),
                "file_upload.file_types.choice",
                "doc",
                f"File type {shown} must be image, video, audio or an extension such as .pdf.",
            )


def radio_group(walk: Walk, node: Node, path: Path, place: Place) -> None:
    options(walk, node, path, "radio_group", (2, "doc", 10), (None, None, 1))


def checkbox_group(walk: Walk, node: Node, path: Path, place: Place) -> None:
    low, high = bounds(walk, node, path, "checkbox_group")
    options(walk, node, path, "checkbox_group", (1, "doc", 10), (low, high, 0))


def checkbox(walk: Walk, node: Node, path: Path, place: Place) -> None:
    if node.get("required") is True:
        walk.add(
            (path, "required"),
            "checkbox.required.forbidden",
            "doc",
            "A Checkbox cannot be required; use a Checkbox Group with one option instead.",
        )


def options(
    walk: Walk,
    node: Node,
    path: Path,
    family: str,
    size: tuple[int, Tag, int],
    picks: tuple[int | None, int | None, int],
) -> None:
    """An option list: `size` is (fewest, tag of that rule, most); `picks` is (min_values, max_values,
    default max_values, where 0 means the number of options)."""
    fewest, fewest_tag, most = size
    listed = array(walk, node, path, family, "options", "option", low=fewest, low_tag=fewest_tag, high=most)
    if not listed:
        return
    defaults = _each_option(walk, listed, (path, "options"), family)
    low, high, default_high = picks
    _picks_fit(walk, path, family, len(listed), low, high)
    limit = high if high is not None else (default_high or len(listed))
    if defaults > limit:
        walk.add(
            (path, "options"),
            f"{family}.options.defaults",
            "inf",
            f"{TITLES[family]} marks {defaults} options as default; at most {limit} can be chosen.",
        )


def _picks_fit(walk: Walk, path: Path, family: str, count: int, low: int | None, high: int | None) -> None:
    for key, value in (("min_values", low), ("max_values", high)):
        if value is not None and value > count:
            walk.add(
                (path, key),
                f"{family}.{key}.options",
                "doc",
                f"{TITLES[family]} {key} is {value} but it has only {plural(count, 'option')}.",
            )


def _each_option(walk: Walk, listed: list[object], base: Path, family: str) -> int:
    """Check every option; return how many are marked default."""
    seen: dict[str, int] = {}
    defaults = 0
    fits = FIELDS_OK["option"]
    emojis = family == "string_select"
    for index, option in enumerate(listed if len(listed) <= MAX_WALK else listed[:MAX_WALK]):
        if type(option) is not dict:
            walk.add((base, index), "option.type", "doc", f"An option must be an object, not {kind_of(option)}.")
            continue
        if not fits(option):
            report_fields(walk, option, (base, index), "option")
        if emojis and "emoji" in option:
            emoji(walk, option, (base, index), "option")
        if option.get("default") is True:
            defaults += 1
        value = option.get("value")
        if type(value) is not str:
            continue
        if value in seen:
            _duplicate_value(walk, value, (base, index), (base, seen[value]))
        else:
            seen[value] = index
    return defaults


def _duplicate_value(walk: Walk, value: str, at: Path, first: Path) -> None:
    walk.add(
        (at, "value"),
        "option.value.unique",
        "inf",
        f"Option value {quote(value)} is already used by {spell(first)}.",
    )
