"""The migration runner's file handling and the SQLite connection reuse."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
from pathlib import Path

from databases import Database

from app.core import db
from app.core.sqlite import POOL_SIZE


def test_migrations_are_ordered_and_dialect_twins_win(tmp_path: Path) -> None:
    (tmp_path / "0002_second.sql").write_text("SELECT 2;")
    (tmp_path / "0001_first.sql").write_text("SELECT 1;")
    (tmp_path / "0002_second.postgresql.sql").write_text("SELECT 'pg';")
    (tmp_path / "notes.sql").write_text("ignored")
    assert [(m.version, m.sql) for m in db.migrations("sqlite", tmp_path)] == [
        ("0001", "SELECT 1;"),
        ("0002", "SELECT 2;"),
    ]
    assert [m.sql for m in db.migrations("postgresql", tmp_path)] == ["SELECT 1;", "SELECT 'pg';"]


def test_statements_split_at_line_ends_only() -> None:
    sql = "CREATE TABLE a (x TEXT DEFAULT ';');\n\nINSERT INTO a VALUES ('b');\n"
    assert db.statements(sql) == ["CREATE TABLE a (x TEXT DEFAULT ';')", "INSERT INTO a VALUES ('b')"]


def test_sqlite_connections_are_reused_and_closed_at_disconnect(tmp_path: Path) -> None:
    async def scenario() -> tuple[bool, bool, int]:
        database = db.create(f"sqlite+aiosqlite:///{tmp_path}/reuse.db")
        await database.connect()
        async with database.connection() as first:
            raw_first = first.raw_connection
        async with database.connection() as second:
            raw_second = second.raw_connection
        reused = raw_first is raw_second
        async with database.connection() as third, third.transaction():
            await third.execute("CREATE TABLE t (x INTEGER)")
        pool = database._backend._pool
        idle_before = len(pool._idle)
        await database.disconnect()
        return reused, idle_before >= 1, len(pool._idle)

    reused, kept, left = asyncio.run(scenario())
    assert reused
    assert kept
    assert left == 0


def test_sqlite_writers_of_one_process_are_served_in_arrival_order(tmp_path: Path) -> None:
    """While a transaction writes, later writers queue; SQLite's own busy handler would let them in at random."""

    async def scenario() -> list[int]:
        database = db.create(f"sqlite+aiosqlite:///{tmp_path}/queue.db")
        await database.connect()
        await database.execute("PRAGMA journal_mode=WAL")
        await database.execute("CREATE TABLE arrivals (n INTEGER)")

        async def write(n: int, ready: asyncio.Event) -> None:
            ready.set()  # from here the task runs on, without a pause, until it waits for a connection or to write
            async with database.connection() as connection:
                await connection.execute("INSERT INTO arrivals (n) VALUES (:n)", {"n": n})

        await open_every_connection(database)
        async with database.connection() as holder, holder.transaction():
            await holder.execute("INSERT INTO arrivals (n) VALUES (0)")
            writers = []
            for n in range(1, 21):
                ready = asyncio.Event()
                writers.append(asyncio.create_task(write(n, ready)))
                await ready.wait()
        await asyncio.gather(*writers)
        order = [r["n"] for r in await database.fetch_all("SELECT n FROM arrivals ORDER BY rowid")]
        await database.disconnect()
        return order

    assert asyncio.run(scenario()) == list(range(21))


async def open_every_connection(database: Database) -> set[int]:
    """Have the pool open all the connections it may, at once: the raw connections' ids."""
    seen: set[int] = set()

    async def hold() -> None:
        async with database.connection() as connection:
            seen.add(id(connection.raw_connection))
            await asyncio.sleep(0.05)

    await asyncio.gather(*(hold() for _ in range(POOL_SIZE * 2)))
    return seen


def test_sqlite_a_burst_of_writers_shares_a_few_connections(tmp_path: Path) -> None:
    """Each connection is a thread, a page cache and a parsed schema: fifty writers at once must not open fifty."""

    async def scenario() -> tuple[int, int, int]:
        database = db.create(f"sqlite+aiosqlite:///{tmp_path}/burst.db")
        await database.connect()
        await database.execute("CREATE TABLE t (n INTEGER)")
        threads = threading.active_count()
        seen = await open_every_connection(database)
        await asyncio.gather(*(database.execute("INSERT INTO t (n) VALUES (:n)", {"n": n}) for n in range(50)))
        grown = threading.active_count() - threads
        count = int(await database.fetch_val("SELECT count(*) FROM t"))
        await database.disconnect()
        return len(seen), grown, count

    assert asyncio.run(scenario()) == (POOL_SIZE, POOL_SIZE - 1, 50)


