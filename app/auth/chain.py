"""The auth chain run for every request that carries a session cookie.

signed cookie -> session row -> user enabled -> Discord tokens present -> access token fresh (refreshed when
needed, one refresh at a time) -> Discord profile from a short cache or the API. Any broken link ends the session
with a reason the sign-in page can explain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from databases import Database
from starlette.requests import HTTPConnection

from app.auth import discord_accounts, sessions
from app.core import db
from app.discord import errors
from app.discord.client import Discord
from app.discord.tokens import TokenKeeper
from app.settings import Settings

TOUCH_EVERY = 60

# Why a session ended, as the sign-in page says it. Only these keys ever travel in a URL.
ENDINGS = {
    "expired": "Your session expired. Please sign in again.",
    "idle": "You were signed out after a period of inactivity.",
    "revoked": "Discord no longer accepts Guildhall's access for your account (it was revoked or has expired). "
    "Please sign in again.",
    "disabled": "This account has been disabled. Contact an administrator.",
    "signed_out": "You have been signed out.",
    "signed_out_everywhere": "You have been signed out on every device.",
}


@dataclass(frozen=True)
class Identity:
    user_id: int
    username: str
    display_name: str
    email: str | None
    avatar_url: str | None
    discord_id: str | None
    session_hash: str
    csrf_secret: str = field(repr=False)
    access_token: str | None = field(default=None, repr=False)
    manages_any_guild: bool = False  # holds `guilds.manage_any`, read with the session
    # The cached guild list's row as read with the session (None without a Discord account): the guard's first look
    # at it costs no query of its own.
    guild_list: dict[str, Any] | None = field(default=None, repr=False, compare=False)


def me(connection: HTTPConnection) -> Identity:
    """The signed-in user of a request that the sign-in wall let through."""
    user: Identity = connection.scope["user"]
    return user


@dataclass(frozen=True)
class Ended:
    reason: str
    session_hash: str


@dataclass(frozen=True)
class Chain:
    """What the chain reads from: made once where the app is wired, handed to the auth middleware."""

    database: Database
    discord: Discord
    tokens: TokenKeeper
    settings: Settings


async def resolve(chain: Chain, session_id: str) -> Identity | Ended | None:
    """Who is behind this session id, or why they no longer are; None when the session is unknown."""
    row = await sessions.load(chain.database, session_id)
    if row is None:
        return None
    reason = _lapsed(row, chain.settings.session_idle_seconds)
    if reason:
        return await _end(chain, row, reason)
    access_token = None
    if row["kind"] == "discord":
        try:
            access_token = await _fresh_discord(chain, row)
        except (errors.Unauthorized, errors.OAuthFailed):
            return await _end(chain, row, "revoked")
    if db.now() - row["last_seen_at"] >= TOUCH_EVERY:
        await sessions.touch(chain.database, row["id_hash"])
    return _identity(chain.discord, row, access_token)


def _lapsed(row: dict[str, Any], idle_seconds: int) -> str:
    now = db.now()
    if row["disabled"]:
        return "disabled"
    if row["expires_at"] <= now:
        return "expired"
    if now - row["last_seen_at"] > idle_seconds:
        return "idle"
    if row["kind"] == "discord" and not (row["discord_id"] and row["access_token"]):
        return "revoked"
    return ""


async def _end(chain: Chain, row: dict[str, Any], reason: str) -> Ended:
    return await _finish(chain.database, chain.tokens, row["id_hash"], row["discord_id"], reason)


async def _finish(
    database: Database, tokens: TokenKeeper, session_hash: str, discord_id: str | None, reason: str
) -> Ended:
    await sessions.delete(database, session_hash)
    if reason == "revoked" and discord_id:
        await tokens.forget(discord_id)
    return Ended(reason, session_hash)


async def _fresh_discord(chain: Chain, row: dict[str, Any]) -> str:
    fresh = await chain.tokens.fresh(row["discord_id"], row["access_token"], row["token_expires_at"])
    if fresh.refreshed:
        await sessions.extend_for_user(chain.database, row["user_id"], fresh.expires_at)
    if db.now() - row["profile_checked_at"] >= chain.settings.profile_cache_seconds:
        await _recheck_profile(chain, row, fresh.access_token)
    return fresh.access_token


async def _recheck_profile(chain: Chain, row: dict[str, Any], access_token: str) -> None:
    """Keep the cached profile short-lived; a 401 here means the grant was revoked at Discord."""
    try:
        profile = await chain.discord.me(access_token)
    except errors.Unauthorized:
        raise
    except errors.DiscordError:
        return  # Discord is having a bad minute: the cached profile will do.
    await discord_accounts.update_profile(chain.database, row["discord_id"], profile)
    row.update(global_name=profile.get("global_name"), avatar=profile.get("avatar"))


async def end(database: Database, tokens: TokenKeeper, identity: Identity, reason: str) -> Ended:
    """End a session found broken after the chain ran (a 401 from Discord in the middle of a page)."""
    return await _finish(database, tokens, identity.session_hash, identity.discord_id, reason)


def _identity(discord: Discord, row: dict[str, Any], access_token: str | None) -> Identity:
    avatar = discord.avatar_url(row["discord_id"], row["avatar"]) if row["discord_id"] else row["avatar_url"]
    return Identity(
        user_id=row["user_id"],
        username=row["username"],
        display_name=row["display_name"] or row["global_name"] or row["username"],
        email=row["email"],
        avatar_url=avatar,
        discord_id=row["discord_id"],
        session_hash=row["id_hash"],
        csrf_secret=row["csrf_secret"],
        access_token=access_token,
        manages_any_guild=bool(row["manages_any_guild"]),
        guild_list=_guild_list(row) if row["discord_id"] else None,
    )


def _guild_list(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[f"list_{name}"] for name in ("guilds", "fetched_at", "lease_until", "retry_at")}
