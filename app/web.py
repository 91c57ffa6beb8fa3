"""The Starlette application: routes, middleware (outermost first) and start-up."""

from __future__ import annotations

import asyncio
import gc
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx2
from databases import Database
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from app.accounts import auth_routes as local
from app.accounts import routes as accounts
from app.accounts import two_factor_routes as two_factor
from app.admin import routes as admin
from app.auth import routes as auth
from app.auth.chain import Chain
from app.auth.middleware import AuthMiddleware
from app.builder import routes as builder
from app.builder.routes import shares as shared_links
from app.core import db, errors, templating, tls
from app.core.registry import provide
from app.dev import outbox
from app.guilds import routes as guilds
from app.home import routes as home
from app.interactions import routes as interactions
from app.linking import discord_routes as link_discord
from app.linking import github_routes as link_github
from app.overview import routes as overview
from app.responses import routes as form_responses
from app.security.body_limit import BodySizeLimit
from app.security.csrf import CSRFProtection
from app.security.headers import SecurityHeaders
from app.security.loopback import LoopbackOnly
from app.services import Services, build
from app.settings import ROOT, VAR, Settings
from app.tickets import auto_close
from app.tickets import routes as tickets

CSRF_EXEMPT = ("/interactions",)
# Paths that never touch the database or a session: served without either.
NO_DATABASE = ("/static/", "/healthz")


def guild_pages() -> list[BaseRoute]:
    """Every page below one guild: each feature's, behind the guild guard."""
    return [*link_github.guild_pages(), *builder.routes, *form_responses.guild_pages(), *tickets.guild_pages()]


def routes(services: Services) -> list[BaseRoute]:
    # The router tries routes in this order: guild pages, most of the traffic, come first.
    return [
        *guilds.routes,
        *guilds.guarded(overview.route, guild_pages()),
        *home.routes,
        Mount("/auth", routes=[*auth.routes, *local.routes]),
        *accounts.routes,
        *two_factor.routes,
        *admin.routes,
        *interactions.routes,
        *shared_links.public_routes,
        *link_discord.routes,
        *link_github.routes,
        *(outbox.routes if services.settings.development else []),
        Mount("/static", StaticFiles(directory=ROOT / "static"), name="static"),
    ]


def middleware(services: Services) -> list[Middleware]:
    settings = services.settings
    # Behind a proxy the client's address and scheme come from X-Forwarded-For/-Proto, believed only from it.
    proxies = [Middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))]
    auth_chain = Chain(services.database, services.discord, services.tokens, settings)
    return [
        *([Middleware(LoopbackOnly, paths=("/dev/",))] if settings.development else []),
        *(proxies if settings.trusted_proxies else []),
        Middleware(SecurityHeaders, settings=settings),
        Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes),
        *(_held(services.database) if db.is_postgres(services.database) else []),
        Middleware(AuthMiddleware, chain=auth_chain, cookies=services.cookies, skip=NO_DATABASE),
        Middleware(CSRFProtection, secret_key=settings.secret_key, base_url=settings.base_url, exempt=CSRF_EXEMPT),
    ]


def _held(database: Database) -> list[Middleware]:
    """PostgreSQL connections come from a pool: a request takes one once. SQLite reads need none (app/core/sqlite.py).

    Imported here so that a SQLite process does not load asyncpg (3 MB) for its exception classes."""
    from app.core.reconnect import RetryLostConnection

    return [
        Middleware(RetryLostConnection),
        Middleware(db.HeldConnection, database=database, skip=NO_DATABASE),
    ]


def _tune_process() -> None:
    """What was built at start-up lives as long as the process: the garbage collector need not walk it again (once
    per process: one that builds many apps, as the tests do, would otherwise keep each one's garbage). And a
    database thread waiting for the interpreter gets it within 1 ms, not the default 5, while requests keep it busy."""
    if not gc.get_freeze_count():
        gc.freeze()
    sys.setswitchinterval(0.001)


def _sweep_tickets(database: Database, period: float) -> asyncio.Task[None] | None:
    """Waiting tickets close themselves in the background, every `period` seconds (0: never, as in most tests)."""
    return asyncio.create_task(auto_close.keep_closing(database, period)) if period > 0 else None


def create_app(settings: Settings) -> Starlette:
    if settings.database_url.startswith("sqlite"):
        VAR.mkdir(exist_ok=True)
    # Templates are read again when their file changes only in development; in production that is a stat per page.
    templating.environment.auto_reload = settings.development
    http = httpx2.AsyncClient(timeout=settings.upstream_timeout, verify=tls.context())
    services = build(settings, db.create(settings.database_url), http)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await services.database.connect()
        await db.migrate(services.database)
        _tune_process()
        sweeping = _sweep_tickets(services.database, settings.ticket_sweep_seconds)
        try:
            yield
        finally:
            if sweeping:
                sweeping.cancel()
            await http.aclose()
            await services.database.disconnect()

    app = Starlette(
        routes=routes(services),
        middleware=middleware(services),
        exception_handlers=errors.handlers,
        lifespan=lifespan,
    )
    provide(app.state, vars(services).values())
    return app
