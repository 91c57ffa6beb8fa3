"""The second step of a password sign-in with two-factor authentication on: a code from the app, or a recovery
code, within five minutes, in the browser that gave the password, and at most 5 wrong codes in 15 minutes."""

from __future__ import annotations

from databases import Database
from starlette.requests import Request
from starlette.responses import Response

from app.accounts import forms, lockouts, recovery, second_step, totp
from app.accounts.message_pages import message, wait_text
from app.accounts.signed_in import signed_in
from app.auth.cookies import CookieJar
from app.auth.provider_pages import BROWSER_COOKIE_AGE
from app.core import activity, htmx
from app.core.client import client_ip
from app.core.crypto import Box
from app.core.registry import need
from app.core.route_paths import path_for
from app.core.templating import render

WRONG_CODE = "That code is not right, or was already used. Enter the current code from your app."


async def begin(request: Request, user_id: int, return_path: str) -> Response:
    nonce = request.scope["browser_nonce"]
    step_id = await second_step.begin(
        need(request, Database), user_id=user_id, browser_nonce=nonce, return_path=return_path
    )
    response = htmx.redirect(request, path_for(request, "second_factor"))
    # The nonce may be new on this very request; the browser must keep it for the code step.
    need(request, CookieJar).write(response, "browser", nonce, max_age=BROWSER_COOKIE_AGE)
    need(request, CookieJar).write(response, second_step.COOKIE, step_id, max_age=second_step.LIFETIME)
    return response


async def _current(request: Request) -> tuple[str, second_step.Step] | None:
    step_id = need(request, CookieJar).read(request, second_step.COOKIE) or ""
    step = await second_step.find(need(request, Database), step_id, request.scope["browser_nonce"])
    return (step_id, step) if step else None


def _expired(request: Request) -> Response:
    text = "The sign-in waiting for your code has expired or was finished. Enter your password again."
    return message(request, "Please sign in again", text, 400, sign_in=True)


async def code_page(request: Request) -> Response:
    if await _current(request) is None:
        return _expired(request)
    return render(request, "auth/second_factor.html", {"errors": {}})


async def code_submit(request: Request) -> Response:
    current, database = await _current(request), need(request, Database)
    if current is None:
        return _expired(request)
    step_id, step = current
    locked = await lockouts.code_wait(database, step.user_id)
    if locked:
        # Too many guesses: the password must be entered again, later.
        await second_step.take(database, step_id)
        return message(request, "Too many wrong codes", wait_text(locked), 429, sign_in=True)
    used = await _second_factor(request, step.user_id, forms.text(await forms.read(request), "code", 64))
    if not used:
        return await _wrong_code(request, step.user_id)
    if not await second_step.take(database, step_id):
        return _expired(request)
    response = await signed_in(request, step.user_id, step.return_path, used)
    need(request, CookieJar).clear(response, second_step.COOKIE)
    return response


async def _second_factor(request: Request, user_id: int, code: str) -> str:
    """How the code passed ("totp" or "recovery code"), or "" when it did not."""
    database = need(request, Database)
    if await totp.accept(database, need(request, Box), user_id, code, enabled=True):
        return "totp"
    if recovery.looks_like_one(code) and await recovery.use(database, user_id, code):
        await activity.record(database, "auth.recovery_code_used", user_id=user_id)
        return "recovery code"
    return ""


async def _wrong_code(request: Request, user_id: int) -> Response:
    database = need(request, Database)
    await activity.record(database, "auth.second_factor_failed", user_id=user_id, ip=client_ip(request))
    await lockouts.code_failed(database, user_id, client_ip(request))
    errors = {"code": WRONG_CODE}
    return render(request, "auth/second_factor.html", {"errors": errors}, status_code=422, blocks=("form",))
