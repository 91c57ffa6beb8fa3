"""What the preview knows about the guild, and the little state every renderer shares."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict


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


class Author(TypedDict, total=False):
    """GuildContext's `bot_name` and `bot_avatar_url`, to pass on as keywords."""

    bot_name: str
    bot_avatar_url: str


def bot_author(user: object, cdn_base: str) -> Author:
    """The name and avatar Discord shows above the bot's messages, from the bot's user object (`/users/@me`):
    its display name, else its username; its avatar, else the default one its id picks."""
    if not isinstance(user, Mapping) or not str(user.get("id", "")).isdigit():
        return {}
    name = user.get("global_name") or user.get("username")
    avatar, user_id = user.get("avatar"), str(user["id"])
    if isinstance(avatar, str) and avatar.isalnum():
        url = f"{cdn_base}/avatars/{user_id}/{avatar}.png?size=80"
    else:
        url = f"{cdn_base}/embed/avatars/{(int(user_id) >> 22) % 6}.png"
    if isinstance(name, str) and name:
        return {"bot_name": name, "bot_avatar_url": url}
    return {"bot_avatar_url": url}


def names_of(channels: Sequence[Any], roles: Sequence[Any], emojis: Sequence[Any]) -> dict[str, Any]:
    """The `channels`, `roles` and `emojis` of a GuildContext from the lists Discord answers with."""

    def each(found: Sequence[Any]) -> list[Mapping[str, Any]]:
        return [entry for entry in found if isinstance(entry, Mapping)]

    return {
        "channels": {str(c.get("id")): str(c.get("name", "")) for c in each(channels)},
        "roles": {str(r.get("id")): (str(r.get("name", "")), _colour(r)) for r in each(roles)},
        "emojis": {str(e.get("id")): (str(e.get("name", "")), e.get("animated") is True) for e in each(emojis)},
    }


def _colour(role: Mapping[str, Any]) -> int:
    value = role.get("color")
    return value if type(value) is int else 0


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
