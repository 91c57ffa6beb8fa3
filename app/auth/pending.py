"""OAuth logins under way: one row per authorization request, consumed once by its callback.

The row holds the PKCE verifier, the purpose and the return path, and is bound to the browser that started it
(the hash of its nonce cookie): a callback URL opened in another browser does nothing, not even use the state
up, so the browser that started the login can still finish it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from databases import Database

from app.core import db
from app.core.crypto import digest, new_token

LIFETIME = 600
PURPOSES = ("login", "link-discord", "link-github")


@dataclass(frozen=True)
class Pending:
    purpose: str
    code_verifier: str
    return_path: str
    user_id: int | None
    guild_id: str | None = None


async def begin(
    database: Database,
    *,
    browser_nonce: str,
    purpose: str,
    return_path: str,
    user_id: int | None = None,
    guild_id: str | None = None,
) -> tuple[str, str]:
    """Record a new login; return its state (128+ random bits) and PKCE verifier (43..128 chars)."""
    state, verifier = new_token(24), secrets.token_urlsafe(48)
    await database.execute("DELETE FROM pending_logins WHERE expires_at < :now", {"now": db.now()})
    await database.execute(
        "INSERT INTO pending_logins (state_hash, browser_hash, purpose, code_verifier, return_path, user_id, "
        "guild_id, expires_at) VALUES (:s, :b, :p, :v, :r, :u, :g, :e)",
        {
            "s": digest(state),
            "b": digest(browser_nonce),
            "p": purpose,
            "v": verifier,
            "r": return_path,
            "u": user_id,
            "g": guild_id,
            "e": db.now() + LIFETIME,
        },
    )
    return state, verifier


async def consume(database: Database, *, state: str, browser_nonce: str | None) -> Pending | None:
    """Take the login for `state` exactly once, in the browser that started it; None when unknown, used, expired or
    asked from another browser, which leaves the login waiting for its own browser."""
    if not _plausible(state) or browser_nonce is None:
        return None
    found = db.row(
        await database.fetch_one(
            "DELETE FROM pending_logins WHERE state_hash = :s AND browser_hash = :b RETURNING purpose, "
            "code_verifier, return_path, user_id, guild_id, expires_at",
            {"s": digest(state), "b": digest(browser_nonce)},
        )
    )
    if found is None or found["expires_at"] < db.now():
        return None
    return Pending(found["purpose"], found["code_verifier"], found["return_path"], found["user_id"], found["guild_id"])


async def waiting_elsewhere(database: Database, state: str) -> bool:
    """Is a login for `state` still waiting (so `consume` refused it for being asked from another browser)?"""
    if not _plausible(state):
        return False
    found = await database.fetch_val(
        "SELECT 1 FROM pending_logins WHERE state_hash = :s AND expires_at >= :n", {"s": digest(state), "n": db.now()}
    )
    return found is not None


def _plausible(state: str) -> bool:
    return 0 < len(state) <= 200
