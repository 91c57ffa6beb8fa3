"""Discord REST over a user's token and the bot's: users, guilds, permissions, bot routes, commands."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from emulator import permissions
from emulator.fixtures import APPLICATION_ID
from tests.emulator.flows import (
    ADA,
    API,
    BOT,
    CLUB,
    ENGINES,
    GRACE,
    HALL,
    LINUS,
    LOOM,
    MARGARET,
    bearer,
    discord_tokens,
)

ALL_BITS = (1 << 47) - 1 | 0b1111 << 49


def my_guilds(http: httpx2.Client, user_id: str, **params: str) -> dict[str, dict[str, Any]]:
    answer = http.get(f"{API}/users/@me/guilds", params=params, headers=bearer(discord_tokens(http, user_id)))
    assert answer.status_code == 200, answer.text
    return {g["id"]: g for g in answer.json()}


def test_email_and_verified_only_with_the_email_scope(http: httpx2.Client) -> None:
    with_email = http.get(f"{API}/users/@me", headers=bearer(discord_tokens(http, MARGARET))).json()
    without = http.get(f"{API}/users/@me", headers=bearer(discord_tokens(http, MARGARET, "identify"))).json()
    assert (with_email["email"], with_email["verified"]) == ("margaret@example.com", False)
    assert "email" not in without
    assert "verified" not in without
    assert without["id"] == MARGARET
    assert isinstance(without["id"], str)


def test_the_bot_asks_who_it_is_with_its_own_token(http: httpx2.Client) -> None:
    me = http.get(f"{API}/users/@me", headers=BOT).json()
    assert (me["id"], me["username"], me["bot"]) == (APPLICATION_ID, "Guildhall", True)
    assert "email" not in me
    assert http.get(f"{API}/users/@me", headers={"Authorization": "Bot wrong"}).status_code == 401


def test_guilds_need_the_guilds_scope(http: httpx2.Client) -> None:
    tokens = discord_tokens(http, ADA, "identify")
    answer = http.get(f"{API}/users/@me/guilds", headers=bearer(tokens))
    assert (answer.status_code, answer.json()) == (401, {"message": "401: Unauthorized", "code": 0})


def test_unknown_bearer_is_a_bare_401(http: httpx2.Client) -> None:
    answer = http.get(f"{API}/users/@me", headers={"Authorization": "Bearer not-a-token"})
    assert (answer.status_code, answer.json()) == (401, {"message": "401: Unauthorized", "code": 0})


def test_permissions_are_decimal_strings_computed_from_roles(http: httpx2.Client) -> None:
    ada, grace = my_guilds(http, ADA), my_guilds(http, GRACE)
    assert ada[ENGINES]["owner"] is True
    assert ada[ENGINES]["permissions"] == str(ALL_BITS)
    assert int(ada[CLUB]["permissions"]) & permissions.MANAGE_GUILD
    assert not int(ada[LOOM]["permissions"]) & (permissions.MANAGE_GUILD | permissions.ADMINISTRATOR)
    engines = int(grace[ENGINES]["permissions"])
    assert engines & permissions.ADMINISTRATOR
    assert not engines & permissions.MANAGE_GUILD
    assert int(grace[HALL]["permissions"]) & permissions.MANAGE_GUILD
    assert CLUB not in grace
    assert all(isinstance(g["permissions"], str) for g in [*ada.values(), *grace.values()])


def test_fixture_memberships(http: httpx2.Client) -> None:
    assert set(my_guilds(http, LINUS)) == {ENGINES, CLUB}
    assert set(my_guilds(http, MARGARET)) == {CLUB}
    assert my_guilds(http, "100000000000000005") == {}


@pytest.mark.parametrize(
    ("limit", "code"), [("0", "NUMBER_TYPE_MIN"), ("201", "NUMBER_TYPE_MAX"), ("ten", "NUMBER_TYPE_COERCE")]
)
def test_limit_outside_1_to_200_is_an_invalid_form(http: httpx2.Client, limit: str, code: str) -> None:
    answer = http.get(f"{API}/users/@me/guilds", params={"limit": limit}, headers=bearer(discord_tokens(http)))
    assert answer.status_code == 400
    body = answer.json()
    assert (body["code"], body["message"]) == (50035, "Invalid Form Body")
    assert body["errors"]["limit"]["_errors"][0]["code"] == code


def test_limit_before_and_after_page_through_guilds(http: httpx2.Client) -> None:
    assert list(my_guilds(http, ADA, limit="1")) == [ENGINES]
    assert list(my_guilds(http, ADA, after=ENGINES, limit="1")) == [CLUB]
    assert list(my_guilds(http, ADA, before=LOOM)) == [ENGINES, CLUB]
    assert list(my_guilds(http, ADA, limit="200")) == [ENGINES, CLUB, LOOM]


def test_member_changes_through_the_control_api(http: httpx2.Client) -> None:
    change = {"guild_id": LOOM, "user_id": ADA, "permissions": str(permissions.MANAGE_GUILD)}
    assert http.post("/_emulator/control/members", json=change).json()["permissions"] == "32"
    assert my_guilds(http, ADA)[LOOM]["permissions"] == "32"
    demoted = http.post("/_emulator/control/members", json={"guild_id": CLUB, "user_id": ADA, "manager": False})
    assert not int(demoted.json()["permissions"]) & permissions.MANAGE_GUILD
    http.post("/_emulator/control/members", json={"guild_id": LOOM, "user_id": ADA, "remove": True})
    assert LOOM not in my_guilds(http, ADA)
    grace = http.post("/_emulator/control/members", json={"guild_id": ENGINES, "user_id": GRACE, "roles": []})
    assert not int(grace.json()["permissions"]) & permissions.ADMINISTRATOR


def test_control_api_refuses_bad_member_changes(http: httpx2.Client) -> None:
    unknown_role = {"guild_id": ENGINES, "user_id": GRACE, "roles": ["1"]}
    assert http.post("/_emulator/control/members", json=unknown_role).status_code == 400
    assert http.post("/_emulator/control/members", json={"guild_id": "9", "user_id": ADA}).status_code == 400


def test_bot_routes_need_the_bot_token(http: httpx2.Client) -> None:
    answer = http.get(f"{API}/guilds/{ENGINES}", headers={"Authorization": "Bot wrong"})
    assert (answer.status_code, answer.json()["code"]) == (401, 0)


def test_guild_routes_for_the_bot(http: httpx2.Client) -> None:
    guild = http.get(f"{API}/guilds/{ENGINES}", headers=BOT).json()
    assert guild["owner_id"] == ADA
    assert [r["name"] for r in guild["roles"]] == ["@everyone", "Admin", "Helper"]
    assert all(isinstance(r["permissions"], str) for r in guild["roles"])
    channels = http.get(f"{API}/guilds/{ENGINES}/channels", headers=BOT).json()
    assert {(c["name"], c["type"]) for c in channels} >= {("support", 0), ("general", 0), ("Lounge", 2)}
    assert len(http.get(f"{API}/guilds/{ENGINES}/roles", headers=BOT).json()) == 3
    assert {e["name"] for e in http.get(f"{API}/guilds/{ENGINES}/emojis", headers=BOT).json()} >= {"engine"}


def test_unknown_guild_and_absent_bot(http: httpx2.Client) -> None:
    unknown = http.get(f"{API}/guilds/299999999999999999", headers=BOT)
    absent = http.get(f"{API}/guilds/{HALL}/channels", headers=BOT)
    assert (unknown.status_code, unknown.json()["code"]) == (404, 10004)
    assert (absent.status_code, absent.json()["code"]) == (403, 50001)
    http.post("/_emulator/control/bot", json={"guild_id": HALL, "present": True}).raise_for_status()
    assert http.get(f"{API}/guilds/{HALL}/channels", headers=BOT).status_code == 200


def test_unknown_route_answers_like_discord(http: httpx2.Client) -> None:
    answer = http.get(f"{API}/nothing/here", headers=BOT)
    assert (answer.status_code, answer.json()) == (404, {"message": "404: Not Found", "code": 0})


def test_command_bulk_overwrite_keeps_ids_by_name(http: httpx2.Client) -> None:
    url = f"{API}/applications/{APPLICATION_ID}/commands"
    first = http.put(url, headers=BOT, json=[{"name": "link", "description": "Link GitHub"}]).json()
    second = http.put(
        url, headers=BOT, json=[{"name": "link", "description": "Link it"}, {"name": "ping", "description": "Pong"}]
    )
    assert second.status_code == 200
    assert second.json()[0]["id"] == first[0]["id"]
    assert second.json()[1]["application_id"] == APPLICATION_ID
    guild_url = f"{API}/applications/{APPLICATION_ID}/guilds/{ENGINES}/commands"
    assert http.put(guild_url, headers=BOT, json=[]).json() == []


def test_command_validation_errors(http: httpx2.Client) -> None:
    url = f"{API}/applications/{APPLICATION_ID}/commands"
    answer = http.put(url, headers=BOT, json=[{"name": "Bad Name", "description": ""}])
    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert set(errors["0"]) == {"name", "description"}
    twice = http.put(url, headers=BOT, json=[{"name": "a", "description": "x"}] * 2)
    assert twice.json()["errors"]["_errors"][0]["code"] == "APPLICATION_COMMANDS_DUPLICATE_NAME"
