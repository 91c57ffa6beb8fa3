"""What the preview knows about the guild, and the little state every renderer shares."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class GuildContext:
    """Names the preview shows for ids found in payloads; anything missing is shown as unknown."""

    guild_id: str
    cdn_base: str  # e.g. "https://cdn.discordapp.com"
    channels: Mapping[str, str] = field(default_factory=dict)  # channel id -> name
    roles: Mapping[str, tuple[str, int]] = field(default_factory=dict)  # role id -> (name, colour, 0 = none)
    users: Mapping[str, str] = field(default_factory=dict)  # user id -> display name
    emojis: Mapping[str, tuple[str, bool]] = field(default_factory=dict)  # custom emoji id -> (name, animated)
    bot_name: str = "Guildhall"
    bot_avatar_url: str = ""
    forms: Mapping[str, str] = field(default_factory=dict)  # form custom_id -> form title


# Discord holds at most 4000 characters of Text Display and 2000 of legacy content in one message. A render
# parses this much markdown at most and shows the rest as plain text, which bounds the work on junk.
MARKDOWN_BUDGET = 12_000


@dataclass(slots=True)
class Scope:
    """What one render shares: the guild's names, the clock relative timestamps count from, the cache of
    markdown already rendered for this guild, and how much markdown may still be parsed."""

    context: GuildContext
    now: float
    texts: dict[str, str]
    budget: int = MARKDOWN_BUDGET
