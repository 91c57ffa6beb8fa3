"""Inline SVG icons. They are decorative: hidden from assistive technology, never focusable."""

from __future__ import annotations

_OPEN = (
    '<svg class="pv-icon{cls}" viewBox="0 0 24 24" width="{size}" height="{size}" aria-hidden="true" focusable="false">'
)


def _icon(cls: str, size: int, body: str) -> str:
    return _OPEN.format(cls=f" {cls}" if cls else "", size=size) + body + "</svg>"


EXTERNAL = _icon(
    "pv-icon-external",
    16,
    '<path fill="currentColor" d="M15 3h6v6h-2V6.4l-8.3 8.3-1.4-1.4L17.6 5H15V3ZM5 5h6v2H5v12h12v-6h2v6a2 2 0 0 1-2 '
    '2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2Z"/>',
)
CHEVRON = _icon("pv-icon-chevron", 20, '<path fill="currentColor" d="M7.4 8.6 12 13.2l4.6-4.6L18 10l-6 6-6-6z"/>')
FILE = _icon(
    "pv-icon-file",
    32,
    '<path fill="currentColor" d="M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2Zm7 1.5V9h5.5L13 3.5Z"/>',
)
DOWNLOAD = _icon(
    "pv-icon-download",
    20,
    '<path fill="currentColor" d="M11 4h2v8.2l3.3-3.3 1.4 1.4-5.7 5.7-5.7-5.7 1.4-1.4 3.3 3.3V4ZM5 18h14v2H5z"/>',
)
UPLOAD = _icon(
    "pv-icon-upload",
    28,
    '<path fill="currentColor" d="M11 20h2v-8.2l3.3 3.3 1.4-1.4L12 8l-5.7 5.7 1.4 1.4 3.3-3.3V20ZM5 4h14v2H5z"/>',
)
SHOP = _icon(
    "pv-icon-shop",
    18,
    '<path fill="currentColor" d="M4 4h16l1 5a3 3 0 0 1-2 2.8V20H5v-8.2A3 3 0 0 1 3 9l1-5Zm3 9v5h10v-5H7Z"/>',
)
PLAY = _icon("pv-icon-play", 40, '<path fill="currentColor" d="M8 5v14l11-7z"/>')
CLOSE = _icon(
    "pv-icon-close",
    24,
    '<path fill="currentColor" d="m6.4 5 5.6 5.6L17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 '
    '1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z"/>',
)


def accent_bar(colour: int) -> str:
    """The Container's accent colour as an SVG fill: CSP blocks style attributes but not SVG presentation
    attributes, so the exact colour survives."""
    return (
        '<svg class="pv-accent" viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
        f'<rect width="1" height="1" fill="#{colour:06x}"/></svg>'
    )
