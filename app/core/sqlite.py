"""SQLite under `databases`, made fit for a web server.

`databases` 0.9 opens a connection (and its thread) per acquire, compiles every text query through SQLAlchemy, takes
three thread hops per query and begins transactions with a deferred `BEGIN`. Here: each distinct SQL text is
compiled once; a read outside a transaction runs at once on the event loop, on one connection the process keeps
for reads (the database is in WAL mode, where readers never wait, and a read never yields, so no two overlap);
a write goes to aiosqlite's thread on a pooled connection (it may wait for another process), writers of this
process queue fairly, and transactions take the write lock when they start, their reads staying on their own
connection. Rows are `Record`s: by name or position, with `_mapping` like `databases`' own.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

from databases import Database, core
from databases.backends.sqlite import SQLiteConnection, SQLiteTransaction
from sqlalchemy import text

# Connections for writes and transactions (reads outside one take none): writers take turns, so a few suffice.
POOL_SIZE = 4
# Seconds a write waits for another process's writer before "database is locked".
BUSY_TIMEOUT = 30
_WRITE = re.compile(r"\s*(insert|update|delete|replace|create|drop|alter|pragma)\b", re.IGNORECASE)
# Values the sqlite3 module binds exactly as SQLAlchemy's processors would; anything else is compiled in full.
_PLAIN = frozenset((str, int, bool, float, bytes, type(None)))


class Record(sqlite3.Row):
    @property
    def _mapping(self) -> dict[str, Any]:
        return dict(zip(self.keys(), self, strict=False))  # a row has as many values as names: no need to check


class ReusingSQLitePool:
    """At most `size` SQLite connections, kept open between requests; one left inside a transaction is closed.

    Reads outside a transaction never come here (see `SQLiteDatabase`) and writers take turns (`_WriterQueue`),
    so a few connections serve any load; without a bound each waiting writer would open its own, and with it a
    thread, a page cache and a parsed schema: 50 of them under a burst of ticket writes.
    """

    def __init__(self, pool: Any, size: int = POOL_SIZE) -> None:
        self._pool = pool
        self._size = size
        self._idle: list[Any] = []
        self._turns: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}

    async def acquire(self) -> Any:
        await self._turn().acquire()
        if self._idle:
            return self._idle.pop()
        try:
            connection = await self._pool.acquire()
        except BaseException:
            self._turn().release()
            raise
        connection.row_factory = Record
        return connection

    async def release(self, connection: Any) -> None:
        try:
            if connection.in_transaction:
                await self._pool.release(connection)
            else:
                self._idle.append(connection)
        finally:
            self._turn().release()

    def _turn(self) -> asyncio.Semaphore:
        # One per event loop, as for the writer queue: a `Database` may be used from more than one over its life.
        return self._turns.setdefault(asyncio.get_running_loop(), asyncio.Semaphore(self._size))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pool, name)

    async def close(self) -> None:
        while self._idle:
            await self._pool.release(self._idle.pop())


class _WriterQueue:
    """One writer at a time inside this process, served in arrival order.

    SQLite lets one connection write at a time; others retry in its busy handler, which is not a queue: under a
    burst of writers one of them can lose every retry until its timeout and fail with "database is locked". Waiting
    here instead is first come, first served, and leaves the busy handler only other processes to wait for. The
    lock is made per event loop because a `Database` may be used from more than one over its life.
    """

    def __init__(self) -> None:
        self._locks: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}

    def lock(self) -> asyncio.Lock:
        return self._locks.setdefault(asyncio.get_running_loop(), asyncio.Lock())


class _ImmediateTransaction(SQLiteTransaction):
    """`BEGIN IMMEDIATE`, after waiting for this process's writer queue. With the deferred `BEGIN` that databases
    sends, two transactions that read and then write fail with "database is locked" at once, without waiting."""

    _connection: _Connection

    async def start(self, is_root: bool, extra_options: dict[Any, Any]) -> None:
        if not is_root:
            await super().start(is_root, extra_options)
            return
        self._is_root = True
        await self._connection.hold_writer()
        try:
            await self._run("BEGIN IMMEDIATE")
        except BaseException:
            self._connection.release_writer()
            raise

    async def commit(self) -> None:
        await self._end(super().commit)

    async def rollback(self) -> None:
        await self._end(super().rollback)

    async def _end(self, end: Callable[[], Awaitable[None]]) -> None:
        try:
            await end()
        finally:
            if self._is_root:
                self._connection.release_writer()

    async def _run(self, sql: str) -> None:
        raw: Any = self._connection._connection
        async with raw.execute(sql) as cursor:
            await cursor.close()


class _Statements:
    """Each distinct SQL text compiled once: `:name` placeholders turned into `?`, and the order of the names."""

    def __init__(self, dialect: Any) -> None:
        self._dialect = dialect
        self._known: dict[str, tuple[str, tuple[str, ...]]] = {}

    def bound(self, written: str, values: dict[str, Any]) -> tuple[str, list[Any]] | None:
        """The SQL for the sqlite3 module and its values in order; None when a value needs SQLAlchemy's processors."""
        known = self._known.get(written)
        if known is None:
            compiled = text(written).compile(dialect=self._dialect)
            known = self._known[written] = (compiled.string, tuple(compiled.positiontup or ()))
        sql, order = known
        ordered = [values[name] for name in order]
        return (sql, ordered) if _PLAIN.issuperset(map(type, ordered)) else None


