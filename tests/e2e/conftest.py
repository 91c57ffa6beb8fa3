"""Browser tests: the dashboard and the emulator on real ports, driven by the system Chromium.

Without Chromium these tests skip, unless GUILDHALL_REQUIRE_BROWSER=1 (CI), where its absence fails the run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest
from cryptography.fernet import Fernet
from playwright.sync_api import Browser, Page, sync_playwright

from app.settings import Settings
from app.web import create_app
from emulator.app import EmulatorConfig, create_emulator
from emulator.server import free_port, serve_in_thread

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the browser tests, and run them last: they are the slowest, the others give quicker news."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)
    items.sort(key=lambda item: Path(str(item.fspath)).is_relative_to(here))


@dataclass(frozen=True)
class Live:
    url: str
    emulator_url: str
    settings: Settings


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    emulator = create_emulator(
        EmulatorConfig(
            discord_redirect_uris=[f"{base_url}/auth/discord/callback"],
            github_callback_url=f"{base_url}/link/github/callback",
        )
    )
    with serve_in_thread(emulator) as emulator_url:
        settings = Settings(
            base_url=base_url,
            port=port,
            secret_key="browser-test-secret-key-0123456789abcdef",
            encryption_keys=(Fernet.generate_key().decode(),),
            database_url=f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('e2e')}/guildhall.db",
            development=True,
        ).with_emulator(emulator_url)
        with serve_in_thread(create_app(settings), port=port) as url:
            yield Live(url, emulator_url, settings)


@pytest.fixture
def emulator_control(live: Live) -> Iterator[httpx2.Client]:
    with httpx2.Client(base_url=live.emulator_url, timeout=10) as control:
        control.post("/_emulator/control/reset").raise_for_status()
        yield control


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium per test module: Playwright's sync API keeps an event loop running in the main thread while
    it is open, which `asyncio.run` elsewhere in the suite must not meet."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("GUILDHALL_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium is required for the browser tests but {CHROMIUM} does not exist")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_page(browser: Browser, *, javascript: bool = True, bypass_csp: bool = False) -> Page:
    """A page in a context of its own (own cookies); axe-core needs `bypass_csp` to inject its script."""
    context = browser.new_context(java_script_enabled=javascript, bypass_csp=bypass_csp)
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def page(request: pytest.FixtureRequest, browser: Browser, emulator_control: httpx2.Client) -> Iterator[Page]:
    """A fresh page, once with JavaScript on and once with it off."""
    opened = open_page(browser, javascript=request.param)
    yield opened
    opened.context.close()


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, object]]:
    """Run axe-core in the page; the violations of the given impacts."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
    return [v for v in result["violations"] if v["impact"] in impacts]
