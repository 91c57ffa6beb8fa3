"""Publishing through the emulator: the body Discord receives is the export, updates PATCH the same message,
Discord's 50035 verdict lands on the field it names, and publishing is paced per user and guild."""

from __future__ import annotations

from typing import Any

import httpx2
from starlette.testclient import TestClient

from app.components.discord_verdict import problems_from_discord
from app.components.validate import validate_message
from app.settings import EMULATOR_BOT_TOKEN
from tests.web.support import ADA, calls, emulator_state, html, sign_in, text_of
from tests.web.test_auth_login import run
from tests.web.test_builder_helpers import (
    GENERAL,
    SUPPORT,
    WELCOME,
    base,
    create,
    draft,
    field_id,
    field_name,
    item_row,
    set_draft,
    submit,
)

LABEL = "components[0].components[1].accessory.label"
CREATE_ROUTE = "POST /channels/{channel_id}/messages"


def publish(client: TestClient, url: str, channel: str = SUPPORT, mode: str = "new", **changes: str) -> Any:
    page = client.get(url)
    return submit(
        client, page, changes={"channel_id": channel, **changes}, button=("mode", mode), action=f"{url}/publish"
    )


def ready(client: TestClient, starter: str = "support") -> tuple[int, str]:
    sign_in(client, ADA)
    item_id = create(client, starter)
    return item_id, f"{base()}/{item_id}"


def test_publish_sends_exactly_the_export_and_remembers_the_message(
    client: TestClient, emulator: httpx2.Client
) -> None:
    item_id, url = ready(client)
    channels = [o.attributes["value"] for o in html(client.get(url)).css("#channel_id option")]
    assert channels == [SUPPORT, GENERAL]  # the guild's text channels only
    response = publish(client, url)
    assert response.status_code == 303 and response.headers["location"] == f"{url}?done=published"
    (message,) = emulator_state(emulator)["discord"]["messages"]
    exported = client.get(f"{url}/export.json")
    assert exported.headers["content-disposition"] == 'attachment; filename="support-panel.json"'
    assert message["body"] == exported.json()
    assert message["body"]["flags"] == 32768
    assert message["channel_id"] == SUPPORT
    row = item_row(client, item_id)
    assert (row["channel_id"], row["discord_message_id"]) == (SUPPORT, message["id"])
    (version,) = run(client, "SELECT reason, channel_id, discord_message_id FROM builder_versions")
    assert version == {"reason": "published", "channel_id": SUPPORT, "discord_message_id": message["id"]}
    (entry,) = run(client, "SELECT detail FROM activity WHERE action = 'builder.published'")
    assert message["id"] in entry["detail"]
    page = client.get(response.headers["location"])
    assert "Published in #support" in text_of(page, "#publish")


def test_update_patches_the_published_message(client: TestClient, emulator: httpx2.Client) -> None:
    item_id, url = ready(client)
    publish(client, url)
    page = html(client.get(url))
    assert page.css_first("#publish button[value=update]") is not None
    response = publish(client, url, mode="update", **{field_name(LABEL): "Open a new ticket"})
    assert response.status_code == 303 and response.headers["location"] == f"{url}?done=updated"
    (message,) = emulator_state(emulator)["discord"]["messages"]
    assert len(message["edits"]) == 1
    assert message["body"]["components"][0]["components"][1]["accessory"]["label"] == "Open a new ticket"
    assert message["body"] == client.get(f"{url}/export.json").json()
    assert calls(emulator, "PATCH /channels/{channel_id}/messages/{message_id}", 200) == 1
    reasons = [r["reason"] for r in run(client, "SELECT reason FROM builder_versions ORDER BY id")]
    assert reasons == ["published", "updated"]
    assert run(client, "SELECT COUNT(*) AS n FROM activity WHERE action = 'builder.publish_updated'") == [{"n": 1}]
    assert item_row(client, item_id)["discord_message_id"] == message["id"]


def test_an_invalid_draft_is_not_sent(client: TestClient, emulator: httpx2.Client) -> None:
    _, url = ready(client)
    response = publish(client, url, **{field_name(LABEL): "x" * 81})
    assert response.status_code == 422
    page = html(response)
    assert "nothing was sent" in text_of(response, "#publish-error")
    assert page.css_first(f"#{field_id(LABEL)}[aria-invalid=true]") is not None
    assert page.css_first(f"#{field_id(LABEL)}").attributes["value"] == "x" * 81  # type: ignore[union-attr]
    assert calls(emulator, CREATE_ROUTE) == 0


