"""Mailed links: email verification and password reset.

A token carries 256 random bits; only its SHA-256 is stored, next to the address it was sent to. It lives 30
minutes, is consumed once (DELETE ... RETURNING: one caller wins), and a new one replaces the user's previous link
of the same purpose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from databases import Database

from app.core import db
from app.core.crypto import digest, new_token

LIFETIME = 30 * 60
VERIFY = "verify"
RESET = "reset"


@dataclass(frozen=True)
class Used:
    user_id: int
    email: str


_SHAPE = re.compile(r"[A-Za-z0-9_-]{40,100}")


def plausible(token: str) -> bool:
    """Shaped like one of our tokens (URL-safe base64); anything else is not worth a cookie or a query."""
    return _SHAPE.fullmatch(token) is not None


async def issue(database: Database, user_id: int, purpose: str, email: str) -> str:
    token = new_token(32)
    await database.execute("DELETE FROM email_tokens WHERE expires_at < :n", {"n": db.now()})
    await database.execute("DELETE FROM email_tokens WHERE user_id = :u AND purpose = :p", {"u": user_id, "p": purpose})
    await database.execute(
        "INSERT INTO email_tokens (token_hash, user_id, purpose, email, expires_at) VALUES (:h, :u, :p, :e, :x)",
        {"h": digest(token), "u": user_id, "p": purpose, "e": email, "x": db.now() + LIFETIME},
    )
    return token


async def valid(database: Database, token: str, purpose: str) -> bool:
    """Would `consume` accept this token? (The pages that show the confirm button ask first.)"""
    if not plausible(token):
        return False
    expires = await database.fetch_val(
        "SELECT expires_at FROM email_tokens WHERE token_hash = :h AND purpose = :p",
        {"h": digest(token), "p": purpose},
    )
    return expires is not None and int(expires) > db.now()


async def consume(database: Database, token: str, purpose: str) -> Used | None:
    if not plausible(token):
        return None
    found = db.row(
        await database.fetch_one(
            "DELETE FROM email_tokens WHERE token_hash = :h AND purpose = :p RETURNING user_id, email, expires_at",
            {"h": digest(token), "p": purpose},
        )
    )
    if found is None or int(found["expires_at"]) <= db.now():
        return None
    return Used(int(found["user_id"]), str(found["email"]))


async def forget(database: Database, user_id: int, purpose: str) -> None:
    await database.execute("DELETE FROM email_tokens WHERE user_id = :u AND purpose = :p", {"u": user_id, "p": purpose})


async def pending_email(database: Database, user_id: int) -> str | None:
    """The address waiting for verification, if any."""
    found = await database.fetch_val(
        "SELECT email FROM email_tokens WHERE user_id = :u AND purpose = :p AND expires_at > :n",
        {"u": user_id, "p": VERIFY, "n": db.now()},
    )
    return None if found is None else str(found)
