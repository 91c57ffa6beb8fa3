"""Typing in the editor as a person types, over a slow server: every key arrives, in the field and in the draft.

The dashboard here answers every live edit late (`SlowEdits`), so answers land while the person is still typing,
and the pauses between keys (50 to 600 ms, some right on the 400 ms save delay) make saves start mid-word.
"""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from cryptography.fernet import Fernet
from playwright.sync_api import Browser, Page, expect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.settings import Settings
from app.web import create_app
from emulator.app import EmulatorConfig, create_emulator
from emulator.server import free_port, serve_in_thread
from tests.e2e.conftest import Live, open_page
from tests.e2e.test_builder import new_message, settled
from tests.e2e.test_sign_in import sign_in_as

SENTENCE = "the quick brown fox jumps over the lazy dog"
UPLOAD_DELAY = 0.15  # seconds before the server sees an edit
ANSWER_DELAY = 0.25  # seconds before its answer leaves


class SlowEdits:
    """Test-only middleware: each live edit reaches the app late and its answer comes back late."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].endswith("/edit"):
            await self.app(scope, receive, send)
            return
        await asyncio.sleep(UPLOAD_DELAY)

        async def late(message: Message) -> None:
            if message["type"] == "http.response.start":
                await asyncio.sleep(ANSWER_DELAY)
            await send(message)

        await self.app(scope, receive, late)


@pytest.fixture(scope="module")
def slow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    config = EmulatorConfig(
        discord_redirect_uris=[f"{base_url}/auth/discord/callback"],
        github_callback_url=f"{base_url}/link/github/callback",
    )
    with serve_in_thread(create_emulator(config)) as emulator_url:
        settings = Settings(
            base_url=base_url,
            port=port,
            secret_key="browser-test-secret-key-0123456789abcdef",
            encryption_keys=(Fernet.generate_key().decode(),),
            database_url=f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('typing')}/guildhall.db",
        ).with_emulator(emulator_url)
        with serve_in_thread(SlowEdits(create_app(settings)), port=port) as url:
            with httpx2.Client(base_url=emulator_url) as control:
                control.post("/_emulator/control/reset").raise_for_status()
            yield Live(url, emulator_url, settings)


def stored_draft(live: Live, editor_url: str) -> Any:
    """The draft as the database holds it."""
    path = live.settings.database_url.removeprefix("sqlite+aiosqlite:///")
    item_id = int(editor_url.rsplit("/", 1)[-1])
    with sqlite3.connect(path) as connection:
        (payload,) = connection.execute("SELECT payload FROM builder_items WHERE id = ?", (item_id,)).fetchone()
    return json.loads(payload)


def human_pauses(count: int, seed: int) -> list[int]:
    """Milliseconds after each key: 50 to 600 at random, every fifth right about on the save delay."""
    chance = random.Random(seed)
    return [chance.randint(380, 460) if i % 5 == 4 else chance.randint(50, 600) for i in range(count)]


def type_slowly(page: Page, text: str, pauses: list[int]) -> None:
    for key, pause in zip(text, pauses, strict=True):
        page.keyboard.type(key)
        page.wait_for_timeout(pause)


def open_text(page: Page, live: Live, name: str) -> tuple[str, str]:
    """A new blank message, its text field emptied and focused; (the editor's URL, the field's selector)."""
    editor = new_message(page, live, name)
    page.get_by_role("button", name="Text Display 1", exact=True).click()
    field = "#f-components-0-content"
    page.locator(field).focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    return editor, field


def assert_kept(page: Page, live: Live, editor: str, field: str, text: str) -> None:
    settled(page)
    page.wait_for_timeout(1000)  # the last save (400 ms after the last key) and its slow answer
    settled(page)
    expect(page.locator(field)).to_have_value(text)
    expect(page.locator(field)).to_be_focused()
    assert stored_draft(live, editor)["components"][0]["content"] == text


@pytest.mark.parametrize("seed", [1, 2])
def test_irregular_typing_over_a_slow_server_loses_no_key(browser: Browser, slow: Live, seed: int) -> None:
    page = open_page(browser)
    sign_in_as(page, slow, "ada")
    editor, field = open_text(page, slow, f"Typing {seed}")
    type_slowly(page, SENTENCE, human_pauses(len(SENTENCE), seed))
    assert_kept(page, slow, editor, field, SENTENCE)
    page.context.close()


def test_steady_typing_just_past_the_save_delay_loses_no_key(browser: Browser, slow: Live) -> None:
    """A key every 430 ms: each save starts, and its answer comes back, while the next keys are typed."""
    page = open_page(browser)
    sign_in_as(page, slow, "ada")
    editor, field = open_text(page, slow, "Steady")
    text = "abcdefghijklmno"
    type_slowly(page, text, [430] * len(text))
    assert_kept(page, slow, editor, field, text)
    page.context.close()
