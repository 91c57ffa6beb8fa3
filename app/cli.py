"""The `guildhall` command: serve, migrate, validate, and administrative tasks."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable

from app.core import db
from app.settings import EVENT_LOOP, Settings, SettingsError, load

GRACEFUL_SECONDS = 30


def _serve(settings: Settings) -> None:
    """Production: uvicorn workers on `main:app`. Development: one process serving the dashboard and the emulator."""
    import uvicorn

    if not settings.development:
        uvicorn.run(
            "main:app",
            host=settings.host,
            port=settings.port,
            workers=settings.workers,
            loop=EVENT_LOOP,
            proxy_headers=False,  # the app applies TRUSTED_PROXIES itself, whatever server runs it
            timeout_graceful_shutdown=GRACEFUL_SECONDS,
        )
        return
    asyncio.run(_serve_with_emulator(settings))


async def _serve_with_emulator(settings: Settings) -> None:
    import uvicorn

    from app.web import create_app
    from emulator.app import EmulatorConfig, create_emulator

    emulator = create_emulator(
        EmulatorConfig(
            discord_redirect_uris=[settings.discord_redirect_uri], github_callback_url=settings.github_redirect_uri
        )
    )
    configs = [
        uvicorn.Config(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            proxy_headers=False,
            timeout_graceful_shutdown=GRACEFUL_SECONDS,
        ),
        uvicorn.Config(emulator, host=settings.host, port=settings.emulator_port, log_level="warning"),
    ]
    print(f"Guildhall: {settings.base_url}  (development mode: the Discord/GitHub emulator is {settings.emulator_url})")
    await asyncio.gather(*(uvicorn.Server(config).serve() for config in configs))


async def _migrate(settings: Settings) -> None:
    database = db.create(settings.database_url)
    await database.connect()
    try:
        applied = await db.migrate(database)
    finally:
        await database.disconnect()
    print("\n".join(f"applied {name}" for name in applied) or "the database is up to date")


def _command_serve(args: argparse.Namespace) -> int:
    _serve(load(development=args.dev))
    return 0


def _command_migrate(args: argparse.Namespace) -> int:
    settings = load(development=args.dev)
    if settings.database_url.startswith("sqlite"):
        from app.settings import VAR

        VAR.mkdir(exist_ok=True)
    asyncio.run(_migrate(settings))
    return 0


def _ask(value: str | None, prompt: str, *, secret: bool = False) -> str:
    if value:
        return value
    import getpass

    return getpass.getpass(prompt) if secret else input(prompt).strip()


def _command_create_admin(args: argparse.Namespace) -> int:
    from app.admin.create_admin import NewAdmin, problems, run

    settings = load(development=args.dev)
    if settings.database_url.startswith("sqlite"):
        from app.settings import VAR

        VAR.mkdir(exist_ok=True)
    wanted = NewAdmin(
        username=_ask(args.username, "Username: "),
        email=_ask(args.email, "Email: "),
        password=_ask(args.password, "Password: ", secret=True),
    )
    found = problems(wanted)
    if found:
        print("\n".join(f"guildhall: {problem}" for problem in found), file=sys.stderr)
        return 2
    user_id = asyncio.run(run(settings.database_url, wanted))
    print(f"{wanted.username} (user {user_id}) is an administrator: sign in at {settings.base_url}/auth/login")
    return 0


def _command_register_commands(args: argparse.Namespace) -> int:
    from app.discord.errors import DiscordError
    from app.interactions.register import register_commands

    settings = load(development=args.dev)
    try:
        registered = asyncio.run(register_commands(settings, args.guild or ""))
    except DiscordError as exc:
        print(f"guildhall: Discord refused the commands: {exc.message}", file=sys.stderr)
        return 1
    where = f"in guild {args.guild}" if args.guild else "globally (Discord may take up to an hour to show them)"
    print(f"registered {', '.join('/' + c['name'] for c in registered)} {where}")
    return 0


def _command_rotate_keys(args: argparse.Namespace) -> int:
    from app.core.crypto import Box
    from app.key_rotation import rotate

    settings = load(development=args.dev)

    async def run() -> int:
        database = db.create(settings.database_url)
        await database.connect()
        try:
            return await rotate(database, Box(settings.encryption_keys))
        finally:
            await database.disconnect()

    count = asyncio.run(run())
    print(f"re-encrypted {count} values with the first of ENCRYPTION_KEYS; the other keys can now be removed")
    return 0


def _command_validate(args: argparse.Namespace) -> int:
    from app.components.validate_command import main as validate

    return validate(args.rest)


COMMANDS: dict[str, tuple[str, Callable[[argparse.Namespace], int]]] = {
    "serve": ("start the dashboard (and, in development mode, the emulator)", _command_serve),
    "migrate": ("apply pending database migrations", _command_migrate),
    "create-admin": (
        "create the first administrator (or promote a user): --username, --email, --password",
        _command_create_admin,
    ),
    "register-commands": (
        "register the /link and /unlink slash commands: globally, or --guild ID for one guild",
        _command_register_commands,
    ),
    "rotate-keys": ("re-encrypt stored tokens and secrets with the first of ENCRYPTION_KEYS", _command_rotate_keys),
    "validate": ("validate a message or modal payload: guildhall validate PATH|- [--json]", _command_validate),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="guildhall", description="Guildhall, a dashboard for Discord bots.")
    sub = top.add_subparsers(dest="command", required=True)
    for name, (about, _) in COMMANDS.items():
        command = sub.add_parser(name, help=about, add_help=name != "validate")
        if name == "validate":
            command.add_argument("rest", nargs=argparse.REMAINDER)
        else:
            command.add_argument(
                "--dev", action="store_true", help="development mode: the built-in emulator, on this machine only"
            )
        if name == "register-commands":
            command.add_argument("--guild", help="a guild id: register there only, effective at once")
        if name == "create-admin":
            for option in ("--username", "--email", "--password"):
                command.add_argument(
                    option,
                    help="asked for when left out"
                    if option != "--password"
                    else "asked for (without echo) when left out; prefer the prompt over the flag",
                )
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command][1](args)
    except SettingsError as exc:
        print(f"guildhall: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
