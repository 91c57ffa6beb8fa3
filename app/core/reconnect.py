"""A PostgreSQL connection lost in the middle of a request costs the request a retry, never a 500.

When the server restarts, or drops a connection (`pg_terminate_backend`, a failover), the queries in flight fail
and the pool makes new connections on the next acquire. A request that only reads (GET, HEAD) is run once more on
a fresh connection. Any other is answered 503 with Retry-After, since part of it may have been committed before
the loss and running it twice could do it twice: the person sends it again, over what the page then shows.
Placed around the middleware that holds the request's connection, so each attempt takes its own.
"""

from __future__ import annotations

import asyncio
import logging

from asyncpg import exceptions as pg
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import error_response

log = logging.getLogger("guildhall")
LOST = (
    # When the server closes a connection in use, asyncpg's pool takes it back at once: the request's next query
    # finds it "released back to the pool" (InterfaceError), or shares its replacement with the request that
    # took it meanwhile ("another operation is in progress"). Given back, such a connection is replaced.
    pg.InterfaceError,
    pg.InternalClientError,
    pg.PostgresConnectionError,
    pg.AdminShutdownError,
    pg.CrashShutdownError,
    pg.CannotConnectNowError,
    ConnectionError,
)
READS = ("GET", "HEAD")
TITLE = "The database connection was lost"
MESSAGE = "Guildhall lost its database connection for a moment. Please try again."


class RetryLostConnection:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        answer = _Answer(send)
        for attempt in range(1, 3 if scope["method"] in READS else 2):
            try:
                await self._attempt(attempt, scope, receive, answer.send)
                return
            except LOST as exc:
                log.warning("database connection lost on %s %s: %r", scope["method"], scope["path"], exc)
                if answer.finished:  # lost while giving the connection back: the answer is out already
                    return
                if answer.started:
                    raise
        await error_response(Request(scope), 503, MESSAGE, retry_after=1, title=TITLE)(scope, receive, send)

    async def _attempt(self, attempt: int, scope: Scope, receive: Receive, send: Send) -> None:
        if attempt == 1:
            await self.app(scope, receive, send)
            return
        # Again in a task of its own: `databases` binds a connection to the task, and the lost one may still be
        # bound to this one (when giving it back failed).
        await asyncio.ensure_future(self.app(scope, _no_body(receive), send))


class _Answer:
    """How far the response has gone out."""

    def __init__(self, send: Send) -> None:
        self.to = send
        self.started = self.finished = False

    async def send(self, message: Message) -> None:
        self.started = self.started or message["type"] == "http.response.start"
        self.finished = self.finished or (message["type"] == "http.response.body" and not message.get("more_body"))
        await self.to(message)


def _no_body(receive: Receive) -> Receive:
    """A read's (empty) body once more, then the client's own messages (a disconnect)."""
    given = False

    async def again() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": b"", "more_body": False}

    return again
