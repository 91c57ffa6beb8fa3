"""Several app processes on one PostgreSQL database: what one knows, the other knows at once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from urllib.parse import urlencode, urlsplit

import httpx2
import pytest
from starlette.testclient import TestClient

from app.settings import Settings
from app.web import create_app
from emulator.server import free_port
from tests.conftest import TEST_BASE_URL, empty_postgres, make_settings
from tests.web.support import ADA, GRACE, calls, html, sign_in

ROOT = Path(__file__).resolve().parents[2]
G1 = "200000000000000001"
pytestmark = pytest.mark.postgres


@contextmanager
def app_process(settings: Settings, emulator_url: str) -> Iterator[subprocess.Popen[bytes]]:
    """`uvicorn main:app` in a process of its own, configured through the environment like production."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "GITHUB_"))}
    env.update(
        GUILDHALL_ENV="development",
        DATABASE_URL=settings.database_url,
        SECRET_KEY=settings.secret_key,
        ENCRYPTION_KEYS=",".join(settings.encryption_keys),
        BASE_URL=TEST_BASE_URL,
        EMULATOR_PORT=str(urlsplit(emulator_url).port),
    )
    command = [sys.executable, "-m", "uvicorn", "main:app", "--port", str(port), "--timeout-graceful-shutdown", "10"]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)  # noqa: S603
        process.port = port  # type: ignore[attr-defined]
        try:
            _wait_until_ready(port, process, log)
            yield process
        finally:
            process.terminate()
            process.wait(timeout=15)


def _wait_until_ready(port: int, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the app process exited: {log.read().decode()}")
        try:
            if httpx2.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return
        except httpx2.TransportError:
            time.sleep(0.1)
    raise TimeoutError("the app process did not become ready")


def url(process: subprocess.Popen[bytes]) -> str:
    return f"http://127.0.0.1:{process.port}"  # type: ignore[attr-defined]


@pytest.fixture
def shared(postgres_database: str, emulator: httpx2.Client, emulator_url: str) -> Iterator[Settings]:
    yield make_settings(postgres_database, emulator_url)
    empty_postgres(postgres_database)


def signed_in_cookie(settings: Settings, user_id: str) -> str:
    with TestClient(create_app(settings), base_url=TEST_BASE_URL, follow_redirects=False) as client:
        sign_in(client, user_id)
        return str(client.cookies["gh_session"])


def test_sessions_logout_and_guild_cache_are_shared(
    shared: Settings, emulator: httpx2.Client, emulator_url: str
) -> None:
    cookie = signed_in_cookie(shared, ADA)
    with app_process(shared, emulator_url) as one, app_process(shared, emulator_url) as two:

        async def cold_burst() -> list[int]:
            async with httpx2.AsyncClient(cookies={"gh_session": cookie}, timeout=30) as browser:
                pages = [browser.get(f"{url(p)}/guilds/{G1}") for p in (one, two) for _ in range(20)]
                return [answer.status_code for answer in await asyncio.gather(*pages)]

        assert asyncio.run(cold_burst()) == [200] * 40
        assert calls(emulator, "GET /users/@me/guilds") == 1
        with httpx2.Client(cookies={"gh_session": cookie}, follow_redirects=False) as browser:
            form = html(browser.get(f"{url(one)}/auth/logout")).css_first("input[name=csrf_token]")
            assert form is not None
            token = str(form.attributes["value"])
            out = browser.post(f"{url(one)}/auth/logout", data={"csrf_token": token}, headers={"Origin": TEST_BASE_URL})
            assert out.status_code == 303
            browser.cookies.set("gh_session", cookie)
            after = browser.get(f"{url(two)}/guilds")
            assert after.status_code == 303
            assert after.headers["location"].startswith("/auth/login")


def test_graceful_shutdown_finishes_requests_in_flight(
    shared: Settings, emulator: httpx2.Client, emulator_url: str
) -> None:
    cookie = signed_in_cookie(shared, GRACE)
    emulator.post(
        "/_emulator/control/faults", json={"route": "GET /users/@me/guilds", "status": 0, "delay_ms": 1500}
    ).raise_for_status()
    with app_process(shared, emulator_url) as process:

        async def slow_page_then_stop() -> int:
            async with httpx2.AsyncClient(cookies={"gh_session": cookie}, timeout=30) as browser:
                page = asyncio.ensure_future(browser.get(f"{url(process)}/guilds"))
                await asyncio.sleep(0.5)
                process.send_signal(signal.SIGTERM)
                return (await page).status_code

        assert asyncio.run(slow_page_then_stop()) == 200
        # uvicorn re-raises the signal it caught once the in-flight requests are done.
        assert process.wait(timeout=15) in (0, -signal.SIGTERM)


def test_publish_throttle_holds_across_processes(shared: Settings, emulator: httpx2.Client, emulator_url: str) -> None:
    from selectolax.lexbor import LexborHTMLParser

    from tests.web.test_builder_helpers import form_fields

    cookie = signed_in_cookie(shared, ADA)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    with (
        app_process(shared, emulator_url) as one,
        app_process(shared, emulator_url) as two,
        httpx2.Client(cookies={"gh_session": cookie}, follow_redirects=False, timeout=30) as browser,
    ):
        library = f"{url(one)}/guilds/{G1}/messages"
        token = html(browser.get(library)).css_first("input[name=csrf_token]")
        assert token is not None
        created = browser.post(library, data={"csrf_token": str(token.attributes["value"]), "starter": "support"})
        editor = created.headers["location"].split("?")[0]
        statuses = []
        for process in (one, two, one):
            fields = form_fields(LexborHTMLParser(browser.get(f"{url(process)}{editor}").text))
            sent = urlencode([*fields, ("channel_id", "300000000000000001"), ("mode", "new")])
            statuses.append(browser.post(f"{url(process)}{editor}/publish", content=sent, headers=form).status_code)
    assert statuses == [303, 303, 429]
    assert calls(emulator, "POST /channels/{channel_id}/messages") == 2
