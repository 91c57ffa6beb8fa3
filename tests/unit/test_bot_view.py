"""The bot's view of a guild: the rows a process has just read, and when it reads them again."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from app.core import db
from app.guilds.bot import BotView
from tests.unit.test_recent import Clock

GUILD = {"id": "1", "name": "The guild"}


class NoDiscord:
    """Every row below is fresh: asking Discord would be a mistake."""

    async def request(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"Discord was asked: {args}")


async def _with_view(tmp_path: Path, clock: Clock, steps: Any) -> list[Any]:
    database = db.create(f"sqlite+aiosqlite:///{tmp_path}/bot.db")
    await database.connect()
    try:
        await db.migrate(database)
        await _put(database, GUILD)
        view = BotView(database, NoDiscord(), clock)  # type: ignore[arg-type]
        return [answer async for answer in steps(view, database, clock)]
    finally:
        await database.disconnect()


async def _put(database: Any, body: dict[str, Any]) -> None:
    await database.execute(
        "INSERT INTO bot_cache (key, body, fetched_at) VALUES ('guild:1', :b, :t) "
        "ON CONFLICT (key) DO UPDATE SET body = excluded.body",
        {"b": json.dumps(body), "t": db.now()},
    )


def test_a_row_just_read_is_not_read_again_until_a_second_has_passed(tmp_path: Path) -> None:
    async def steps(view: BotView, database: Any, clock: Clock) -> Any:
        yield await view.guild("1")
        await _put(database, {**GUILD, "name": "Renamed by another process"})
        clock.now += 0.999
        yield await view.guild("1")  # still the row read just under a second ago
        clock.now += 0.001
        yield await view.guild("1")  # read again

    first, soon, later = asyncio.run(_with_view(tmp_path, Clock(), steps))
    assert first == soon == GUILD
    assert later == {**GUILD, "name": "Renamed by another process"}


def test_what_this_process_stores_it_sees_at_once(tmp_path: Path) -> None:
    async def steps(view: BotView, database: Any, clock: Clock) -> Any:
        yield await view.guild("1")
        await view._store("guild:1", {})  # the bot left, as this process just heard from Discord
        yield await view.guild("1")

    present, gone = asyncio.run(_with_view(tmp_path, Clock(), steps))
    assert present == GUILD
    assert gone is None
