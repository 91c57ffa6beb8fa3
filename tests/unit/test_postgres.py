"""PostgreSQL's text holds no NUL: every way of binding values replaces it, on a real server."""

from __future__ import annotations

import asyncio

import pytest

from app.core import db
from app.core.postgres import storable


def test_values_without_a_nul_are_bound_as_they_are() -> None:
    values = {"a": "text", "n": 1}
    assert storable(values) is values
    assert storable(None) is None
    assert storable({"a": "x\x00y", "n": 1, "b": b"\x00"}) == {"a": "x\ufffdy", "n": 1, "b": b"\x00"}


@pytest.mark.postgres
def test_every_query_method_binds_a_nul_as_the_replacement_character(postgres_database: str) -> None:
    async def scenario() -> list[object]:
        database = db.create(postgres_database)
        await database.connect()
        try:
            await database.execute("CREATE TABLE nul_probe (t TEXT)")  # the run's own database
            await database.execute("INSERT INTO nul_probe (t) VALUES (:t)", {"t": "one\x00"})
            await database.execute_many("INSERT INTO nul_probe (t) VALUES (:t)", [{"t": "two\x00"}, {"t": "three"}])
            match = {"t": "one\x00"}
            return [
                [r["t"] for r in await database.fetch_all("SELECT t FROM nul_probe ORDER BY t")],
                db.row(await database.fetch_one("SELECT t FROM nul_probe WHERE t = :t", match)),
                await database.fetch_val("SELECT count(*) FROM nul_probe WHERE t != :t", match),
                [r["t"] async for r in database.iterate("SELECT t FROM nul_probe WHERE t = :t", {"t": "two\x00"})],
            ]
        finally:
            await database.execute("DROP TABLE IF EXISTS nul_probe")
            await database.disconnect()

    found = asyncio.run(scenario())
    assert found == [["one\ufffd", "three", "two\ufffd"], {"t": "one\ufffd"}, 2, ["two\ufffd"]]
