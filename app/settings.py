"""Every setting Guildhall reads, from the environment or a `.env` file.

Without Discord credentials Guildhall runs in development mode: it serves the built-in Discord/GitHub emulator
on its own port and points every upstream URL at it, so nothing needs a network or an account.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from pathlib import Path

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
        """Point every upstream at an emulator listening on `emulator_url`."""
        return replace(
            self,
            development=True,
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


def load(env_file: Path | None = ROOT / ".env") -> Settings:
    """Read the settings; in development mode fill in the emulator and local secrets."""
    config = Config(env_file if env_file and env_file.exists() else None, environ=environ)
    settings = Settings(
        base_url=config("BASE_URL", default=Settings.base_url).rstrip("/"),
        host=config("HOST", default=Settings.host),
        port=config("PORT", cast=int, default=Settings.port),
        secret_key=config("SECRET_KEY", default=""),
        encryption_keys=_split(config("ENCRYPTION_KEYS", default="")),
        database_url=config("DATABASE_URL", default=Settings.database_url),
        discord_client_id=config("DISCORD_CLIENT_ID", default=""),
        discord_client_secret=config("DISCORD_CLIENT_SECRET", default=""),
        discord_bot_token=config("DISCORD_BOT_TOKEN", default=""),
        discord_public_key=config("DISCORD_PUBLIC_KEY", default=""),
        discord_api_base=config("DISCORD_API_BASE", default=Settings.discord_api_base),
        discord_authorize_url=config("DISCORD_AUTHORIZE_URL", default=Settings.discord_authorize_url),
        discord_cdn_base=config("DISCORD_CDN_BASE", default=Settings.discord_cdn_base),
        github_client_id=config("GITHUB_CLIENT_ID", default=""),
        github_client_secret=config("GITHUB_CLIENT_SECRET", default=""),
        github_oauth_base=config("GITHUB_OAUTH_BASE", default=Settings.github_oauth_base),
        github_api_base=config("GITHUB_API_BASE", default=Settings.github_api_base),
        github_scope=config("GITHUB_SCOPE", default=Settings.github_scope),
        emulator_port=config("EMULATOR_PORT", cast=int, default=Settings.emulator_port),
        max_body_bytes=config("MAX_BODY_BYTES", cast=int, default=Settings.max_body_bytes),
        upstream_timeout=config("UPSTREAM_TIMEOUT", cast=float, default=Settings.upstream_timeout),
        session_idle_seconds=config("SESSION_IDLE_SECONDS", cast=int, default=Settings.session_idle_seconds),
        guild_cache_seconds=config("GUILD_CACHE_SECONDS", cast=int, default=Settings.guild_cache_seconds),
        guild_recheck_seconds=config("GUILD_RECHECK_SECONDS", cast=int, default=Settings.guild_recheck_seconds),
        trusted_proxies=_split(config("TRUSTED_PROXIES", default="")),
        workers=config("WORKERS", cast=int, default=Settings.workers),
        smtp_host=config("SMTP_HOST", default=""),
        smtp_port=config("SMTP_PORT", cast=int, default=Settings.smtp_port),
        smtp_tls=config("SMTP_TLS", default=Settings.smtp_tls).lower(),
        smtp_user=config("SMTP_USER", default=""),
        smtp_password=config("SMTP_PASSWORD", default=""),
        mail_from=config("MAIL_FROM", default=Settings.mail_from),
    )
    if not settings.discord_client_id:
        return _development(settings)
    return _production(settings)


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _development(settings: Settings) -> Settings:
    secrets_file = VAR / "dev-secrets"
    if not secrets_file.exists():
        VAR.mkdir(exist_ok=True)
        secrets_file.write_text(f"{secrets.token_urlsafe(32)}\n{Fernet.generate_key().decode()}\n")
        secrets_file.chmod(0o600)
    secret_key, encryption_key = secrets_file.read_text().split()
    settings = replace(
        settings,
        secret_key=settings.secret_key or secret_key,
        encryption_keys=settings.encryption_keys or (encryption_key,),
    )
    return settings.with_emulator(settings.emulator_url)


def _production(settings: Settings) -> Settings:
    missing = [
        name
        for name, value in [
            ("SECRET_KEY", settings.secret_key),
            ("ENCRYPTION_KEYS", settings.encryption_keys),
            ("DISCORD_CLIENT_SECRET", settings.discord_client_secret),
            ("DISCORD_BOT_TOKEN", settings.discord_bot_token),
        ]
        if not value
    ]
    if missing:
        raise SettingsError(
            "Guildhall is configured for a real Discord application (DISCORD_CLIENT_ID is set) but "
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set. "
            "Set SECRET_KEY to a long random string (python -c 'import secrets; print(secrets.token_urlsafe(32))') "
            "and ENCRYPTION_KEYS to a Fernet key "
            "(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')."
        )
    if len(settings.secret_key) < 32:
        raise SettingsError("SECRET_KEY must be at least 32 characters long.")
    return settings
