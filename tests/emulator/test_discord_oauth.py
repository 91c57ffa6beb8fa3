"""Discord OAuth2 as the emulator plays it: redirects, codes, PKCE, refresh rotation, revocation."""

from __future__ import annotations

import httpx2
import pytest
from selectolax.lexbor import LexborHTMLParser

from tests.emulator.flows import (
    ADA,
    API,
    CLIENT_AUTH,
    DISCORD_CALLBACK,
    Pkce,
    bearer,
    discord_authorize,
    discord_code,
    discord_tokens,
    exchange,
    query_of,
    state,
)


def test_authorize_page_lists_every_fixture_user_with_an_approve_button(http: httpx2.Client) -> None:
    page = LexborHTMLParser(discord_authorize(http).text)
    buttons = {str(b.attributes["value"]) for b in page.css("button[name=login_as]")}
    assert buttons == {f"10000000000000000{n}" for n in range(1, 6)}
    hidden = {str(i.attributes["name"]): i.attributes["value"] for i in page.css("form input[type=hidden]")}
    assert hidden["redirect_uri"] == DISCORD_CALLBACK


@pytest.mark.parametrize(
    "redirect_uri",
    [
        f"{DISCORD_CALLBACK}/",
        f"{DISCORD_CALLBACK}/deeper",
        DISCORD_CALLBACK.replace("http://", "https://"),
        f"{DISCORD_CALLBACK}?next=/",
        "http://evil.test/auth/discord/callback",
    ],
)
def test_redirect_uri_must_match_exactly_or_an_error_page_shows(http: httpx2.Client, redirect_uri: str) -> None:
    answer = discord_authorize(http, redirect_uri=redirect_uri, login_as=ADA, consent="approve")
    assert answer.status_code == 400
    assert "location" not in answer.headers
    assert "redirect_uri" in answer.text


def test_approval_redirects_with_code_and_state(http: httpx2.Client) -> None:
    answer = discord_authorize(http, login_as=ADA, consent="approve", state="xyz")
    assert answer.status_code == 302
    location = answer.headers["location"]
    assert location.startswith(f"{DISCORD_CALLBACK}?")
    assert query_of(location)["state"] == "xyz"
    assert len(query_of(location)["code"]) >= 20


def test_denial_redirects_with_access_denied_and_state(http: httpx2.Client) -> None:
    answer = discord_authorize(http, consent="deny", state="xyz")
    params = query_of(answer.headers["location"])
    assert (params["error"], params["state"]) == ("access_denied", "xyz")
    assert "code" not in params


def test_code_works_once(http: httpx2.Client) -> None:
    code = discord_code(http)
    assert exchange(http, code).status_code == 200
    again = exchange(http, code)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_code_expires_after_about_100_seconds(http: httpx2.Client) -> None:
    code = discord_code(http)
    http.post("/_emulator/control/clock", json={"advance_seconds": 101}).raise_for_status()
    assert exchange(http, code).json()["error"] == "invalid_grant"


def test_code_is_bound_to_its_redirect_uri(http: httpx2.Client) -> None:
    answer = exchange(http, discord_code(http), redirect_uri=f"{DISCORD_CALLBACK}/other")
    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_grant")


def test_pkce_verifier_is_checked(http: httpx2.Client) -> None:
    pkce = Pkce.make()
    missing = exchange(http, discord_code(http, pkce=pkce))
    wrong = exchange(http, discord_code(http, pkce=pkce), Pkce.make().verifier)
    short = exchange(http, discord_code(http, pkce=pkce), "too-short")
    right = exchange(http, discord_code(http, pkce=pkce), pkce.verifier)
    assert (missing.status_code, missing.json()["error"]) == (400, "invalid_request")
    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")
    assert (short.status_code, short.json()["error"]) == (400, "invalid_request")
    assert right.status_code == 200


def test_plain_pkce_method_is_refused_at_authorize(http: httpx2.Client) -> None:
    verifier = Pkce.make().verifier
    answer = discord_authorize(
        http, code_challenge=verifier, code_challenge_method="plain", login_as=ADA, consent="approve"
    )
    params = query_of(answer.headers["location"])
    assert params["error"] == "invalid_request"
    assert "code" not in params


