"""The emulator on a real port for the whole session, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest

from emulator.app import EmulatorConfig, create_emulator
from emulator.server import serve_in_thread
from tests.emulator.flows import DISCORD_CALLBACK, GITHUB_CALLBACK


@pytest.fixture(scope="session")
def emulator_origin() -> Iterator[str]:
    config = EmulatorConfig(discord_redirect_uris=[DISCORD_CALLBACK], github_callback_url=GITHUB_CALLBACK)
    with serve_in_thread(create_emulator(config)) as origin:
        yield origin


@pytest.fixture
def http(emulator_origin: str) -> Iterator[httpx2.Client]:
    """A client on the emulator's origin that never follows redirects, on a freshly reset emulator."""
    with httpx2.Client(base_url=emulator_origin, follow_redirects=False, timeout=5) as client:
        client.post("/_emulator/control/reset").raise_for_status()
        yield client
