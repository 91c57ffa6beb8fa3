"""Error pages: a full page for browsers, the same message as a fragment for htmx."""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from app.core.htmx import htmx
from app.core.templating import render

log = logging.getLogger("guildhall")


class NotFound(HTTPException):
    """Raised where a route finds nothing at its address (or nothing this user may know of): a 404 page."""

    def __init__(self, message: str = "") -> None:
        super().__init__(404, message)


class Forbidden(HTTPException):
    """Raised where the user is known but may not do this here: a 403 page."""

    def __init__(self, message: str = "") -> None:
        super().__init__(403, message)

TITLES = {
    400: "That request was not understood",
    403: "You can't do that here",
    404: "Nothing here",
    405: "That action is not available here",
    413: "That is too large",
    422: "Please check what you entered",
    429: "Slow down a little",
    500: "Something went wrong on our side",
    502: "Discord did not answer properly",
    503: "Discord is not answering right now",
}


def error_response(request: Request, status: int, message: str = "", *, retry_after: int = 0) -> Response:
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    if htmx(request).partial:
        # An error belongs in the alert region, not in whatever fragment the request meant to replace.
        headers.update({"HX-Retarget": "#alerts", "HX-Reswap": "innerHTML"})
    return render(
        request,
        "errors/error.html",
        {"status": status, "title": TITLES.get(status, "Something went wrong"), "message": message},
        status_code=status,
        blocks=("error",),
        headers=headers,
    )


async def http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if exc.detail and exc.detail != TITLES.get(exc.status_code) else ""
    return error_response(request, exc.status_code, detail)


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, "The error has been logged. Please try again in a moment.")


handlers = {HTTPException: http_exception, 500: server_error}
