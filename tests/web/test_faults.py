"""Discord's bad minutes: 429s, 500s, time-outs and slow answers on every route the dashboard calls.

Every request still gets a clear page (never a 500), no request waits much beyond the upstream time-out, the
dashboard never retries on its own (the emulator's log counts the calls), and nothing typed into a draft is lost.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpx2
import pytest
from starlette.testclient import TestClient

from app.components.paths import get_at
from app.core import db, recent
from app.settings import Settings
from app.web import create_app
from tests.conftest import TEST_BASE_URL
from tests.web.support import ADA, authorize, callback_path, calls, csrf, html, sign_in, start_login, text_of
from tests.web.test_auth_login import run
from tests.web.test_builder_helpers import base, create, draft, field_name
from tests.web.test_builder_publish import CREATE_ROUTE, LABEL, publish
from tests.web.test_guilds import on_a_clock

TIMEOUT = 1.0
G1 = "200000000000000001"
FAULTS = {
    "429": {"status": 429, "retry_after": 5},
    "500": {"status": 500},
    "timeout": {"status": 0, "delay_ms": 3000},
    "slow": {"status": 0, "delay_ms": 300},
}


@pytest.fixture
def anonymous(settings: Settings) -> Iterator[TestClient]:
    """A client, not signed in, on an app that waits at most one second for Discord."""
    app = create_app(replace(settings, upstream_timeout=TIMEOUT))
    with TestClient(app, base_url=TEST_BASE_URL, follow_redirects=False) as client:
        yield client


@pytest.fixture
def impatient(anonymous: TestClient) -> TestClient:
    sign_in(anonymous, ADA)
    return anonymous


def inject(emulator: httpx2.Client, route: str, fault: str) -> None:
    emulator.post("/_emulator/control/faults", json={"route": route, "count": 100, **FAULTS[fault]}).raise_for_status()


def timed(client: TestClient, path: str) -> tuple[Any, float]:
    started = time.monotonic()
    answer = client.get(path)
    return answer, time.monotonic() - started


def assert_clear(answer: Any, elapsed: float) -> None:
    assert answer.status_code in (200, 303, 503), answer.status_code
    assert elapsed < TIMEOUT + 1.5
    if answer.status_code == 503:
        alert = html(answer).css_first("[role=alert]")
        assert alert is not None
        assert "try again" in alert.text().lower()


@pytest.mark.parametrize("fault", FAULTS)
def test_profile_recheck_failures_keep_the_session(impatient: TestClient, emulator: httpx2.Client, fault: str) -> None:
    run(impatient, "UPDATE discord_accounts SET profile_checked_at = 0")
    before = calls(emulator, "GET /users/@me")
    inject(emulator, "GET /users/@me", fault)
    answer, elapsed = timed(impatient, "/")
    assert_clear(answer, elapsed)
    assert answer.status_code == 200
    assert calls(emulator, "GET /users/@me") - before <= 1


@pytest.mark.parametrize("fault", FAULTS)
def test_guild_list_failures_with_and_without_a_cached_list(
    impatient: TestClient, emulator: httpx2.Client, fault: str
) -> None:
    inject(emulator, "GET /users/@me/guilds", fault)
    cold, elapsed = timed(impatient, "/guilds")
    assert_clear(cold, elapsed)
    emulator.delete("/_emulator/control/faults")
    run(impatient, "UPDATE guild_lists SET retry_at = 0")  # a 429's Retry-After is honoured: skip the wait
    assert impatient.get("/guilds").status_code == 200
    run(impatient, "UPDATE guild_lists SET fetched_at = :t", {"t": db.now() - 1000})
    inject(emulator, "GET /users/@me/guilds", fault)
    before = calls(emulator, "GET /users/@me/guilds")
    stale, elapsed = timed(impatient, f"/guilds/{G1}")
    assert_clear(stale, elapsed)
    assert stale.status_code == 200
    assert calls(emulator, "GET /users/@me/guilds") - before <= 1


@pytest.mark.parametrize("fault", FAULTS)
def test_bot_view_failures(impatient: TestClient, emulator: httpx2.Client, fault: str) -> None:
    clock = on_a_clock(impatient)
    impatient.get("/guilds")  # the guild list is cached; the bot's view of the guild is what fails now
    run(impatient, "DELETE FROM bot_cache")
    clock.now += recent.RECENT_SECONDS  # the process no longer trusts the rows it read for the guild list
    inject(emulator, "GET /guilds/{guild_id}", fault)
    before = calls(emulator, "GET /guilds/{guild_id}")
    answer, elapsed = timed(impatient, f"/guilds/{G1}")
    assert_clear(answer, elapsed)
    assert calls(emulator, "GET /guilds/{guild_id}") - before == 1  # asked once, as the policy allows


@pytest.mark.parametrize("fault", FAULTS)
def test_token_refresh_failures_keep_the_session_for_later(
    impatient: TestClient, emulator: httpx2.Client, fault: str
) -> None:
    run(impatient, "UPDATE discord_accounts SET expires_at = :t", {"t": db.now() + 10})
    inject(emulator, "POST /oauth2/token", fault)
    answer, elapsed = timed(impatient, "/")
    assert_clear(answer, elapsed)
    emulator.delete("/_emulator/control/faults")
    assert impatient.get("/").status_code == 200, "the session survived Discord's bad minute"
    assert run(impatient, "SELECT COUNT(*) AS n FROM sessions") == [{"n": 1}]


EDITOR_READS = ("GET /guilds/{guild_id}/channels", "GET /guilds/{guild_id}/roles", "GET /guilds/{guild_id}/emojis")
UPDATE_ROUTE = "PATCH /channels/{channel_id}/messages/{message_id}"
TYPED = "Typed just before Discord failed"
LABEL_FIELD = field_name(LABEL)


@pytest.mark.parametrize("route", EDITOR_READS)
@pytest.mark.parametrize("fault", FAULTS)
def test_editor_reads_failing_still_give_the_editor(
    impatient: TestClient, emulator: httpx2.Client, fault: str, route: str
) -> None:
    url = f"{base()}/{create(impatient, 'support')}"
    inject(emulator, route, fault)
    before = calls(emulator, route)
    answer, elapsed = timed(impatient, url)
    assert_clear(answer, elapsed)
    assert answer.status_code == 200
    assert html(answer).css_first("#draft-form") is not None
    assert calls(emulator, route) - before == 1
    if route.endswith("/channels") and fault != "slow":
        assert "could not read this server's channels" in text_of(answer, "#channels-unknown")
        refused = publish(impatient, url, **{LABEL_FIELD: TYPED})
        assert refused.status_code == 503
        assert "nothing was sent" in text_of(refused, "#publish-error")
        assert calls(emulator, CREATE_ROUTE) == 0


@pytest.mark.parametrize("mode", ["new", "update"])
@pytest.mark.parametrize("fault", FAULTS)
def test_publish_failures_keep_the_draft(impatient: TestClient, emulator: httpx2.Client, fault: str, mode: str) -> None:
    item_id = create(impatient, "support")
    url = f"{base()}/{item_id}"
    if mode == "update":
        assert publish(impatient, url).status_code == 303
        run(impatient, "DELETE FROM throttles")
    route = UPDATE_ROUTE if mode == "update" else CREATE_ROUTE
    inject(emulator, route, fault)
    before = calls(emulator, route)
    started = time.monotonic()
    answer = publish(impatient, url, mode=mode, **{LABEL_FIELD: TYPED})
    assert time.monotonic() - started < TIMEOUT + 1.5
    assert calls(emulator, route) - before == 1
    assert get_at(draft(impatient, item_id), LABEL) == TYPED  # saved before Discord was asked
    if fault == "slow":
        assert answer.status_code == 303
        return
    expected = {
        "429": (429, "wait 5 seconds"),
        "500": (503, "nothing was sent"),
        "timeout": (504, "Look in the channel"),
    }
    status, words = expected[fault]
    assert answer.status_code == status
    assert words in text_of(answer, "#publish-error")
    kept = html(answer).css_first(f"[name='{LABEL_FIELD}']")
    assert kept is not None and kept.attributes["value"] == TYPED


@pytest.mark.parametrize("fault", FAULTS)
def test_logout_ends_the_session_whatever_discord_says(
    impatient: TestClient, emulator: httpx2.Client, fault: str
) -> None:
    inject(emulator, "POST /oauth2/token/revoke", fault)
    before = calls(emulator, "POST /oauth2/token/revoke")
    started = time.monotonic()
    answer = impatient.post("/auth/logout", data={"csrf_token": csrf(impatient, "/auth/logout")})
    assert time.monotonic() - started < TIMEOUT + 1.5
    assert answer.status_code == 303
    assert run(impatient, "SELECT COUNT(*) AS n FROM sessions") == [{"n": 0}]
    assert calls(emulator, "POST /oauth2/token/revoke") - before == 1


@pytest.mark.parametrize("route", ["POST /oauth2/token", "GET /users/@me"])
@pytest.mark.parametrize("fault", FAULTS)
def test_sign_in_failures_get_a_page(anonymous: TestClient, emulator: httpx2.Client, fault: str, route: str) -> None:
    callback = callback_path(authorize(start_login(anonymous), ADA))
    inject(emulator, route, fault)
    before = calls(emulator, route)
    answer, elapsed = timed(anonymous, callback)
    assert elapsed < TIMEOUT + 1.5
    assert calls(emulator, route) - before == 1
    if fault == "slow":
        assert answer.status_code == 303
        assert run(anonymous, "SELECT COUNT(*) AS n FROM sessions") == [{"n": 1}]
        return
    assert answer.status_code == 503
    assert text_of(answer, "h1") == "Discord is not answering"
    assert html(answer).css_first("main a.button[href='/auth/discord/login']") is not None  # to start again
