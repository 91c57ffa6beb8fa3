"""Rows a process has just read: kept a second, bounded, stored and forgotten by whoever changes them."""

from __future__ import annotations

import asyncio
from functools import partial

import pytest

from app.core import recent
from app.core.recent import RecentRows


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def _reads(rows: RecentRows[str], keys: list[str]) -> list[str]:
    """Read each key in turn; the answer names the keys that had to be loaded."""
    loaded: list[str] = []

    async def load(key: str) -> str:
        loaded.append(key)
        return f"row {key}"

    async def each() -> None:
        for key in keys:
            assert await rows.read(key, partial(load, key)) == f"row {key}"

    asyncio.run(each())
    return loaded


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    found = Clock()
    monkeypatch.setattr(recent, "time", found)
    return found


def test_a_row_is_kept_a_second(clock: Clock) -> None:
    rows = RecentRows[str]()
    assert _reads(rows, ["a", "a"]) == ["a"]
    clock.now += recent.RECENT_SECONDS
    assert _reads(rows, ["a"]) == ["a"]


def test_the_least_recently_used_row_goes_first(clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recent, "RECENT_KEPT", 3)
    rows = RecentRows[str]()
    assert _reads(rows, ["a", "b", "c", "a", "d"]) == ["a", "b", "c", "d"]  # d pushed b out, the one unused longest
    assert _reads(rows, ["a", "c", "d", "b"]) == ["b"]


def test_a_row_stored_or_forgotten_here_shows_at_once(clock: Clock) -> None:
    rows = RecentRows[str]()
    _reads(rows, ["b"])
    rows.store("a", "row a")  # never read: what this process just wrote
    rows.forget("b")
    assert _reads(rows, ["a", "b"]) == ["b"]
