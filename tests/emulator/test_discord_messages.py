"""Posting and editing messages as the bot: channel checks, stored messages, Discord's 50035 error trees."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx2
import pytest

from tests.emulator.flows import API, BOT, CATEGORY, HALL_CHANNEL, SUPPORT, VOICE, state

VALIDATOR = Path(__file__).resolve().parents[2] / "app" / "components" / "validate.py"
needs_validator = pytest.mark.skipif(
    not VALIDATOR.exists(), reason="app/components/validate.py is not in this checkout"
)


def post(http: httpx2.Client, channel: str, body: Any) -> httpx2.Response:
    return http.post(f"{API}/channels/{channel}/messages", headers=BOT, json=body)


def test_message_is_stored_with_a_snowflake_id(http: httpx2.Client) -> None:
    answer = post(http, SUPPORT, {"content": "Hello"})
    assert answer.status_code == 200
    message = answer.json()
    assert message["id"].isdigit()
    assert int(message["id"]) > 1 << 22
    assert (message["channel_id"], message["content"], message["author"]["bot"]) == (SUPPORT, "Hello", True)
    [stored] = state(http)["discord"]["messages"]
    assert (stored["id"], stored["channel_id"], stored["body"]) == (message["id"], SUPPORT, {"content": "Hello"})


@pytest.mark.parametrize(
    ("channel", "status", "code"),
    [("399999999999999999", 404, 10003), (HALL_CHANNEL, 403, 50001), (CATEGORY, 400, 50008)],
)
def test_channel_must_exist_host_the_bot_and_take_text(
    http: httpx2.Client, channel: str, status: int, code: int
) -> None:
    answer = post(http, channel, {"content": "Hello"})
    assert (answer.status_code, answer.json()["code"]) == (status, code)


def test_voice_channels_take_messages(http: httpx2.Client) -> None:
    assert post(http, VOICE, {"content": "Hello"}).status_code == 200


def test_empty_and_malformed_bodies(http: httpx2.Client) -> None:
    assert post(http, SUPPORT, {}).json()["code"] == 50006
    broken = http.post(
        f"{API}/channels/{SUPPORT}/messages", headers=BOT | {"Content-Type": "application/json"}, content=b"{not json"
    )
    assert (broken.status_code, broken.json()["code"]) == (400, 50109)
    assert post(http, SUPPORT, ["content"]).json()["code"] == 50035


def test_content_over_2000_characters_is_an_invalid_form(http: httpx2.Client) -> None:
    answer = post(http, SUPPORT, {"content": "x" * 2001})
    assert answer.status_code == 400
    [error] = answer.json()["errors"]["content"]["_errors"]
    assert error["code"] == "BASE_TYPE_MAX_LENGTH"


def test_edit_replaces_fields_and_unknown_messages_are_10008(http: httpx2.Client) -> None:
    message = post(http, SUPPORT, {"content": "Hello"}).json()
    url = f"{API}/channels/{SUPPORT}/messages/{message['id']}"
    edited = http.patch(url, headers=BOT, json={"content": "Hello again"})
    assert edited.status_code == 200
    assert edited.json()["content"] == "Hello again"
    assert edited.json()["edited_timestamp"]
    unknown = http.patch(f"{API}/channels/{SUPPORT}/messages/1234", headers=BOT, json={"content": "x"})
    assert (unknown.status_code, unknown.json()["code"]) == (404, 10008)


@needs_validator
def test_components_are_validated_into_a_discord_error_tree(http: httpx2.Client) -> None:
    button = {"type": 2, "style": 1, "custom_id": "ok", "label": "x" * 81}
    row = {
        "type": 1,
        "components": [
            {"type": 2, "style": 1, "custom_id": "a", "label": "A"},
            {"type": 2, "style": 1, "custom_id": "b", "label": "B"},
            button,
        ],
    }
    answer = post(http, SUPPORT, {"flags": 1 << 15, "components": [row]})
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert (body["code"], body["message"]) == (50035, "Invalid Form Body")
    [error] = body["errors"]["components"]["0"]["components"]["2"]["label"]["_errors"]
    assert error["code"] == "BASE_TYPE_MAX_LENGTH"
    assert state(http)["discord"]["messages"] == []


@needs_validator
def test_a_valid_components_v2_message_is_accepted(http: httpx2.Client) -> None:
    body = {"flags": 1 << 15, "components": [{"type": 10, "content": "Welcome to the hall"}]}
    answer = post(http, SUPPORT, body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["components"] == body["components"]


@needs_validator
def test_an_edit_cannot_remove_the_components_v2_flag(http: httpx2.Client) -> None:
    message = post(http, SUPPORT, {"flags": 1 << 15, "components": [{"type": 10, "content": "Hi"}]}).json()
    url = f"{API}/channels/{SUPPORT}/messages/{message['id']}"
    answer = http.patch(url, headers=BOT, json={"flags": 0, "content": "plain again", "components": []})
    assert answer.status_code == 400, answer.text
    assert "flags" in answer.json()["errors"]
    kept = http.patch(url, headers=BOT, json={"components": [{"type": 10, "content": "Hello"}]})
    assert kept.status_code == 200, kept.text
    assert kept.json()["flags"] == 1 << 15
