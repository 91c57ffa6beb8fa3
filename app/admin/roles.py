"""Roles and permissions, many-to-many: the queries behind the admin pages.

The built-in Admin role holds every permission: a new permission is granted to it when created, and none can be
taken from it. Built-in roles and permissions cannot be deleted.
"""

from __future__ import annotations

import re
from typing import Any

from databases import Database

from app.auth.permissions import ADMIN_ROLE
from app.core import db

PERMISSION_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
NAME_MAX = 64
DESCRIPTION_MAX = 200

_ROLES = """
SELECT r.id, r.name, r.description, r.builtin,
       (SELECT COUNT(*) FROM role_permissions rp WHERE rp.role_id = r.id) AS permission_count,
       (SELECT COUNT(*) FROM user_roles ur WHERE ur.role_id = r.id) AS user_count
FROM roles r ORDER BY lower(r.name)
"""
# How many roles besides Admin hold each permission: a permission nobody else holds may be deleted.
_PERMISSIONS = """
SELECT p.id, p.name, p.description, p.builtin,
       (SELECT COUNT(*) FROM role_permissions rp JOIN roles r ON r.id = rp.role_id
        WHERE rp.permission_id = p.id AND NOT (r.builtin = TRUE AND r.name = :admin)) AS role_count
FROM permissions p WHERE :id = 0 OR p.id = :id ORDER BY p.name
"""


def role_name_problem(name: str) -> str:
    return "" if 1 <= len(name) <= NAME_MAX else f"Use 1 to {NAME_MAX} characters."


def description_problem(values: dict[str, str]) -> str:
    return f"Use at most {DESCRIPTION_MAX} characters." if len(values["description"]) > DESCRIPTION_MAX else ""


def permission_name_problem(name: str) -> str:
    if len(name) > NAME_MAX or not PERMISSION_NAME.match(name):
        return "Use lower-case words joined by dots, like guilds.publish."
    return ""


async def list_roles(database: Database) -> list[dict[str, Any]]:
    return db.rows(await database.fetch_all(_ROLES))


async def get_role(database: Database, role_id: int) -> dict[str, Any] | None:
    return db.row(
        await database.fetch_one("SELECT id, name, description, builtin FROM roles WHERE id = :r", {"r": role_id})
    )


def is_admin_role(role: dict[str, Any]) -> bool:
    return bool(role["builtin"]) and role["name"] == ADMIN_ROLE


async def role_taken(database: Database, name: str, *, other_than: int = 0) -> bool:
    found = await database.fetch_val(
        "SELECT 1 FROM roles WHERE lower(name) = lower(:n) AND id != :r", {"n": name, "r": other_than}
    )
    return found is not None


async def create_role(database: Database, name: str, description: str) -> int:
    role_id = await database.fetch_val(
        "INSERT INTO roles (name, description, created_at) VALUES (:n, :d, :t) RETURNING id",
        {"n": name, "d": description, "t": db.now()},
    )
    return int(role_id)


async def rename_role(database: Database, role_id: int, name: str, description: str) -> None:
    await database.execute(
        "UPDATE roles SET name = :n, description = :d WHERE id = :r", {"n": name, "d": description, "r": role_id}
    )


async def delete_role(database: Database, role_id: int) -> None:
    """Delete a role and its grants. SQLite leaves foreign keys unenforced unless asked, and reuses the highest
    id: without the explicit deletes a new role could inherit the old one's users and permissions."""
    async with database.transaction():
        if await database.fetch_val("SELECT 1 FROM roles WHERE id = :r AND builtin = FALSE", {"r": role_id}):
            await database.execute("DELETE FROM user_roles WHERE role_id = :r", {"r": role_id})
            await database.execute("DELETE FROM role_permissions WHERE role_id = :r", {"r": role_id})
            await database.execute("DELETE FROM roles WHERE id = :r", {"r": role_id})


async def permissions_of_role(database: Database, role_id: int) -> list[dict[str, Any]]:
    return db.rows(
        await database.fetch_all(
            "SELECT p.id, p.name, p.description FROM permissions p "
            "JOIN role_permissions rp ON rp.permission_id = p.id WHERE rp.role_id = :r ORDER BY p.name",
            {"r": role_id},
        )
    )


async def grant(database: Database, role_id: int, permission_id: int) -> bool:
    """Give the role a permission; False when it already had it."""
    added = await database.fetch_val(
        "INSERT INTO role_permissions (role_id, permission_id) SELECT :r, :p "
        "WHERE NOT EXISTS (SELECT 1 FROM role_permissions WHERE role_id = :r AND permission_id = :p) RETURNING role_id",
        {"r": role_id, "p": permission_id},
    )
    return added is not None


async def take(database: Database, role_id: int, permission_id: int) -> bool:
    taken = await database.fetch_val(
        "DELETE FROM role_permissions WHERE role_id = :r AND permission_id = :p RETURNING role_id",
        {"r": role_id, "p": permission_id},
    )
    return taken is not None


async def list_permissions(database: Database) -> list[dict[str, Any]]:
    return db.rows(await database.fetch_all(_PERMISSIONS, {"admin": ADMIN_ROLE, "id": 0}))


async def get_permission(database: Database, permission_id: int) -> dict[str, Any] | None:
    return db.row(await database.fetch_one(_PERMISSIONS, {"admin": ADMIN_ROLE, "id": permission_id}))


async def permission_taken(database: Database, name: str) -> bool:
    found = await database.fetch_val("SELECT 1 FROM permissions WHERE lower(name) = lower(:n)", {"n": name})
    return found is not None


async def create_permission(database: Database, name: str, description: str) -> int:
    async with database.transaction():
        permission_id = int(
            await database.fetch_val(
                "INSERT INTO permissions (name, description, created_at) VALUES (:n, :d, :t) RETURNING id",
                {"n": name, "d": description, "t": db.now()},
            )
        )
        await database.execute(
            "INSERT INTO role_permissions (role_id, permission_id) "
            "SELECT id, :p FROM roles WHERE builtin = TRUE AND name = :admin",
            {"p": permission_id, "admin": ADMIN_ROLE},
        )
    return permission_id


async def delete_permission(database: Database, permission_id: int) -> None:
    """Delete a permission no role but Admin holds; built-in permissions stay."""
    async with database.transaction():
        if await database.fetch_val(
            "SELECT 1 FROM permissions WHERE id = :p AND builtin = FALSE", {"p": permission_id}
        ):
            await database.execute("DELETE FROM role_permissions WHERE permission_id = :p", {"p": permission_id})
            await database.execute("DELETE FROM permissions WHERE id = :p", {"p": permission_id})
