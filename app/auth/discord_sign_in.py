"""Signing in with Discord, and linking Discord to a signed-in account: to Discord and back.

The callback takes the pending login only in the browser that started it, then exchanges the code, reads the
profile and finds the account (`discord_accounts`).
"""

from __future__ import annotations

import contextlib
from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from app.auth import discord_accounts, pending
from app.auth.chain import Identity
from app.auth.cookies import CookieJar
from app.auth.middleware import login_url
from app.auth.provider_pages import failed, to_provider
from app.auth.return_path import safe_return_path
from app.auth.session_start import start_session
from app.core import activity, htmx
from app.core.client import client_ip
from app.core.registry import need
from app.core.route_paths import path_for
from app.discord import errors
from app.discord.client import LOGIN_SCOPES, Discord, TokenSet
from app.discord.tokens import TokenKeeper


async def discord_login(request: Request) -> Response:
    return await _to_discord(request, "login", LOGIN_SCOPES, safe_return_path(request.query_params.get("next")))


async def discord_link(request: Request) -> Response:
    """Link Discord to the signed-in account: Discord is asked for `identify` only."""
    user = request.scope["user"]
    account = path_for(request, "account")
    if user is None:
        return htmx.redirect(request, login_url(request, account))
    return await _to_discord(request, "link-discord", ("identify",), account, user_id=user.user_id)


async def _to_discord(
    request: Request, purpose: str, scopes: tuple[str, ...], return_path: str, user_id: int | None = None
) -> Response:
    nonce = request.scope["browser_nonce"]
    state, verifier = await pending.begin(
        need(request, Database), browser_nonce=nonce, purpose=purpose, return_path=return_path, user_id=user_id
    )
    return to_provider(request, need(request, Discord).authorize_url(state=state, verifier=verifier, scopes=scopes))


async def discord_callback(request: Request) -> Response:
    params, database = request.query_params, need(request, Database)
    state = params.get("state", "")
    started = await pending.consume(
        database, state=state, browser_nonce=need(request, CookieJar).read(request, "browser")
    )
    if params.get("error"):
        return failed(request, "Sign-in cancelled", "You chose not to sign in with Discord. Nothing was changed.")
    if started is None:
        return await _not_started_here(request, database, state)
    try:
        tokens = await need(request, Discord).exchange_code(params.get("code", ""), started.code_verifier)
        profile = await need(request, Discord).me(tokens.access_token)
    except errors.OAuthFailed:
        await activity.record(database, "auth.sign_in_failed", ip=client_ip(request), via="discord")
        return failed(request, "Discord refused the sign-in", "The sign-in code was not accepted by Discord.")
    except errors.DiscordError:
        return failed(request, "Discord is not answering", "Discord could not be reached. Try again.", 503)
    if started.purpose == "link-discord":
        return await _linked(request, profile, tokens, started)
    return await _signed_in(request, profile, tokens, started.return_path)


async def _not_started_here(request: Request, database: Database, state: str) -> Response:
    if await pending.waiting_elsewhere(database, state):
        return failed(
            request,
            "This sign-in was started in another browser",
            "Finish it in the browser where you chose to sign in with Discord, or start again here.",
        )
    return failed(
        request, "This sign-in link has expired", "The sign-in was started too long ago, or was already used."
    )


async def _signed_in(request: Request, profile: dict[str, Any], tokens: TokenSet, return_path: str) -> Response:
    database = need(request, Database)
    resolved = await discord_accounts.resolve(database, profile)
    if isinstance(resolved, discord_accounts.Refused):
        await revoke_quietly(need(request, Discord), tokens.access_token)
        await activity.record(database, "auth.sign_in_failed", ip=client_ip(request), reason="ambiguous email")
        return failed(request, "We could not choose your account", resolved.reason, status_code=409)
    await need(request, TokenKeeper).save(str(profile["id"]), tokens)
    response = RedirectResponse(return_path, status_code=303)
    await start_session(request, response, user_id=resolved.user_id, kind="discord", expires_at=tokens.expires_at)
    await activity.record(database, "auth.sign_in", user_id=resolved.user_id, ip=client_ip(request), via="discord")
    return response


async def _linked(request: Request, profile: dict[str, Any], tokens: TokenSet, started: pending.Pending) -> Response:
    """Linking proves who the Discord user is; the identify-only grant is not needed afterwards."""
    database = need(request, Database)
    await revoke_quietly(need(request, Discord), tokens.access_token)
    user = request.scope["user"]
    if not isinstance(user, Identity) or user.user_id != started.user_id:
        return failed(request, "Sign in first", "Sign in to the account you want to link, then try again.", 403)
    refusal = await discord_accounts.link_to(database, user.user_id, profile)
    if refusal:
        return failed(request, "Discord account not linked", refusal, status_code=409)
    await activity.record(
        database, "account.discord_linked", user_id=user.user_id, ip=client_ip(request), discord_id=str(profile["id"])
    )
    return RedirectResponse(started.return_path, status_code=303)


async def revoke_quietly(discord: Discord, token: str) -> None:
    """Revoking ends the whole grant at Discord; if Discord is down, what asked for it still succeeded."""
    with contextlib.suppress(errors.DiscordError):
        await discord.revoke(token)
