"""Resetting a forgotten password: asking for a link (same answer whether or not the address is known), then
choosing a new password from it, which ends every session."""

from __future__ import annotations

from dataclasses import replace

from databases import Database
from starlette.requests import Request
from starlette.responses import Response

from app.accounts import email_tokens, forms, lockouts, mailed_links, mails, passwords, second_step, users
from app.accounts.message_pages import message, private
from app.accounts.signup_routes import MAIL_LIMIT
from app.auth import sessions
from app.auth.cookies import CookieJar
from app.core import activity, htmx, throttle
from app.core.client import client_ip
from app.core.registry import need
from app.core.route_paths import path_for
from app.core.templating import render


async def reset_page(request: Request) -> Response:
    return render(request, "auth/reset_request.html", {"form": {}, "errors": {}})


async def reset_request(request: Request) -> Response:
    email = forms.text(await forms.read(request), "email", forms.EMAIL_MAX + 1)
    problem = forms.email_problem(email)
    if problem:
        context = {"form": {"email": email}, "errors": {"email": problem}}
        return render(request, "auth/reset_request.html", context, status_code=422)
    response = private(htmx.redirect(request, path_for(request, "reset_sent")))
    if (await throttle.hit(need(request, Database), f"mail:ip:{client_ip(request)}", MAIL_LIMIT, 3600)).allowed:
        await _mail_reset_link(request, response, email)
    return response


async def _mail_reset_link(request: Request, response: Response, email: str) -> None:
    """Only an address that exactly one account holds, verified, gets a link; the answer is the same anyway."""
    database = need(request, Database)
    matches = await users.by_verified_email(database, email)
    if len(matches) != 1:
        return
    user = matches[0]
    await activity.record(database, "account.password_reset_requested", user_id=user["id"], ip=client_ip(request))
    token = await email_tokens.issue(database, user["id"], email_tokens.RESET, user["email"])
    link = mailed_links.link(request, "reset_link", token=token)
    mail = replace(mails.reset(user["email"], user["username"], link), user_id=user["id"])
    mailed_links.send(request, response, mail)


async def reset_sent(request: Request) -> Response:
    return message(
        request,
        "Check your inbox",
        "If an account has this confirmed address, we sent it a link to choose a new password. "
        "The link works once, within 30 minutes.",
    )


async def reset_link(request: Request) -> Response:
    return mailed_links.hand_off(request, email_tokens.RESET)


async def reset_form(request: Request) -> Response:
    token = mailed_links.held_token(request, email_tokens.RESET)
    if not await email_tokens.valid(need(request, Database), token, email_tokens.RESET):
        return mailed_links.expired(request)
    return render(request, "auth/confirm.html", {"kind": "reset", "errors": {}})


async def reset(request: Request) -> Response:
    database, token = need(request, Database), mailed_links.held_token(request, email_tokens.RESET)
    password, errors = forms.new_password(await forms.read(request), "")
    if errors:
        if not await email_tokens.valid(database, token, email_tokens.RESET):
            return mailed_links.expired(request)
        context = {"kind": "reset", "errors": errors}
        return render(request, "auth/confirm.html", context, status_code=422, blocks=("form",))
    used = await email_tokens.consume(database, token, email_tokens.RESET)
    if used is None:
        return mailed_links.expired(request)
    await _new_password_after_reset(database, used.user_id, password)
    await activity.record(database, "account.password_reset", user_id=used.user_id, ip=client_ip(request))
    response = private(htmx.redirect(request, path_for(request, "reset_done")))
    need(request, CookieJar).clear(response, "session")
    need(request, CookieJar).clear(response, mailed_links.cookie(email_tokens.RESET))
    return response


async def _new_password_after_reset(database: Database, user_id: int, password: str) -> None:
    """Whoever held a session or a half-finished sign-in is out; 2FA stays on and is asked at the next sign-in. The
    password lockouts end: whoever reset it from the mailed link owns the account, and the old password is gone."""
    await users.set_password(database, user_id, await passwords.hash_password(password))
    await lockouts.lift_passwords(database, user_id)
    await sessions.delete_all(database, user_id)
    await second_step.forget_user(database, user_id)
    await email_tokens.forget(database, user_id, email_tokens.RESET)


async def reset_done(request: Request) -> Response:
    message_text = "Your password is changed and every session was signed out. Sign in again."
    return message(request, "Password changed", message_text, sign_in=True)
