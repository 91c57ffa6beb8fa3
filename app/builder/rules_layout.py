"""Rules for layout and content components: Action Row, Section, Text Display, Thumbnail, Media Gallery,
File, Separator, Container, Label, and the unfurled media item they share."""

from __future__ import annotations

from app.builder.grammar import Place, type_of
from app.builder.limits import MAX_WALK, SELECTS
from app.builder.problem import join, kind_of, plural
from app.builder.walk import Node, Walk, array, fields, obj

WEB_SCHEMES = ("http://", "https://", "attachment://")
FILE_SCHEMES = ("attachment://",)


def action_row(walk: Walk, node: Node, path: str, place: Place) -> None:
    if walk.kind == "modal":
        _modal_row(walk, node, path)
        return
    kids = walk.children(node, path, "action_row", "action_row", low=1, low_tag="inf")
    if not kids:
        return
    selects = sum(1 for kid in kids if type_of(kid) in SELECTS)
    at = join(path, "components")
    if selects and len(kids) > 1:
        walk.add(
            at,
            "action_row.select.alone",
            "doc",
            f"An Action Row holding a select can hold nothing else; this one holds {plural(len(kids), 'component')}.",
        )
    elif len(kids) > 5:
        walk.add(
            at,
            "action_row.components.max_items",
            "doc",
            f"Action Row has {len(kids)} components; Discord allows at most 5 buttons.",
        )


def _modal_row(walk: Walk, node: Node, path: str) -> None:
    walk.add(
        path,
        "action_row.deprecated",
        "warn",
        "Action Rows in modals are deprecated; wrap the Text Input in a Label instead.",
    )
    kids = walk.children(node, path, "action_row", "modal_row", low=1, low_tag="doc")
    if kids and len(kids) > 1:
        walk.add(
            join(path, "components"),
            "action_row.components.max_items",
            "doc",
            f"An Action Row in a modal must hold exactly one Text Input; this one holds {len(kids)} components.",
        )


def section(walk: Walk, node: Node, path: str, place: Place) -> None:
    walk.children(node, path, "section", "section", low=1, low_tag="doc", high=3)
    accessory = node.get("accessory")
    if accessory is None:
        walk.add(
            join(path, "accessory"),
            "section.accessory.required",
            "doc",
            "Section needs an accessory (a Button or a Thumbnail).",
        )
    else:
        walk.component(accessory, join(path, "accessory"), "accessory")


def text_display(walk: Walk, node: Node, path: str, place: Place) -> None:
    content = node.get("content")
    if type(content) is str:
        walk.text += len(content)


def thumbnail(walk: Walk, node: Node, path: str, place: Place) -> None:
    media_item(walk, node, path, "thumbnail", "media")


def media_gallery(walk: Walk, node: Node, path: str, place: Place) -> None:
    items = array(walk, node, path, "media_gallery", "items", "item", low=1, high=10)
    base = join(path, "items")
    for index, item in enumerate((items or [])[:MAX_WALK]):
        at = f"{base}[{index}]"
        if type(item) is not dict:
            walk.add(at, "media_gallery_item.type", "doc", f"A gallery item must be an object, not {kind_of(item)}.")
            continue
        fields(walk, item, at, "media_gallery_item")
        media_item(walk, item, at, "media_gallery_item", "media")


def file(walk: Walk, node: Node, path: str, place: Place) -> None:
    media_item(walk, node, path, "file", "file", schemes=FILE_SCHEMES)


def fields_only(walk: Walk, node: Node, path: str, place: Place) -> None:
    """Separator: its fields say everything, and the walk checks those for every component."""


def container(walk: Walk, node: Node, path: str, place: Place) -> None:
    walk.children(node, path, "container", "container", low=1, low_tag="inf")


def label(walk: Walk, node: Node, path: str, place: Place) -> None:
    child = node.get("component")
    if child is None:
        walk.add(
            join(path, "component"),
            "label.component.required",
            "doc",
            "Label needs a component (a Text Input, a select, a File Upload, a Radio Group or a checkbox).",
        )
    else:
        walk.component(child, join(path, "component"), "label")


def media_item(
    walk: Walk, node: Node, path: str, family: str, key: str, *, schemes: tuple[str, ...] = WEB_SCHEMES
) -> None:
    media = node.get(key)
    if type(media) is not dict:
        obj(walk, node, path, family, key, required=True)
        return
    walk.media += 1
    at = join(path, key)
    fields(walk, media, at, "media")
    url = media.get("url")
    if type(url) is str and url and not has_scheme(url, schemes):
        _bad_scheme(walk, join(at, "url"), schemes)


def _bad_scheme(walk: Walk, at: str, schemes: tuple[str, ...]) -> None:
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
