"""The error shapes the emulator answers with, raised as exceptions and rendered by one handler each.

DiscordError   {"code", "message", "errors"?}         Discord REST
OAuthError     {"error", "error_description"}         Discord's token endpoint
GitHubError    {"message", "documentation_url"}       GitHub REST
PageError      an HTML page, no redirect              both authorize pages
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from emulator import pages

DISCORD_API = "/discord/api/v10"
GITHUB_API = "/github/api"
GITHUB_DOCS = "https://docs.github.com/rest"

# One field error: the keys leading to the field, Discord's error code, a human message.
FieldError = tuple[tuple[str, ...], str, str]


class DiscordError(Exception):
    def __init__(self, status: int, code: int, message: str, errors: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors


class OAuthError(Exception):
    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status, self.error, self.description = status, error, description


class GitHubError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


class PageError(Exception):
    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail


def unauthorized() -> DiscordError:
    return DiscordError(401, 0, "401: Unauthorized")


def missing_access() -> DiscordError:
    return DiscordError(403, 50001, "Missing Access")


def error_tree(entries: Iterable[FieldError]) -> dict[str, Any]:
    """Nest field errors the way Discord does: `{"a": {"0": {"b": {"_errors": [{code, message}]}}}}`."""
    tree: dict[str, Any] = {}
    for keys, code, message in entries:
        node = tree
        for key in keys:
            node = node.setdefault(key, {})
        node.setdefault("_errors", []).append({"code": code, "message": message})
    return tree


def invalid_form(entries: Iterable[FieldError]) -> DiscordError:
    return DiscordError(400, 50035, "Invalid Form Body", error_tree(entries))


def discord_json(exc: DiscordError) -> JSONResponse:
    body: dict[str, Any] = {"message": exc.message, "code": exc.code}
    if exc.errors is not None:
        body["errors"] = exc.errors
    return JSONResponse(body, exc.status)


async def _discord(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DiscordError)
    return discord_json(exc)


async def _oauth(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, OAuthError)
    body = {"error": exc.error, "error_description": exc.description}
    return JSONResponse(body, exc.status, headers={"Cache-Control": "no-store"})


async def _github(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, GitHubError)
    return JSONResponse(
        {"message": exc.message, "documentation_url": GITHUB_DOCS, "status": str(exc.status)}, exc.status
    )


async def _page(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageError)
    return HTMLResponse(pages.error(exc.title, exc.detail), exc.status)


async def _http(request: Request, exc: Exception) -> Response:
    """Unknown routes and wrong methods, in the shape of the service the path belongs to."""
    assert isinstance(exc, HTTPException)
    path = request.url.path
    if path.startswith(DISCORD_API):
        return JSONResponse({"message": f"{exc.status_code}: {exc.detail}", "code": 0}, exc.status_code)
    if path.startswith(GITHUB_API):
        return JSONResponse({"message": exc.detail, "documentation_url": GITHUB_DOCS}, exc.status_code)
    return PlainTextResponse(f"{exc.status_code}: {exc.detail}", exc.status_code)


exception_handlers = {
    DiscordError: _discord,
    OAuthError: _oauth,
    GitHubError: _github,
    PageError: _page,
    HTTPException: _http,
}
