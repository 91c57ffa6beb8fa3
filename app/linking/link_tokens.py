"""One-time tokens from the /link slash command: random, stored hashed, bound to one Discord user, 15 minutes,
single use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from databases import Database

from app.core import db
from app.core.crypto import digest, new_token

LIFETIME = 15 * 60


@dataclass(frozen=True)
class LinkToken:
    discord_id: str
    username: str
    global_name: str | None
    avatar: str | None

    def profile(self) -> dict[str, Any]:
        return {
            "id": self.discord_id,
            "username": self.username,
            "global_name": self.global_name,
            "avatar": self.avatar,
        }


async def issue(database: Database, discord_user: dict[str, Any]) -> str:
    token = new_token(32)
    await database.execute("DELETE FROM link_tokens WHERE expires_at < :now", {"now": db.now()})
    await database.execute(
        "INSERT INTO link_tokens (token_hash, discord_id, username, global_name, avatar, expires_at) "
        "VALUES (:h, :d, :u, :g, :a, :e)",
        {
            "h": digest(token),
            "d": str(discord_user["id"]),
            "u": str(discord_user.get("username", "")),
            "g": discord_user.get("global_name"),
            "a": discord_user.get("avatar"),
            "e": db.now() + LIFETIME,
        },
    )
    return token


def _valid(found: dict[str, Any] | None) -> LinkToken | None:
    if found is None or found["expires_at"] < db.now():
        return None
    return LinkToken(found["discord_id"], found["username"], found["global_name"], found["avatar"])


async def peek(database: Database, token: str) -> LinkToken | None:
    """The token's Discord user, without using it up (for the confirmation page)."""
    if not token or len(token) > 200:
        return None
    return _valid(
        db.row(await database.fetch_one("SELECT * FROM link_tokens WHERE token_hash = :h", {"h": digest(token)}))
    )


async def consume(database: Database, token: str) -> LinkToken | None:
    """Use the token up; None when unknown, used or expired."""
    if not token or len(token) > 200:
        return None
    return _valid(
        db.row(
            await database.fetch_one("DELETE FROM link_tokens WHERE token_hash = :h RETURNING *", {"h": digest(token)})
        )
    )
