"""Signing in with a username (or confirmed email) and password, within the lockouts of app/accounts/lockouts.py.

A wrong password and an unknown name get the same answer, after the same work. With two-factor authentication on,
a correct password leads to the code step (app/accounts/code_step.py).
"""

from __future__ import annotations

from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import Response

from app.accounts import code_step, forms, lockouts, passwords, totp, users
from app.accounts.message_pages import message, wait_text
from app.accounts.signed_in import signed_in
from app.auth.chain import ENDINGS
from app.auth.device_cookie import trusted_nonce
from app.auth.return_path import safe_return_path
from app.core import activity
from app.core.client import client_ip
from app.core.registry import need
from app.core.templating import render

WRONG = "The username or email and password do not match an account."
LOGIN_LABELS = {"login": "username or email", "password": "password"}


def login_page(
    request: Request, values: forms.Values, errors: forms.Errors, status_code: int, retry_after: int = 0
) -> Response:
    context = {"next_path": values.get("next", "/"), "notice": "", "form": values, "errors": errors}
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    return render(request, "auth/login.html", context, status_code=status_code, headers=headers, blocks=("local",))


async def sign_in(request: Request) -> Response:
    form = await forms.read(request)
    values = {"login": forms.text(form, "login", 254), "next": safe_return_path(forms.text(form, "next", 2000))}
    password = forms.secret(form, "password")
    errors = forms.required({**values, "password": password}, LOGIN_LABELS)
    if errors:
        return login_page(request, values, errors, 422)
    user = await users.by_login(need(request, Database), values["login"])
    attempt = await _attempt(request, values["login"], user)
    blocked = await lockouts.wait(need(request, Database), attempt)
    if blocked:
        await activity.record(need(request, Database), "auth.sign_in_failed", ip=attempt.ip, reason="throttled")
        return login_page(request, values, {"login": wait_text(blocked)}, 429, retry_after=blocked)
    if not await passwords.verify(user["password_hash"] if user else None, password):
        return await _wrong_password(request, values, attempt)
    assert user is not None
    await lockouts.succeeded(need(request, Database), attempt)
    return await _password_accepted(request, user, password, values["next"])


async def _attempt(request: Request, login: str, user: dict[str, Any] | None) -> lockouts.Attempt:
    database, ip = need(request, Database), client_ip(request)
    if user is None:
        return await lockouts.attempt(database, f"name-{login.lower()}", None, ip, "")
    return await lockouts.attempt(database, f"user-{user['id']}", user["id"], ip, trusted_nonce(request, user["id"]))


async def _wrong_password(request: Request, values: forms.Values, attempt: lockouts.Attempt) -> Response:
    database = need(request, Database)
    await lockouts.failed(database, attempt)
    await activity.record(database, "auth.sign_in_failed", user_id=attempt.user_id, ip=attempt.ip, via="password")
    return login_page(request, values, {"login": WRONG, "password": WRONG}, 422)


async def _password_accepted(request: Request, user: dict[str, Any], password: str, return_path: str) -> Response:
    database, user_id = need(request, Database), int(user["id"])
    if user["disabled"]:
        return message(request, "This account is disabled", ENDINGS["disabled"], 403)
    if passwords.needs_rehash(user["password_hash"]):
        await users.set_password(database, user_id, await passwords.hash_password(password))
    if await totp.is_enabled(database, user_id):
        return await code_step.begin(request, user_id, return_path)
    return await signed_in(request, user_id, return_path, "password")
