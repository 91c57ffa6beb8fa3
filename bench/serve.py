"""Serve Guildhall (with the `/_bare` baseline) or the emulator in a process of its own, for benchmarks.

python bench/serve.py app SETTINGS_JSON      settings as JSON (the fields of app.settings.Settings)
python bench/serve.py emulator PORT BASE_URL
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from app.settings import EVENT_LOOP, Settings

# The emulator's per-route limits are Discord-like; a benchmark of Guildhall must not measure them.
GENEROUS = (100_000, 1.0)


async def _bare(request: Request) -> Response:
    return PlainTextResponse("ok")


BARE = Starlette(routes=[Route("/_bare", _bare)])


def with_baseline(app: ASGIApp) -> ASGIApp:
    """Guildhall and `/_bare`, a bare Starlette app of its own, side by side in the same process and server.

    Neither is mounted inside the other: each request pays for its own app only, so the ratio compares the two."""

    async def both(scope: Scope, receive: Receive, send: Send) -> None:
        await (BARE if scope.get("path") == "/_bare" else app)(scope, receive, send)

    return both


def serve_app(raw: str) -> None:
    from app.web import create_app  # each process imports only what it serves, as in production

    fields = json.loads(raw)
    fields["encryption_keys"] = tuple(fields["encryption_keys"])
    fields["trusted_proxies"] = tuple(fields["trusted_proxies"])
    settings = Settings(**fields)
    app = with_baseline(create_app(settings))
    uvicorn.run(app, host="127.0.0.1", port=settings.port, log_level="warning", loop=EVENT_LOOP)


def serve_emulator(port: str, base_url: str) -> None:
    from emulator.app import EmulatorConfig, create_emulator

    config = EmulatorConfig([f"{base_url}/auth/discord/callback"], f"{base_url}/link/github/callback")
    config = replace(config, rate_limits={}, default_rate_limit=GENEROUS)
    uvicorn.run(create_emulator(config), host="127.0.0.1", port=int(port), log_level="warning", loop=EVENT_LOOP)


if __name__ == "__main__":
    if sys.argv[1] == "app":
        serve_app(sys.argv[2])
    else:
        serve_emulator(sys.argv[2], sys.argv[3])
