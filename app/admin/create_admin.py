"""`guildhall create-admin`: the first administrator, made from the command line.

The account gets the built-in Admin role, a password and a confirmed email (whoever runs the command vouches for
it). An existing username is promoted instead, after its password is replaced.
"""

from __future__ import annotations

from dataclasses import dataclass

from databases import Database

from app.accounts import forms, passwords, users
from app.admin.users import give_role
from app.auth.permissions import ADMIN_ROLE
from app.core import activity, db


@dataclass(frozen=True)
class NewAdmin:
    username: str
    email: str
    password: str


def problems(wanted: NewAdmin) -> list[str]:
    found = {
        "username": forms.username_problem(wanted.username),
        "email": forms.email_problem(wanted.email),
        "password": passwords.problem(wanted.password, username=wanted.username),
    }
    return [f"{name}: {problem}" for name, problem in found.items() if problem]


async def create_admin(database: Database, wanted: NewAdmin) -> int:
    """Create or promote the account; return its id."""
    hashed = await passwords.hash_password(wanted.password)
    user_id = await database.fetch_val("SELECT id FROM users WHERE lower(username) = lower(:n)", {"n": wanted.username})
    if user_id is None:
        user_id = await users.create(
            database, username=wanted.username, first_name="", last_name="", password_hash=hashed
        )
    await users.set_password(database, int(user_id), hashed)
    await database.execute(
        "UPDATE users SET email = :e, email_verified = TRUE, disabled = FALSE WHERE id = :u",
        {"e": wanted.email, "u": user_id},
    )
    role_id = await database.fetch_val("SELECT id FROM roles WHERE builtin = TRUE AND name = :n", {"n": ADMIN_ROLE})
    await give_role(database, int(user_id), int(role_id))
    await activity.record(database, "admin.created", user_id=int(user_id), via="command line")
    return int(user_id)


async def run(database_url: str, wanted: NewAdmin) -> int:
    database = db.create(database_url)
    await database.connect()
    try:
        await db.migrate(database)
        return await create_admin(database, wanted)
    finally:
        await database.disconnect()
