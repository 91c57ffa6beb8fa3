"""Guild repository links and the short-lived repository lists they are chosen from (never kept in a cookie)."""

from __future__ import annotations

import json
import time
from typing import Any

from databases import Database

from app.core import db
from app.core.crypto import Box
from app.core.recent import Clock, RecentRows

CHOICE_LIFETIME = 15 * 60


async def keep_choice(
    database: Database, box: Box, *, user_id: int, guild_id: str, login: str, token: str, repos: list[dict[str, Any]]
) -> None:
    await database.execute(
        "DELETE FROM github_choices WHERE (user_id = :u AND guild_id = :g) OR expires_at < :now",
        {"u": user_id, "g": guild_id, "now": db.now()},
    )
    await database.execute(
        "INSERT INTO github_choices (user_id, guild_id, github_login, access_token, repositories, expires_at) "
        "VALUES (:u, :g, :l, :t, :r, :e)",
        {
            "u": user_id,
            "g": guild_id,
            "l": login,
            "t": box.seal(token),
            "r": json.dumps(repos),
            "e": db.now() + CHOICE_LIFETIME,
        },
    )


async def choice(database: Database, *, user_id: int, guild_id: str) -> dict[str, Any] | None:
    found = db.row(
        await database.fetch_one(
            "SELECT * FROM github_choices WHERE user_id = :u AND guild_id = :g AND expires_at >= :now",
            {"u": user_id, "g": guild_id, "now": db.now()},
        )
    )
    if found:
        found["repositories"] = json.loads(found["repositories"])
    return found


def matching(repos: list[dict[str, Any]], query: str) -> list[dict[str, Any]]:
    wanted = query.strip().lower()
    return [repo for repo in repos if wanted in str(repo.get("full_name", "")).lower()]


class RepositoryLinks:
    """Each guild's linked repository. The guild overview shows it on every view, so what it shows is kept a second
    per process (`RecentRows`); this process's own links and unlinks show at once."""

    def __init__(self, database: Database, clock: Clock = time.monotonic) -> None:
        self.database = database
        self._shown = RecentRows[dict[str, Any] | None](clock)

    async def linked(self, guild_id: str) -> dict[str, Any] | None:
        """The whole link, read now (with its sealed token): for the pages that manage it."""
        return db.row(
            await self.database.fetch_one(
                "SELECT r.guild_id, r.repository_id, r.full_name, r.url, r.default_branch, r.github_login, "
                "r.linked_at, r.access_token, u.username AS linked_by FROM guild_repositories r "
                "LEFT JOIN users u ON u.id = r.linked_by WHERE r.guild_id = :g",
                {"g": guild_id},
            )
        )

    async def shown(self, guild_id: str) -> dict[str, Any] | None:
        """The repository's name and address, as the overview shows them (nothing secret is kept)."""
        return await self._shown.read(guild_id, lambda: self._summary(guild_id))

    async def _summary(self, guild_id: str) -> dict[str, Any] | None:
        found = await self.linked(guild_id)
        return {"full_name": found["full_name"], "url": found["url"]} if found else None

    async def save(self, *, guild_id: str, repo: dict[str, Any], chosen: dict[str, Any], user_id: int) -> None:
        """Link the chosen repository (the choice's sealed token moves with it) and drop the temporary list."""
        params = _link_values(guild_id, repo, chosen, user_id)
        async with self.database.transaction():
            await self.database.execute("DELETE FROM guild_repositories WHERE guild_id = :g", {"g": guild_id})
            await self.database.execute(
                "INSERT INTO guild_repositories (guild_id, repository_id, full_name, url, default_branch, "
                "github_login, access_token, linked_by, linked_at) VALUES (:g, :i, :n, :url, :b, :l, :t, :u, :at)",
                params,
            )
            await self.database.execute(
                "DELETE FROM github_choices WHERE user_id = :u AND guild_id = :g", {"u": user_id, "g": guild_id}
            )
        self._shown.forget(guild_id)

    async def unlink(self, guild_id: str) -> None:
        await self.database.execute("DELETE FROM guild_repositories WHERE guild_id = :g", {"g": guild_id})
        self._shown.forget(guild_id)


def _link_values(guild_id: str, repo: dict[str, Any], chosen: dict[str, Any], user_id: int) -> dict[str, Any]:
    return {
        "g": guild_id,
        "i": int(repo["id"]),
        "n": str(repo["full_name"]),
        "url": str(repo["html_url"]),
        "b": str(repo.get("default_branch") or "main"),
        "l": chosen["github_login"],
        "t": chosen["access_token"],
        "u": user_id,
        "at": db.now(),
    }
