"""Discord's JSON objects, built from fixtures and state. Ids are strings, permissions decimal strings."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from emulator import fixtures
from emulator.state import GuildState, Message

JSON = dict[str, Any]


def iso(timestamp: float | None) -> str | None:
    return None if timestamp is None else datetime.fromtimestamp(timestamp, UTC).isoformat()


def user_json(user: fixtures.User, with_email: bool = False) -> JSON:
    body: JSON = {
        "id": user.id,
        "username": user.username,
        "discriminator": "0",
        "global_name": user.global_name,
        "avatar": user.avatar,
        "banner": None,
        "accent_color": None,
        "public_flags": 0,
        "flags": 0,
        "locale": "en-US",
        "mfa_enabled": False,
        "premium_type": 0,
    }
    if user is fixtures.BOT_USER:
        body["bot"] = True
    if with_email:
        body |= {"email": user.email, "verified": user.verified}
    return body


def partial_guild_json(guild: GuildState, user_id: str, with_counts: bool) -> JSON:
    body: JSON = {
        "id": guild.fixture.id,
        "name": guild.fixture.name,
        "icon": guild.fixture.icon,
        "banner": None,
        "owner": guild.fixture.owner_id == user_id,
        "permissions": str(guild.permissions_of(user_id)),
        "features": list(guild.fixture.features),
    }
    return body | _counts(guild) if with_counts else body


def _counts(guild: GuildState) -> JSON:
    members = len(guild.members) + int(guild.bot_present)
    return {"approximate_member_count": members, "approximate_presence_count": max(1, members // 2)}


def guild_json(guild: GuildState, with_counts: bool) -> JSON:
    fixture = guild.fixture
    text = [c.id for c in fixture.channels if c.type == 0]
    body: JSON = {
        "id": fixture.id,
        "name": fixture.name,
        "icon": fixture.icon,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": fixture.owner_id,
        "afk_channel_id": None,
        "afk_timeout": 300,
        "system_channel_id": text[0] if text else None,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "features": list(fixture.features),
        "roles": [role_json(r) for r in fixture.roles],
        "emojis": [emoji_json(e) for e in fixture.emojis],
        "stickers": [],
    }
    return body | _counts(guild) if with_counts else body


def role_json(role: fixtures.Role) -> JSON:
    return {
        "id": role.id,
        "name": role.name,
        "color": role.color,
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": role.position,
        "permissions": str(role.permissions),
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def channel_json(channel: fixtures.Channel, guild_id: str) -> JSON:
    body: JSON = {
        "id": channel.id,
        "type": channel.type,
        "guild_id": guild_id,
        "name": channel.name,
        "position": channel.position,
        "parent_id": channel.parent_id,
        "permission_overwrites": [],
        "nsfw": False,
        "flags": 0,
    }
    if channel.type == 0:
        body |= {"topic": channel.topic, "last_message_id": None, "rate_limit_per_user": 0}
    if channel.type == 2:
        body |= {"bitrate": 64000, "user_limit": 0, "rtc_region": None}
    return body


def emoji_json(emoji: fixtures.Emoji) -> JSON:
    return {
        "id": emoji.id,
        "name": emoji.name,
        "roles": [],
        "require_colons": True,
        "managed": False,
        "animated": emoji.animated,
        "available": True,
    }


def message_json(message: Message) -> JSON:
    body = message.body
    return {
        "id": message.id,
        "type": 0,
        "channel_id": message.channel_id,
        "guild_id": message.guild_id,
        "author": user_json(fixtures.BOT_USER),
        "content": body.get("content") or "",
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "flags": body.get("flags") or 0,
        "attachments": [],
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": False,
        "pinned": False,
        "tts": False,
        "timestamp": iso(message.created_at),
        "edited_timestamp": iso(message.edited_at),
    }
