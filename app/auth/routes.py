"""Signing in with Discord, and signing out."""

from __future__ import annotations

import contextlib
from typing import Any

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app.accounts import discord_accounts
from app.auth import chain, pending, sessions
from app.auth.middleware import login_url
from app.auth.provider_pages import failed, to_provider
from app.auth.return_path import safe_return_path
from app.auth.session_start import start_session
from app.core import activity, htmx
from app.core.client import client_ip
from app.core.templating import render
from app.discord import errors
from app.discord.client import LOGIN_SCOPES, TokenSet
from app.services import Services, services


async def login_page(request: Request) -> Response:
    next_path = safe_return_path(request.query_params.get("next"))
    reason = chain.ENDINGS.get(request.query_params.get("reason", ""), "")
    return render(request, "auth/login.html", {"next_path": next_path, "notice": reason})


async def discord_login(request: Request) -> Response:
    return await _to_discord(request, "login", LOGIN_SCOPES, safe_return_path(request.query_params.get("next")))


async def discord_link(request: Request) -> Response:
    """Link Discord to the signed-in account: Discord is asked for `identify` only."""
    user = request.scope["user"]
    if user is None:
        return htmx.redirect(request, login_url("/account"))
    return await _to_discord(request, "link-discord", ("identify",), "/account", user_id=user.user_id)


async def _to_discord(
    request: Request, purpose: str, scopes: tuple[str, ...], return_path: str, user_id: int | None = None
) -> Response:
    found = services(request)
    nonce = request.scope["browser_nonce"]
    state, verifier = await pending.begin(
        found.database, browser_nonce=nonce, purpose=purpose, return_path=return_path, user_id=user_id
    )
    return to_provider(request, found.discord.authorize_url(state=state, verifier=verifier, scopes=scopes))


async def discord_callback(request: Request) -> Response:
    found = services(request)
    params = request.query_params
    started = await pending.consume(
        found.database, state=params.get("state", ""), browser_nonce=found.cookies.read(request, "browser")
    )
    if params.get("error"):
        return failed(request, "Sign-in cancelled", "You chose not to sign in with Discord. Nothing was changed.")
    if started is None:
        return failed(
            request,
            "This sign-in link has expired",
            "The sign-in was started too long ago, was already used, or was started in another browser.",
        )
    try:
        tokens = await found.discord.exchange_code(params.get("code", ""), started.code_verifier)
        profile = await found.discord.me(tokens.access_token)
    except errors.OAuthFailed:
        await activity.record(found.database, "auth.sign_in_failed", ip=client_ip(request), via="discord")
        return failed(request, "Discord refused the sign-in", "The sign-in code was not accepted by Discord.")
    except errors.DiscordError:
        return failed(request, "Discord is not answering", "Discord could not be reached. Try again.", 503)
    if started.purpose == "link-discord":
        return await _linked(request, found, profile, tokens, started)
    return await _signed_in(request, found, profile, tokens, started.return_path)


async def _signed_in(
    request: Request, found: Services, profile: dict[str, Any], tokens: TokenSet, return_path: str
) -> Response:
    resolved = await discord_accounts.resolve(found.database, profile)
    if isinstance(resolved, discord_accounts.Refused):
        await _revoke_quietly(found, tokens.access_token)
        await activity.record(found.database, "auth.sign_in_failed", ip=client_ip(request), reason="ambiguous email")
        return failed(request, "We could not choose your account", resolved.reason, status_code=409)
    await found.tokens.save(str(profile["id"]), tokens)
    response = RedirectResponse(return_path, status_code=303)
    await start_session(request, response, user_id=resolved.user_id, kind="discord", expires_at=tokens.expires_at)
    await activity.record(
        found.database, "auth.sign_in", user_id=resolved.user_id, ip=client_ip(request), via="discord"
    )
    return response


async def _linked(
    request: Request, found: Services, profile: dict[str, Any], tokens: TokenSet, started: pending.Pending
) -> Response:
    """Linking proves who the Discord user is; the identify-only grant is not needed afterwards."""
    await _revoke_quietly(found, tokens.access_token)
    user = request.scope["user"]
    if user is None or user.user_id != started.user_id:
        return failed(request, "Sign in first", "Sign in to the account you want to link, then try again.", 403)
    refusal = await discord_accounts.link_to(found.database, user.user_id, profile)
    if refusal:
        return failed(request, "Discord account not linked", refusal, status_code=409)
    await activity.record(
        found.database,
        "account.discord_linked",
        user_id=user.user_id,
        ip=client_ip(request),
        discord_id=str(profile["id"]),
    )
    return RedirectResponse(started.return_path, status_code=303)


async def logout_page(request: Request) -> Response:
    if request.scope.get("user") is None:
        return RedirectResponse("/auth/login", status_code=303)
    return render(request, "auth/logout.html")


async def logout(request: Request) -> Response:
    return await _sign_out(request, everywhere=False)


async def logout_everywhere(request: Request) -> Response:
    return await _sign_out(request, everywhere=True)


async def _sign_out(request: Request, *, everywhere: bool) -> Response:
    found = services(request)
    user = request.scope.get("user")
    if not isinstance(user, chain.Identity):
        return htmx.redirect(request, "/auth/login")
    refresh = await _take_tokens(found, user)
    if everywhere:
        await sessions.delete_all(found.database, user.user_id)
    else:
        await sessions.delete(found.database, user.session_hash)
        await found.database.execute(
            "DELETE FROM sessions WHERE user_id = :u AND kind = 'discord'", {"u": user.user_id}
        )
    await activity.record(
        found.database,
        "auth.sign_out_everywhere" if everywhere else "auth.sign_out",
        user_id=user.user_id,
        ip=client_ip(request),
    )
    response = htmx.redirect(request, login_url(reason="signed_out_everywhere" if everywhere else "signed_out"))
    found.cookies.clear(response, "session")
    if refresh:
        response.background = BackgroundTask(_revoke_quietly, found, refresh)
    return response


async def _take_tokens(found: Services, user: chain.Identity) -> str:
    """Forget the stored Discord tokens and hand back the refresh token to revoke."""
    if not user.discord_id:
        return ""
    sealed = await found.database.fetch_val(
        "SELECT refresh_token FROM discord_accounts WHERE discord_id = :d", {"d": user.discord_id}
    )
    await found.tokens.forget(user.discord_id)
    try:
        return found.tokens.open(sealed)
    except errors.Unauthorized:
        return ""


async def _revoke_quietly(found: Services, token: str) -> None:
    """Revoking ends the whole grant at Discord; if Discord is down, signing out still succeeded."""
    with contextlib.suppress(errors.DiscordError):
        await found.discord.revoke(token)


routes = [
    Route("/login", login_page, name="login"),
    Route("/discord/login", discord_login, name="discord_login"),
    Route("/discord/callback", discord_callback, name="discord_callback"),
    Route("/discord/link", discord_link, name="discord_link", methods=["POST"]),
    Route("/logout", logout_page, name="logout_page", methods=["GET"]),
    Route("/logout", logout, name="logout", methods=["POST"]),
    Route("/logout/everywhere", logout_everywhere, name="logout_everywhere", methods=["POST"]),
]
