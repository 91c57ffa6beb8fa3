"""Keeping tickets: opening one (numbered per guild), reading one, and the board's columns.

A ticket's number comes from its guild's `ticket_guilds` row, raised with one `UPDATE ... RETURNING` inside the
transaction that inserts the ticket: the row lock (PostgreSQL) or the write lock (SQLite) makes concurrent tickets
wait for each other, so numbers are never shared or skipped, whatever the number of processes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from databases import Database

from app.core import db
from app.tickets import events
from app.tickets.model import OPEN_STATUSES, Filters

CLOSED_PER_PAGE = 20
OPEN_COLUMN_MAX = 25

_CARD_COLUMNS = (
    "t.id, t.number, t.status, t.title, t.answers, t.opener_id, t.opener_name, t.opener_avatar, t.assignee_id, "
    "u.username AS assignee_name, t.labels, t.revision, t.last_word, t.created_at, t.updated_at, "
    "t.first_response_at, t.closed_at, t.rating"
)
_FROM = " FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id "
_CARD = f"SELECT {_CARD_COLUMNS}{_FROM}"
# A ticket's page needs a few more columns than its card.
_FULL = (
    f"SELECT {_CARD_COLUMNS}, t.guild_id, t.source, t.form_id, t.channel_id, t.close_reason, t.waiting_since, "
    f"t.rated_at, t.reply_channel_id, t.deleted_at{_FROM}"
)


@dataclass(frozen=True)
class Opener:
    discord_id: str
    name: str
    avatar: str | None


@dataclass(frozen=True)
class NewTicket:
    guild_id: str
    source: str  # "form" or "button"
    opener: Opener
    title: str
    answers: dict[str, str]
    channel_id: str = ""
    form_id: int | None = None
    response_id: int | None = None


async def open_ticket(database: Database, new: NewTicket) -> tuple[int, int]:
    """Insert the ticket with the guild's next number; returns (id, number)."""
    async with database.transaction():
        number = await take_number(database, new.guild_id)
        ticket_id = await database.fetch_val(
            "INSERT INTO tickets (guild_id, number, title, source, form_id, response_id, opener_id, opener_name, "
            "opener_avatar, channel_id, answers, created_at, updated_at) VALUES (:g, :n, :title, :s, :f, :r, :o, "
            ":on, :oa, :c, :a, :t, :t) RETURNING id",
            {
                "g": new.guild_id,
                "n": number,
                "title": new.title,
                "s": new.source,
                "f": new.form_id,
                "r": new.response_id,
                "o": new.opener.discord_id,
                "on": new.opener.name,
                "oa": new.opener.avatar,
                "c": new.channel_id,
                "a": json.dumps(new.answers),
                "t": db.now(),
            },
        )
        await events.add(database, int(ticket_id), "opened")
    return int(ticket_id), number


async def take_number(database: Database, guild_id: str) -> int:
    await database.execute(
        "INSERT INTO ticket_guilds (guild_id) VALUES (:g) ON CONFLICT (guild_id) DO NOTHING", {"g": guild_id}
    )
    number = await database.fetch_val(
        "UPDATE ticket_guilds SET next_number = next_number + 1, revision = revision + 1 WHERE guild_id = :g "
        "RETURNING next_number - 1",
        {"g": guild_id},
    )
    return int(number)


async def get(database: Database, guild_id: str, number: int, *, binned: bool = False) -> dict[str, Any] | None:
    """The guild's ticket by its number (in the bin only when `binned`)."""
    found = db.row(
        await database.fetch_one(
            f"{_FULL}WHERE t.guild_id = :g AND t.number = :n",
            {"g": guild_id, "n": number},
        )
    )
    if found is None or (found["deleted_at"] is not None) != binned:
        return None
    found["answers"] = json.loads(found["answers"])
    return found


def _where(filters: Filters, user_id: int) -> tuple[str, dict[str, Any]]:
    """The board's filters as SQL: fixed text only, every value bound."""
    clauses = ["t.guild_id = :g", "t.deleted_at IS NULL"]
    params: dict[str, Any] = {}
    if filters.assignee == "me":
        clauses.append("t.assignee_id = :me")
        params["me"] = user_id
    elif filters.assignee == "nobody":
        clauses.append("t.assignee_id IS NULL")
    if filters.label:
        clauses.append("(',' || t.labels || ',') LIKE :label")
        params["label"] = f"%,{filters.label},%"
    if filters.text:
        clauses.append("(lower(t.title) LIKE :q OR lower(t.opener_name) LIKE :q OR lower(t.answers) LIKE :q)")
        params["q"] = "%" + filters.text.lower().replace("\\", "").replace("%", "").replace("_", "") + "%"
    return " AND ".join(clauses), params


async def board(database: Database, guild_id: str, filters: Filters, user_id: int) -> dict[str, Any]:
    """The open columns (oldest first, at most OPEN_COLUMN_MAX each, with how many each holds) and one page of
    closed tickets (newest first)."""
    where, params = _where(filters, user_id)
    params["g"] = guild_id
    opened = db.rows(
        await database.fetch_all(
            f"{_CARD}WHERE {where} AND t.status IN ('open', 'in_progress', 'waiting') ORDER BY t.created_at, t.id",
            params,
        )
    )
    closed = db.rows(
        await database.fetch_all(
            f"{_CARD}WHERE {where} AND t.status = 'closed' "
            "ORDER BY t.closed_at DESC, t.id DESC LIMIT :limit OFFSET :offset",
            {**params, "limit": CLOSED_PER_PAGE + 1, "offset": (filters.page - 1) * CLOSED_PER_PAGE},
        )
    )
    by_status = {status: [row for row in opened if row["status"] == status] for status in OPEN_STATUSES}
    columns = {status: rows[:OPEN_COLUMN_MAX] for status, rows in by_status.items()}
    columns["closed"] = closed[:CLOSED_PER_PAGE]
    counts = {status: len(rows) for status, rows in by_status.items()}
    return {"columns": columns, "counts": counts, "more_closed": len(closed) > CLOSED_PER_PAGE}


async def all_labels(database: Database, guild_id: str) -> list[str]:
    """Every label in use on the guild's tickets, for the filter's list."""
    found = await database.fetch_all(
        "SELECT DISTINCT labels FROM tickets WHERE guild_id = :g AND deleted_at IS NULL AND labels != ''",
        {"g": guild_id},
    )
    return sorted({label for row in found for label in str(row["labels"]).split(",") if label})
