"""What the bot sees of a guild (the guild, its channels, roles and custom emojis), through the bot token.

Cached in the database with short lifetimes, shared by every user and process; when Discord fails, the last
answer is served rather than an error. Each process also keeps the rows it has just read for a second (`RecentRows`):
every page of a guild asks whether the bot is in it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from databases import Database

from app.core import db
from app.core.recent import Clock, RecentRows
from app.core.single_flight import SingleFlight
from app.discord import errors
from app.discord.client import Discord

PRESENT_TTL = 300
ABSENT_TTL = 30
DATA_TTL = 60
TEXT_CHANNEL_TYPES = (0, 5)  # GUILD_TEXT, GUILD_ANNOUNCEMENT: where the bot can post a panel


def text_channels(channels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The channels a panel can be published in."""
    return [c for c in channels if c.get("type") in TEXT_CHANNEL_TYPES]


class BotView:
    def __init__(self, database: Database, discord: Discord, clock: Clock = time.monotonic) -> None:
        self.database = database
        self.discord = discord
        self._flights = SingleFlight[Any]()  # a burst of page views on a cold cache makes one call, not one each
        self._recent = RecentRows[dict[str, Any] | None](clock)

    async def guild(self, guild_id: str, *, max_age: int = PRESENT_TTL) -> dict[str, Any] | None:
        """The guild as the bot sees it (an answer at most `max_age` seconds old), or None when the bot is not in it."""
        found = await self._cached(f"guild:{guild_id}", max_age, lambda: self._guild(guild_id))
        return found if isinstance(found, dict) and found else None

    async def _guild(self, guild_id: str) -> Any:
        try:
            return await self.discord.request("GET", f"/guilds/{guild_id}")
        except (errors.NotFound, errors.Forbidden):
            return {}

    async def channels(self, guild_id: str) -> list[dict[str, Any]]:
        found = await self._cached(
            f"channels:{guild_id}", DATA_TTL, lambda: self.discord.request("GET", f"/guilds/{guild_id}/channels")
        )
        return sorted(found or [], key=lambda c: (c.get("position", 0), c.get("name", "")))

    async def roles(self, guild_id: str) -> list[dict[str, Any]]:
        found = await self._cached(
            f"roles:{guild_id}", DATA_TTL, lambda: self.discord.request("GET", f"/guilds/{guild_id}/roles")
        )
        return sorted(found or [], key=lambda r: -int(r.get("position", 0)))

    async def emojis(self, guild_id: str) -> list[dict[str, Any]]:
        found = await self._cached(
            f"emojis:{guild_id}", DATA_TTL, lambda: self.discord.request("GET", f"/guilds/{guild_id}/emojis")
        )
        return list(found or [])

    async def user(self) -> dict[str, Any] | None:
        """The bot's own user (name, avatar), as its messages show it; None when Discord cannot say just now."""
        try:
            found = await self._cached("user:@me", DATA_TTL, lambda: self.discord.request("GET", "/users/@me"))
        except errors.DiscordError:
            return None
        return found if isinstance(found, dict) else None

    async def _cached(self, key: str, ttl: int, fetch: Callable[[], Awaitable[Any]]) -> Any:
        row = await self._row(key)
        cached = db.parsed(row["body"]) if row else None
        if row and db.now() - row["fetched_at"] < (ttl if cached != {} else min(ttl, ABSENT_TTL)):
            return cached
        try:
            return await self._flights.run(key, lambda: self._fetch_and_store(key, fetch))
        except errors.DiscordError:
            if row is None:
                raise
            return cached

    async def _row(self, key: str) -> dict[str, Any] | None:
        return await self._recent.read(key, lambda: self._read(key))

    async def _read(self, key: str) -> dict[str, Any] | None:
        return db.row(
            await self.database.fetch_one("SELECT body, fetched_at FROM bot_cache WHERE key = :k", {"k": key})
        )

    async def _fetch_and_store(self, key: str, fetch: Callable[[], Awaitable[Any]]) -> Any:
        body = await fetch()
        await self._store(key, body)
        return body

    async def _store(self, key: str, body: Any) -> None:
        row = {"body": json.dumps(body), "fetched_at": db.now()}
        await self.database.execute(
            "INSERT INTO bot_cache (key, body, fetched_at) VALUES (:k, :body, :fetched_at) "
            "ON CONFLICT (key) DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at",
            {"k": key, **row},
        )
        self._recent.store(key, row)
