"""Secrets at rest and random tokens.

Third-party tokens and TOTP secrets are encrypted with MultiFernet: the first key encrypts, every key decrypts,
so a new key can be put first and old data re-encrypted at leisure (`guildhall rotate-keys`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

__all__ = ["Box", "InvalidToken", "digest", "new_token", "same"]

# Tokens opened recently, kept in plain text: a session's access token is opened on every request it makes.
OPENED_KEPT = 1024


class Box:
    def __init__(self, keys: tuple[str, ...]) -> None:
        self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])
        # Fernet checks an HMAC and decrypts on every call; a token that failed to open is never kept.
        self._opened = lru_cache(maxsize=OPENED_KEPT)(self._decrypt)

    def seal(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode()).decode()

    def open(self, sealed: str) -> str:
        return self._opened(sealed)

    def _decrypt(self, sealed: str) -> str:
        return self._fernet.decrypt(sealed.encode()).decode()

    def rotate(self, sealed: str) -> str:
        return self._fernet.rotate(sealed.encode()).decode()


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def digest(value: str) -> str:
    """What we store in place of a bearer secret: its SHA-256, hex."""
    return hashlib.sha256(value.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
