"""Images and files: Thumbnail, Media Gallery, File.

Only http(s) URLs reach a src. An `attachment://` URL names a file uploaded with the message, which the
browser cannot load, so it is drawn as a placeholder tile with the file name; video is drawn as a poster tile
(no player: the CSP allows no media from other origins).
"""

from __future__ import annotations

from app.preview import icons
from app.preview.context import Scope
from app.preview.escape import escape
from app.preview.fields import Node, as_node, clip, is_true, items, path_to, text
from app.preview.urls import attachment_name, http_url

MAX_ALT = 1024
MAX_GALLERY = 10
_VIDEO = (".mp4", ".webm", ".mov", ".m4v")


def thumbnail(node: Node, path: str, scope: Scope) -> str:
    spoiler = " pv-spoiler" if is_true(node, "spoiler") else ""
    picture = media(node.get("media"), text(node, "description", MAX_ALT))
    return f'<div class="pv-thumbnail{spoiler}" data-path="{path}"{_reveal(spoiler)}>{picture}{_tag(spoiler)}</div>'


def gallery(node: Node, path: str, scope: Scope) -> str:
    entries = items(node, "items")
    shown = entries[:MAX_GALLERY]
    tiles = "".join(_tile(entry, path_to(path, "items", index)) for index, entry in enumerate(shown))
    more = len(entries) - len(shown)
    extra = f'<p class="pv-note">{more} more not shown: a gallery holds at most {MAX_GALLERY}.</p>' if more else ""
    return f'<div class="pv-media-gallery pv-gallery-{len(shown)}" data-path="{path}">{tiles}</div>{extra}'


def file(node: Node, path: str, scope: Scope) -> str:
    spoiler = " pv-spoiler" if is_true(node, "spoiler") else ""
    inner = as_node(node.get("file"))
    name = _file_name(inner.get("url") if inner is not None else None)
    return (
        f'<div class="pv-file{spoiler}" data-path="{path}"{_reveal(spoiler)}>{icons.FILE}'
        f'<div class="pv-file-meta"><span class="pv-file-name">{escape(name)}</span>'
        f'<span class="pv-file-size">Attachment</span></div>{icons.DOWNLOAD}{_tag(spoiler)}</div>'
    )


def media(value: object, alt: str) -> str:
    """One unfurled media item: the image, or a tile saying what it is."""
    node = as_node(value)
    url = node.get("url") if node is not None else None
    link = http_url(url)
    if link is not None and not link.lower().split("?")[0].endswith(_VIDEO):
        return (
            f'<img class="pv-img" src="{escape(link)}" alt="{escape(alt)}" loading="lazy" decoding="async" '
            'referrerpolicy="no-referrer">'
        )
    if link is not None:
        return _placeholder("pv-video", f"{icons.PLAY}<span>{escape(_last_part(link))}</span>", alt)
    name = attachment_name(url)
    if name is not None:
        return _placeholder("pv-attachment", f"<span>{escape(clip(name, 80))}</span>", alt)
    return _placeholder("pv-missing", "<span>No image</span>", alt)


def _tile(entry: object, path: str) -> str:
    node = as_node(entry)
    if node is None:
        return f'<div class="pv-gallery-item" data-path="{path}">{media(None, "")}</div>'
    spoiler = " pv-spoiler" if is_true(node, "spoiler") else ""
    picture = media(node.get("media"), text(node, "description", MAX_ALT))
    return f'<div class="pv-gallery-item{spoiler}" data-path="{path}"{_reveal(spoiler)}>{picture}{_tag(spoiler)}</div>'


def _placeholder(kind: str, body: str, alt: str) -> str:
    label = f' role="img" aria-label="{escape(alt)}"' if alt else ""
    return f'<div class="pv-media-placeholder {kind}"{label}>{body}</div>'


def _file_name(url: object) -> str:
    name = attachment_name(url)
    if name is None and isinstance(url, str):
        name = _last_part(url)
    return clip(name, 120) if name else "file"


def _last_part(url: str) -> str:
    return url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]


def _reveal(spoiler: str) -> str:
    # Spoilers unblur on hover and on focus, so a keyboard can reveal them too.
    return ' tabindex="0"' if spoiler else ""


def _tag(spoiler: str) -> str:
    return '<span class="pv-spoiler-tag">Spoiler</span>' if spoiler else ""
