"""Share links: read-only access to one entry's preview and JSON, for anyone holding the link, until it expires
or a manager revokes it.

A link names a row of `builder_shares` (signed, so ids cannot be guessed); the row says which entry, until when,
and whether it was revoked. Nothing in the link gives access to anything else of the guild.
"""

from __future__ import annotations

from dataclasses import dataclass

from databases import Database

from app.builder.storage import library
from app.builder.storage.library import Item
from app.core import db

DAY = 86_400
LIFETIMES = {1: "1 day", 7: "7 days", 30: "30 days"}  # days -> words, the choices offered
LONGEST = max(LIFETIMES) * DAY
MAX_ACTIVE = 20  # per entry: enough for any real need, and a bound on the list shown in the editor


@dataclass(frozen=True)
class Share:
    id: int
    item_id: int
    created_at: int
    expires_at: int
    created_by_name: str


class TooMany(Exception):
    """The entry already has MAX_ACTIVE links that still open."""


async def create(database: Database, item: Item, user_id: int, days: int) -> int:
    """A new link to `item` that opens for `days` days; its row id."""
    if len(await active(database, item.id)) >= MAX_ACTIVE:
        raise TooMany
    at = db.now()
    share_id = await database.fetch_val(
        "INSERT INTO builder_shares (item_id, guild_id, created_by, created_at, expires_at) "
        "VALUES (:i, :g, :u, :t, :e) RETURNING id",
        {"i": item.id, "g": item.guild_id, "u": user_id, "t": at, "e": at + days * DAY},
    )
    return int(share_id)


async def active(database: Database, item_id: int) -> list[Share]:
    """The entry's links that still open, newest first."""
    found = await database.fetch_all(
        "SELECT s.id, s.item_id, s.created_at, s.expires_at, "
        "COALESCE(u.display_name, u.username, '') AS created_by_name "
        "FROM builder_shares s LEFT JOIN users u ON u.id = s.created_by "
        "WHERE s.item_id = :i AND s.revoked_at IS NULL AND s.expires_at > :t ORDER BY s.id DESC",
        {"i": item_id, "t": db.now()},
    )
    return [Share(**row) for row in db.rows(found)]


async def revoke(database: Database, item: Item, share_id: int) -> bool:
    """Stop the link from opening; False when it is not one of `item`'s open links (already revoked, say)."""
    done = await database.fetch_val(
        "UPDATE builder_shares SET revoked_at = :t WHERE id = :s AND item_id = :i AND revoked_at IS NULL RETURNING id",
        {"t": db.now(), "s": share_id, "i": item.id},
    )
    return done is not None


async def opened(database: Database, share_id: int) -> tuple[Share, Item] | None:
    """The link's row and its entry, while the link opens (not revoked, not expired, the entry not in the bin)."""
    found = db.row(
        await database.fetch_one(
            "SELECT id, item_id, guild_id, created_at, expires_at FROM builder_shares "
            "WHERE id = :s AND revoked_at IS NULL AND expires_at > :t",
            {"s": share_id, "t": db.now()},
        )
    )
    if found is None:
        return None
    item = await library.get(database, found.pop("guild_id"), found["item_id"])
    return None if item is None else (Share(**found, created_by_name=""), item)
