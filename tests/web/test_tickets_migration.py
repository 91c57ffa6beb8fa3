"""Existing form answers become tickets when migration 0009 runs, on SQLite and PostgreSQL: nothing is lost."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core import db
from tests.conftest import POSTGRES_URL, _execute, _postgres_answers, _with_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database no migration has touched: a new SQLite file, or a new PostgreSQL database dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/guildhall.db"
        return
    if not _postgres_answers():
        pytest.skip("no PostgreSQL server answers on 127.0.0.1:5432")
    name, admin = f"guildhall_migration_{uuid.uuid4().hex[:12]}", _with_database(POSTGRES_URL, "postgres")
    asyncio.run(_execute(admin, f'CREATE DATABASE "{name}"'))
    try:
        yield _with_database(POSTGRES_URL, name)
    finally:
        asyncio.run(_execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _migrate_with_old_answers(url: str) -> tuple[list[dict[str, object]], list[str]]:
    database = db.create(url)
    await database.connect()
    try:
        async with database.connection() as connection:
            await connection.execute(
                "CREATE TABLE schema_migrations "
                "(version TEXT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"
            )
            for migration in db.migrations(database.url.dialect):
                if migration.version >= "0009":
                    continue
                sql = migration.sql.replace("IDENTITY_KEY", db._IDENTITY_KEY[database.url.dialect])
                for statement in db.statements(sql):
                    await connection.execute(statement)
                await connection.execute(
                    "INSERT INTO schema_migrations VALUES (:v, :n, 0)", {"v": migration.version, "n": migration.name}
                )
            await _old_answers(connection)
        assert (await db.migrate(database))[0] == "0009_tickets"
        tickets = db.rows(
            await database.fetch_all(
                "SELECT guild_id, number, status, answers, opener_name, close_reason FROM tickets "
                "ORDER BY guild_id, number"
            )
        )
        kinds = [r["kind"] for r in await database.fetch_all("SELECT kind FROM ticket_events ORDER BY id")]
        following = await database.fetch_val("SELECT next_number FROM ticket_guilds WHERE guild_id = 'g1'")
        assert following == 3
        return tickets, kinds
    finally:
        await database.disconnect()


async def _old_answers(connection: object) -> None:
    execute = connection.execute  # type: ignore[attr-defined]
    await execute(
        "INSERT INTO builder_items (id, guild_id, kind, name, payload, created_at, updated_at) "
        "VALUES (7, 'g1', 'form', 'f', '{}', 0, 0)"
    )
    await execute(
        "INSERT INTO form_responses (form_id, guild_id, discord_id, username, answers, submitted_at, handled_at) "
        "VALUES (7, 'g1', '1', 'ann', '{\"a\": \"second\"}', 20, 30), "
        "(7, 'g1', '2', 'bob', '{\"a\": \"first\"}', 10, NULL), (7, 'g2', '3', 'cy', '{}', 5, NULL)"
    )


def test_existing_answers_become_numbered_tickets(empty_database: str) -> None:
    tickets, kinds = asyncio.run(_migrate_with_old_answers(empty_database))
    shown = [(t["guild_id"], t["number"], t["status"], t["opener_name"], t["answers"]) for t in tickets]
    assert shown == [
        ("g1", 1, "open", "bob", '{"a": "first"}'),
        ("g1", 2, "closed", "ann", '{"a": "second"}'),
        ("g2", 1, "open", "cy", "{}"),
    ]
    assert kinds.count("opened") == 3 and kinds.count("closed") == 1
