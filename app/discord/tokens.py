"""Discord tokens at rest, and the one refresh at a time that rotating refresh tokens demand.

Discord's refresh tokens work once. Two concurrent refreshes with the same token would leave one of them holding a
dead token, so a refresh takes an in-process lock per Discord user and, across processes, a short lease in the
database row; whoever waits reads the winner's tokens afterwards.
"""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass
from typing import Any

from databases import Database

from app.core import db
from app.core.crypto import Box, InvalidToken
from app.discord import errors
from app.discord.client import Discord, TokenSet

REFRESH_MARGIN = 300
LEASE_SECONDS = 30


@dataclass(frozen=True)
class Fresh:
    access_token: str
    expires_at: int
    refreshed: bool


class TokenKeeper:
    def __init__(self, database: Database, discord: Discord, box: Box) -> None:
        self.database = database
        self.discord = discord
        self.box = box
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    async def save(self, discord_id: str, tokens: TokenSet) -> None:
        await self.database.execute(
            "UPDATE discord_accounts SET access_token = :a, refresh_token = :r, expires_at = :e, scopes = :s, "
            "refresh_lease_until = 0 WHERE discord_id = :d",
            {
                "a": self.box.seal(tokens.access_token),
                "r": self.box.seal(tokens.refresh_token),
                "e": tokens.expires_at,
                "s": " ".join(tokens.scopes),
                "d": discord_id,
            },
        )

    async def forget(self, discord_id: str) -> None:
        """The grant is dead (revoked or refused): never send these tokens again."""
        await self.database.execute(
            "UPDATE discord_accounts SET access_token = NULL, refresh_token = NULL, expires_at = 0 "
            "WHERE discord_id = :d",
            {"d": discord_id},
        )

    def open(self, sealed: str | None) -> str:
        if not sealed:
            raise errors.Unauthorized("No Discord token is stored.", status=401)
        try:
            return self.box.open(sealed)
        except InvalidToken as exc:
            raise errors.Unauthorized("The stored Discord token cannot be read.", status=401) from exc

    async def fresh(self, discord_id: str, sealed_access: str | None, expires_at: int) -> Fresh:
        """A usable access token, refreshed first when it expires within the margin."""
        if sealed_access and expires_at - db.now() > REFRESH_MARGIN:
            return Fresh(self.open(sealed_access), expires_at, refreshed=False)
        async with self._lock(discord_id):
            return await self._refresh_once(discord_id)

    async def refresh_rejected(self, discord_id: str, rejected: str) -> Fresh:
        """Discord refused `rejected` before its time: refresh, unless another request already did."""
        async with self._lock(discord_id):
            current = await self._read(discord_id)
            if current["access_token"] and self.open(current["access_token"]) != rejected:
                return Fresh(self.open(current["access_token"]), current["expires_at"], refreshed=False)
            if not await self._take_lease(discord_id):
                raise errors.Unavailable("Another request is refreshing your Discord session; try again.")
            return await self._refresh(discord_id, current["refresh_token"])

    def _lock(self, discord_id: str) -> asyncio.Lock:
        lock = self._locks.get(discord_id)
        if lock is None:
            lock = self._locks[discord_id] = asyncio.Lock()
        return lock

    async def _refresh_once(self, discord_id: str) -> Fresh:
        for _ in range(LEASE_SECONDS * 10):
            current = await self._read(discord_id)
            if current["access_token"] and current["expires_at"] - db.now() > REFRESH_MARGIN:
                return Fresh(self.open(current["access_token"]), current["expires_at"], refreshed=False)
            if await self._take_lease(discord_id):
                return await self._refresh(discord_id, current["refresh_token"])
            await asyncio.sleep(0.1)
        raise errors.Unavailable("Another sign-in is refreshing your Discord session; try again.")

    async def _read(self, discord_id: str) -> dict[str, Any]:
        found = db.row(
            await self.database.fetch_one(
                "SELECT access_token, refresh_token, expires_at FROM discord_accounts WHERE discord_id = :d",
                {"d": discord_id},
            )
        )
        if found is None:
            raise errors.Unauthorized("The Discord account is no longer linked.", status=401)
        return found

    async def _take_lease(self, discord_id: str) -> bool:
        now = db.now()
        taken = await self.database.fetch_val(
            "UPDATE discord_accounts SET refresh_lease_until = :until WHERE discord_id = :d "
            "AND refresh_lease_until < :now RETURNING discord_id",
            {"until": now + LEASE_SECONDS, "d": discord_id, "now": now},
        )
        return taken is not None

    async def _refresh(self, discord_id: str, sealed_refresh: str | None) -> Fresh:
        try:
            tokens = await self.discord.refresh(self.open(sealed_refresh))
        except (errors.OAuthFailed, errors.Unauthorized):
            await self.forget(discord_id)
            raise
        except errors.DiscordError:
            await self.database.execute(
                "UPDATE discord_accounts SET refresh_lease_until = 0 WHERE discord_id = :d", {"d": discord_id}
            )
            raise
        await self.save(discord_id, tokens)
        return Fresh(tokens.access_token, tokens.expires_at, refreshed=True)
