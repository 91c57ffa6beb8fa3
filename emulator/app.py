"""The emulator as one Starlette application: Discord and GitHub on one origin, plus its control API.

/discord/oauth2/authorize          Discord's consent page
/discord/api/v10/...               Discord REST (OAuth2 token endpoints, user and bot routes)
/discord/cdn/...                   avatars and icons
/github/login/oauth/...            GitHub's OAuth app flow
/github/api/...                    GitHub REST
/github/avatars/u/{id}             GitHub avatars
/_emulator/control/...             reset, state, faults, members, bot, clock, revoke
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from emulator import (
    cdn,
    control,
    discord_commands,
    discord_dms,
    discord_guilds,
    discord_messages,
    discord_oauth,
    discord_threads,
    discord_users,
    github_api,
    github_oauth,
)
from emulator.errors import exception_handlers
from emulator.instrument import Instrument
from emulator.ratelimit import DEFAULT_LIMIT, DEFAULT_LIMITS, Limit
from emulator.state import State


@dataclass
class EmulatorConfig:
    discord_redirect_uris: list[str]
    github_callback_url: str
    # Per route name ("GET /users/@me/guilds"): (requests, window seconds); other routes get default_rate_limit.
    rate_limits: dict[str, Limit] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    default_rate_limit: Limit = DEFAULT_LIMIT


def create_emulator(config: EmulatorConfig) -> Starlette:
    routes: list[BaseRoute] = [
        *discord_oauth.routes,
        *discord_users.routes,
        *discord_guilds.routes,
        *discord_dms.routes,  # before discord_messages: DM channels' and threads' messages are their own
        *discord_threads.routes,
        *discord_messages.routes,
        *discord_commands.routes,
        *cdn.routes,
        *github_oauth.routes,
        *github_api.routes,
        *control.routes,
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(Instrument, routes=routes)],
        exception_handlers=exception_handlers,
    )
    app.state.emulator = State(config)
    return app
