"""A lost PostgreSQL connection: a read is run again on a fresh one, anything else is answered 503 to send again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from asyncpg import exceptions as pg
from selectolax.lexbor import LexborHTMLParser
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.testclient import TestClient

from app.core.reconnect import RetryLostConnection
from app.settings import ROOT


def client_losing(times: int) -> tuple[TestClient, list[str]]:
    """An app whose first `times` requests lose their connection; it lists each attempt it sees."""
    attempts: list[str] = []

    async def page(request: Request) -> Response:
        attempts.append(request.method)
        if len(attempts) <= times:
            raise pg.ConnectionDoesNotExistError("connection was closed in the middle of operation")
        return PlainTextResponse("fine")

    return TestClient(app_of(Route("/", page, methods=["GET", "POST"])), raise_server_exceptions=False), attempts


def app_of(route: Route) -> Starlette:
    """`route` and what the error page links to."""
    linked = [Route("/home", page_of("home"), name="home"), Route("/login", page_of("login"), name="login")]
    static = Mount("/static", StaticFiles(directory=ROOT / "static"), name="static")
    return Starlette(routes=[route, *linked, static], middleware=[Middleware(RetryLostConnection)])


def page_of(text: str) -> Callable[[Request], Awaitable[Response]]:
    async def page(request: Request) -> Response:
        return PlainTextResponse(text)

    return page


def test_a_read_is_run_again_once() -> None:
    client, attempts = client_losing(1)
    answer = client.get("/")
    assert (answer.status_code, answer.text, attempts) == (200, "fine", ["GET", "GET"])


def test_a_read_lost_twice_is_answered_503_with_retry_after() -> None:
    client, attempts = client_losing(2)
    answer = client.get("/")
    assert (answer.status_code, answer.headers["retry-after"], attempts) == (503, "1", ["GET", "GET"])
    title = LexborHTMLParser(answer.text).css_first("h1")
    assert title is not None and title.text() == "The database connection was lost"


def test_a_change_is_never_run_twice() -> None:
    client, attempts = client_losing(1)
    answer = client.post("/", data={"x": "1"})
    assert (answer.status_code, answer.headers["retry-after"], attempts) == (503, "1", ["POST"])
    assert client.post("/", data={"x": "1"}).status_code == 200


def test_other_errors_are_not_taken_for_a_lost_connection() -> None:
    async def broken(request: Request) -> Response:
        raise ValueError("a bug")

    assert TestClient(app_of(Route("/", broken)), raise_server_exceptions=False).get("/").status_code == 500
