"""Rows a process has just read: kept a second, bounded, stored and forgotten by whoever changes them."""

from __future__ import annotations

import asyncio
from functools import partial

import pytest

from app.core import recent
from app.core.recent import RecentRows


class Clock:
    """A monotonic clock that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
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


def test_a_row_is_kept_a_second_and_no_longer() -> None:
    clock = Clock()
    rows = RecentRows[str](clock)
    assert _reads(rows, ["a", "a"]) == ["a"]
    clock.now += 0.999
    assert _reads(rows, ["a"]) == []
    clock.now += 0.001
    assert _reads(rows, ["a"]) == ["a"]


def test_the_least_recently_used_row_goes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recent, "RECENT_KEPT", 3)
    rows = RecentRows[str](Clock())
    assert _reads(rows, ["a", "b", "c", "a", "d"]) == ["a", "b", "c", "d"]  # d pushed b out, the one unused longest
    assert _reads(rows, ["a", "c", "d", "b"]) == ["b"]


def test_a_row_stored_or_forgotten_here_shows_at_once() -> None:
    rows = RecentRows[str](Clock())
    _reads(rows, ["b"])
    rows.store("a", "row a")  # never read: what this process just wrote
    rows.forget("b")
    assert _reads(rows, ["a", "b"]) == ["b"]
