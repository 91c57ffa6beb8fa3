"""One call in flight per key: concurrent callers share its result instead of each asking Discord.

The first caller for a key runs the call; the others, arriving while it runs, await the same result (or exception).
Per process; across processes the caches that use this keep a lease in the database.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class SingleFlight(Generic[T]):
    def __init__(self) -> None:
        self._inflight: dict[str, asyncio.Future[T]] = {}

    async def run(self, key: str, call: Callable[[], Awaitable[T]]) -> T:
        flight = self._inflight.get(key)
        if flight is not None:
            # Shielded: a follower that gives up (its client went away) must not cancel the leader's call.
            return await asyncio.shield(flight)
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            result = await call()
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # followers re-raise it; this marks it retrieved when there are none
            raise
        finally:
            del self._inflight[key]
        future.set_result(result)
        return result
