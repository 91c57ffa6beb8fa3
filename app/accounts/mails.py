"""The text of every mail an account receives; links are built from the configured base URL."""

from __future__ import annotations

from dataclasses import replace

from app.accounts import email_tokens, users
from app.accounts.email_tokens import LIFETIME
from app.mail import Mail
from app.services import Services

_MINUTES = LIFETIME // 60


def verification(base_url: str, to: str, username: str, token: str) -> Mail:
    return Mail(
        to,
        "Confirm your email address for Guildhall",
        f"Hello {username},\n\n"
        f"Please confirm that {to} is your email address by opening this link within {_MINUTES} minutes:\n\n"
        f"{base_url}/auth/verify/{token}\n\n"
        "If you did not ask for this, ignore this mail: nothing changes.\n",
    )


def already_registered(base_url: str, to: str) -> Mail:
    """Sent instead of a verification link when the address already belongs to an account."""
    return Mail(
        to,
        "Your Guildhall account",
        f"Someone, perhaps you, tried to use {to} for a new Guildhall account, but this address already belongs "
        "to an account.\n\n"
        f"If you forgot your password, you can choose a new one here:\n\n{base_url}/auth/reset\n\n"
        "If it was not you, ignore this mail.\n",
    )


def reset(base_url: str, to: str, username: str, token: str) -> Mail:
    return Mail(
        to,
        "Reset your Guildhall password",
        f"Hello {username},\n\n"
        f"To choose a new password, open this link within {_MINUTES} minutes:\n\n"
        f"{base_url}/auth/reset/{token}\n\n"
        "The link works once. If you did not ask for a new password, ignore this mail: your password stays as it "
        "is.\n",
    )


async def for_address(found: Services, user_id: int, username: str, email: str) -> Mail:
    """A verification link for `email`, or, when the address already belongs to an account, a note to its owner."""
    base_url = found.settings.base_url
    if owners := await users.by_verified_email(found.database, email):
        return replace(already_registered(base_url, email), user_id=owners[0]["id"])
    token = await email_tokens.issue(found.database, user_id, email_tokens.VERIFY, email)
    return replace(verification(base_url, email, username, token), user_id=user_id)
