"""Password hashing (argon2id with argon2-cffi's defaults) and the rules a new password must meet."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON_FILE = Path(__file__).with_name("common_passwords.txt")

# argon2-cffi's defaults (argon2id, t=3, 64 MiB, p=4), which meet OWASP's advice.
PRODUCTION = PasswordHasher()


class _Hashing:
    def __init__(self, hasher: PasswordHasher) -> None:
        self.hasher = hasher
        # Verified against when the account is unknown or has no password: both answers take as long as a real check.
        self.dummy = hasher.hash("guildhall-no-such-account")


_in_use = [_Hashing(PRODUCTION)]


def hasher() -> PasswordHasher:
    return _in_use[-1].hasher


@contextmanager
def hashing(chosen: PasswordHasher) -> Iterator[None]:
    """Hash and verify with `chosen` inside the block. Only the tests choose: argon2 at its cheapest, so that a
    password test costs a millisecond rather than the production hash's tens."""
    _in_use.append(_Hashing(chosen))
    try:
        yield
    finally:
        _in_use.pop()


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text().splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def problem(password: str, *, username: str = "") -> str:
    """Why `password` may not be used, or "" when it may."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if password.lower() in common_passwords():
        return "This password is one of the most common ones; choose another."
    if username and username.lower() in password.lower():
        return "Your password must not contain your username."
    return ""


async def hash_password(password: str) -> str:
    # argon2 takes ~50 ms and 64 MiB on purpose: keep it off the event loop.
    return await asyncio.to_thread(hasher().hash, password)


def _verify(stored: str | None, password: str) -> bool:
    try:
        return hasher().verify(stored or _in_use[-1].dummy, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


async def verify(stored: str | None, password: str) -> bool:
    """True when `password` matches `stored`; takes the same time when there is no stored hash."""
    return await asyncio.to_thread(_verify, stored, password[: MAX_LENGTH * 4])


def needs_rehash(stored: str) -> bool:
    return hasher().check_needs_rehash(stored)
