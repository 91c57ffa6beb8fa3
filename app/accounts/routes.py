"""/account: profile, email, password, linked accounts and sessions."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import Any

from databases import Database
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.accounts import account_sessions, email_tokens, forms, mailed_links, passwords, totp, users
from app.accounts.audit import record
from app.accounts.privilege import renew_session
from app.auth import sessions
from app.auth.chain import me
from app.auth.cookies import CookieJar
from app.auth.middleware import login_url
from app.core import db, htmx, throttle
from app.core.errors import NotFound
from app.core.registry import need
from app.core.route_paths import path_for
from app.core.templating import render
from app.discord import errors as discord_errors
from app.discord.client import Discord
from app.discord.tokens import TokenKeeper

MAIL_LIMIT = 5
UNLINK_REFUSED = "Set a password first: without Discord and without a password you could not sign in any more."


def when(at: int) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M UTC")


async def account_context(request: Request, account: dict[str, Any]) -> dict[str, Any]:
    database, user = need(request, Database), me(request)
    return {
        "account": account,
        "pending_email": await email_tokens.pending_email(database, user.user_id),
        "two_factor": await totp.is_enabled(database, user.user_id),
        "discord": db.row(
            await database.fetch_one(
                "SELECT discord_id, username, global_name FROM discord_accounts WHERE user_id = :u",
                {"u": user.user_id},
            )
        ),
        "sessions": await account_sessions.of_user(database, user.user_id, user.session_hash),
        "when": when,
        "form": {"first_name": account["first_name"] or "", "last_name": account["last_name"] or "", "email": ""},
        "errors": {},
        "problem": "",
    }


async def account_page(
    request: Request,
    *,
    form: forms.Values | None = None,
    errors: forms.Errors | None = None,
    problem: str = "",
    status_code: int = 200,
    blocks: tuple[str, ...] = (),
) -> Response:
    account = await users.get(need(request, Database), me(request).user_id)
    assert account is not None
    context = await account_context(request, account)
    context["form"].update(form or {})
    context.update(errors=errors or {}, problem=problem)
    if errors:
        status_code = 422
    return render(request, "accounts/account.html", context, status_code=status_code, blocks=blocks)


async def page(request: Request) -> Response:
    return await account_page(request)


async def profile(request: Request) -> Response:
    values, errors = forms.names(await forms.read(request))
    if errors:
        return await account_page(request, form=values, errors=errors, blocks=("profile",))
    await users.set_names(need(request, Database), me(request).user_id, values["first_name"], values["last_name"])
    await record(request, "account.profile_updated")
    return htmx.redirect(request, path_for(request, "account"))


async def change_email(request: Request) -> Response:
    user = me(request)
    email = forms.text(await forms.read(request), "email", forms.EMAIL_MAX + 1)
    problem = forms.email_problem(email)
    if not problem and user.email and email.lower() == user.email.lower():
        problem = "This is already your address."
    if problem:
        return await account_page(request, form={"email": email}, errors={"email": problem}, blocks=("email",))
    if not (await throttle.hit(need(request, Database), f"mail:user:{user.user_id}", MAIL_LIMIT, 3600)).allowed:
        raise HTTPException(429, "Too many mails were sent for your account. Try again later.")
    response = htmx.redirect(request, path_for(request, "account"))
    mailed_links.send(request, response, await mailed_links.for_address(request, user.user_id, user.username, email))
    await record(request, "account.email_change_requested")
    return response


async def change_password(request: Request) -> Response:
    database, user = need(request, Database), me(request)
    form = await forms.read(request)
    account = await users.get(database, user.user_id)
    assert account is not None
    password, errors = forms.new_password(form, user.username)
    had_one = bool(account["password_hash"])
    if had_one and not await passwords.verify(account["password_hash"], forms.secret(form, "current_password")):
        errors["current_password"] = "This is not your current password."  # noqa: S105 (a message)
    if errors:
        return await account_page(request, errors=errors, blocks=("password",))
    await users.set_password(database, user.user_id, await passwords.hash_password(password))
    response = htmx.redirect(request, path_for(request, "account"))
    await renew_session(request, response, end_others=True)
    await record(request, "account.password_changed" if had_one else "account.password_set")
    return response


async def unlink_discord(request: Request) -> Response:
    database, user = need(request, Database), me(request)
    account = await users.get(database, user.user_id)
    assert account is not None
    if not account["password_hash"]:
        return await account_page(request, problem=UNLINK_REFUSED, status_code=409)
    linked = db.row(
        await database.fetch_one(
            "DELETE FROM discord_accounts WHERE user_id = :u RETURNING discord_id, refresh_token", {"u": user.user_id}
        )
    )
    if linked is None:
        return htmx.redirect(request, path_for(request, "account"))
    # Discord sessions lean on the tokens just deleted; they end now rather than at their next request.
    await sessions.delete_discord(database, user.user_id)
    await record(request, "account.discord_unlinked", discord_id=linked["discord_id"])
    still_signed_in = await database.fetch_val("SELECT 1 FROM sessions WHERE id_hash = :h", {"h": user.session_hash})
    response = htmx.redirect(
        request, path_for(request, "account") if still_signed_in else login_url(request, reason="signed_out")
    )
    if linked["refresh_token"]:
        response.background = BackgroundTask(
            _revoke, need(request, Discord), need(request, TokenKeeper), linked["refresh_token"]
        )
    return response


async def _revoke(discord: Discord, tokens: TokenKeeper, sealed: str) -> None:
    """Withdraw the grant at Discord too; if Discord is down the link is gone all the same."""
    with contextlib.suppress(discord_errors.DiscordError):
        await discord.revoke(tokens.open(sealed))


async def revoke_session(request: Request) -> Response:
    database, user = need(request, Database), me(request)
    id_hash = await account_sessions.hash_of(database, user.user_id, request.path_params["handle"][:40])
    if id_hash is None:
        raise NotFound("That session has already ended.")
    await sessions.delete(database, id_hash)
    await record(request, "account.session_ended")
    if id_hash == user.session_hash:
        response = htmx.redirect(request, login_url(request, reason="signed_out"))
        need(request, CookieJar).clear(response, "session")
        return response
    if htmx.htmx(request).partial:
        return await account_page(request, blocks=("sessions",))
    return htmx.redirect(request, path_for(request, "account"))


routes = [
    Route("/account", page, name="account", methods=["GET"]),
    Route("/account/profile", profile, name="account_profile", methods=["POST"]),
    Route("/account/email", change_email, name="account_email", methods=["POST"]),
    Route("/account/password", change_password, name="account_password", methods=["POST"]),
    Route("/account/discord/unlink", unlink_discord, name="account_discord_unlink", methods=["POST"]),
    Route("/account/sessions/{handle}/revoke", revoke_session, name="account_session_revoke", methods=["POST"]),
]
