"""Two app processes on one PostgreSQL database: a move made through one is on the other's board at its next poll,
and two moves of one ticket through both are in order or refused, never lost."""

from __future__ import annotations

import json
import time

import httpx2
import pytest

from app.settings import Settings
from emulator.fixtures import sign_interaction
from tests.conftest import TEST_BASE_URL
from tests.web.support import ADA, html
from tests.web.test_processes import G1, app_process, shared, signed_in_cookie, url  # noqa: F401

pytestmark = pytest.mark.postgres
BOARD = f"/guilds/{G1}/tickets"
LINUS = {"id": "100000000000000003", "username": "linus", "global_name": None, "avatar": None}


def open_ticket(base: str) -> None:
    payload = {"type": 3, "guild_id": G1, "member": {"user": LINUS}, "data": {"custom_id": "gh:ticket"}}
    body = json.dumps(payload).encode()
    headers = {**sign_interaction(body, str(int(time.time()))), "Content-Type": "application/json"}
    assert httpx2.post(f"{base}/interactions", content=body, headers=headers).status_code == 200


def move(browser: httpx2.Client, base: str, status: str, revision: int) -> int:
    page = html(browser.get(f"{base}{BOARD}"))
    token = page.css_first("#move input[name=csrf_token]")
    assert token is not None
    data = {"csrf_token": str(token.attributes["value"]), "status": status, "revision": str(revision), "back": BOARD}
    return browser.post(f"{base}{BOARD}/1/move", data=data, headers={"Origin": TEST_BASE_URL}).status_code


def column_of(page: httpx2.Response) -> str:
    card = html(page).css_first("#t1")
    assert card is not None and card.parent is not None and card.parent.parent is not None
    return str(card.parent.parent.attributes["data-status"])


def test_a_move_through_one_process_reaches_the_others_poll(
    shared: Settings,  # noqa: F811
    emulator: httpx2.Client,
    emulator_url: str,
) -> None:
    cookie = signed_in_cookie(shared, ADA)
    with (
        app_process(shared, emulator_url) as one,
        app_process(shared, emulator_url) as two,
        httpx2.Client(cookies={"gh_session": cookie}, follow_redirects=False) as browser,
    ):
        open_ticket(url(one))
        tag = browser.get(f"{url(two)}{BOARD}").headers["etag"]
        assert browser.get(f"{url(two)}{BOARD}", headers={"If-None-Match": tag}).status_code == 304
        assert move(browser, url(one), "in_progress", 1) == 303
        assert move(browser, url(two), "waiting", 1) == 409
        after = browser.get(f"{url(two)}{BOARD}", headers={"If-None-Match": tag})
        assert after.status_code == 200
        assert column_of(after) == "in_progress"
