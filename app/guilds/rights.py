"""Discord permission arithmetic for deciding who manages a guild, and what the bot asks for."""

from __future__ import annotations

import re
from typing import Any

ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_EXTERNAL_EMOJIS = 1 << 18

# What the bot needs to post and edit panels in a channel.
BOT_PERMISSIONS = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_MESSAGE_HISTORY | USE_EXTERNAL_EMOJIS

_SNOWFLAKE = re.compile(r"^[1-9][0-9]{16,19}$")


def is_snowflake(value: str) -> bool:
    return bool(_SNOWFLAKE.match(value)) and int(value) < 1 << 64


def permission_bits(guild: dict[str, Any]) -> int:
    """`permissions` arrives as a decimal string that may exceed 64 bits; Python's int holds it whole."""
    raw = guild.get("permissions", "0")
    return int(raw) if isinstance(raw, str) and raw.isdigit() else 0


def can_manage(guild: dict[str, Any]) -> bool:
    """Owner, ADMINISTRATOR or MANAGE_GUILD."""
    return guild.get("owner") is True or bool(permission_bits(guild) & (ADMINISTRATOR | MANAGE_GUILD))
