"""A fixed-window counter per key, kept in the database so every process sees the same count.

`hit` counts one event and says whether it is still within the limit; `peek` says the same without counting (to
refuse before doing the work), and `clear` forgets a key (a correct password clears its account's failures).
`counting` lists the live counters whose keys share a prefix, and `clear_prefix` forgets them (an administrator
lifting an account's lockouts).
"""

from __future__ import annotations

from dataclasses import dataclass

from databases import Database

from app.core import db

# One statement, so two processes counting the same key at once cannot both start a fresh window.
_HIT = """
INSERT INTO throttles (key, window_start, hits) VALUES (:key, :now, 1)
ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN throttles.window_start <= :cutoff THEN 1 ELSE throttles.hits + 1 END,
    window_start = CASE WHEN throttles.window_start <= :cutoff THEN :now ELSE throttles.window_start END
RETURNING window_start, hits
"""


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int
    left: int = 0  # events still allowed in this window after this one: 0 on the last allowed one


@dataclass(frozen=True)
class Count:
    key: str
    hits: int
    retry_after: int  # seconds until the window ends


def _decide(window_start: int, hits: int, limit: int, window_seconds: int, now: int) -> Decision:
    if hits <= limit:
        return Decision(True, 0, limit - hits)
    return Decision(False, max(1, window_start + window_seconds - now))


async def hit(database: Database, key: str, limit: int, window_seconds: int) -> Decision:
    """Count one event for `key`; allowed while at most `limit` events fell in the current window."""
    now = db.now()
    found = db.row(await database.fetch_one(_HIT, {"key": key, "now": now, "cutoff": now - window_seconds}))
    assert found is not None
    return _decide(int(found["window_start"]), int(found["hits"]), limit, window_seconds, now)


async def peek(database: Database, key: str, limit: int, window_seconds: int) -> Decision:
    """Would one more event be allowed? Counts nothing."""
    now = db.now()
    found = db.row(await database.fetch_one("SELECT window_start, hits FROM throttles WHERE key = :key", {"key": key}))
    if found is None or int(found["window_start"]) <= now - window_seconds:
        return Decision(True, 0)
    return _decide(int(found["window_start"]), int(found["hits"]) + 1, limit, window_seconds, now)


async def clear(database: Database, key: str) -> None:
    await database.execute("DELETE FROM throttles WHERE key = :key", {"key": key})


async def counting(database: Database, prefix: str, window_seconds: int) -> list[Count]:
    """The counters of the current window whose key starts with `prefix`."""
    now = db.now()
    found = await database.fetch_all(
        "SELECT key, hits, window_start FROM throttles WHERE substr(key, 1, :n) = :p AND window_start > :cutoff "
        "ORDER BY key",
        {"n": len(prefix), "p": prefix, "cutoff": now - window_seconds},
    )
    return [Count(row["key"], int(row["hits"]), int(row["window_start"]) + window_seconds - now) for row in found]


async def clear_prefix(database: Database, prefix: str) -> None:
    await database.execute("DELETE FROM throttles WHERE substr(key, 1, :n) = :p", {"n": len(prefix), "p": prefix})
