"""`python -m emulator [--port N]`: serve the emulator alone, registered for the configured dashboard.

It plays Discord and GitHub for anyone who reaches it (its control API resets and rewrites everything), so it
listens on loopback only, like development mode.
"""

from __future__ import annotations

import argparse

import uvicorn

from app import settings
from emulator.app import EmulatorConfig, create_emulator


def main() -> None:
    try:
        current = settings.load(development=True)
    except settings.SettingsError as exc:
        raise SystemExit(f"python -m emulator: {exc}") from None
    parser = argparse.ArgumentParser(prog="python -m emulator", description=__doc__)
    parser.add_argument("--port", type=int, default=current.emulator_port)
    args = parser.parse_args()
    config = EmulatorConfig([current.discord_redirect_uri], current.github_redirect_uri)
    uvicorn.run(create_emulator(config), host=current.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
