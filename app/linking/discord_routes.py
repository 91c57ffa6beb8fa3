"""The landing page of a /link token: sign in (the auth chain sends anonymous visitors to do so), then confirm."""

from __future__ import annotations

from databases import Database
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app.auth import discord_accounts
from app.core import activity
from app.core.registry import need
from app.core.route_paths import path_for
from app.core.templating import render
from app.linking import link_tokens

EXPIRED = "This link has expired or was already used. Run /link in Discord again to get a new one."


def _expired(request: Request) -> Response:
    return render(request, "linking/discord.html", {"link": None, "message": EXPIRED}, status_code=410)


async def landing(request: Request) -> Response:
    token = request.query_params.get("token", "")
    link = await link_tokens.peek(need(request, Database), token)
    if link is None:
        return _expired(request)
    return render(request, "linking/discord.html", {"link": link, "token": token, "message": ""})


async def confirm(request: Request) -> Response:
    database = need(request, Database)
    async with request.form() as form:
        token = str(form.get("token") or "")
    link = await link_tokens.consume(database, token)
    if link is None:
        return _expired(request)
    user = request.scope["user"]
    refusal = await discord_accounts.link_to(database, user.user_id, link.profile())
    if refusal:
        return render(request, "linking/discord.html", {"link": None, "message": refusal}, status_code=409)
    await activity.record(
        database, "account.discord_linked", user_id=user.user_id, discord_id=link.discord_id, via="/link"
    )
    return RedirectResponse(path_for(request, "link_discord_done"), status_code=303)


async def done(request: Request) -> Response:
    return render(request, "linking/discord_done.html")


routes = [
    Route("/link/discord", landing, name="link_discord"),
    Route("/link/discord/confirm", confirm, methods=["POST"], name="link_discord_confirm"),
    Route("/link/discord/done", done, name="link_discord_done"),
]
