"""Rate-limit headers, real 429s from empty buckets, injected faults and the request log."""

from __future__ import annotations

import time

import httpx2
import pytest

from tests.emulator.flows import ADA, API, BOT, ENGINES, bearer, discord_tokens, state

GUILDS_ROUTE = "GET /users/@me/guilds"


def test_every_discord_answer_carries_rate_limit_headers(http: httpx2.Client) -> None:
    for answer in (http.get(f"{API}/guilds/{ENGINES}", headers=BOT), http.get(f"{API}/users/@me")):
        assert {
            "x-ratelimit-limit",
            "x-ratelimit-remaining",
            "x-ratelimit-reset",
            "x-ratelimit-reset-after",
            "x-ratelimit-bucket",
        } <= set(answer.headers)


def test_an_empty_bucket_answers_429(http: httpx2.Client) -> None:
    headers = bearer(discord_tokens(http, ADA))
    answers = [http.get(f"{API}/users/@me/guilds", headers=headers) for _ in range(6)]
    assert [a.status_code for a in answers] == [200] * 5 + [429]
    assert [a.headers["x-ratelimit-remaining"] for a in answers[:5]] == ["4", "3", "2", "1", "0"]
    limited = answers[-1]
    body = limited.json()
    assert body["global"] is False
    assert 0 < body["retry_after"] <= 5
    assert limited.headers["x-ratelimit-scope"] == "user"
    assert int(limited.headers["retry-after"]) >= body["retry_after"]
    other_user = http.get(f"{API}/users/@me/guilds", headers=bearer(discord_tokens(http, ADA)))
    assert other_user.status_code == 200  # buckets are per token
    assert state(http)["counts"][GUILDS_ROUTE] == {"200": 6, "429": 1}


def test_the_bucket_refills_after_its_window(http: httpx2.Client) -> None:
    headers = bearer(discord_tokens(http, ADA))
    for _ in range(5):
        http.get(f"{API}/users/@me/guilds", headers=headers)
    http.post("/_emulator/control/clock", json={"advance_seconds": 5}).raise_for_status()
    assert http.get(f"{API}/users/@me/guilds", headers=headers).status_code == 200


def test_fault_429_with_retry_after(http: httpx2.Client) -> None:
    headers = bearer(discord_tokens(http, ADA))
    fault = {"route": GUILDS_ROUTE, "status": 429, "retry_after": 2.5, "count": 1}
    http.post("/_emulator/control/faults", json=fault).raise_for_status()
    limited = http.get(f"{API}/users/@me/guilds", headers=headers)
    assert (limited.status_code, limited.json()["retry_after"], limited.headers["retry-after"]) == (429, 2.5, "3")
    assert http.get(f"{API}/users/@me/guilds", headers=headers).status_code == 200
    assert state(http)["faults"] == []


def test_fault_500_for_a_number_of_requests(http: httpx2.Client) -> None:
    http.post("/_emulator/control/faults", json={"route": "GET /guilds/{guild_id}", "status": 500, "count": 2})
    statuses = [http.get(f"{API}/guilds/{ENGINES}", headers=BOT).status_code for _ in range(3)]
    assert statuses == [500, 500, 200]


def test_timeout_fault_holds_the_request_until_the_client_gives_up(http: httpx2.Client) -> None:
    http.post(
        "/_emulator/control/faults", json={"route": "GET /guilds/{guild_id}", "status": "timeout", "delay_ms": 3000}
    )
    started = time.monotonic()
    with pytest.raises(httpx2.ReadTimeout):
        http.get(f"{API}/guilds/{ENGINES}", headers=BOT, timeout=0.3)
    assert time.monotonic() - started < 1
    assert http.get(f"{API}/guilds/{ENGINES}", headers=BOT).status_code == 200


def test_delay_then_answer(http: httpx2.Client) -> None:
    http.post("/_emulator/control/faults", json={"route": "GET /guilds/{guild_id}", "status": 0, "delay_ms": 200})
    started = time.monotonic()
    assert http.get(f"{API}/guilds/{ENGINES}", headers=BOT).status_code == 200
    assert time.monotonic() - started >= 0.2


def test_faults_are_validated_and_can_be_cleared(http: httpx2.Client) -> None:
    assert http.post("/_emulator/control/faults", json={"status": 500}).status_code == 400
    assert http.post("/_emulator/control/faults", json={"route": "*", "status": 302}).status_code == 400
    http.post("/_emulator/control/faults", json={"route": "*", "status": 503, "count": 9})
    assert http.delete("/_emulator/control/faults").json() == []
    assert http.get(f"{API}/guilds/{ENGINES}", headers=BOT).status_code == 200


def test_request_log_entries_and_clearing(http: httpx2.Client) -> None:
    http.get(f"{API}/guilds/{ENGINES}", headers=BOT)
    [entry] = [e for e in state(http)["requests"] if e["route"] == "GET /guilds/{guild_id}"]
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", f"{API}/guilds/{ENGINES}", 200)
    http.delete("/_emulator/control/requests").raise_for_status()
    assert state(http)["requests"] == []
    assert state(http)["counts"] == {}


def test_a_held_request_keeps_its_body(http: httpx2.Client) -> None:
    http.post("/_emulator/control/faults", json={"route": "POST /oauth2/token", "status": 0, "delay_ms": 50})
    assert discord_tokens(http, ADA)["token_type"] == "Bearer"


def test_a_fault_can_answer_with_a_body_of_its_own(http: httpx2.Client) -> None:
    verdict = {"code": 50035, "message": "Invalid Form Body", "errors": {"content": {"_errors": []}}}
    http.post(
        "/_emulator/control/faults", json={"route": "GET /guilds/{guild_id}", "status": 400, "body": verdict}
    ).raise_for_status()
    answer = http.get(f"{API}/guilds/{ENGINES}", headers=BOT)
    assert (answer.status_code, answer.json()) == (400, verdict)
    assert http.post("/_emulator/control/faults", json={"route": "*", "status": 400, "body": []}).status_code == 400
    assert http.post("/_emulator/control/faults", json={"route": "*", "status": 0, "body": {}}).status_code == 400
