"""Register Guildhall's slash commands with Discord, globally or for one guild (which updates at once)."""

from __future__ import annotations

from typing import Any

import httpx2

from app.core import tls
from app.discord.client import Discord
from app.interactions.linking import COMMANDS
from app.settings import Settings


async def register_commands(settings: Settings, guild_id: str = "") -> list[dict[str, Any]]:
    """Overwrite the application's commands with Guildhall's; returns what Discord now has."""
    where = f"/guilds/{guild_id}" if guild_id else ""
    async with httpx2.AsyncClient(timeout=settings.upstream_timeout, verify=tls.context()) as http:
        registered: list[dict[str, Any]] = await Discord(settings, http).request(
            "PUT", f"/applications/{settings.discord_client_id}{where}/commands", json=COMMANDS
        )
    return registered
