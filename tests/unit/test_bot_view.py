"""The bot's view of a guild: the rows a process has just read, and when it reads them again."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from app.core import db, recent
from app.guilds.bot import BotView

GUILD = {"id": "1", "name": "The guild"}


class NoDiscord:
    """Every row below is fresh: asking Discord would be a mistake."""

    async def request(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"Discord was asked: {args}")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


async def _with_view(tmp_path: Path, clock: Clock, steps: Any) -> list[Any]:
    database = db.create(f"sqlite+aiosqlite:///{tmp_path}/bot.db")
    await database.connect()
    try:
        await db.migrate(database)
        await _put(database, GUILD)
        view = BotView(database, NoDiscord())  # type: ignore[arg-type]
        return [answer async for answer in steps(view, database, clock)]
    finally:
        await database.disconnect()


async def _put(database: Any, body: dict[str, Any]) -> None:
    await database.execute(
        "INSERT INTO bot_cache (key, body, fetched_at) VALUES ('guild:1', :b, :t) "
        "ON CONFLICT (key) DO UPDATE SET body = excluded.body",
        {"b": json.dumps(body), "t": db.now()},
    )


def test_a_row_just_read_is_not_read_again_until_a_second_has_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    monkeypatch.setattr(recent, "time", clock)

    async def steps(view: BotView, database: Any, clock: Clock) -> Any:
        yield await view.guild("1")
        await _put(database, {**GUILD, "name": "Renamed by another process"})
        clock.now += recent.RECENT_SECONDS / 2
        yield await view.guild("1")  # still the row read half a second ago
        clock.now += recent.RECENT_SECONDS / 2
        yield await view.guild("1")  # read again

    first, soon, later = asyncio.run(_with_view(tmp_path, clock, steps))
    assert first == soon == GUILD
    assert later == {**GUILD, "name": "Renamed by another process"}


def test_what_this_process_stores_it_sees_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr(recent, "time", clock)

    async def steps(view: BotView, database: Any, clock: Clock) -> Any:
        yield await view.guild("1")
        await view._store("guild:1", {})  # the bot left, as this process just heard from Discord
        yield await view.guild("1")

    present, gone = asyncio.run(_with_view(tmp_path, clock, steps))
    assert present == GUILD
    assert gone is None
