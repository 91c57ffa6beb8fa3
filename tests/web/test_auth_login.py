"""Signing in with Discord: the OAuth client rules of the security baseline, through the emulator over HTTP."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from databases import Database
from starlette.testclient import TestClient

from app.core import db
from app.core.crypto import Box, digest
from app.settings import Settings
from app.web import create_app
from tests.conftest import TEST_BASE_URL
from tests.web.accounts_helpers import provided
from tests.web.support import (
    ADA,
    ALAN,
    GRACE,
    MARGARET,
    authorize,
    callback_path,
    calls,
    html,
    query,
    sign_in,
    start_login,
    text_of,
)


def run(client: TestClient, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Read the app's database through its own connection."""
    database = provided(client, Database)
    if sql.lstrip().upper().startswith("SELECT") or "RETURNING" in sql.upper():
        return db.rows(client.portal.call(database.fetch_all, sql, params))  # type: ignore[union-attr]
    client.portal.call(database.execute, sql, params)  # type: ignore[union-attr]
    return []


def test_login_records_a_pending_login_with_fresh_state_and_pkce(client: TestClient) -> None:
    url = start_login(client, "/guilds")
    params = query(url)
    rows = run(client, "SELECT * FROM pending_logins")
    assert len(rows) == 1
    row = rows[0]
    assert len(params["state"]) >= 22  # 128 bits of base64url
    assert row["state_hash"] == digest(params["state"])
    assert row["purpose"] == "login"
    assert row["return_path"] == "/guilds"
    assert 590 <= int(row["expires_at"]) - db.now() <= 600
    assert params["code_challenge_method"] == "S256"
    assert params["code_challenge"] == create_s256_code_challenge(row["code_verifier"])
    assert params["scope"] == "identify email guilds"
    assert start_login(client) != url, "every login gets its own state"


def test_sign_in_creates_user_session_and_lands_on_return_path(client: TestClient) -> None:
    response = sign_in(client, ADA, "/guilds?tab=all")
    assert response.status_code == 303
    assert response.headers["location"] == "/guilds?tab=all"
    home = client.get("/")
    assert text_of(home, "#welcome-title") == "Welcome, Ada Lovelace"
    users = run(client, "SELECT username, email, email_verified FROM users")
    assert users == [{"username": "ada", "email": "ada@example.com", "email_verified": True}]


@pytest.mark.parametrize(
    "next_path",
    ["//evil.example", "https://evil.example", "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", ""],
)
def test_return_path_never_leaves_the_site(client: TestClient, next_path: str) -> None:
    response = sign_in(client, ADA, next_path)
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_replayed_state_is_refused_with_a_page(client: TestClient) -> None:
    callback = callback_path(authorize(start_login(client), ADA))
    assert client.get(callback).status_code == 303
    replay = client.get(callback)
    assert replay.status_code == 400
    assert text_of(replay, "h1") == "This sign-in link has expired"
    assert html(replay).css_first("a[href='/auth/discord/login']") is not None


def test_forged_state_is_refused(client: TestClient) -> None:
    start_login(client)
    response = client.get("/auth/discord/callback", params={"state": "forged-state-value", "code": "whatever"})
    assert response.status_code == 400
    assert text_of(response, "h1") == "This sign-in link has expired"
    assert run(client, "SELECT COUNT(*) AS n FROM sessions") == [{"n": 0}]


def test_a_callback_in_another_browser_leaves_the_sign_in_to_its_own(settings: Settings) -> None:
    with (
        TestClient(create_app(settings), base_url=TEST_BASE_URL, follow_redirects=False) as owner,
        TestClient(create_app(settings), base_url=TEST_BASE_URL, follow_redirects=False) as stranger,
    ):
        callback = callback_path(authorize(start_login(owner, "/guilds"), ADA))
        no_cookie = stranger.get(callback)
        stranger.get("/")  # now with a nonce cookie of its own, which is not the owner's
        wrong_cookie = stranger.get(callback)
        for refused in (no_cookie, wrong_cookie):
            assert refused.status_code == 400
            assert text_of(refused, "h1") == "This sign-in was started in another browser"
        assert "gh_session" not in stranger.cookies
        assert run(owner, "SELECT COUNT(*) AS n FROM sessions") == [{"n": 0}]
        signed_in = owner.get(callback)
        assert signed_in.status_code == 303 and signed_in.headers["location"] == "/guilds"
        assert "gh_session" in owner.cookies
        assert run(owner, "SELECT COUNT(*) AS n FROM pending_logins") == [{"n": 0}]


def test_a_forged_browser_cookie_does_not_take_the_sign_in(settings: Settings) -> None:
    with (
        TestClient(create_app(settings), base_url=TEST_BASE_URL, follow_redirects=False) as owner,
        TestClient(create_app(settings), base_url=TEST_BASE_URL, follow_redirects=False) as forger,
    ):
        callback = callback_path(authorize(start_login(owner), ADA))
        forger.cookies.set("gh_browser", owner.cookies["gh_browser"] + "x")
        assert forger.get(callback).status_code == 400
        assert owner.get(callback).status_code == 303


