"""Where to send someone after signing in: only a path on this site, never another host."""

from __future__ import annotations

from urllib.parse import urlsplit

HOME = "/"


def safe_return_path(value: str | None) -> str:
    """`value` when it is a same-origin relative path (`/guilds/1?x=y`), otherwise the home page."""
    if not value or len(value) > 2000 or not value.startswith("/"):
        return HOME
    if value.startswith(("//", "/\\")) or "\\" in value or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return HOME
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return HOME
    return value
