"""Re-encrypt every sealed column with the first of ENCRYPTION_KEYS, so that older keys can be retired."""

from __future__ import annotations

from databases import Database

from app.core.crypto import Box

# Every column that holds a value sealed with the Box: (table, key column, sealed column).
SEALED = (
    ("discord_accounts", "discord_id", "access_token"),
    ("discord_accounts", "discord_id", "refresh_token"),
    ("totp", "user_id", "secret"),
    ("totp", "user_id", "reveal"),
    ("github_choices", "user_id, guild_id", "access_token"),
    ("guild_repositories", "guild_id", "access_token"),
)


async def rotate(database: Database, box: Box) -> int:
    """Rewrite every sealed value under the primary key; returns how many values were rewritten."""
    rewritten = 0
    for table, keys, column in SEALED:
        names = [name.strip() for name in keys.split(",")]
        rows = await database.fetch_all(f"SELECT {keys}, {column} FROM {table} WHERE {column} IS NOT NULL")  # noqa: S608
        where = " AND ".join(f"{name} = :{name}" for name in names)
        for row in rows:
            params = {name: row[name] for name in names}
            await database.execute(
                f"UPDATE {table} SET {column} = :sealed WHERE {where}",  # noqa: S608 - names from SEALED only
                {**params, "sealed": box.rotate(row[column])},
            )
            rewritten += 1
    return rewritten
