"""Everything the emulator remembers, in memory, for one process.

One `State` object lives on `app.state.emulator`; reset replaces it with a fresh one. Handlers run on the
server's single event loop and never await while changing it, so it needs no locks.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from emulator import fixtures, permissions
from emulator.dm_state import DirectMessages
from emulator.errors import DiscordError, missing_access

if TYPE_CHECKING:
    from emulator.app import EmulatorConfig
    from emulator.faults import Fault
    from emulator.ratelimit import Bucket

DISCORD_EPOCH_MS = 1_420_070_400_000
DISCORD_CODE_SECONDS = 100.0
DISCORD_ACCESS_SECONDS = 604_800
GITHUB_CODE_SECONDS = 600.0
GITHUB_TOKENS_PER_SCOPE = 10
LOG_ENTRIES_KEPT = 2000


def new_secret() -> str:
    return secrets.token_urlsafe(22)


def fingerprint(secret: str) -> str:
    """How the state dump names a token or code without printing it: sha256 hex, first 16 characters."""
    return hashlib.sha256(secret.encode()).hexdigest()[:16]


@dataclass
class Member:
    roles: list[str]
    permissions: int | None = None  # set through the control API; replaces what the roles give


@dataclass
class GuildState:
    fixture: fixtures.Guild
    members: dict[str, Member]
    bot_present: bool

    def permissions_of(self, user_id: str) -> int:
        member = self.members[user_id]
        is_owner = user_id == self.fixture.owner_id
        if member.permissions is not None and not is_owner:
            return member.permissions
        by_id = {role.id: role.permissions for role in self.fixture.roles}
        granted = [by_id[self.fixture.id], *(by_id[r] for r in member.roles)]
        return permissions.base_permissions(granted, is_owner)

    def channel(self, channel_id: str) -> fixtures.Channel | None:
        return next((c for c in self.fixture.channels if c.id == channel_id), None)


def _fresh_guilds() -> dict[str, GuildState]:
    return {
        g.id: GuildState(g, {uid: Member(list(roles)) for uid, roles in g.members.items()}, g.bot_present)
        for g in fixtures.GUILDS.values()
    }


@dataclass
class AuthCode:
    """An authorization code, Discord's or GitHub's: single use, short-lived, bound to its redirect."""

    id: str
    user_id: str
    scopes: tuple[str, ...]
    redirect_uri: str | None
    challenge: str | None
    expires_at: float
    used: bool = False


@dataclass
class Grant:
    """A user's authorization of the application (Discord's "Authorized Apps" entry); tokens hang off it."""

    id: str
    user_id: str
    created_at: float
    revoked_at: float | None = None


@dataclass
class Token:
    id: str
    kind: str  # "access" or "refresh" (Discord), "github"
    user_id: str
    scopes: tuple[str, ...]
    issued_at: float
    expires_at: float | None = None
    grant_id: str | None = None
    used_at: float | None = None  # a refresh token that has been rotated
    revoked_at: float | None = None
    revoked_reason: str | None = None


@dataclass
class Message:
    id: str
    channel_id: str
    guild_id: str
    body: dict[str, Any]
    created_at: float
    edits: list[dict[str, Any]] = field(default_factory=list)
    edited_at: float | None = None


@dataclass
class LogEntry:
    method: str
    route: str
    path: str
    status: int
    time: float


@dataclass
class State:
    config: EmulatorConfig
    clock_offset: float = 0.0
    guilds: dict[str, GuildState] = field(default_factory=_fresh_guilds)
    discord_codes: dict[str, AuthCode] = field(default_factory=dict)
    grants: dict[str, Grant] = field(default_factory=dict)
    discord_tokens: dict[str, Token] = field(default_factory=dict)
    github_codes: dict[str, AuthCode] = field(default_factory=dict)
    github_tokens: dict[str, Token] = field(default_factory=dict)
    messages: dict[str, Message] = field(default_factory=dict)
    dms: DirectMessages = field(default_factory=DirectMessages)
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # "global" or a guild id
    faults: list[Fault] = field(default_factory=list)
    buckets: dict[str, Bucket] = field(default_factory=dict)
    log: deque[LogEntry] = field(default_factory=lambda: deque(maxlen=LOG_ENTRIES_KEPT))
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    _sequence: int = 0

    def now(self) -> float:
        return time.time() + self.clock_offset

    def next_id(self, prefix: str) -> str:
        self._sequence += 1
        return f"{prefix}{self._sequence}"

    def snowflake(self) -> str:
        self._sequence += 1
        milliseconds = int(self.now() * 1000) - DISCORD_EPOCH_MS
        return str((milliseconds << 22) | (self._sequence & 0x3FFFFF))

    def record(self, entry: LogEntry) -> None:
        self.log.append(entry)
        self.counts.setdefault(entry.route, Counter())[str(entry.status)] += 1

    def active_grant(self, user_id: str) -> Grant | None:
        return next((g for g in self.grants.values() if g.user_id == user_id and g.revoked_at is None), None)

    def revoke_grant(self, grant: Grant, reason: str) -> None:
        """End the grant and every token issued under it: Discord revokes the whole authorization."""
        now = self.now()
        grant.revoked_at = now
        for token in self.discord_tokens.values():
            if token.grant_id == grant.id and token.revoked_at is None:
                token.revoked_at, token.revoked_reason = now, reason


def channel_in_guild(state: State, channel_id: str) -> tuple[GuildState, fixtures.Channel]:
    """The guild holding a channel the bot may see, as Discord refuses one it cannot (10003, then 50001)."""
    guild = next((g for g in state.guilds.values() if g.channel(channel_id)), None)
    channel = guild.channel(channel_id) if guild else None
    if guild is None or channel is None:
        raise DiscordError(404, 10003, "Unknown Channel")
    if not guild.bot_present:
        raise missing_access()
    return guild, channel


def emulator_state(request: Request) -> State:
    state: State = request.app.state.emulator
    return state
