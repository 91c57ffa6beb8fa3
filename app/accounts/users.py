"""Local account rows: find by username or verified email, create, and change."""

from __future__ import annotations

from typing import Any

from databases import Database

from app.core import db

_COLUMNS = (
    "id, username, display_name, first_name, last_name, email, email_verified, password_hash, disabled, created_at"
)


async def get(database: Database, user_id: int) -> dict[str, Any] | None:
    return db.row(await database.fetch_one(f"SELECT {_COLUMNS} FROM users WHERE id = :u", {"u": user_id}))  # noqa: S608


async def by_login(database: Database, login: str) -> dict[str, Any] | None:
    """The account a sign-in names: a username, or a verified email that exactly one account holds."""
    login = login.strip()
    found = db.row(
        await database.fetch_one(
            f"SELECT {_COLUMNS} FROM users WHERE lower(username) = lower(:l)",  # noqa: S608
            {"l": login},
        )
    )
    if found is not None or "@" not in login:
        return found
    matches = db.rows(
        await database.fetch_all(
            f"SELECT {_COLUMNS} FROM users WHERE lower(email) = lower(:l) AND email_verified = TRUE",  # noqa: S608
            {"l": login},
        )
    )
    return matches[0] if len(matches) == 1 else None


async def by_verified_email(database: Database, email: str) -> list[dict[str, Any]]:
    return db.rows(
        await database.fetch_all(
            f"SELECT {_COLUMNS} FROM users WHERE lower(email) = lower(:e) AND email_verified = TRUE",  # noqa: S608
            {"e": email},
        )
    )


async def username_taken(database: Database, username: str) -> bool:
    found = await database.fetch_val("SELECT 1 FROM users WHERE lower(username) = lower(:n)", {"n": username})
    return found is not None


def display_name(first_name: str, last_name: str) -> str | None:
    return " ".join(part for part in (first_name.strip(), last_name.strip()) if part) or None


async def create(database: Database, *, username: str, first_name: str, last_name: str, password_hash: str) -> int:
    """A new local account; its email is set only when verified."""
    user_id = await database.fetch_val(
        "INSERT INTO users (username, display_name, first_name, last_name, password_hash, created_at) "
        "VALUES (:n, :d, :f, :l, :p, :t) RETURNING id",
        {
            "n": username,
            "d": display_name(first_name, last_name),
            "f": first_name or None,
            "l": last_name or None,
            "p": password_hash,
            "t": db.now(),
        },
    )
    return int(user_id)


async def set_names(database: Database, user_id: int, first_name: str, last_name: str) -> None:
    await database.execute(
        # No names: display_name empties too, and pages fall back to the Discord name or the username.
        "UPDATE users SET first_name = :f, last_name = :l, display_name = :d WHERE id = :u",
        {"f": first_name or None, "l": last_name or None, "d": display_name(first_name, last_name), "u": user_id},
    )


async def set_password(database: Database, user_id: int, password_hash: str) -> None:
    await database.execute("UPDATE users SET password_hash = :p WHERE id = :u", {"p": password_hash, "u": user_id})


async def set_verified_email(database: Database, user_id: int, email: str) -> bool:
    """Make `email` the account's address; False when another account already holds it, verified."""
    others = [row for row in await by_verified_email(database, email) if row["id"] != user_id]
    if others:
        return False
    await database.execute(
        "UPDATE users SET email = :e, email_verified = TRUE WHERE id = :u", {"e": email, "u": user_id}
    )
    return True
