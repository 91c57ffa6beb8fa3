"""Mailed links (email verification, password reset): building them, and landing on them.

A mailed link lands on its token URL only once: the token moves into a short-lived HttpOnly cookie and the
browser goes on to a token-free page, so the token stays out of history and Referer headers. The landing answer
says `no-referrer`; the form pages cannot, because browsers then send `Origin: null` with the form, which the CSRF
origin check refuses; their addresses hold no secret.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from app.accounts import email_tokens, mails, users
from app.accounts.message_pages import message, private
from app.auth.cookies import CookieJar
from app.core.registry import need
from app.core.route_paths import path_for
from app.mail import Mail, send_after
from app.settings import Settings

LANDINGS = {email_tokens.VERIFY: "verify", email_tokens.RESET: "reset_form"}


def link(request: Request, name: str, **params: Any) -> str:
    """An absolute link to route `name` for a mail: the configured base URL, whatever Host the request named."""
    return need(request, Settings).base_url + str(request.app.url_path_for(name, **params))


def send(request: Request, response: Response, mail: Mail) -> None:
    send_after(response, need(request, Settings), need(request, Database), mail)


async def for_address(request: Request, user_id: int, username: str, email: str) -> Mail:
    """A verification link for `email`, or, when the address already belongs to an account, a note to its owner."""
    database = need(request, Database)
    if owners := await users.by_verified_email(database, email):
        return replace(mails.already_registered(email, link(request, "reset")), user_id=owners[0]["id"])
    token = await email_tokens.issue(database, user_id, email_tokens.VERIFY, email)
    return replace(mails.verification(email, username, link(request, "verify_link", token=token)), user_id=user_id)


def cookie(purpose: str) -> str:
    return f"{purpose}_token"


def hand_off(request: Request, purpose: str) -> Response:
    response = private(RedirectResponse(path_for(request, LANDINGS[purpose]), status_code=303))
    token = request.path_params["token"]
    if email_tokens.plausible(token):
        need(request, CookieJar).write(response, cookie(purpose), token, max_age=email_tokens.LIFETIME)
    return response


def held_token(request: Request, purpose: str) -> str:
    return need(request, CookieJar).read(request, cookie(purpose)) or ""


def expired(request: Request) -> Response:
    return message(
        request, "This link has expired", "The link was already used or is older than 30 minutes.", status_code=400
    )
