"""Fixtures shared by every test layer: the emulator on a real port, settings, and the app under test."""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx2
import pytest
from argon2 import PasswordHasher
from cryptography.fernet import Fernet
from starlette.testclient import TestClient

from app.accounts import passwords
from app.settings import Settings
from app.web import create_app
from emulator.app import EmulatorConfig, create_emulator
from emulator.server import serve_in_thread

TEST_BASE_URL = "http://testserver"
# The web tests run once on SQLite and once on PostgreSQL. Without TEST_DATABASE_URL a server on the usual local
# port is used when one answers; with it (CI sets it) PostgreSQL is required.
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres"
POSTGRES_REQUIRED = "TEST_DATABASE_URL" in os.environ


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing() -> Iterator[None]:
    """argon2 at its cheapest in every test; production keeps argon2-cffi's defaults (tests/unit say so)."""
    with passwords.hashing(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)):
        yield


def _postgres_answers() -> bool:
    parts = urlsplit(POSTGRES_URL)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432), timeout=1):
            return True
    except OSError:
        return False


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


async def _execute(url: str, *statements: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        for sql in statements:
            await connection.execute(sql)
    finally:
        await connection.close()


def _seeds() -> list[str]:
    """The rows migrations put in (built-in roles and permissions), to put back after emptying the tables."""
    from app.core import db

    return [
        statement
        for migration in db.migrations("postgresql")
        for statement in db.statements(migration.sql)
        if statement.lstrip().upper().startswith("INSERT")
    ]


_EMPTY_TABLES = """
DO $$ DECLARE names text;
BEGIN
  SELECT string_agg(format('%I', tablename), ', ') INTO names FROM pg_tables
  WHERE schemaname = 'public' AND tablename <> 'schema_migrations';
  IF names IS NOT NULL THEN EXECUTE 'TRUNCATE ' || names || ' RESTART IDENTITY CASCADE'; END IF;
END $$;
"""


def empty_postgres(url: str) -> None:
    """Empty every table of the test database and put the migrations' seed rows back."""
    asyncio.run(_execute(url, _EMPTY_TABLES, *_seeds()))


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """One PostgreSQL database for the whole run, dropped at its end."""
    if not _postgres_answers():
        if POSTGRES_REQUIRED:
            pytest.fail(f"TEST_DATABASE_URL is set but PostgreSQL does not answer at {POSTGRES_URL}")
        pytest.skip("no PostgreSQL server answers on 127.0.0.1:5432")
    name = f"guildhall_test_{uuid.uuid4().hex[:12]}"
    admin = _with_database(POSTGRES_URL, "postgres")
    asyncio.run(_execute(admin, f'CREATE DATABASE "{name}"'))
    try:
        yield _with_database(POSTGRES_URL, name)
    finally:
        asyncio.run(_execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database for one test: a new SQLite file, or the run's PostgreSQL database emptied afterwards."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/guildhall.db"
        return
    url: str = request.getfixturevalue("postgres_database")
    try:
        yield url
    finally:
        empty_postgres(url)


@pytest.fixture(scope="session")
def emulator_url() -> Iterator[str]:
    config = EmulatorConfig(
        discord_redirect_uris=[f"{TEST_BASE_URL}/auth/discord/callback"],
        github_callback_url=f"{TEST_BASE_URL}/link/github/callback",
    )
    with serve_in_thread(create_emulator(config)) as url:
        yield url


@pytest.fixture
def emulator(emulator_url: str) -> Iterator[httpx2.Client]:
    """A client on the emulator, reset before each test."""
    with httpx2.Client(base_url=emulator_url, timeout=10) as control:
        control.post("/_emulator/control/reset").raise_for_status()
        yield control


def make_settings(database_url: str, emulator_url: str, **overrides: object) -> Settings:
    """Development mode, asked for as `guildhall serve --dev` asks for it, with the emulator on `emulator_url`."""
    settings = Settings(
        base_url=TEST_BASE_URL,
        secret_key="test-secret-key-that-is-long-enough-0123456789",
        encryption_keys=(Fernet.generate_key().decode(),),
        database_url=database_url,
        development=True,
        ticket_sweep_seconds=0,  # no background sweep unless a test asks for one
    ).with_emulator(emulator_url)
    return replace(settings, **overrides)  # type: ignore[arg-type]


@pytest.fixture
def settings(database_url: str, emulator: httpx2.Client, emulator_url: str) -> Settings:
    return make_settings(database_url, emulator_url)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url=TEST_BASE_URL, follow_redirects=False) as test_client:
        yield test_client
