"""PostgreSQL's `Database`: every text value is made storable before it is bound.

PostgreSQL's text cannot hold the NUL character (SQLite's can), and asyncpg refuses a whole query that carries one.
No keyboard types it, but anything may arrive in a request, so a NUL in a value is bound as U+FFFD, the character
HTML parsers put in its place: a lookup finds nothing and a write stores the rest as typed, where the request
would otherwise fail.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from databases import Database

NUL, REPLACEMENT = "\x00", "\ufffd"


def storable(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """`values` with each NUL in a text replaced; the same dict when there is none (most queries)."""
    if values is None or not any(isinstance(v, str) and NUL in v for v in values.values()):
        return values
    return {k: v.replace(NUL, REPLACEMENT) if isinstance(v, str) else v for k, v in values.items()}


class PostgresDatabase(Database):
    async def fetch_all(self, query: Any, values: dict[str, Any] | None = None) -> list[Any]:
        return await super().fetch_all(query, storable(values))

    async def fetch_one(self, query: Any, values: dict[str, Any] | None = None) -> Any:
        return await super().fetch_one(query, storable(values))

    async def fetch_val(self, query: Any, values: dict[str, Any] | None = None, column: Any = 0) -> Any:
        return await super().fetch_val(query, storable(values), column)

    async def execute(self, query: Any, values: dict[str, Any] | None = None) -> Any:
        return await super().execute(query, storable(values))

    async def execute_many(self, query: Any, values: list[dict[str, Any]]) -> None:
        await super().execute_many(query, [storable(v) or {} for v in values])

    async def iterate(self, query: Any, values: dict[str, Any] | None = None) -> AsyncGenerator[Any, None]:
        async for record in super().iterate(query, storable(values)):
            yield record
