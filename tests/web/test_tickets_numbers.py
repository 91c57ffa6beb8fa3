"""Ticket numbers per guild stay unique and gapless when many tickets open at once, on both engines."""

from __future__ import annotations

import asyncio

from app.core import db
from app.tickets import store


async def _open_many(url: str, count: int) -> list[int]:
    database = db.create(url)
    await database.connect()
    try:
        await db.migrate(database)
        opener = store.Opener("1", "someone", None)

        async def one(n: int) -> int:
            new = store.NewTicket("200000000000000009", "button", opener, f"t{n}", {})
            return (await store.open_ticket(database, new))[1]

        return list(await asyncio.gather(*(one(n) for n in range(count))))
    finally:
        await database.disconnect()


def test_concurrent_tickets_get_every_number_once(database_url: str) -> None:
    numbers = asyncio.run(_open_many(database_url, 25))
    assert sorted(numbers) == list(range(1, 26))
