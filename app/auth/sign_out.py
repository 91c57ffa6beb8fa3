"""Signing out here or everywhere: the sessions end at once, and Discord's grant is revoked after the answer."""

from __future__ import annotations

from databases import Database
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from app.auth import sessions
from app.auth.chain import Identity
from app.auth.cookies import CookieJar
from app.auth.discord_sign_in import revoke_quietly
from app.auth.middleware import login_url
from app.core import activity, htmx
from app.core.client import client_ip
from app.core.registry import need
from app.core.route_paths import path_for
from app.core.templating import render
from app.discord import errors
from app.discord.client import Discord
from app.discord.tokens import TokenKeeper


async def logout_page(request: Request) -> Response:
    if request.scope.get("user") is None:
        return RedirectResponse(path_for(request, "login"), status_code=303)
    return render(request, "auth/logout.html")


async def logout(request: Request) -> Response:
    return await _sign_out(request, everywhere=False)


async def logout_everywhere(request: Request) -> Response:
    return await _sign_out(request, everywhere=True)


async def _sign_out(request: Request, *, everywhere: bool) -> Response:
    user = request.scope.get("user")
    if not isinstance(user, Identity):
        return htmx.redirect(request, path_for(request, "login"))
    refresh = await _take_tokens(need(request, Database), need(request, TokenKeeper), user)
    await _end_sessions(need(request, Database), user, everywhere=everywhere)
    action = "auth.sign_out_everywhere" if everywhere else "auth.sign_out"
    await activity.record(need(request, Database), action, user_id=user.user_id, ip=client_ip(request))
    response = htmx.redirect(
        request, login_url(request, reason="signed_out_everywhere" if everywhere else "signed_out")
    )
    need(request, CookieJar).clear(response, "session")
    if refresh:
        response.background = BackgroundTask(revoke_quietly, need(request, Discord), refresh)
    return response


async def _end_sessions(database: Database, user: Identity, *, everywhere: bool) -> None:
    """Everywhere: every session. Here: this one, and every Discord session, which lean on the grant revoked."""
    if everywhere:
        await sessions.delete_all(database, user.user_id)
        return
    await sessions.delete(database, user.session_hash)
    await sessions.delete_discord(database, user.user_id)


async def _take_tokens(database: Database, tokens: TokenKeeper, user: Identity) -> str:
    """Forget the stored Discord tokens and hand back the refresh token to revoke."""
    if not user.discord_id:
        return ""
    sealed = await database.fetch_val(
        "SELECT refresh_token FROM discord_accounts WHERE discord_id = :d", {"d": user.discord_id}
    )
    await tokens.forget(user.discord_id)
    try:
        return tokens.open(sealed)
    except errors.Unauthorized:
        return ""
