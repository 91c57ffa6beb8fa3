"""A guild's ticket settings: the first-response target, the auto-close delay, whether to ask for ratings."""

from __future__ import annotations

from dataclasses import dataclass

from databases import Database

from app.core import db

TARGET_MAX_MINUTES = 7 * 24 * 60
AUTO_CLOSE_MAX_DAYS = 365
REPLY_IN = {"dm": "By direct message from the bot", "thread": "In a private thread of the channel the ticket came from"}


@dataclass(frozen=True)
class TicketSettings:
    first_response_minutes: int = 0  # 0: no target
    auto_close_days: int = 0  # 0: never
    ask_rating: bool = True
    reply_in: str = "dm"  # or "thread": a private thread of the ticket's channel
    revision: int = 0  # the board's revision (its ETag, see board_routes.py), read in the same query
    swept_at: int = 0


async def read(database: Database, guild_id: str) -> TicketSettings:
    found = db.row(
        await database.fetch_one(
            "SELECT first_response_minutes, auto_close_days, ask_rating, reply_in, revision, swept_at "
            "FROM ticket_guilds WHERE guild_id = :g",
            {"g": guild_id},
        )
    )
    if found is None:
        return TicketSettings()
    return TicketSettings(
        int(found["first_response_minutes"]),
        int(found["auto_close_days"]),
        bool(found["ask_rating"]),
        str(found["reply_in"]),
        int(found["revision"]),
        int(found["swept_at"]),
    )


async def save(database: Database, guild_id: str, chosen: TicketSettings) -> None:
    params = {
        "g": guild_id,
        "f": chosen.first_response_minutes,
        "a": chosen.auto_close_days,
        "r": chosen.ask_rating,
        "i": chosen.reply_in,
    }
    await database.execute(
        "INSERT INTO ticket_guilds (guild_id, first_response_minutes, auto_close_days, ask_rating, reply_in) "
        "VALUES (:g, :f, :a, :r, :i) ON CONFLICT (guild_id) DO UPDATE SET first_response_minutes = :f, "
        "auto_close_days = :a, ask_rating = :r, reply_in = :i, revision = ticket_guilds.revision + 1",
        params,
    )


def parse(fields: dict[str, str]) -> tuple[TicketSettings, dict[str, str]]:
    """The settings form's fields; returns (settings, problems by field)."""
    problems: dict[str, str] = {}
    target = _whole(fields.get("first_response_minutes", "0"), TARGET_MAX_MINUTES)
    days = _whole(fields.get("auto_close_days", "0"), AUTO_CLOSE_MAX_DAYS)
    if target is None:
        problems["first_response_minutes"] = (
            f"Give a whole number of minutes from 0 (no target) to {TARGET_MAX_MINUTES}."
        )
    if days is None:
        problems["auto_close_days"] = f"Give a whole number of days from 0 (never) to {AUTO_CLOSE_MAX_DAYS}."
    reply_in = fields.get("reply_in", "dm")
    if reply_in not in REPLY_IN:
        problems["reply_in"] = "Choose where replies go."
    chosen = TicketSettings(
        target or 0, days or 0, fields.get("ask_rating") == "1", reply_in if reply_in in REPLY_IN else "dm"
    )
    return chosen, problems


def _whole(raw: str, maximum: int) -> int | None:
    text = raw.strip() or "0"
    return int(text) if text.isascii() and text.isdigit() and int(text) <= maximum else None
