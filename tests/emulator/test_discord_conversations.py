"""Direct messages and private threads as the emulator plays them: Discord's answers, and the user's side."""

from __future__ import annotations

from typing import Any

import httpx2

from emulator.fixtures import BOT_USER
from tests.emulator.flows import API, BOT, CATEGORY, SUPPORT

LINUS, MARGARET = "100000000000000003", "100000000000000004"
BOT_ID = BOT_USER.id


def dm(http: httpx2.Client, user_id: str) -> httpx2.Response:
    return http.post(f"{API}/users/@me/channels", headers=BOT, json={"recipient_id": user_id})


def messages(http: httpx2.Client, channel: str, **params: str) -> list[dict[str, Any]]:
    answer = http.get(f"{API}/channels/{channel}/messages", headers=BOT, params=params)
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()
    return found


def test_one_dm_channel_per_user_and_unknown_users_are_10013(http: httpx2.Client) -> None:
    first, again = dm(http, LINUS).json(), dm(http, LINUS).json()
    assert first["id"] == again["id"] and first["type"] == 1
    assert first["recipients"][0]["id"] == LINUS
    unknown = dm(http, "100000000000000099")
    assert (unknown.status_code, unknown.json()["code"]) == (404, 10013)
    assert http.post(f"{API}/users/@me/channels", json={"recipient_id": LINUS}).status_code == 401


def test_closed_dms_refuse_with_50007_and_both_sides_are_listed(http: httpx2.Client) -> None:
    channel = dm(http, LINUS).json()["id"]
    sent = http.post(f"{API}/channels/{channel}/messages", headers=BOT, json={"content": "Hello"})
    assert sent.status_code == 200
    http.post("/_emulator/control/dms", json={"user_id": LINUS, "content": "Hi back"}).raise_for_status()
    listed = messages(http, channel)
    assert [(m["author"]["id"], m["content"]) for m in listed] == [(LINUS, "Hi back"), (BOT_ID, "Hello")]
    assert [m["content"] for m in messages(http, channel, after=sent.json()["id"])] == ["Hi back"]
    http.post("/_emulator/control/dms/closed", json={"user_id": LINUS, "closed": True}).raise_for_status()
    refused = http.post(f"{API}/channels/{channel}/messages", headers=BOT, json={"content": "Still there?"})
    assert (refused.status_code, refused.json()["code"]) == (403, 50007)
    empty = http.post(f"{API}/channels/{channel}/messages", headers=BOT, json={})
    assert empty.json()["code"] == 50006


def test_private_threads_take_guild_members_only(http: httpx2.Client) -> None:
    thread = http.post(f"{API}/channels/{SUPPORT}/threads", headers=BOT, json={"name": "Ticket #1", "type": 12})
    assert thread.status_code == 201
    thread_id = thread.json()["id"]
    assert http.put(f"{API}/channels/{thread_id}/thread-members/{LINUS}", headers=BOT).status_code == 204
    stranger = http.put(f"{API}/channels/{thread_id}/thread-members/{MARGARET}", headers=BOT)
    assert (stranger.status_code, stranger.json()["code"]) == (404, 10007)
    on_category = http.post(f"{API}/channels/{CATEGORY}/threads", headers=BOT, json={"name": "x", "type": 12})
    assert on_category.json()["code"] == 50024
    outsider = http.post("/_emulator/control/dms", json={"user_id": MARGARET, "content": "hi", "channel_id": thread_id})
    assert outsider.status_code == 400
    http.post("/_emulator/control/dms", json={"user_id": LINUS, "content": "here", "channel_id": thread_id})
    assert [m["content"] for m in messages(http, thread_id)] == ["here"]
