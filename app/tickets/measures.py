"""What support teams measure over a guild's tickets: the past week's ratings, for the guild's overview."""

from __future__ import annotations

import time
from dataclasses import dataclass

from databases import Database

from app.core import db
from app.core.recent import Clock, RecentRows

WEEK = 7 * 86400


@dataclass(frozen=True)
class WeeklyRating:
    count: int
    average: float  # 0.0 when nobody rated


async def weekly_rating(database: Database, guild_id: str) -> WeeklyRating:
    found = await database.fetch_one(
        "SELECT COUNT(rating) AS n, AVG(rating) AS average FROM tickets "
        "WHERE guild_id = :g AND rated_at >= :since AND deleted_at IS NULL",
        {"g": guild_id, "since": db.now() - WEEK},
    )
    count = int(found["n"] or 0) if found else 0
    return WeeklyRating(count, round(float(found["average"]), 1) if found and count else 0.0)


class WeeklyRatings:
    """Each guild's rating over the past week. The overview shows it on every view, so it is kept a second per
    process (`RecentRows`), as the overview's other rows are; a rating given through this process shows at once."""

    def __init__(self, database: Database, clock: Clock = time.monotonic) -> None:
        self.database = database
        self._shown = RecentRows[WeeklyRating](clock)

    async def of(self, guild_id: str) -> WeeklyRating:
        return await self._shown.read(guild_id, lambda: weekly_rating(self.database, guild_id))

    def forget(self, guild_id: str) -> None:
        self._shown.forget(guild_id)