def test_only_the_guilds_text_channels_are_accepted(client: TestClient, emulator: httpx2.Client) -> None:
    _, url = ready(client)
    for channel in (WELCOME, "", "not-a-channel"):
        response = publish(client, url, channel=channel)
        assert response.status_code == 422
        select = html(response).css_first("#channel_id")
        assert select is not None and select.attributes["aria-invalid"] == "true"
    assert calls(emulator, CREATE_ROUTE) == 0
    not_yet = publish(client, url, mode="update")
    assert not_yet.status_code == 409


def test_publishing_is_paced_per_user_and_guild(client: TestClient, emulator: httpx2.Client) -> None:
    _, url = ready(client)
    assert publish(client, url).status_code == 303
    assert publish(client, url).status_code == 303
    third = publish(client, url)
    assert third.status_code == 429
    wait = int(third.headers["retry-after"])
    assert 1 <= wait <= 5
    assert f"Try again in {wait} second" in text_of(third, "#publish-error")
    assert len(emulator_state(emulator)["discord"]["messages"]) == 2
    run(client, "UPDATE throttles SET window_start = window_start - 6")
    assert publish(client, url).status_code == 303


def test_discord_answers_become_clear_messages(client: TestClient, emulator: httpx2.Client) -> None:
    _, url = ready(client)
    faults = [
        ({"status": 403}, 422, "may not post in that channel"),
        ({"status": 429, "retry_after": 7}, 429, "wait 7 seconds"),
        ({"status": 503}, 503, "nothing was sent"),
    ]
    for fault, status, words in faults:
        run(client, "DELETE FROM throttles")  # each attempt on its own, not paced
        emulator.post("/_emulator/control/faults", json={"route": CREATE_ROUTE, "count": 1, **fault}).raise_for_status()
        response = publish(client, url)
        assert response.status_code == status, fault
        assert words in text_of(response, "#publish-error")
    assert run(client, "SELECT COUNT(*) AS n FROM activity WHERE action = 'builder.publish_failed'") == [{"n": 3}]
    assert item_row(client, int(url.rsplit("/", 1)[1]))["discord_message_id"] is None


def real_50035(emulator: httpx2.Client, body: dict[str, Any]) -> httpx2.Response:
    """Discord's (the emulator's) answer to an invalid body, posted straight to it as the bot."""
    answer = emulator.post(
        f"/discord/api/v10/channels/{SUPPORT}/messages",
        json=body,
        headers={"Authorization": f"Bot {EMULATOR_BOT_TOKEN}"},
    )
    assert answer.status_code == 400 and answer.json()["code"] == 50035
    return answer


REFUSED = {
    "flags": 32768,
    "components": [
        {
            "type": 17,
            "components": [
                {"type": 10, "content": "hi"},
                {
                    "type": 9,
                    "components": [{"type": 10, "content": "x"}],
                    "accessory": {"type": 2, "style": 1, "label": "L" * 81, "custom_id": "a"},
                },
            ],
        }
    ],
}


def test_a_real_50035_tree_maps_onto_the_validators_paths(emulator: httpx2.Client) -> None:
    tree = real_50035(emulator, REFUSED).json()
    mapped = {p.path for p in problems_from_discord(tree)}
    ours = {p.path for p in validate_message(REFUSED) if p.severity == "error"}
    assert mapped == ours == {LABEL}


def test_the_publish_route_puts_discords_verdict_on_the_field(client: TestClient, emulator: httpx2.Client) -> None:
    """Discord refuses a draft the dashboard found clean: its 50035 comes back over HTTP and lands on the field."""
    item_id, url = ready(client)
    verdict = real_50035(emulator, REFUSED).json()
    fault = {"route": CREATE_ROUTE, "status": 400, "body": verdict}
    emulator.post("/_emulator/control/faults", json=fault).raise_for_status()
    response = publish(client, url)
    assert response.status_code == 422
    page = html(response)
    label = page.css_first(f"#{field_id(LABEL)}")
    assert label is not None and label.attributes["aria-invalid"] == "true"
    message = text_of(response, f"#{field_id(LABEL)}-error")
    assert "Discord rejected this" in message and "BASE_TYPE_MAX_LENGTH" in message
    assert any(a.attributes["href"] == f"#{field_id(LABEL)}" for a in page.css("#summary a"))
    assert "Discord refused the message" in text_of(response, "#publish-error")
    assert item_row(client, item_id)["discord_message_id"] is None


def test_a_form_is_not_published(client: TestClient, emulator: httpx2.Client) -> None:
    form_id, url = ready(client, "feedback")
    set_draft(client, form_id, draft(client, form_id))
    token = html(client.get(url)).css_first("input[name=csrf_token]").attributes["value"]  # type: ignore[union-attr]
    revision = item_row(client, form_id)["revision"]
    response = client.post(
        f"{url}/publish", data={"csrf_token": str(token), "revision": str(revision), "channel_id": SUPPORT}
    )
    assert response.status_code == 422
    assert calls(emulator, CREATE_ROUTE) == 0
