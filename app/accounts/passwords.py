"""Password hashing (argon2id, with OWASP's parameters) and the rules a new password must meet."""

from __future__ import annotations

import asyncio
import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON_FILE = Path(__file__).with_name("common_passwords.txt")

# argon2id with 19 MiB, t=2, p=1: the first of OWASP's equally strong settings (Password Storage Cheat Sheet), at
# under a third of the memory of argon2-cffi's default (64 MiB), which a burst of sign-ins multiplies. Hashes made
# with other parameters still verify, and are made again with these at the next sign-in (`needs_rehash`).
PRODUCTION = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Hashing is all CPU: more at once than there are cores is no faster, and each holds its memory while it waits.
_AT_ONCE = threading.BoundedSemaphore(os.cpu_count() or 1)


class _Hashing:
    def __init__(self, hasher: PasswordHasher) -> None:
        self.hasher = hasher

    @functools.cached_property
    def dummy(self) -> str:
        """Verified against when the account is unknown or has no password: both answers take as long as a real
        check. Made when first needed, not when the process starts."""
        return self.hasher.hash("guildhall-no-such-account")


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


@functools.cache
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
    # argon2 takes tens of milliseconds and 19 MiB on purpose: keep it off the event loop.
    return await asyncio.to_thread(_hash, password)


def _hash(password: str) -> str:
    with _AT_ONCE:
        return hasher().hash(password)


def _verify(stored: str | None, password: str) -> bool:
    with _AT_ONCE:
        try:
            return hasher().verify(stored or _in_use[-1].dummy, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False


async def verify(stored: str | None, password: str) -> bool:
    """True when `password` matches `stored`; takes the same time when there is no stored hash."""
    return await asyncio.to_thread(_verify, stored, password[: MAX_LENGTH * 4])


def needs_rehash(stored: str) -> bool:
    return hasher().check_needs_rehash(stored)
