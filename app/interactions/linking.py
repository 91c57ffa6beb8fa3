"""The /link and /unlink slash commands and the unlink confirmation button."""

from __future__ import annotations

from typing import Any

from app.core import activity
from app.interactions import responses
from app.linking import link_tokens
from app.services import Services

UNLINK_CONFIRM = "gh:unlink:confirm"

COMMANDS: list[dict[str, Any]] = [
    {"name": "link", "type": 1, "description": "Link your Discord account to your Guildhall account"},
    {"name": "unlink", "type": 1, "description": "Unlink your Discord account from Guildhall"},
]


def discord_user(interaction: dict[str, Any]) -> dict[str, Any]:
    """The person who acted: `member.user` in a guild, `user` in a direct message."""
    member = interaction.get("member")
    user = member.get("user") if isinstance(member, dict) else interaction.get("user")
    return user if isinstance(user, dict) and "id" in user else {}


async def _linked_username(services: Services, discord_id: str) -> tuple[int, str, bool] | None:
    """(user id, username, has a password) of the account this Discord id is linked to."""
    found = await services.database.fetch_one(
        "SELECT u.id, u.username, u.password_hash IS NOT NULL AS has_password FROM discord_accounts d "
        "JOIN users u ON u.id = d.user_id WHERE d.discord_id = :d",
        {"d": discord_id},
    )
    return None if found is None else (int(found["id"]), str(found["username"]), bool(found["has_password"]))


async def link(services: Services, interaction: dict[str, Any]) -> dict[str, Any]:
    user = discord_user(interaction)
    linked = await _linked_username(services, str(user["id"]))
    if linked:
        return responses.ephemeral(f"Your Discord account is already linked to the Guildhall account **{linked[1]}**.")
    token = await link_tokens.issue(services.database, user)
    url = f"{services.settings.base_url}/link/discord?token={token}"
    text = (
        "Link your Discord account to Guildhall: open the link below, sign in (or sign up), and confirm. "
        "The link works once and expires in 15 minutes."
    )
    return responses.ephemeral(text, [responses.link_button("Link my account", url)])


async def unlink(services: Services, interaction: dict[str, Any]) -> dict[str, Any]:
    linked = await _linked_username(services, str(discord_user(interaction)["id"]))
    if not linked:
        return responses.ephemeral("Your Discord account is not linked to any Guildhall account.")
    text = f"Unlink your Discord account from the Guildhall account **{linked[1]}**?"
    return responses.ephemeral(text, [responses.action_button("Unlink", UNLINK_CONFIRM)])


async def confirm_unlink(services: Services, interaction: dict[str, Any]) -> dict[str, Any]:
    discord_id = str(discord_user(interaction)["id"])
    linked = await _linked_username(services, discord_id)
    if not linked:
        return responses.update("Your Discord account is not linked any more.")
    user_id, username, has_password = linked
    if not has_password:
        return responses.update(
            f"The Guildhall account **{username}** has no password yet, so unlinking Discord would lock you out. "
            "Set a password on your account page first."
        )
    await services.database.execute("DELETE FROM discord_accounts WHERE discord_id = :d", {"d": discord_id})
    await services.database.execute("DELETE FROM sessions WHERE user_id = :u AND kind = 'discord'", {"u": user_id})
    await activity.record(services.database, "account.discord_unlinked", user_id=user_id, discord_id=discord_id)
    return responses.update(f"Done: your Discord account is no longer linked to **{username}**.")
