"""The two cookies Guildhall sets, signed with the secret key.

`session` carries the session id (only its SHA-256 is stored); `browser` is a random nonce that binds OAuth
states and anonymous CSRF tokens to one browser. Both are HttpOnly and SameSite=Lax (Strict would not be sent
on Discord's redirect back); over https they are Secure and take the `__Host-` prefix.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from itsdangerous import BadSignature, Signer
from starlette.requests import HTTPConnection
from starlette.responses import Response

from app.settings import Settings


@dataclass(frozen=True)
class CookieJar:
    settings: Settings

    def name(self, base: str) -> str:
        return f"__Host-gh_{base}" if self.settings.https else f"gh_{base}"

    def read(self, connection: HTTPConnection, base: str) -> str | None:
        raw = connection.cookies.get(self.name(base))
        if not raw:
            return None
        try:
            return _unsigned(self.settings.secret_key, base, raw)
        except BadSignature:
            return None

    def write(self, response: Response, base: str, value: str, max_age: int | None = None) -> None:
        response.set_cookie(
            self.name(base),
            _signer(self.settings.secret_key, base).sign(value).decode(),
            max_age=max_age,
            path="/",
            secure=self.settings.https,
            httponly=True,
            samesite="lax",
        )

    def clear(self, response: Response, base: str) -> None:
        response.delete_cookie(self.name(base), path="/", secure=self.settings.https, httponly=True, samesite="lax")


@cache
def _signer(secret_key: str, base: str) -> Signer:
    """One signer per cookie, built once: every request reads both cookies."""
    return Signer(secret_key, salt=f"guildhall.cookie.{base}")


@lru_cache(maxsize=4096)
def _unsigned(secret_key: str, base: str, raw: str) -> str:
    """The value of a signed cookie. A browser sends the same cookie with every request, so values already checked
    are kept; a bad signature raises, and so is never kept."""
    return _signer(secret_key, base).unsign(raw).decode()
