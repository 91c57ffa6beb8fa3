"""Rules for layout and content components: Action Row, Section, Text Display, Thumbnail, Media Gallery,
File, Separator, Container, Label, and the unfurled media item they share."""

from __future__ import annotations

from app.components.limits import MAX_WALK, SELECTS
from app.components.payload_walk import FIELDS_OK, Node, Walk, array, obj, report_fields
from app.components.placement import Place, type_of
from app.components.problems import Path, kind_of, plural

WEB_SCHEMES = ("http://", "https://", "attachment://")
FILE_SCHEMES = ("attachment://",)
_LONGEST_SCHEME = max(len(scheme) for scheme in (*WEB_SCHEMES, *FILE_SCHEMES))
_MEDIA_FIELDS = FIELDS_OK["media"]
_ITEM_FIELDS = FIELDS_OK["media_gallery_item"]


def action_row(walk: Walk, node: Node, path: Path, place: Place) -> None:
    if walk.modal:
        _modal_row(walk, node, path)
        return
    kids = walk.children(node, path, "action_row", "action_row", low=1, low_tag="inf")
    if not kids:
        return
    if len(kids) > 1 and _holds_select(kids):
        walk.add(
            (path, "components"),
            "action_row.select.alone",
            "doc",
            f"An Action Row holding a select can hold nothing else; this one holds {plural(len(kids), 'component')}.",
        )
    elif len(kids) > 5:
        walk.add(
            (path, "components"),
            "action_row.components.max_items",
            "doc",
            f"Action Row has {len(kids)} components; Discord allows at most 5 buttons.",
        )


def _holds_select(kids: list[object]) -> bool:
    return any(type_of(kid) in SELECTS for kid in kids)


def _modal_row(walk: Walk, node: Node, path: Path) -> None:
    walk.add(
        path,
        "action_row.deprecated",
        "warn",
        "Action Rows in modals are deprecated; wrap the Text Input in a Label instead.",
    )
    kids = walk.children(node, path, "action_row", "modal_row", low=1, low_tag="doc")
    if kids and len(kids) > 1:
        walk.add(
            (path, "components"),
            "action_row.components.max_items",
            "doc",
            f"An Action Row in a modal must hold exactly one Text Input; this one holds {len(kids)} components.",
        )


def section(walk: Walk, node: Node, path: Path, place: Place) -> None:
    walk.children(node, path, "section", "section", low=1, low_tag="doc", high=3)
    accessory = node.get("accessory")
    if accessory is None:
        walk.add(
            (path, "accessory"),
            "section.accessory.required",
            "doc",
            "Section needs an accessory (a Button or a Thumbnail).",
        )
    else:
        walk.component(accessory, (path, "accessory"), "accessory")


def text_display(walk: Walk, node: Node, path: Path, place: Place) -> None:
    content = node.get("content")
    if type(content) is str:
        walk.text += len(content)


def thumbnail(walk: Walk, node: Node, path: Path, place: Place) -> None:
    media_item(walk, node, path, "thumbnail", "media")


def media_gallery(walk: Walk, node: Node, path: Path, place: Place) -> None:
    items = node.get("items")
    if type(items) is not list or not 1 <= len(items) <= 10:
        items = array(walk, node, path, "media_gallery", "items", "item", low=1, high=10)
        if not items:
            return
    base = (path, "items")
    for index, item in enumerate(items if len(items) <= MAX_WALK else items[:MAX_WALK]):
        at = (base, index)
        if type(item) is not dict:
            walk.add(at, "media_gallery_item.type", "doc", f"A gallery item must be an object, not {kind_of(item)}.")
            continue
        if not _ITEM_FIELDS(item):
            report_fields(walk, item, at, "media_gallery_item")
        media_item(walk, item, at, "media_gallery_item", "media")


def file(walk: Walk, node: Node, path: Path, place: Place) -> None:
    media_item(walk, node, path, "file", "file", schemes=FILE_SCHEMES)


def fields_only(walk: Walk, node: Node, path: Path, place: Place) -> None:
    """Separator: its fields say everything, and the walk checks those for every component."""


def container(walk: Walk, node: Node, path: Path, place: Place) -> None:
    walk.children(node, path, "container", "container", low=1, low_tag="inf")


def label(walk: Walk, node: Node, path: Path, place: Place) -> None:
    child = node.get("component")
    if child is None:
        walk.add(
            (path, "component"),
            "label.component.required",
            "doc",
            "Label needs a component (a Text Input, a select, a File Upload, a Radio Group or a checkbox).",
        )
    else:
        walk.component(child, (path, "component"), "label")


def media_item(
    walk: Walk, node: Node, path: Path, family: str, key: str, *, schemes: tuple[str, ...] = WEB_SCHEMES
) -> None:
    media = node.get(key)
    if type(media) is not dict:
        obj(walk, node, path, family, key, required=True)
        return
    walk.media += 1
    if not _MEDIA_FIELDS(media):
        report_fields(walk, media, (path, key), "media")
    url = media.get("url")
    # `has_scheme` for the usual url, without the call: past the longest scheme's length, a url that
    # starts with one has something after it.
    usual = type(url) is str and len(url) > _LONGEST_SCHEME and url.startswith(schemes)
    if not usual and type(url) is str and url and not has_scheme(url, schemes):
        _bad_scheme(walk, ((path, key), "url"), schemes)


def _bad_scheme(walk: Walk, at: Path, schemes: tuple[str, ...]) -> None:
    if schemes == FILE_SCHEMES:
        walk.add(
            at,
            "file.url.attachment",
            "doc",
            "A File component only takes an uploaded file: the url must be attachment://<filename>.",
        )
    else:
        walk.add(at, "media.url.scheme", "inf", "Media url must start with http://, https:// or attachment://.")


def has_scheme(url: str, prefixes: tuple[str, ...]) -> bool:
    """True when `url` is one of `prefixes` (`https://`, ...; in any case) followed by something."""
    if url.startswith(prefixes) and not url.endswith("://"):
        return True
    head = url[:16].lower()
    return any(head.startswith(prefix) and len(url) > len(prefix) for prefix in prefixes)
