"""Rows a process has just read, trusted for a second without reading them again.

Every page of a busy guild asks the database the same questions (is the bot in it, which repository is linked). A
process keeps each answer it has just read for RECENT_SECONDS: another process's change shows within that second,
this process's own at once, because whoever changes a row here stores or forgets it in the same step.
The clock is the process's monotonic one unless the maker gives another (a test moves its own by hand).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from cachetools import TTLCache

RECENT_SECONDS = 1.0
RECENT_KEPT = 1024  # rows per kind; the least recently used goes first

Row = TypeVar("Row")
Clock = Callable[[], float]
_UNREAD = object()  # not read lately, unlike a row read and found missing (None)


class RecentRows(Generic[Row]):
    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._rows = TTLCache[str, Row](RECENT_KEPT, RECENT_SECONDS, timer=clock)

    async def read(self, key: str, load: Callable[[], Awaitable[Row]]) -> Row:
        """The row read within the last second, else `load()`'s answer, kept."""
        found = self._rows.get(key, _UNREAD)
        if found is not _UNREAD:
            return found  # type: ignore[return-value]
        row = await load()
        self._rows[key] = row
        return row

    def store(self, key: str, row: Row) -> None:
        self._rows[key] = row

    def forget(self, key: str) -> None:
        self._rows.pop(key, None)
