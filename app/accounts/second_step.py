"""The half-signed-in state between a correct password and a correct second-factor code.

It lives server-side: the browser holds only a random id (signed, HttpOnly cookie) whose SHA-256 names the row,
and the row is bound to that browser's nonce, lasts five minutes and is taken once.
"""

from __future__ import annotations

from dataclasses import dataclass

from databases import Database

from app.core import db
from app.core.crypto import digest, new_token

COOKIE = "second_factor"
LIFETIME = 5 * 60


@dataclass(frozen=True)
class Step:
    user_id: int
    return_path: str


async def begin(database: Database, *, user_id: int, browser_nonce: str, return_path: str) -> str:
    step_id = new_token()
    await database.execute("DELETE FROM second_factor_steps WHERE expires_at < :n", {"n": db.now()})
    await database.execute(
        "INSERT INTO second_factor_steps (id_hash, user_id, browser_hash, return_path, expires_at) "
        "VALUES (:h, :u, :b, :r, :x)",
        {"h": digest(step_id), "u": user_id, "b": digest(browser_nonce), "r": return_path, "x": db.now() + LIFETIME},
    )
    return step_id


async def find(database: Database, step_id: str | None, browser_nonce: str) -> Step | None:
    if not step_id:
        return None
    found = db.row(
        await database.fetch_one(
            "SELECT user_id, browser_hash, return_path, expires_at FROM second_factor_steps WHERE id_hash = :h",
            {"h": digest(step_id)},
        )
    )
    if found is None or int(found["expires_at"]) <= db.now() or found["browser_hash"] != digest(browser_nonce):
        return None
    return Step(int(found["user_id"]), str(found["return_path"]))


async def take(database: Database, step_id: str) -> bool:
    """End the step; True for the one caller that ended it."""
    taken = await database.fetch_val(
        "DELETE FROM second_factor_steps WHERE id_hash = :h RETURNING user_id", {"h": digest(step_id)}
    )
    return taken is not None


async def forget_user(database: Database, user_id: int) -> None:
    await database.execute("DELETE FROM second_factor_steps WHERE user_id = :u", {"u": user_id})
