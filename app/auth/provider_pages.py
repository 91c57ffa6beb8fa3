"""The two answers every OAuth round trip shares (Discord sign-in, linking Discord or GitHub): going to the
provider, and the page that says a round trip failed and offers to start it again."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from app.auth.cookies import CookieJar
from app.core.registry import need
from app.core.route_paths import path_for
from app.core.templating import render

BROWSER_COOKIE_AGE = 30 * 24 * 3600


def to_provider(request: Request, authorize_url: str) -> Response:
    """Send the browser to an OAuth provider, making sure it keeps the nonce its pending login is bound to."""
    response = RedirectResponse(authorize_url, 303)
    # The nonce cookie may be new on this very request.
    need(request, CookieJar).write(response, "browser", request.scope["browser_nonce"], max_age=BROWSER_COOKIE_AGE)
    return response


def failed(
    request: Request, title: str, message: str, status_code: int = 400, retry: tuple[str, str] | None = None
) -> Response:
    """A page that says what went wrong in an OAuth round trip and offers the way to start it again (by default, a
    new Discord sign-in)."""
    href, label = retry or (path_for(request, "discord_login"), "Try signing in again")
    context = {"title": title, "message": message, "retry_href": href, "retry_label": label}
    return render(request, "auth/failed.html", context, status_code=status_code)
