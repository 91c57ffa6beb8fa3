"""Users seen from the admin pages: search, details, roles, and disabling.

The last enabled holder of the built-in Admin role can be neither demoted nor disabled, by anyone: the site would
have no administrator left.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from databases import Database

from app.auth import sessions
from app.auth.permissions import ADMIN_ROLE
from app.core import db

PER_PAGE = 25
LAST_ADMIN = "This is the last administrator: make someone else an administrator first."


@dataclass(frozen=True)
class Found:
    items: list[dict[str, Any]]
    page: int
    has_next: bool


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def search(database: Database, text: str, page: int = 1) -> Found:
    """Users whose username, name or email contains `text`, by username, one page at a time."""
    page = max(1, page)
    found = db.rows(
        await database.fetch_all(
            "SELECT id, username, display_name, email, email_verified, disabled, created_at FROM users "
            "WHERE lower(username) LIKE :q ESCAPE '\\' OR lower(COALESCE(display_name, '')) LIKE :q ESCAPE '\\' "
            "OR lower(COALESCE(email, '')) LIKE :q ESCAPE '\\' ORDER BY lower(username) LIMIT :l OFFSET :o",
            {"q": _like(text), "l": PER_PAGE + 1, "o": (page - 1) * PER_PAGE},
        )
    )
    return Found(found[:PER_PAGE], page, len(found) > PER_PAGE)


async def id_of(database: Database, username: str) -> int | None:
    found = await database.fetch_val("SELECT id FROM users WHERE lower(username) = lower(:n)", {"n": username})
    return None if found is None else int(found)


async def roles_of(database: Database, user_id: int) -> list[dict[str, Any]]:
    return db.rows(
        await database.fetch_all(
            "SELECT r.id, r.name, r.builtin FROM roles r JOIN user_roles ur ON ur.role_id = r.id "
            "WHERE ur.user_id = :u ORDER BY lower(r.name)",
            {"u": user_id},
        )
    )


async def give_role(database: Database, user_id: int, role_id: int) -> bool:
    added = await database.fetch_val(
        "INSERT INTO user_roles (user_id, role_id) SELECT :u, :r "
        "WHERE NOT EXISTS (SELECT 1 FROM user_roles WHERE user_id = :u AND role_id = :r) RETURNING role_id",
        {"u": user_id, "r": role_id},
    )
    return added is not None


async def is_last_admin(database: Database, user_id: int) -> bool:
    holders = await database.fetch_all(
        "SELECT ur.user_id FROM user_roles ur JOIN roles r ON r.id = ur.role_id JOIN users u ON u.id = ur.user_id "
        "WHERE r.builtin = TRUE AND r.name = :admin AND u.disabled = FALSE",
        {"admin": ADMIN_ROLE},
    )
    return [int(row["user_id"]) for row in holders] == [user_id]


async def take_role(database: Database, user_id: int, role: dict[str, Any]) -> str:
    """Take `role` from the user; the reason when refused."""
    if role["builtin"] and role["name"] == ADMIN_ROLE and await is_last_admin(database, user_id):
        return LAST_ADMIN
    await database.execute(
        "DELETE FROM user_roles WHERE user_id = :u AND role_id = :r", {"u": user_id, "r": role["id"]}
    )
    return ""


async def disable(database: Database, user_id: int) -> str:
    """Disable the account and end its sessions at once; the reason when refused."""
    if await is_last_admin(database, user_id):
        return LAST_ADMIN
    await database.execute("UPDATE users SET disabled = TRUE WHERE id = :u", {"u": user_id})
    await sessions.delete_all(database, user_id)
    return ""


async def enable(database: Database, user_id: int) -> None:
    await database.execute("UPDATE users SET disabled = FALSE WHERE id = :u", {"u": user_id})
