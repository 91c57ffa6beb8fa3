"""Which Guildhall user a Discord profile belongs to.

A known Discord id is its user. Otherwise a verified email that matches exactly one local account links to it;
two or more matches are refused (we cannot tell which is theirs); no match creates a user from the profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from databases import Database

from app.core import db


@dataclass(frozen=True)
class Resolved:
    user_id: int
    created: bool
    linked_by_email: bool


@dataclass(frozen=True)
class Refused:
    reason: str


AMBIGUOUS_EMAIL = (
    "Your Discord email address belongs to more than one Guildhall account, so we cannot tell which one is yours. "
    "Sign in with your username and password, then link Discord from your account page."
)


async def resolve(database: Database, profile: dict[str, Any]) -> Resolved | Refused:
    discord_id = str(profile["id"])
    known = await database.fetch_val("SELECT user_id FROM discord_accounts WHERE discord_id = :d", {"d": discord_id})
    if known is not None:
        await update_profile(database, discord_id, profile)
        return Resolved(int(known), created=False, linked_by_email=False)
    email = profile.get("email") if profile.get("verified") is True else None
    if email:
        matches = await database.fetch_all("SELECT id FROM users WHERE lower(email) = lower(:e)", {"e": email})
        if len(matches) > 1:
            return Refused(AMBIGUOUS_EMAIL)
        if len(matches) == 1:
            await link(database, int(matches[0]["id"]), profile)
            return Resolved(int(matches[0]["id"]), created=False, linked_by_email=True)
    return Resolved(await _create_user(database, profile), created=True, linked_by_email=False)


async def link_to(database: Database, user_id: int, profile: dict[str, Any]) -> str:
    """Link a Discord profile to an existing user; an explanation when either side is linked elsewhere."""
    owner = await database.fetch_val(
        "SELECT user_id FROM discord_accounts WHERE discord_id = :d", {"d": str(profile["id"])}
    )
    if owner is not None:
        return "" if int(owner) == user_id else "That Discord account is already linked to another Guildhall account."
    if await database.fetch_val("SELECT 1 FROM discord_accounts WHERE user_id = :u", {"u": user_id}):
        return "Your account is already linked to another Discord account. Unlink it first."
    await link(database, user_id, profile)
    return ""


async def link(database: Database, user_id: int, profile: dict[str, Any]) -> None:
    await database.execute(
        "INSERT INTO discord_accounts (discord_id, user_id, username, global_name, avatar, profile_checked_at, "
        "linked_at) VALUES (:d, :u, :n, :g, :a, :t, :t)",
        {
            "d": str(profile["id"]),
            "u": user_id,
            "n": profile.get("username", ""),
            "g": profile.get("global_name"),
            "a": profile.get("avatar"),
            "t": db.now(),
        },
    )


async def update_profile(database: Database, discord_id: str, profile: dict[str, Any]) -> None:
    await database.execute(
        "UPDATE discord_accounts SET username = :n, global_name = :g, avatar = :a, profile_checked_at = :t "
        "WHERE discord_id = :d",
        {
            "n": profile.get("username", ""),
            "g": profile.get("global_name"),
            "a": profile.get("avatar"),
            "t": db.now(),
            "d": discord_id,
        },
    )


async def _create_user(database: Database, profile: dict[str, Any]) -> int:
    async with database.transaction():
        username = await _free_username(database, str(profile.get("username") or "discord-user"))
        user_id = await database.fetch_val(
            "INSERT INTO users (username, display_name, email, email_verified, created_at) "
            "VALUES (:n, :d, :e, :v, :t) RETURNING id",
            {
                "n": username,
                "d": profile.get("global_name"),
                "e": profile.get("email"),
                "v": profile.get("verified") is True and bool(profile.get("email")),
                "t": db.now(),
            },
        )
        await link(database, int(user_id), profile)
    return int(user_id)


async def _free_username(database: Database, wanted: str) -> str:
    """Discord usernames are unique on Discord, not among Guildhall's local accounts."""
    base = re.sub(r"[^a-z0-9_.]", "", wanted.lower())[:28] or "discord-user"
    taken = {
        r["username"].lower()
        for r in await database.fetch_all("SELECT username FROM users WHERE lower(username) LIKE :p", {"p": f"{base}%"})
    }
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{n}"
    return candidate
