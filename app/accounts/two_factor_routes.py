"""/account/2fa: enrol a TOTP app (QR code and secret, finished by a valid code), recovery codes, turn it off.

Every change needs the account's password, and gives the session a new id.
"""

from __future__ import annotations

from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.accounts import forms, passwords, recovery, totp, users
from app.accounts.audit import record
from app.accounts.privilege import renew_session
from app.auth.chain import me
from app.core import htmx
from app.core.crypto import Box
from app.core.registry import need
from app.core.route_paths import path_for
from app.core.templating import render

NOT_THE_PASSWORD = "This is not your password."  # noqa: S105 (a message)


async def _context(request: Request) -> dict[str, Any]:
    database, user = need(request, Database), me(request)
    account = await users.get(database, user.user_id)
    assert account is not None
    enabled = await totp.is_enabled(database, user.user_id)
    context: dict[str, Any] = {"enabled": enabled, "has_password": bool(account["password_hash"]), "errors": {}}
    if enabled:
        context["remaining"] = await recovery.remaining(database, user.user_id)
    elif account["password_hash"]:
        secret = await totp.pending_secret(database, need(request, Box), user.user_id)
        context["enrolment"] = totp.enrolment(secret, user.username)
    return context


async def two_factor_page(request: Request, errors: forms.Errors | None = None) -> Response:
    context = await _context(request)
    context["errors"] = errors or {}
    return render(request, "accounts/two_factor.html", context, status_code=422 if errors else 200, blocks=("form",))


async def page(request: Request) -> Response:
    return await two_factor_page(request)


async def _password_ok(request: Request, password: str) -> bool:
    account = await users.get(need(request, Database), me(request).user_id)
    return account is not None and await passwords.verify(account["password_hash"], password)


async def enable(request: Request) -> Response:
    database, box, user = need(request, Database), need(request, Box), me(request)
    if await totp.is_enabled(database, user.user_id):
        return htmx.redirect(request, path_for(request, "two_factor"))
    form = await forms.read(request)
    errors: forms.Errors = {}
    if not await _password_ok(request, forms.secret(form, "password")):
        errors["password"] = NOT_THE_PASSWORD
    elif not await totp.accept(database, box, user.user_id, forms.text(form, "code", 64), enabled=False):
        errors["code"] = "That code is not right. Enter the 6 digits your app shows now."
    if errors:
        return await two_factor_page(request, errors)
    await totp.switch_on(database, user.user_id)
    await recovery.replace(database, box, user.user_id)
    response = htmx.redirect(request, path_for(request, "recovery_codes"))
    await renew_session(request, response)
    await record(request, "account.2fa_enabled")
    return response


async def recovery_codes(request: Request) -> Response:
    codes = await recovery.reveal_once(need(request, Database), need(request, Box), me(request).user_id)
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


async def new_recovery_codes(request: Request) -> Response:
    database, user = need(request, Database), me(request)
    if not await totp.is_enabled(database, user.user_id):
        return htmx.redirect(request, path_for(request, "two_factor"))
    if not await _password_ok(request, forms.secret(await forms.read(request), "recovery_password")):
        return await two_factor_page(request, {"recovery_password": NOT_THE_PASSWORD})
    await recovery.replace(database, need(request, Box), user.user_id)
    await record(request, "account.recovery_codes_replaced")
    return htmx.redirect(request, path_for(request, "recovery_codes"))


async def disable(request: Request) -> Response:
    database, user = need(request, Database), me(request)
    if not await totp.is_enabled(database, user.user_id):
        return htmx.redirect(request, path_for(request, "two_factor"))
    if not await _password_ok(request, forms.secret(await forms.read(request), "disable_password")):
        return await two_factor_page(request, {"disable_password": NOT_THE_PASSWORD})
    await totp.remove(database, user.user_id)
    response = htmx.redirect(request, path_for(request, "account"))
    await renew_session(request, response)
    await record(request, "account.2fa_disabled")
    return response


routes = [
    Route("/account/2fa", page, name="two_factor", methods=["GET"]),
    Route("/account/2fa/enable", enable, name="two_factor_enable", methods=["POST"]),
    Route("/account/2fa/recovery-codes", recovery_codes, name="recovery_codes", methods=["GET"]),
    Route("/account/2fa/recovery-codes", new_recovery_codes, name="recovery_codes_new", methods=["POST"]),
    Route("/account/2fa/disable", disable, name="two_factor_disable", methods=["POST"]),
]
