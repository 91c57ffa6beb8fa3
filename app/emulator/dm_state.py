"""What the emulator remembers of direct messages: each user's DM channel with the bot, its messages (both ways,
as Discord's message objects), and the users who do not accept DMs from the bot."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class DirectMessages:
    channels: dict[str, str] = field(default_factory=dict)  # channel id -> the user's id
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # channel id -> messages, oldest first
    closed: set[str] = field(default_factory=set)  # user ids whose DMs are closed to the bot

    def channel_of(self, user_id: str) -> str | None:
        return next((channel for channel, user in self.channels.items() if user == user_id), None)
