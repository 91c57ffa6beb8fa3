"""Session rows: created at sign-in, read once per request, deleted at logout."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from databases import Database

from app.core import db
from app.core.crypto import digest, new_token

# One query per request: the session, its user, the user's Discord account, and what the guild guard asks on every
# guild page: whether a role of theirs lets them enter any guild, and their cached guild list (its defaults when
# there is none yet, which `GuildLists` treats as no list).
_LOAD = """
SELECT s.id_hash, s.user_id, s.csrf_secret, s.kind, s.expires_at, s.last_seen_at,
       u.username, u.display_name, u.email, u.avatar_url, u.disabled,
       d.discord_id, d.global_name, d.avatar, d.access_token, d.expires_at AS token_expires_at, d.profile_checked_at,
       EXISTS (SELECT 1 FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id
               JOIN permissions p ON p.id = rp.permission_id
               WHERE ur.user_id = s.user_id AND p.name = 'guilds.manage_any') AS manages_any_guild,
       COALESCE(g.guilds, '[]') AS list_guilds, COALESCE(g.fetched_at, 0) AS list_fetched_at,
       COALESCE(g.lease_until, 0) AS list_lease_until, COALESCE(g.retry_at, 0) AS list_retry_at
FROM sessions s
JOIN users u ON u.id = s.user_id
LEFT JOIN discord_accounts d ON d.user_id = u.id
LEFT JOIN guild_lists g ON g.discord_id = d.discord_id
WHERE s.id_hash = :id_hash
"""


@dataclass(frozen=True)
class NewSession:
    session_id: str
    csrf_secret: str


async def create(
    database: Database, *, user_id: int, kind: str, expires_at: int, user_agent: str, ip: str
) -> NewSession:
    session_id, csrf_secret = new_token(), new_token()
    now = db.now()
    await database.execute(
        "INSERT INTO sessions (id_hash, user_id, csrf_secret, kind, created_at, last_seen_at, expires_at, "
        "user_agent, ip) VALUES (:h, :u, :c, :k, :n, :n, :e, :ua, :ip)",
        {
            "h": digest(session_id),
            "u": user_id,
            "c": csrf_secret,
            "k": kind,
            "n": now,
            "e": expires_at,
            "ua": user_agent[:300],
            "ip": ip,
        },
    )
    return NewSession(session_id, csrf_secret)


async def load(database: Database, session_id: str) -> dict[str, Any] | None:
    return db.row(await database.fetch_one(_LOAD, {"id_hash": digest(session_id)}))


async def touch(database: Database, id_hash: str, *, expires_at: int | None = None) -> None:
    if expires_at is None:
        await database.execute(
            "UPDATE sessions SET last_seen_at = :n WHERE id_hash = :h", {"n": db.now(), "h": id_hash}
        )
    else:
        await database.execute(
            "UPDATE sessions SET last_seen_at = :n, expires_at = :e WHERE id_hash = :h",
            {"n": db.now(), "e": expires_at, "h": id_hash},
        )


async def extend_for_user(database: Database, user_id: int, expires_at: int) -> None:
    """A silent token refresh extends every Discord session of the user."""
    await database.execute(
        "UPDATE sessions SET expires_at = :e WHERE user_id = :u AND kind = 'discord'",
        {"e": expires_at, "u": user_id},
    )


async def delete(database: Database, id_hash: str) -> None:
    await database.execute("DELETE FROM sessions WHERE id_hash = :h", {"h": id_hash})


async def delete_discord(database: Database, user_id: int) -> None:
    """The user's Discord sessions lean on their Discord grant: they end with it."""
    await database.execute("DELETE FROM sessions WHERE user_id = :u AND kind = 'discord'", {"u": user_id})


async def delete_all(database: Database, user_id: int) -> int:
    count = await database.fetch_val("SELECT COUNT(*) FROM sessions WHERE user_id = :u", {"u": user_id})
    await database.execute("DELETE FROM sessions WHERE user_id = :u", {"u": user_id})
    return int(count or 0)
