"""Pages that only say something (check your inbox, link expired, too many tries), kept out of Referer headers."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from app.core import htmx
from app.core.templating import render

NO_REFERRER = {"Referrer-Policy": "no-referrer"}


def private(response: Response) -> Response:
    """No Referer from this page: mailed-link landings and the message pages around them."""
    response.headers.update(NO_REFERRER)
    return response


def message(request: Request, title: str, text: str, status_code: int = 200, *, sign_in: bool = False) -> Response:
    """A page that only says something; to htmx it replaces the whole main region, not the form that asked."""
    context = {"title": title, "message": text, "sign_in": sign_in}
    response = render(request, "auth/message.html", context, status_code=status_code, blocks=("main",))
    if htmx.htmx(request).partial:
        htmx.retarget(response, "#main")
    return private(response)


def wait_text(seconds: int) -> str:
    if seconds < 60:
        return f"Too many failed sign-ins. Try again in {seconds} seconds."
    return f"Too many failed sign-ins. Try again in {-(-seconds // 60)} minutes."
