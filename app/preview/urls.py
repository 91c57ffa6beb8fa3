"""Which URLs may reach an href or a src: absolute http(s) only, nothing a browser could run."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_URL = 2048
ATTACHMENT = "attachment://"
# Browsers strip or reinterpret these (control characters, spaces, backslashes as slashes), so a URL
# holding any of them might not mean what urlsplit says it means.
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")
_SNOWFLAKE = re.compile(r"\d{1,20}")


def http_url(value: object) -> str | None:
    """The URL itself when it is an absolute http or https URL with a host; None for anything else."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_URL or _UNSAFE.search(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


def attachment_name(value: object) -> str | None:
    """The file name of an `attachment://name` URL."""
    if isinstance(value, str) and value.startswith(ATTACHMENT) and len(value) > len(ATTACHMENT):
        return value[len(ATTACHMENT) :][:MAX_URL]
    return None


def snowflake(value: object) -> str | None:
    """A Discord id as a digit string; JSON integers are accepted too since bots often send them."""
    if type(value) is int and 0 <= value < 10**20:
        return str(value)
    if isinstance(value, str) and _SNOWFLAKE.fullmatch(value):
        return value
    return None


def emoji_url(cdn_base: str, emoji_id: str, animated: bool) -> str | None:
    base = http_url(cdn_base)
    if base is None or not _SNOWFLAKE.fullmatch(emoji_id):
        return None
    return f"{base.rstrip('/')}/emojis/{emoji_id}.{'gif' if animated else 'png'}"
