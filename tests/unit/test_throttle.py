"""The database-backed throttle: a fixed window per key, shared by every process that uses the database."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest
from databases import Database

from app.core import db, throttle

T = TypeVar("T")


@pytest.fixture
def database(tmp_path: Path) -> Database:
    return db.create(f"sqlite+aiosqlite:///{tmp_path}/throttle.db")


def run(database: Database, work: Callable[[], Awaitable[T]]) -> T:
    """Migrate, then run `work`, on one event loop of a thread of its own (the browser tests leave Playwright's
    loop on the main thread)."""

    async def inside() -> T:
        await database.connect()
        try:
            await db.migrate(database)
            return await work()
        finally:
            await database.disconnect()

    with ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, inside()).result()


def test_allows_up_to_the_limit_then_refuses_with_retry_after(database: Database) -> None:
    async def work() -> list[throttle.Decision]:
        return [await throttle.hit(database, "k", 3, 60) for _ in range(5)]

    decisions = run(database, work)
    assert [d.allowed for d in decisions] == [True, True, True, False, False]
    assert decisions[0].retry_after == 0 and 0 < decisions[3].retry_after <= 60


def test_keys_are_counted_apart(database: Database) -> None:
    async def work() -> tuple[throttle.Decision, throttle.Decision]:
        await throttle.hit(database, "a", 1, 60)
        return await throttle.hit(database, "a", 1, 60), await throttle.hit(database, "b", 1, 60)

    a, b = run(database, work)
    assert not a.allowed and b.allowed


def test_a_new_window_starts_afresh(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1_000_000]
    monkeypatch.setattr(db, "now", lambda: clock[0])

    async def work() -> list[bool]:
        seen = [(await throttle.hit(database, "k", 1, 60)).allowed for _ in range(2)]
        clock[0] += 60
        seen.append((await throttle.hit(database, "k", 1, 60)).allowed)
        return seen

    assert run(database, work) == [True, False, True]


def test_peek_counts_nothing_and_clear_forgets(database: Database) -> None:
    async def work() -> list[bool]:
        seen = [(await throttle.peek(database, "k", 1, 60)).allowed]
        await throttle.hit(database, "k", 1, 60)
        seen.append((await throttle.peek(database, "k", 1, 60)).allowed)
        seen.append((await throttle.peek(database, "k", 1, 60)).allowed)
        await throttle.clear(database, "k")
        seen.append((await throttle.peek(database, "k", 1, 60)).allowed)
        return seen

    assert run(database, work) == [True, False, False, True]


def test_concurrent_hits_are_all_counted(database: Database) -> None:
    async def work() -> list[throttle.Decision]:
        return list(await asyncio.gather(*(throttle.hit(database, "k", 10, 60) for _ in range(20))))

    decisions = run(database, work)
    assert sum(d.allowed for d in decisions) == 10
