"""The interactions endpoint: Discord's signature, PING, /link and /unlink, and the link landing page."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx2
import pytest
from starlette.testclient import TestClient

from app.components.validate import errors, validate_message
from app.core.crypto import digest
from app.interactions.register import register_commands
from app.settings import Settings
from emulator.fixtures import sign_interaction
from tests.web.accounts_helpers import PASSWORD, make_user, sign_in_password
from tests.web.support import ADA, LINUS, html, query, sign_in, text_of
from tests.web.test_auth_login import run

GUILD = "200000000000000001"


def interact(client: TestClient, payload: dict[str, Any], *, age: int = 0, signature: str = "") -> Any:
    body = json.dumps(payload).encode()
    headers = sign_interaction(body, str(int(time.time()) - age))
    if signature:
        headers["X-Signature-Ed25519"] = signature
    return client.post("/interactions", content=body, headers={**headers, "Content-Type": "application/json"})


def command(name: str, user_id: str, username: str = "someone") -> dict[str, Any]:
    return {
        "type": 2,
        "id": "900000000000000001",
        "guild_id": GUILD,
        "member": {"user": {"id": user_id, "username": username, "global_name": None, "avatar": None}},
        "data": {"name": name, "type": 1},
    }


def click(custom_id: str, user_id: str) -> dict[str, Any]:
    payload = command("", user_id)
    payload.update(type=3, data={"custom_id": custom_id, "component_type": 2})
    return payload


def link_url(answer: dict[str, Any]) -> str:
    row = answer["data"]["components"][0]["components"][1]
    return str(row["components"][0]["url"])


def test_ping_gets_pong(client: TestClient) -> None:
    assert interact(client, {"type": 1}).json() == {"type": 1}


@pytest.mark.parametrize("age", [301, -301])
def test_old_or_future_timestamps_are_refused(client: TestClient, age: int) -> None:
    assert interact(client, {"type": 1}, age=age).status_code == 401


def test_bad_or_missing_signature_is_refused(client: TestClient) -> None:
    assert interact(client, {"type": 1}, signature="00" * 64).status_code == 401
    unsigned = client.post("/interactions", content=b'{"type": 1}')
    assert unsigned.status_code == 401


def test_signed_body_that_is_not_an_interaction_gets_400(client: TestClient) -> None:
    body = b"[1, 2]"
    answer = client.post("/interactions", content=body, headers=sign_interaction(body, str(int(time.time()))))
    assert answer.status_code == 400


def test_link_for_an_unlinked_user_hands_out_a_one_time_link(client: TestClient, settings: Settings) -> None:
    answer = interact(client, command("link", LINUS, "linus")).json()
    assert answer["type"] == 4
    assert answer["data"]["flags"] == (1 << 6) | (1 << 15)
    assert errors(validate_message(answer["data"], interaction_response=True)) == []
    url = link_url(answer)
    assert url.startswith(f"{settings.base_url}/link/discord?token=")
    token = query(url)["token"]
    stored = run(client, "SELECT token_hash, discord_id, expires_at FROM link_tokens")
    assert stored[0]["token_hash"] == digest(token)
    assert stored[0]["discord_id"] == LINUS
    assert 890 <= stored[0]["expires_at"] - int(time.time()) <= 900


def test_link_for_a_linked_user_says_to_which_account(client: TestClient) -> None:
    sign_in(client, ADA)
    answer = interact(client, command("link", ADA, "ada")).json()
    text = answer["data"]["components"][0]["components"][0]["content"]
    assert text == "Your Discord account is already linked to the Guildhall account **ada**."
    assert run(client, "SELECT COUNT(*) AS n FROM link_tokens") == [{"n": 0}]


def test_full_link_flow_through_sign_in_and_confirmation(client: TestClient) -> None:
    user_id = make_user(client, "lin")
    url = link_url(interact(client, command("link", LINUS, "linus")).json())
    landing = url.removeprefix("http://testserver")
    anonymous = client.get(landing)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/auth/login?next=%2Flink%2Fdiscord%3Ftoken%3D")
    sign_in_password(client, "lin", PASSWORD, next_path=landing)
    page = client.get(landing)
    assert "@linus" in text_of(page, "main")
    form = html(page).css_first("form[action='/link/discord/confirm']")
    assert form is not None
    fields = {str(node.attributes["name"]): str(node.attributes["value"]) for node in form.css("input[type=hidden]")}
    done = client.post("/link/discord/confirm", data=fields)
    assert done.status_code == 303
    assert done.headers["location"] == "/link/discord/done"
    assert run(client, "SELECT user_id FROM discord_accounts WHERE discord_id = :d", {"d": LINUS}) == [
        {"user_id": user_id}
    ]
    replay = client.post("/link/discord/confirm", data=fields)
    assert replay.status_code == 410
    assert "Run /link in Discord again" in text_of(replay, "[role=alert]")
    again = interact(client, command("link", LINUS, "linus")).json()
    assert (
        "already linked to the Guildhall account **lin**" in again["data"]["components"][0]["components"][0]["content"]
    )


def test_expired_link_token_is_refused(client: TestClient) -> None:
    make_user(client, "lin")
    url = link_url(interact(client, command("link", LINUS, "linus")).json())
    run(client, "UPDATE link_tokens SET expires_at = 0")
    sign_in_password(client, "lin")
    page = client.get(url.removeprefix("http://testserver"))
    assert page.status_code == 410


def test_linking_an_account_already_linked_elsewhere_is_refused(client: TestClient) -> None:
    sign_in(client, ADA)  # ada's account is linked to ada's Discord id
    url = link_url(interact(client, command("link", LINUS, "linus")).json())
    token = query(url)["token"]
    page = client.get(url.removeprefix("http://testserver"))
    form = html(page).css_first("input[name=csrf_token]")
    assert form is not None
    answer = client.post("/link/discord/confirm", data={"token": token, "csrf_token": form.attributes["value"]})
    assert answer.status_code == 409
    assert "already linked to another Discord account" in text_of(answer, "[role=alert]")


def test_unlink_asks_for_confirmation_then_unlinks(client: TestClient) -> None:
    user_id = make_user(client, "lin")
    run(
        client,
        "INSERT INTO discord_accounts (discord_id, user_id, username, linked_at) VALUES (:d, :u, 'linus', 0) "
        "RETURNING discord_id",
        {"d": LINUS, "u": user_id},
    )
    asked = interact(client, command("unlink", LINUS)).json()
    button = asked["data"]["components"][0]["components"][1]["components"][0]
    assert button["custom_id"] == "gh:unlink:confirm"
    assert run(client, "SELECT COUNT(*) AS n FROM discord_accounts") == [{"n": 1}]
    done = interact(client, click("gh:unlink:confirm", LINUS)).json()
    assert done["type"] == 7
    assert run(client, "SELECT COUNT(*) AS n FROM discord_accounts") == [{"n": 0}]
    assert (
        "not linked"
        in interact(client, command("unlink", LINUS)).json()["data"]["components"][0]["components"][0]["content"]
    )


def test_unlink_refuses_when_it_would_lock_the_user_out(client: TestClient) -> None:
    sign_in(client, ADA)  # created by Discord sign-in: no password
    done = interact(client, click("gh:unlink:confirm", ADA)).json()
    assert "has no password yet" in done["data"]["components"][0]["components"][0]["content"]
    assert run(client, "SELECT COUNT(*) AS n FROM discord_accounts") == [{"n": 1}]


@pytest.mark.parametrize("guild", ["", GUILD])
def test_register_commands_through_the_api(settings: Settings, emulator: httpx2.Client, guild: str) -> None:
    import asyncio

    registered = asyncio.run(register_commands(settings, guild))
    assert [c["name"] for c in registered] == ["link", "unlink"]
    commands = emulator.get("/_emulator/control/state").json()["discord"]["commands"]
    assert [c["name"] for c in commands[guild or "global"]] == ["link", "unlink"]