class _Connection(SQLiteConnection):
    def __init__(self, pool: Any, dialect: Any, writers: _WriterQueue, statements: _Statements) -> None:
        super().__init__(pool, dialect)
        self._writers = writers
        self._statements = statements
        self._holding: asyncio.Lock | None = None

    def transaction(self) -> _ImmediateTransaction:
        return _ImmediateTransaction(self)

    async def hold_writer(self) -> None:
        lock = self._writers.lock()
        await lock.acquire()
        self._holding = lock

    def release_writer(self) -> None:
        if self._holding is not None:
            self._holding.release()
            self._holding = None

    async def fetch_all(self, query: Any) -> list[Any]:
        sql, args = self._sql(query)
        if not _WRITE.match(sql):
            return self._read(sql, args)
        raw: Any = self._connection
        async with self._turn(sql):
            return list(await raw.execute_fetchall(sql, args))

    def _read(self, sql: str, args: list[Any]) -> list[Any]:
        # A read of a WAL database never waits for a lock and takes microseconds: done here, it costs less than the
        # trip to the connection's thread and back (two thread switches, each waiting for the GIL).
        raw: Any = self._connection
        return raw._conn.execute(sql, args).fetchall()  # type: ignore[no-any-return]

    async def fetch_one(self, query: Any) -> Any:
        found = await self.fetch_all(query)
        return found[0] if found else None

    async def execute(self, query: Any) -> Any:
        sql, args = self._sql(query)
        raw: Any = self._connection
        async with self._turn(sql):
            cursor = await raw.execute(sql, args)
        await cursor.close()
        # What `databases` answers: the new row's id after an insert, else the number of rows touched.
        return cursor.rowcount if cursor.lastrowid == 0 else cursor.lastrowid

    def _turn(self, sql: str) -> AbstractAsyncContextManager[Any]:
        if self._holding is not None or not _WRITE.match(sql):
            return nullcontext()
        return self._writers.lock()

    async def iterate(self, query: Any) -> AsyncGenerator[Any, None]:
        for found in await self.fetch_all(query):
            yield found

    def _sql(self, query: Any) -> tuple[str, list[Any]]:
        """The SQL text with `?` in place of each `:name`, and the values in that order."""
        bound = self._statements.bound(query.sql, query.values) if isinstance(query, Query) else None
        if bound is not None:
            return bound
        clause = text(query.sql).bindparams(**query.values) if isinstance(query, Query) else query
        full: Any = self._compile(clause)
        return full[0], full[1]


