"""Who a ticket may be handed to: the people Guildhall last saw in the guild with the right to work its tickets
(managing it, or a member holding `tickets`), read from their cached guild lists."""

from __future__ import annotations

from typing import Any

from databases import Database

from app.core import db
from app.guilds.rights import can_manage

_CANDIDATES = """
SELECT u.id, u.username, g.guilds,
       EXISTS (SELECT 1 FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id
               JOIN permissions p ON p.id = rp.permission_id WHERE ur.user_id = u.id AND p.name = 'tickets') AS holds
FROM guild_lists g JOIN discord_accounts d ON d.discord_id = g.discord_id JOIN users u ON u.id = d.user_id
WHERE u.disabled = FALSE AND g.guilds LIKE :seen ORDER BY lower(u.username), u.id
"""


async def team(database: Database, guild_id: str) -> list[dict[str, Any]]:
    """id and username of everyone who may work the guild's tickets, by name."""
    found = db.rows(await database.fetch_all(_CANDIDATES, {"seen": f"%{guild_id}%"}))
    return [{"id": row["id"], "username": row["username"]} for row in found if _may_work(row, guild_id)]


def _may_work(row: dict[str, Any], guild_id: str) -> bool:
    guilds = db.parsed(row["guilds"])
    entry = (
        next((g for g in guilds if isinstance(g, dict) and g.get("id") == guild_id), None)
        if isinstance(guilds, list)
        else None
    )
    return entry is not None and (bool(row["holds"]) or can_manage(entry))
