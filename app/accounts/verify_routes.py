"""Confirming an email address from its mailed link (see app/accounts/mailed_links.py for the landing)."""

from __future__ import annotations

from databases import Database
from starlette.requests import Request
from starlette.responses import Response

from app.accounts import email_tokens, mailed_links, users
from app.accounts.message_pages import message, private
from app.auth.cookies import CookieJar
from app.core import activity, htmx
from app.core.client import client_ip
from app.core.registry import need
from app.core.route_paths import path_for
from app.core.templating import render


async def verify_link(request: Request) -> Response:
    return mailed_links.hand_off(request, email_tokens.VERIFY)


async def verify_page(request: Request) -> Response:
    token = mailed_links.held_token(request, email_tokens.VERIFY)
    if not await email_tokens.valid(need(request, Database), token, email_tokens.VERIFY):
        return mailed_links.expired(request)
    return render(request, "auth/confirm.html", {"kind": "verify"})


async def verify(request: Request) -> Response:
    database = need(request, Database)
    used = await email_tokens.consume(
        database, mailed_links.held_token(request, email_tokens.VERIFY), email_tokens.VERIFY
    )
    if used is None:
        return mailed_links.expired(request)
    if not await users.set_verified_email(database, used.user_id, used.email):
        return message(request, "Address already in use", "Another account already uses this address.", 409)
    await activity.record(database, "account.email_verified", user_id=used.user_id, ip=client_ip(request))
    response = private(htmx.redirect(request, path_for(request, "verify_done")))
    need(request, CookieJar).clear(response, mailed_links.cookie(email_tokens.VERIFY))
    return response


async def verify_done(request: Request) -> Response:
    return message(request, "Email address confirmed", "Thank you: your email address is confirmed.", sign_in=True)
