"""Serve Guildhall (with the `/_bare` baseline) or the emulator in a process of its own, for benchmarks.

python bench/serve.py app SETTINGS_JSON      settings as JSON (the fields of app.settings.Settings)
python bench/serve.py emulator PORT BASE_URL
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route

from app.emulator.app import EmulatorConfig, create_emulator
from app.settings import EVENT_LOOP, Settings
from app.web import create_app

# The emulator's per-route limits are Discord-like; a benchmark of Guildhall must not measure them.
GENEROUS = (100_000, 1.0)


async def _bare(request: Request) -> Response:
    return PlainTextResponse("ok")


def with_baseline(app: Starlette) -> Starlette:
    """Guildhall plus `/_bare`, a bare Starlette endpoint, in the same process and server."""

    @asynccontextmanager
    async def lifespan(outer: Starlette) -> AsyncIterator[None]:
        async with app.router.lifespan_context(app):
            yield

    return Starlette(routes=[Route("/_bare", _bare), Mount("/", app=app)], lifespan=lifespan)


def serve_app(raw: str) -> None:
    fields = json.loads(raw)
    fields["encryption_keys"] = tuple(fields["encryption_keys"])
    fields["trusted_proxies"] = tuple(fields["trusted_proxies"])
    settings = Settings(**fields)
    app = with_baseline(create_app(settings))
    uvicorn.run(app, host="127.0.0.1", port=settings.port, log_level="warning", loop=EVENT_LOOP)


def serve_emulator(port: str, base_url: str) -> None:
    config = EmulatorConfig([f"{base_url}/auth/discord/callback"], f"{base_url}/link/github/callback")
    config = replace(config, rate_limits={}, default_rate_limit=GENEROUS)
    uvicorn.run(create_emulator(config), host="127.0.0.1", port=int(port), log_level="warning", loop=EVENT_LOOP)


if __name__ == "__main__":
    if sys.argv[1] == "app":
        serve_app(sys.argv[2])
    else:
        serve_emulator(sys.argv[2], sys.argv[3])