def test_token_endpoint_rejects_json_bodies(http: httpx2.Client) -> None:
    body = {"grant_type": "authorization_code", "code": discord_code(http), "redirect_uri": DISCORD_CALLBACK}
    answer = http.post(f"{API}/oauth2/token", json=body, auth=CLIENT_AUTH)
    assert (answer.status_code, answer.json()["error"]) == (400, "unsupported_grant_type")


def test_client_may_authenticate_in_the_body_but_not_with_a_wrong_secret(http: httpx2.Client) -> None:
    client_id, secret = CLIENT_AUTH
    fields = {"grant_type": "authorization_code", "redirect_uri": DISCORD_CALLBACK, "client_id": client_id}
    good = http.post(f"{API}/oauth2/token", data=fields | {"code": discord_code(http), "client_secret": secret})
    bad = http.post(f"{API}/oauth2/token", data=fields | {"code": discord_code(http), "client_secret": "nope"})
    assert good.status_code == 200
    assert (bad.status_code, bad.json()["error"]) == (401, "invalid_client")


def test_token_reply_has_discord_shape_and_may_narrow_the_scope(http: httpx2.Client) -> None:
    answer = exchange(http, discord_code(http, grant_scope="identify guilds")).json()
    assert answer["token_type"] == "Bearer"
    assert answer["expires_in"] == 604800
    assert answer["scope"] == "identify guilds"


def refresh(http: httpx2.Client, refresh_token: str) -> httpx2.Response:
    data = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    return http.post(f"{API}/oauth2/token", data=data, auth=CLIENT_AUTH)


def test_refresh_tokens_rotate_and_work_once(http: httpx2.Client) -> None:
    first = discord_tokens(http)
    second = refresh(http, first["refresh_token"])
    assert second.status_code == 200
    assert second.json()["refresh_token"] != first["refresh_token"]
    replay = refresh(http, first["refresh_token"])
    assert (replay.status_code, replay.json()["error"]) == (400, "invalid_grant")
    assert refresh(http, second.json()["refresh_token"]).status_code == 200
    assert http.get(f"{API}/users/@me", headers=bearer(second.json())).status_code == 200


def test_revoking_the_refresh_token_kills_the_whole_grant(http: httpx2.Client) -> None:
    tokens = discord_tokens(http)
    answer = http.post(f"{API}/oauth2/token/revoke", data={"token": tokens["refresh_token"]}, auth=CLIENT_AUTH)
    assert answer.status_code == 200
    dead = http.get(f"{API}/users/@me", headers=bearer(tokens))
    assert (dead.status_code, dead.json()) == (401, {"message": "401: Unauthorized", "code": 0})
    assert refresh(http, tokens["refresh_token"]).status_code == 400
    assert all(t["revoked_at"] for t in state(http)["discord"]["tokens"])


def test_user_deauthorizing_from_discord_ends_every_token(http: httpx2.Client) -> None:
    older, newer = discord_tokens(http), discord_tokens(http)
    assert http.post("/_emulator/control/revoke", json={"user_id": ADA}).json() == {"revoked_grants": 1}
    for tokens in (older, newer):
        assert http.get(f"{API}/users/@me", headers=bearer(tokens)).status_code == 401


def test_access_token_expires_with_the_clock(http: httpx2.Client) -> None:
    tokens = discord_tokens(http)
    http.post("/_emulator/control/clock", json={"offset_seconds": 604_801}).raise_for_status()
    assert http.get(f"{API}/users/@me", headers=bearer(tokens)).status_code == 401
    assert refresh(http, tokens["refresh_token"]).status_code == 200


def test_bot_invite_adds_the_bot_where_the_user_may_manage(http: httpx2.Client) -> None:
    hall = "200000000000000004"
    refused = discord_authorize(
        http, scope="bot applications.commands", guild_id=hall, permissions="2048", login_as=ADA, consent="approve"
    )
    assert refused.status_code == 403
    added = discord_authorize(
        http,
        scope="bot applications.commands",
        guild_id=hall,
        permissions="2048",
        login_as="100000000000000002",
        consent="approve",
    )
    assert query_of(added.headers["location"])["guild_id"] == hall
    assert state(http)["discord"]["guilds"][hall]["bot_present"] is True
