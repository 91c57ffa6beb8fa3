"""A user's own sessions as the account page lists them: device, address, last use, each revocable.

The page names a session by a handle derived from its stored hash, so no session material reaches the HTML.
"""

from __future__ import annotations

from typing import Any

from databases import Database

from app.accounts.devices import summary
from app.core import db
from app.core.crypto import digest


def handle(id_hash: str) -> str:
    return digest(f"handle|{id_hash}")[:20]


async def of_user(database: Database, user_id: int, current_hash: str) -> list[dict[str, Any]]:
    found = db.rows(
        await database.fetch_all(
            "SELECT id_hash, kind, created_at, last_seen_at, user_agent, ip FROM sessions WHERE user_id = :u "
            "ORDER BY last_seen_at DESC",
            {"u": user_id},
        )
    )
    return [
        {
            "handle": handle(row["id_hash"]),
            "current": row["id_hash"] == current_hash,
            "device": summary(row["user_agent"]),
            "ip": row["ip"] or "unknown",
            "kind": row["kind"],
            "created_at": row["created_at"],
            "last_seen_at": row["last_seen_at"],
        }
        for row in found
    ]


async def hash_of(database: Database, user_id: int, wanted: str) -> str | None:
    """The stored hash of the user's session with this handle."""
    rows = await database.fetch_all("SELECT id_hash FROM sessions WHERE user_id = :u", {"u": user_id})
    return next((row["id_hash"] for row in rows if handle(row["id_hash"]) == wanted), None)