@dataclass(frozen=True)
class Query:
    """A query as written, `:name` placeholders and their values, not yet a SQLAlchemy clause."""

    sql: str
    values: dict[str, Any]


class _FrontConnection(core.Connection):
    @staticmethod
    def _build_query(query: Any, values: dict[str, Any] | None = None) -> Any:
        # databases builds a SQLAlchemy clause of every query, then compiles it: most of a short query's cost.
        if isinstance(query, str):
            return Query(query, values or {})
        return core.Connection._build_query(query, values)


class SQLiteDatabase(Database):
    """A `Database` whose connections pass SQL text and values to the backend as they are (see `Query`), and whose
    reads outside a transaction run at once on the process's reading connection."""

    def __init__(self, url: str) -> None:
        super().__init__(url, timeout=BUSY_TIMEOUT, check_same_thread=False)
        backend: Any = self._backend
        self._statements = _Statements(backend._dialect)
        self._reader: sqlite3.Connection | None = None
        _pool_connections(backend, self._statements)

    async def connect(self) -> None:
        await super().connect()
        if self._reader is None:  # connecting twice is allowed, and keeps the one reader
            pool: Any = self._backend._pool
            self._reader = sqlite3.connect(pool._database, isolation_level=None, **pool._options)
            self._reader.row_factory = Record

    async def disconnect(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        await super().disconnect()

    async def fetch_all(self, query: Any, values: dict[str, Any] | None = None) -> list[Any]:
        found = self._read_now(query, values)
        return found if found is not None else await super().fetch_all(query, values)

    async def fetch_one(self, query: Any, values: dict[str, Any] | None = None) -> Any:
        found = self._read_now(query, values)
        if found is None:
            return await super().fetch_one(query, values)
        return found[0] if found else None

    async def fetch_val(self, query: Any, values: dict[str, Any] | None = None, column: Any = 0) -> Any:
        found = self._read_now(query, values)
        if found is None:
            return await super().fetch_val(query, values, column)
        return found[0][column] if found else None

    def _read_now(self, query: Any, values: dict[str, Any] | None) -> list[Any] | None:
        """A read run at once on the reading connection; None when the query must take the usual path: a write, a
        SQLAlchemy clause, or a read inside this task's transaction, which must see the transaction's own rows.

        A read runs to its end without yielding to the event loop, so no two reads of the process overlap on it."""
        if self._reader is None or not isinstance(query, str) or _WRITE.match(query):
            return None
        held = self._connection
        if (held is not None and held._transaction_stack) or self._global_connection is not None:
            return None
        bound = self._statements.bound(query, values or {})
        return None if bound is None else self._reader.execute(*bound).fetchall()

    def connection(self) -> core.Connection:
        if self._global_connection is not None:
            return self._global_connection
        found = self._connection
        if found is None:
            found = self._connection = _FrontConnection(self, self._backend)
        return found

    # The task's connection in one lookup each way: `databases` looks the task up again to answer its own setter.
    @property
    def _connection(self) -> core.Connection | None:
        return self._connection_map.get(self._current_task)

    @_connection.setter
    def _connection(self, connection: core.Connection | None) -> None:
        if connection is None:
            self._connection_map.pop(self._current_task, None)
        else:
            self._connection_map[self._current_task] = connection


def _pool_connections(backend: Any, statements: _Statements) -> None:
    """Put the pool and the writer queue in place, and close the pool with the database (its threads would otherwise
    keep the process alive)."""
    pool: Any = ReusingSQLitePool(backend._pool)
    writers = _WriterQueue()
    backend._pool = pool
    backend.connection = lambda: _Connection(pool, backend._dialect, writers, statements)
    disconnect = backend.disconnect

    async def disconnect_and_close() -> None:
        await pool.close()
        await disconnect()

    backend.disconnect = disconnect_and_close
