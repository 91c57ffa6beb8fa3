"""What support teams measure over a guild's tickets: the past week's ratings, for the guild's overview."""

from __future__ import annotations

from dataclasses import dataclass

from databases import Database

from app.core import db

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
