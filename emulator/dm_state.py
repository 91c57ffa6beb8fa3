"""What the emulator remembers of conversations with users: each user's DM channel with the bot, the private
threads the bot opened (and who was added to them), their messages (both ways, as Discord's message objects), and
the users who do not accept DMs from the bot."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Thread:
    guild_id: str
    parent_id: str
    name: str
    members: set[str] = field(default_factory=set)


@dataclass
class DirectMessages:
    channels: dict[str, str] = field(default_factory=dict)  # channel id -> the user's id
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # channel id -> messages, oldest first
    closed: set[str] = field(default_factory=set)  # user ids whose DMs are closed to the bot
    threads: dict[str, Thread] = field(default_factory=dict)  # private threads by id

    def channel_of(self, user_id: str) -> str | None:
        return next((channel for channel, user in self.channels.items() if user == user_id), None)
