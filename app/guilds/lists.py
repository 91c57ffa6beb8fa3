"""Each Discord user's guild list, cached in the database so every process shares it.

At most one `/users/@me/guilds` call per user per TTL, whatever the traffic: concurrent requests in a process share
one call (single flight), and across processes a lease in the row lets one fetch while the others wait for its
result. A 429 is honoured (nobody asks again before `retry_at`) and, like a 5xx or a time-out, answered with the
last list and a notice. A 401 propagates: the caller refreshes the token once, then ends the session.
"""

from __future__ import annotations

import asyncio
import json
import math
from dataclasses import dataclass
from typing import Any

from databases import Database

from app.core import db
from app.core.single_flight import SingleFlight
from app.discord import errors
from app.discord.client import Discord

LEASE_SECONDS = 10
WAIT_STEP = 0.05
KEPT_FIELDS = ("id", "name", "icon", "owner", "permissions")


@dataclass(frozen=True)
class GuildList:
    guilds: tuple[dict[str, Any], ...]
    fetched_at: int
    notice: str = ""


class GuildsUnavailable(Exception):
    """Discord would not give the list and there is no earlier one to show."""

    def __init__(self, message: str, retry_after: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


RATE_LIMITED = "Discord asked Guildhall to slow down, so this list may be up to {age} old."
UNREACHABLE = "Discord is not answering right now, so this list may be up to {age} old."


def _age(seconds: int) -> str:
    return f"{seconds} seconds" if seconds < 120 else f"{seconds // 60} minutes"


class GuildLists:
    def __init__(self, database: Database, discord: Discord) -> None:
        self.database = database
        self.discord = discord
        self._flights = SingleFlight[GuildList]()

    async def get(
        self, discord_id: str, access_token: str, max_age: int, row: dict[str, Any] | None = None
    ) -> GuildList:
        """The list at most `max_age` seconds old. `row`: the user's row as read moments ago (with the session), which
        saves reading it again; a row of defaults stands for none at all."""
        cached = row if row is not None else await self._read(discord_id)
        now = db.now()
        if cached and now - cached["fetched_at"] < max_age:
            return _as_list(cached)
        if cached and cached["retry_at"] > now:
            return _stale(cached, RATE_LIMITED, retry_after=cached["retry_at"] - now)
        return await self._flights.run(discord_id, lambda: self._fetch(discord_id, access_token, cached))

    async def _fetch(self, discord_id: str, access_token: str, cached: dict[str, Any] | None) -> GuildList:
        if not await self._take_lease(discord_id, cached["fetched_at"] if cached else 0):
            return await self._await_other_process(discord_id, cached)
        try:
            guilds = await self.discord.my_guilds(access_token)
        except errors.RateLimited as exc:
            await self._release(discord_id, retry_at=db.now() + math.ceil(exc.retry_after))
            return _stale(cached, RATE_LIMITED, retry_after=math.ceil(exc.retry_after))
        except errors.Unauthorized:
            await self._release(discord_id)
            raise
        except errors.DiscordError:
            await self._release(discord_id)
            return _stale(cached, UNREACHABLE)
        return await self._store(discord_id, guilds)

    async def _await_other_process(self, discord_id: str, cached: dict[str, Any] | None) -> GuildList:
        before = cached["fetched_at"] if cached else 0
        for _ in range(int(LEASE_SECONDS / WAIT_STEP)):
            current = await self._read(discord_id)
            if current and current["fetched_at"] > before:
                return _as_list(current)
            if current and current["lease_until"] < db.now():
                break
            await asyncio.sleep(WAIT_STEP)
        return _stale(cached, UNREACHABLE)

    async def _read(self, discord_id: str) -> dict[str, Any] | None:
        return db.row(
            await self.database.fetch_one(
                "SELECT guilds, fetched_at, lease_until, retry_at FROM guild_lists WHERE discord_id = :d",
                {"d": discord_id},
            )
        )

    async def _take_lease(self, discord_id: str, seen: int) -> bool:
        """Lead the fetch, unless another process leads it, or has just stored a list newer than the one `seen`."""
        now = db.now()
        taken = await self.database.fetch_val(
            "INSERT INTO guild_lists (discord_id, lease_until) VALUES (:d, :until) "
            "ON CONFLICT (discord_id) DO UPDATE SET lease_until = excluded.lease_until "
            "WHERE guild_lists.lease_until < :now AND guild_lists.fetched_at <= :seen RETURNING discord_id",
            {"d": discord_id, "until": now + LEASE_SECONDS, "now": now, "seen": seen},
        )
        return taken is not None

    async def _release(self, discord_id: str, retry_at: int = 0) -> None:
        await self.database.execute(
            "UPDATE guild_lists SET lease_until = 0, retry_at = :r WHERE discord_id = :d",
            {"r": retry_at, "d": discord_id},
        )

    async def _store(self, discord_id: str, guilds: list[dict[str, Any]]) -> GuildList:
        kept = tuple({key: guild.get(key) for key in KEPT_FIELDS} for guild in guilds)
        now = db.now()
        await self.database.execute(
            "UPDATE guild_lists SET guilds = :g, fetched_at = :t, lease_until = 0, retry_at = 0 WHERE discord_id = :d",
            {"g": json.dumps(kept), "t": now, "d": discord_id},
        )
        return GuildList(kept, now)

    async def forget(self, discord_id: str) -> None:
        await self.database.execute("DELETE FROM guild_lists WHERE discord_id = :d", {"d": discord_id})


def _as_list(row: dict[str, Any], notice: str = "") -> GuildList:
    return GuildList(tuple(db.parsed(row["guilds"])), row["fetched_at"], notice)


def _stale(cached: dict[str, Any] | None, notice: str, retry_after: int = 5) -> GuildList:
    if not cached or not cached["fetched_at"]:
        raise GuildsUnavailable(
            "Discord is not giving out your server list right now. Please try again in a moment.", retry_after
        )
    return _as_list(cached, notice.format(age=_age(db.now() - cached["fetched_at"])))
