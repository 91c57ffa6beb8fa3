"""The device cookie: this browser has signed in to this account before (OWASP's device cookies).

Given at every sign-in and kept a year: the account's id and a random nonce, signed like every cookie of ours
(itsdangerous), HttpOnly, SameSite=Lax. A browser that presents one for the account it signs in to is let through
the lockout that failures from elsewhere put on that account (app/accounts/lockouts.py).
"""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.responses import Response

from app.auth.cookies import CookieJar
from app.core.crypto import new_token
from app.core.registry import need

COOKIE = "device"
AGE = 365 * 24 * 3600


def trusted_nonce(connection: HTTPConnection, user_id: int) -> str:
    """The nonce of this browser's device cookie for `user_id`; "" when it holds none for that account."""
    owner, _, nonce = (need(connection, CookieJar).read(connection, COOKIE) or "").partition(".")
    return nonce if owner == str(user_id) else ""


def give(connection: HTTPConnection, response: Response, user_id: int) -> None:
    """The browser keeps its nonce while it signs in to the same account, so its own failures stay counted."""
    nonce = trusted_nonce(connection, user_id) or new_token()
    need(connection, CookieJar).write(response, COOKIE, f"{user_id}.{nonce}", max_age=AGE)
