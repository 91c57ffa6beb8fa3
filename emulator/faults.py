"""Injected faults: the next `count` requests to a route are delayed, answered with an error, or both.

An error may carry a body of the test's choosing, so that Discord's verdicts (a 50035 tree) can be sent for bodies
the emulator itself would accept.

A fault with status 0 (or "timeout") only holds the request for `delay_ms` and then lets it through, so a
client with a shorter timeout gives up first; the hold ends early when the client disconnects.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import anyio
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive

from emulator.ratelimit import too_many_requests
from emulator.state import State

DEFAULT_HOLD_MS = 10_000
RATE_LIMIT_SCOPES = ("user", "global", "shared")


@dataclass
class Fault:
    route: str  # "GET /users/@me/guilds", the route keys of the request log; "*" for every route
    status: int  # 0: no answer of its own
    count: int
    delay_ms: int
    retry_after: float
    scope: str
    body: dict[str, Any] | None = None  # the error's JSON, for a verdict such as a 50035 tree; else a plain message


def parse_fault(data: Any) -> Fault:
    """A fault from the control API's JSON; ValueError says what is wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("route"), str):
        raise ValueError('a fault is an object with a "route" such as "GET /users/@me/guilds"')
    status = 0 if data.get("status", 0) == "timeout" else data.get("status", 0)
    if type(status) is not int or not (status == 0 or 400 <= status <= 599):
        raise ValueError('"status" is 0 or "timeout" (hold only) or an HTTP error status 400..599')
    count, delay_ms = data.get("count", 1), data.get("delay_ms", DEFAULT_HOLD_MS if status == 0 else 0)
    retry_after, scope = data.get("retry_after", 1.0), data.get("scope", "user")
    if type(count) is not int or count < 1 or type(delay_ms) is not int or delay_ms < 0:
        raise ValueError('"count" is an integer >= 1 and "delay_ms" an integer >= 0')
    if not isinstance(retry_after, int | float) or retry_after < 0 or scope not in RATE_LIMIT_SCOPES:
        raise ValueError('"retry_after" is a number >= 0 and "scope" one of user, global, shared')
    body = data.get("body")
    if body is not None and (not isinstance(body, dict) or status == 0):
        raise ValueError('"body" is a JSON object, sent with an error status')
    return Fault(data["route"], status, count, delay_ms, float(retry_after), scope, body)


def take(state: State, route: str) -> Fault | None:
    """Consume one use of the first fault armed for `route`."""
    fault = next((f for f in state.faults if f.route in {route, "*"}), None)
    if fault is not None:
        fault.count -= 1
        if fault.count == 0:
            state.faults.remove(fault)
    return fault


def response(fault: Fault) -> Response:
    if fault.status == 429:
        return too_many_requests(fault.retry_after, fault.scope)
    try:
        phrase = HTTPStatus(fault.status).phrase
    except ValueError:
        phrase = "Error"
    return JSONResponse(fault.body or {"message": f"{fault.status}: {phrase}", "code": 0}, fault.status)


async def hold(seconds: float, receive: Receive) -> Receive | None:
    """Wait before answering; None if the client left meanwhile. The body read here is replayed to the app."""
    received = [await receive()]
    while received[-1]["type"] == "http.request" and received[-1].get("more_body"):
        received.append(await receive())
    if received[-1]["type"] == "http.disconnect":
        return None
    with anyio.move_on_after(seconds):
        while (await receive())["type"] != "http.disconnect":
            continue  # uvicorn's receive() blocks until the client goes away
        return None

    async def replay() -> Message:
        return received.pop(0) if received else await receive()

    return replay
