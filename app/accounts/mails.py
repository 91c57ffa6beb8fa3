"""The text of every mail an account receives. Links come in whole, built from the configured base URL
(`mailed_links.link`), never from the Host a request named."""

from __future__ import annotations

from app.accounts.email_tokens import LIFETIME
from app.mail import Mail

_MINUTES = LIFETIME // 60


def verification(to: str, username: str, link: str) -> Mail:
    return Mail(
        to,
        "Confirm your email address for Guildhall",
        f"Hello {username},\n\n"
        f"Please confirm that {to} is your email address by opening this link within {_MINUTES} minutes:\n\n"
        f"{link}\n\n"
        "If you did not ask for this, ignore this mail: nothing changes.\n",
    )


def already_registered(to: str, reset_page: str) -> Mail:
    """Sent instead of a verification link when the address already belongs to an account."""
    return Mail(
        to,
        "Your Guildhall account",
        f"Someone, perhaps you, tried to use {to} for a new Guildhall account, but this address already belongs "
        "to an account.\n\n"
        f"If you forgot your password, you can choose a new one here:\n\n{reset_page}\n\n"
        "If it was not you, ignore this mail.\n",
    )


def reset(to: str, username: str, link: str) -> Mail:
    return Mail(
        to,
        "Reset your Guildhall password",
        f"Hello {username},\n\n"
        f"To choose a new password, open this link within {_MINUTES} minutes:\n\n"
        f"{link}\n\n"
        "The link works once. If you did not ask for a new password, ignore this mail: your password stays as it "
        "is.\n",
    )
