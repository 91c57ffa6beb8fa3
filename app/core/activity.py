"""The activity log: one row per thing worth knowing later (sign-ins, security changes, saves, publishes)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from databases import Database

from app.core import db

# Every action the log knows, with how the admin page names it.
ACTIONS = {
    "auth.sign_in": "Signed in",
    "auth.sign_in_failed": "Sign-in failed",
    "auth.sign_out": "Signed out",
    "auth.sign_out_everywhere": "Signed out everywhere",
    "auth.session_revoked": "Session ended: Discord access revoked",
    "account.discord_linked": "Linked a Discord account",
    "account.discord_unlinked": "Unlinked a Discord account",
    "guild.github_linked": "Linked a GitHub repository",
    "guild.github_unlinked": "Unlinked the GitHub repository",
    "guild.github_revoke_failed": "GitHub did not confirm revoking access",
    "auth.second_factor_failed": "Second-factor code refused",
    "auth.recovery_code_used": "Signed in with a recovery code",
    "auth.locked_out": "Sign-ins locked out after failures",
    "account.signed_up": "Signed up",
    "account.email_verified": "Verified an email address",
    "account.email_change_requested": "Asked to change the email address",
    "account.profile_updated": "Updated the profile",
    "account.password_set": "Set a password",
    "account.password_changed": "Changed the password",
    "account.password_reset_requested": "Asked for a password reset",
    "account.password_reset": "Reset the password",
    "account.2fa_enabled": "Turned on two-factor authentication",
    "account.2fa_disabled": "Turned off two-factor authentication",
    "account.recovery_codes_replaced": "Made new recovery codes",
    "account.session_ended": "Ended one of their sessions",
    "admin.created": "Administrator created from the command line",
    "admin.role_created": "Created a role",
    "admin.role_renamed": "Renamed a role",
    "admin.role_deleted": "Deleted a role",
    "admin.permission_created": "Created a permission",
    "admin.permission_deleted": "Deleted a permission",
    "admin.permission_granted": "Granted a permission to a role",
    "admin.permission_taken": "Took a permission from a role",
    "admin.role_given": "Gave a role to a user",
    "admin.role_taken": "Took a role from a user",
    "admin.user_disabled": "Disabled an account",
    "admin.user_enabled": "Enabled an account",
    "admin.lockout_lifted": "Lifted an account's lockouts",
    "builder.created": "Created a message or form",
    "builder.renamed": "Renamed a message or form",
    "builder.duplicated": "Duplicated a message or form",
    "builder.binned": "Moved a message or form to the bin",
    "builder.restored": "Restored a message or form from the bin",
    "builder.imported": "Imported JSON into a message or form",
    "builder.version_saved": "Saved a version of a message or form",
    "builder.version_restored": "Restored a version of a message or form",
    "builder.conflict_overwritten": "Overwrote another manager's change",
    "builder.published": "Published a message",
    "builder.publish_updated": "Updated a published message",
    "builder.publish_failed": "Publishing a message failed",
    "tickets.moved": "Moved a ticket",
    "tickets.claimed": "Claimed a ticket",
    "tickets.released": "Released a ticket",
    "tickets.assigned": "Handed a ticket to someone",
    "tickets.labelled": "Set a ticket's labels",
    "tickets.noted": "Wrote a note on a ticket",
    "tickets.replied": "Replied to a ticket",
    "tickets.reply_retried": "Sent a ticket's undelivered reply again",
    "tickets.closed": "Closed a ticket",
    "tickets.reopened": "Reopened a ticket",
    "tickets.reopened_by_user": "A ticket was reopened by its user's message",
    "tickets.auto_closed": "A ticket closed itself after waiting on the user",
    "tickets.binned": "Moved a ticket to the bin",
    "tickets.restored": "Restored a ticket from the bin",
    "tickets.settings_saved": "Saved the ticket settings",
}


async def record(
    database: Database,
    action: str,
    *,
    user_id: int | None = None,
    guild_id: str | None = None,
    ip: str = "",
    **detail: Any,
) -> None:
    """Append one entry; `detail` holds plain, secret-free facts (never a token, password or code)."""
    await database.execute(
        "INSERT INTO activity (at, user_id, action, guild_id, detail, ip) VALUES (:at, :u, :a, :g, :d, :ip)",
        {"at": db.now(), "u": user_id, "a": action, "g": guild_id, "d": json.dumps(detail, default=str), "ip": ip},
    )


@dataclass(frozen=True)
class Entries:
    items: list[dict[str, Any]]
    page: int
    per_page: int
    has_next: bool


def _filters(
    user_id: int | None, action: str | None, guild_id: str | None, since: int | None, until: int | None
) -> tuple[str, dict[str, Any]]:
    """The WHERE clause for the chosen filters; only fixed SQL text, every value a bound parameter."""
    wanted = {"a.user_id = :user_id": user_id, "a.action = :action": action, "a.guild_id = :guild_id": guild_id}
    wanted |= {"a.at >= :since": since, "a.at < :until": until}
    chosen = {clause: value for clause, value in wanted.items() if value is not None}
    params = {clause.split(":")[1]: value for clause, value in chosen.items()}
    return (" AND ".join(chosen) or "TRUE"), params


async def entries(
    database: Database,
    *,
    user_id: int | None = None,
    action: str | None = None,
    guild_id: str | None = None,
    since: int | None = None,
    until: int | None = None,
    page: int = 1,
    per_page: int = 50,
) -> Entries:
    """One page of the log, newest first; `since` and `until` are epoch seconds (until exclusive)."""
    where, params = _filters(user_id, action, guild_id, since, until)
    page, per_page = max(1, page), max(1, min(per_page, 200))
    found = db.rows(
        await database.fetch_all(
            "SELECT a.id, a.at, a.user_id, u.username, a.action, a.guild_id, a.detail, a.ip "  # noqa: S608
            f"FROM activity a LEFT JOIN users u ON u.id = a.user_id WHERE {where} "
            "ORDER BY a.at DESC, a.id DESC LIMIT :limit OFFSET :offset",
            {**params, "limit": per_page + 1, "offset": (page - 1) * per_page},
        )
    )
    items = [{**item, "detail": json.loads(item["detail"] or "{}")} for item in found[:per_page]]
    return Entries(items, page, per_page, has_next=len(found) > per_page)
