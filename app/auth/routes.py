"""The routes auth serves under /auth: the sign-in page, Discord sign-in and linking, signing out."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.auth.chain import ENDINGS
from app.auth.discord_sign_in import discord_callback, discord_link, discord_login
from app.auth.return_path import safe_return_path
from app.auth.sign_out import logout, logout_everywhere, logout_page
from app.core.templating import render


async def login_page(request: Request) -> Response:
    next_path = safe_return_path(request.query_params.get("next"))
    reason = ENDINGS.get(request.query_params.get("reason", ""), "")
    return render(request, "auth/login.html", {"next_path": next_path, "notice": reason})


routes = [
    Route("/login", login_page, name="login", methods=["GET"]),
    Route("/discord/login", discord_login, name="discord_login"),
    Route("/discord/callback", discord_callback, name="discord_callback"),
    Route("/discord/link", discord_link, name="discord_link", methods=["POST"]),
    Route("/logout", logout_page, name="logout_page", methods=["GET"]),
    Route("/logout", logout, name="logout", methods=["POST"]),
    Route("/logout/everywhere", logout_everywhere, name="logout_everywhere", methods=["POST"]),
]
