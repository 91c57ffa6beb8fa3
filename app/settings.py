"""Every setting Guildhall reads, from the environment or a `.env` file.

Development mode is asked for (GUILDHALL_ENV=development, or `guildhall serve --dev`), never inferred from a
missing setting: it serves the built-in Discord/GitHub emulator on its own port, points every upstream URL at it
and keeps mail in /dev/outbox, so nothing needs a network or an account; and it listens on loopback only.
Otherwise every production setting must be given, and a missing one stops the start with its name.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from starlette.config import Config, environ

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
# The event loop uvicorn runs: asyncio's own. uvloop, which uvicorn picks up when it is installed, serves saturated
# connections unfairly: at 50 connections a p99 of about 700 ms against asyncio's 45 ms, for the same throughput.
EVENT_LOOP = "asyncio"

# The emulator's fixed application identity, which the emulator (emulator/fixtures.py) takes from here.
EMULATOR_CLIENT_ID = "400000000000000001"
EMULATOR_CLIENT_SECRET = "emulator-discord-client-secret"
EMULATOR_BOT_TOKEN = "emulator-bot-token"
EMULATOR_GITHUB_CLIENT_ID = "emulator-github-client-id"
EMULATOR_GITHUB_CLIENT_SECRET = "emulator-github-client-secret"
# The public half of the key the emulator signs interactions with (its private half is in emulator/fixtures.py).
EMULATOR_INTERACTIONS_PUBLIC_KEY = "ccfa090c2a712009e9a345ccf5c3f83d1d62505d009ab8fbc7f9f0bcc3604cbf"


class SettingsError(RuntimeError):
    """A setting is missing or malformed; the message says what to set."""


@dataclass(frozen=True)
class Settings:
    base_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key: str = ""
    encryption_keys: tuple[str, ...] = ()
    database_url: str = "sqlite+aiosqlite:///var/guildhall.db"
    discord_client_id: str = ""
    discord_client_secret: str = ""
    discord_bot_token: str = ""
    discord_public_key: str = ""
    discord_api_base: str = "https://discord.com/api/v10"
    discord_authorize_url: str = "https://discord.com/oauth2/authorize"
    discord_cdn_base: str = "https://cdn.discordapp.com"
    github_client_id: str = ""
    github_client_secret: str = ""
    github_oauth_base: str = "https://github.com/login/oauth"
    github_api_base: str = "https://api.github.com"
    github_scope: str = "public_repo"
    emulator_port: int = 8001
    development: bool = False
    max_body_bytes: int = 1_048_576
    upstream_timeout: float = 5.0
    session_idle_seconds: int = 8 * 3600
    profile_cache_seconds: int = 60
    guild_cache_seconds: int = 120
    guild_recheck_seconds: int = 15
    ticket_sweep_seconds: float = 60.0
    trusted_proxies: tuple[str, ...] = ()
    workers: int = 1
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_tls: str = "starttls"
    smtp_user: str = ""
    smtp_password: str = ""
    mail_from: str = "Guildhall <guildhall@localhost>"

    @property
    def https(self) -> bool:
        return self.base_url.startswith("https://")

    @property
    def emulator_url(self) -> str:
        return f"http://{self.host}:{self.emulator_port}"

    @property
    def discord_redirect_uri(self) -> str:
        return f"{self.base_url}/auth/discord/callback"

    @property
    def github_redirect_uri(self) -> str:
        return f"{self.base_url}/link/github/callback"

    def with_emulator(self, emulator_url: str) -> Settings:
        """Point every upstream at an emulator listening on `emulator_url` (the mode stays what it was: tests ask
        for development mode, benchmarks serve as in production)."""
        return replace(
            self,
            discord_client_id=EMULATOR_CLIENT_ID,
            discord_client_secret=EMULATOR_CLIENT_SECRET,
            discord_bot_token=EMULATOR_BOT_TOKEN,
            discord_public_key=self.discord_public_key or EMULATOR_INTERACTIONS_PUBLIC_KEY,
            discord_api_base=f"{emulator_url}/discord/api/v10",
            discord_authorize_url=f"{emulator_url}/discord/oauth2/authorize",
            discord_cdn_base=f"{emulator_url}/discord/cdn",
            github_client_id=EMULATOR_GITHUB_CLIENT_ID,
            github_client_secret=EMULATOR_GITHUB_CLIENT_SECRET,
            github_oauth_base=f"{emulator_url}/github/login/oauth",
            github_api_base=f"{emulator_url}/github/api",
        )


# Every field is read from the environment (or .env) under its name in capitals, but these: the mode is asked for
# on its own (GUILDHALL_ENV), and the profile's recheck interval is not a setting one changes.
_READ = tuple(field.name for field in fields(Settings) if field.name not in ("development", "profile_cache_seconds"))
# What production cannot run without, and where each comes from.
_REQUIRED = {
    "DISCORD_CLIENT_ID": "your Discord application's id (developer portal, OAuth2 page)",
    "DISCORD_CLIENT_SECRET": "its OAuth2 client secret (same page)",
    "DISCORD_BOT_TOKEN": "its bot's token (Bot page)",
    "SECRET_KEY": "signs cookies: python -c 'import secrets; print(secrets.token_urlsafe(32))'",
    "ENCRYPTION_KEYS": "encrypts tokens at rest: "
    "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'",
}


def load(env_file: Path | None = ROOT / ".env", *, development: bool = False) -> Settings:
    """Read the settings. Development mode is asked for (`development`, or GUILDHALL_ENV=development), never
    inferred: it fills in the emulator and local secrets; otherwise every production setting must be there."""
    config = Config(env_file if env_file and env_file.exists() else None, environ=environ)
    mode = config("GUILDHALL_ENV", default="production")
    if mode not in ("production", "development"):
        raise SettingsError(f"GUILDHALL_ENV is {mode!r}: set it to development or production (the default).")
    settings = _read(config)
    return _development(settings) if development or mode == "development" else _production(settings)


def _read(config: Config) -> Settings:
    values: dict[str, Any] = {}
    for name in _READ:
        default = getattr(Settings, name)
        raw = config(name.upper(), default=None)
        if raw is None:
            continue
        try:
            values[name] = _split(raw) if isinstance(default, tuple) else type(default)(raw)
        except ValueError:
            raise SettingsError(f"{name.upper()} must be a {type(default).__name__}, not {raw!r}.") from None
    settings = Settings(**values)
    return replace(settings, base_url=settings.base_url.rstrip("/"), smtp_tls=settings.smtp_tls.lower())


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _development(settings: Settings) -> Settings:
    """The emulator plays Discord and GitHub, mail goes to /dev/outbox, secrets are made once in var/. All of it is
    for this machine only: both servers listen on loopback."""
    if not _is_loopback(settings.host):
        raise SettingsError(
            f"Development mode listens on this machine only (loopback), but HOST is {settings.host!r}: its "
            "emulator and mail outbox would be open to the network. Unset HOST (or set it to 127.0.0.1), or run "
            "in production mode with your Discord application's settings."
        )
    secret_key, encryption_key = _development_secrets()
    settings = replace(
        settings,
        development=True,
        secret_key=settings.secret_key or secret_key,
        encryption_keys=settings.encryption_keys or (encryption_key,),
    )
    return settings.with_emulator(settings.emulator_url)


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _development_secrets() -> tuple[str, str]:
    secrets_file = VAR / "dev-secrets"
    if not secrets_file.exists():
        VAR.mkdir(exist_ok=True)
        secrets_file.write_text(f"{secrets.token_urlsafe(32)}\n{Fernet.generate_key().decode()}\n")
        secrets_file.chmod(0o600)
    secret_key, encryption_key = secrets_file.read_text().split()
    return secret_key, encryption_key


def _production(settings: Settings) -> Settings:
    missing = [f"  {name}: {about}" for name, about in _REQUIRED.items() if not getattr(settings, name.lower())]
    if missing:
        raise SettingsError(
            "these settings are missing, and Guildhall needs them to run with your Discord application:\n"
            + "\n".join(missing)
            + "\nSet them in the environment or in .env. To try Guildhall on this machine with the built-in "
            "emulator instead, set GUILDHALL_ENV=development (`make run` does) or add --dev to the command."
        )
    if len(settings.secret_key) < 32:
        raise SettingsError("SECRET_KEY must be at least 32 characters long.")
    return settings