def test_sqlite_transaction_failure_gives_the_writer_turn_back(tmp_path: Path) -> None:
    async def scenario() -> int:
        database = db.create(f"sqlite+aiosqlite:///{tmp_path}/failure.db")
        await database.connect()
        await database.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")
        with contextlib.suppress(sqlite3.IntegrityError):
            async with database.transaction():
                await database.execute("INSERT INTO t (x) VALUES (1)")
                await database.execute("INSERT INTO t (x) VALUES (1)")
        await asyncio.wait_for(database.execute("INSERT INTO t (x) VALUES (2)"), timeout=5)
        count = int(await database.fetch_val("SELECT count(*) FROM t"))
        await database.disconnect()
        return count

    assert asyncio.run(scenario()) == 1


def test_sqlite_reads_see_their_own_transaction_and_only_committed_rows_of_others(tmp_path: Path) -> None:
    """Reads run on the event loop's thread, writes on aiosqlite's: one connection must still see one database."""

    async def scenario() -> tuple[int, int, int]:
        database = db.create(f"sqlite+aiosqlite:///{tmp_path}/reads.db")
        await database.connect()
        await database.execute("PRAGMA journal_mode=WAL")
        await database.execute("CREATE TABLE t (x INTEGER)")

        async def count_elsewhere() -> int:
            async with database.connection() as other:
                return int(await other.fetch_val("SELECT count(*) FROM t"))

        async with database.connection() as writer, writer.transaction():
            await writer.execute("INSERT INTO t (x) VALUES (1)")
            inside = int(await writer.fetch_val("SELECT count(*) FROM t"))
            outside = await asyncio.create_task(count_elsewhere())
        after = int(await database.fetch_val("SELECT count(*) FROM t"))
        await database.disconnect()
        return inside, outside, after

    assert asyncio.run(scenario()) == (1, 0, 1)


def test_sqlite_reads_inside_a_transaction_run_on_its_connection(tmp_path: Path) -> None:
    """`database.fetch_one` inside the task's transaction reads on the transaction's connection: it sees its rows."""

    async def scenario() -> tuple[int, bool, int, int]:
        database = db.create(f"sqlite+aiosqlite:///{tmp_path}/held.db")
        await database.connect()
        await database.execute("PRAGMA journal_mode=WAL")
        await database.execute("CREATE TABLE t (x INTEGER)")
        async with database.connection() as held, held.transaction():
            await database.execute("INSERT INTO t (x) VALUES (:x)", {"x": 7})
            seen = await database.fetch_one("SELECT count(*) AS n FROM t")
            missing = await database.fetch_one("SELECT x FROM t WHERE x = :x", {"x": 8})
            found = await database.fetch_all("SELECT x FROM t WHERE x = :x", {"x": 7})
        after = await database.fetch_all("SELECT x FROM t")  # no connection held: the usual path
        await database.disconnect()
        assert seen is not None
        return seen["n"], missing is None, found[0]["x"], len(after)

    assert asyncio.run(scenario()) == (1, True, 7, 1)


def test_sqlite_reads_outside_a_transaction_take_no_pooled_connection(tmp_path: Path) -> None:
    """A burst of reads from many tasks runs on the process's reading connection, which opens no thread; and each read
    sees what another process has just committed."""
    path = tmp_path / "reader.db"
    with contextlib.closing(sqlite3.connect(path)) as other_process:
        other_process.executescript("PRAGMA journal_mode=WAL; CREATE TABLE t (x INTEGER);")

    async def scenario() -> tuple[list[int], int, int]:
        database = db.create(f"sqlite+aiosqlite:///{path}")
        await database.connect()
        threads = threading.active_count()
        reads = [asyncio.create_task(database.fetch_val("SELECT count(*) FROM t")) for _ in range(20)]
        counts = [int(found) for found in await asyncio.gather(*reads)]
        grown = threading.active_count() - threads
        with contextlib.closing(sqlite3.connect(path)) as other_process:
            other_process.execute("INSERT INTO t (x) VALUES (1)")
            other_process.commit()
        seen = await database.fetch_one("SELECT count(*) AS n FROM t")
        await database.disconnect()
        assert seen is not None
        return counts, grown, seen["n"]

    assert asyncio.run(scenario()) == ([0] * 20, 0, 1)


def test_a_json_column_is_parsed_once_per_distinct_text() -> None:
    text = '[{"id": "1", "name": "Analytical Engines"}]'
    first = db.parsed(text)
    assert first == [{"id": "1", "name": "Analytical Engines"}]
    assert db.parsed("".join(text)) is first  # an equal text read again from the database: the same value
    assert db.parsed('{"id": "2"}') == {"id": "2"}


def test_sqlite_connecting_twice_keeps_one_reading_connection(tmp_path: Path) -> None:
    async def scenario() -> bool:
        database = db.create(f"sqlite+aiosqlite:///{tmp_path}/twice.db")
        await database.connect()
        reader = database._reader  # type: ignore[attr-defined]
        await database.connect()
        same = database._reader is reader  # type: ignore[attr-defined]
        await database.disconnect()
        return same and database._reader is None  # type: ignore[attr-defined]

    assert asyncio.run(scenario())
