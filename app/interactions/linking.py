"""The /link and /unlink slash commands and the unlink confirmation button."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from databases import Database
from starlette.requests import Request

from app.core import activity
from app.core.registry import need
from app.discord import interactions as responses
from app.discord.interactions import discord_user
from app.linking import link_tokens
from app.settings import Settings

UNLINK_CONFIRM = "gh:unlink:confirm"

COMMANDS: list[dict[str, Any]] = [
    {"name": "link", "type": 1, "description": "Link your Discord account to your Guildhall account"},
    {"name": "unlink", "type": 1, "description": "Unlink your Discord account from Guildhall"},
]


async def _linked_username(database: Database, discord_id: str) -> tuple[int, str, bool] | None:
    """(user id, username, has a password) of the account this Discord id is linked to."""
    found = await database.fetch_one(
        "SELECT u.id, u.username, u.password_hash IS NOT NULL AS has_password FROM discord_accounts d "
        "JOIN users u ON u.id = d.user_id WHERE d.discord_id = :d",
        {"d": discord_id},
    )
    return None if found is None else (int(found["id"]), str(found["username"]), bool(found["has_password"]))


async def link(request: Request, interaction: dict[str, Any]) -> dict[str, Any]:
    user, database = discord_user(interaction), need(request, Database)
    linked = await _linked_username(database, str(user["id"]))
    if linked:
        return responses.ephemeral(f"Your Discord account is already linked to the Guildhall account **{linked[1]}**.")
    token = await link_tokens.issue(database, user)
    # Opened from Discord, so an absolute address, on the dashboard's public base URL.
    landing = request.app.url_path_for("link_discord")
    url = f"{need(request, Settings).base_url}{landing}?{urlencode({'token': token})}"
    text = (
        "Link your Discord account to Guildhall: open the link below, sign in (or sign up), and confirm. "
        "The link works once and expires in 15 minutes."
    )
    return responses.ephemeral(text, [responses.link_button("Link my account", url)])


async def unlink(request: Request, interaction: dict[str, Any]) -> dict[str, Any]:
    linked = await _linked_username(need(request, Database), str(discord_user(interaction)["id"]))
    if not linked:
        return responses.ephemeral("Your Discord account is not linked to any Guildhall account.")
    text = f"Unlink your Discord account from the Guildhall account **{linked[1]}**?"
    return responses.ephemeral(text, [responses.action_button("Unlink", UNLINK_CONFIRM)])


async def confirm_unlink(request: Request, interaction: dict[str, Any]) -> dict[str, Any]:
    discord_id, database = str(discord_user(interaction)["id"]), need(request, Database)
    linked = await _linked_username(database, discord_id)
    if not linked:
        return responses.update("Your Discord account is not linked any more.")
    user_id, username, has_password = linked
    if not has_password:
        return responses.update(
            f"The Guildhall account **{username}** has no password yet, so unlinking Discord would lock you out. "
            "Set a password on your account page first."
        )
    await database.execute("DELETE FROM discord_accounts WHERE discord_id = :d", {"d": discord_id})
    await database.execute("DELETE FROM sessions WHERE user_id = :u AND kind = 'discord'", {"u": user_id})
    await activity.record(database, "account.discord_unlinked", user_id=user_id, discord_id=discord_id)
    return responses.update(f"Done: your Discord account is no longer linked to **{username}**.")