def test_expired_state_is_refused(client: TestClient) -> None:
    callback = callback_path(authorize(start_login(client), ADA))
    run(client, "UPDATE pending_logins SET expires_at = :t", {"t": db.now() - 1})
    assert client.get(callback).status_code == 400


def test_cancelled_consent_says_so(client: TestClient) -> None:
    callback = authorize(start_login(client), ADA, consent="deny")
    assert query(callback)["error"] == "access_denied"
    response = client.get(callback_path(callback))
    assert response.status_code == 400
    assert text_of(response, "h1") == "Sign-in cancelled"


def test_bad_code_gets_a_page_not_a_500(client: TestClient) -> None:
    url = start_login(client)
    response = client.get("/auth/discord/callback", params={"state": query(url)["state"], "code": "not-a-code"})
    assert response.status_code == 400
    assert text_of(response, "h1") == "Discord refused the sign-in"


def test_known_discord_id_returns_to_the_same_user(client: TestClient) -> None:
    sign_in(client, GRACE)
    sign_in(client, GRACE)
    assert run(client, "SELECT COUNT(*) AS n FROM users") == [{"n": 1}]


def _local_user(client: TestClient, username: str, email: str) -> int:
    rows = run(
        client,
        "INSERT INTO users (username, email, email_verified, created_at) VALUES (:u, :e, TRUE, 0) RETURNING id",
        {"u": username, "e": email},
    )
    return int(rows[0]["id"])


def test_verified_email_matching_one_local_account_links_it(client: TestClient) -> None:
    local = _local_user(client, "ada-local", "ADA@example.com")
    sign_in(client, ADA)
    assert run(client, "SELECT user_id FROM discord_accounts") == [{"user_id": local}]
    assert run(client, "SELECT COUNT(*) AS n FROM users") == [{"n": 1}]


def test_unverified_email_never_links(client: TestClient) -> None:
    local = _local_user(client, "margaret-local", "margaret@example.com")
    sign_in(client, MARGARET)
    linked = run(client, "SELECT user_id FROM discord_accounts")
    assert linked != [{"user_id": local}]
    assert run(client, "SELECT COUNT(*) AS n FROM users") == [{"n": 2}]


def test_email_shared_by_two_local_accounts_is_refused_and_explained(client: TestClient) -> None:
    _local_user(client, "alan-one", "shared@example.com")
    _local_user(client, "alan-two", "shared@example.com")
    response = sign_in(client, ALAN)
    assert response.status_code == 409
    assert "more than one Guildhall account" in text_of(response, "main")
    assert run(client, "SELECT COUNT(*) AS n FROM sessions") == [{"n": 0}]
    assert run(client, "SELECT COUNT(*) AS n FROM discord_accounts") == [{"n": 0}]


def test_tokens_are_encrypted_at_rest_and_never_shown(client: TestClient) -> None:
    sign_in(client, ADA)
    row = run(client, "SELECT access_token, refresh_token FROM discord_accounts")[0]
    box = provided(client, Box)
    access = box.open(row["access_token"])
    assert access not in str(row["access_token"])
    page = client.get("/").text
    assert access not in page
    assert box.open(row["refresh_token"]) not in page
    assert access not in str(client.cookies)


def test_unreachable_discord_at_callback_gets_a_page(client: TestClient, emulator: httpx2.Client) -> None:
    callback = callback_path(authorize(start_login(client), ADA))
    emulator.post("/_emulator/control/faults", json={"route": "POST /oauth2/token", "status": 500, "count": 1})
    response = client.get(callback)
    assert response.status_code == 503
    assert text_of(response, "h1") == "Discord is not answering"


def test_a_short_rate_limit_on_the_token_endpoint_is_waited_out(client: TestClient, emulator: httpx2.Client) -> None:
    callback = callback_path(authorize(start_login(client), ADA))
    fault = {"route": "POST /oauth2/token", "status": 429, "retry_after": 0.2, "count": 2}
    emulator.post("/_emulator/control/faults", json=fault)
    response = client.get(callback)
    assert response.status_code == 303
    assert client.get("/").status_code == 200
    assert (calls(emulator, "POST /oauth2/token", 429), calls(emulator, "POST /oauth2/token", 200)) == (2, 1)


def test_a_long_rate_limit_on_the_token_endpoint_gets_a_page(client: TestClient, emulator: httpx2.Client) -> None:
    callback = callback_path(authorize(start_login(client), ADA))
    fault = {"route": "POST /oauth2/token", "status": 429, "retry_after": 30, "count": 1}
    emulator.post("/_emulator/control/faults", json=fault)
    response = client.get(callback)
    assert response.status_code == 503
    assert text_of(response, "h1") == "Discord is not answering"


def test_settings_refuse_production_without_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.settings import SettingsError, load

    monkeypatch.setenv("DISCORD_CLIENT_ID", "123")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        load(env_file=None)
