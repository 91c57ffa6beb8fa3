"""A published panel opens a form in Discord; the answers land on the form's Responses page."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx2
from starlette.testclient import TestClient

from tests.web.support import ADA, csrf, emulator_state, html, sign_in, text_of
from tests.web.test_auth_login import run
from tests.web.test_builder_helpers import G1, SUPPORT, base, create, draft, set_draft
from tests.web.test_builder_publish import publish
from tests.web.test_interactions import interact

LINUS = {"id": "100000000000000003", "username": "linus", "global_name": None, "avatar": None}


def click(custom_id: str, guild_id: str = G1) -> dict[str, Any]:
    return {
        "type": 3,
        "guild_id": guild_id,
        "member": {"user": LINUS},
        "data": {"custom_id": custom_id, "component_type": 2},
        "message": {"id": "1"},
    }


def submission(custom_id: str, values: dict[str, Any]) -> dict[str, Any]:
    rows = [{"type": 18, "component": {"type": 4, "custom_id": key, "value": value}} for key, value in values.items()]
    return {"type": 5, "guild_id": G1, "member": {"user": LINUS}, "data": {"custom_id": custom_id, "components": rows}}


def panel_with_form_button(client: TestClient) -> tuple[int, int]:
    """A feedback form and a published panel whose button opens it; returns (form id, panel id)."""
    sign_in(client, ADA)
    form_id = create(client, "feedback", name="Feedback")
    run(client, "UPDATE builder_items SET ack_text = 'Thanks, we read every answer.' WHERE id = :i", {"i": form_id})
    panel_id = create(client, "blank", name="Panel")
    payload = draft(client, panel_id)
    button = {"type": 2, "style": 1, "label": "Give feedback", "custom_id": f"gh:form:{form_id}"}
    payload["components"].append({"type": 1, "components": [button]})
    set_draft(client, panel_id, payload)
    answer = publish(client, f"{base()}/{panel_id}", SUPPORT)
    assert answer.status_code == 303, answer.text
    return form_id, panel_id


def test_panel_button_opens_the_form_and_the_answer_is_kept(client: TestClient, emulator: httpx2.Client) -> None:
    form_id, _ = panel_with_form_button(client)
    (posted,) = emulator_state(emulator)["discord"]["messages"]
    buttons = [c for row in posted["body"]["components"] if row["type"] == 1 for c in row["components"]]
    custom_id = buttons[0]["custom_id"]
    modal = interact(client, click(custom_id)).json()
    assert modal["type"] == 9
    assert modal["data"]["title"] == "Feedback"
    assert modal["data"]["custom_id"] == f"gh:form:{form_id}"
    ack = interact(client, submission(custom_id, {"rating": ["good"], "comment": "=cmd|' /C calc'!A0"})).json()
    assert ack["type"] == 4
    assert ack["data"]["flags"] & (1 << 6)
    assert ack["data"]["components"][0]["components"][0]["content"] == "Thanks, we read every answer."
    page = client.get(f"/guilds/{G1}/forms/{form_id}/responses")
    assert page.status_code == 200
    entry = html(page).css_first(".response")
    assert entry is not None
    assert "@linus" in entry.text()
    answers = dict(zip([n.text() for n in entry.css("dt")], [n.text() for n in entry.css("dd")], strict=True))
    assert answers == {"How was it?": "good", "Anything to add?": "=cmd|' /C calc'!A0"}


def test_mark_handled_and_export_csv(client: TestClient) -> None:
    form_id, _ = panel_with_form_button(client)
    interact(client, submission(f"gh:form:{form_id}", {"rating": "better", "comment": "=1+1"}))
    interact(client, submission(f"gh:form:{form_id}", {"rating": "good", "comment": "second"}))
    page = html(client.get(f"/guilds/{G1}/forms/{form_id}/responses"))
    first_id = str(page.css_first(".response").attributes["id"]).removeprefix("response-")  # type: ignore[union-attr]
    assert "second" in page.css_first(".response").text()  # type: ignore[union-attr]
    done = client.post(
        f"/guilds/{G1}/forms/{form_id}/responses/{first_id}/handled",
        data={"handled": "1", "csrf_token": csrf(client, "/guilds")},
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/guilds/{G1}/forms/{form_id}/responses"
    assert run(client, "SELECT COUNT(*) AS n FROM form_responses WHERE handled_at IS NOT NULL") == [{"n": 1}]
    exported = client.get(f"/guilds/{G1}/forms/{form_id}/responses.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0][:4] == ["submitted (UTC)", "discord user", "discord id", "handled"]
    assert rows[0][4:] == ["How was it?", "Anything to add?"]
    assert [row[4:] for row in rows[1:]] == [["good", "second"], ["better", "'=1+1"]]
    assert [row[3] for row in rows[1:]] == ["yes", "no"]
    listing = client.get(f"/guilds/{G1}/forms")
    assert "Feedback" in text_of(listing, "table")
    (link,) = html(listing).css("table a")
    assert link.attributes["href"] == f"/guilds/{G1}/forms/{form_id}/responses"


def test_a_panel_cannot_open_another_guilds_form(client: TestClient) -> None:
    form_id, _ = panel_with_form_button(client)
    answer = interact(client, click(f"gh:form:{form_id}", guild_id="200000000000000002")).json()
    assert answer["type"] == 4
    assert "no longer available" in answer["data"]["components"][0]["components"][0]["content"]


def test_an_invalid_form_is_not_shown(client: TestClient) -> None:
    form_id, _ = panel_with_form_button(client)
    run(client, "UPDATE builder_items SET payload = :p WHERE id = :i", {"p": '{"title": ""}', "i": form_id})
    answer = interact(client, click(f"gh:form:{form_id}")).json()
    assert "not ready yet" in answer["data"]["components"][0]["components"][0]["content"]


def test_responses_of_another_guild_are_404(client: TestClient) -> None:
    form_id, _ = panel_with_form_button(client)
    elsewhere = f"/guilds/200000000000000002/forms/{form_id}"
    for answer in (client.get(f"{elsewhere}/responses"), client.get(f"{elsewhere}/responses.csv")):
        assert answer.status_code == 404
        assert text_of(answer, "[role=alert] p") == "This form does not exist in this server."


def test_a_guild_without_forms_is_sent_to_build_one(client: TestClient) -> None:
    sign_in(client, ADA)
    page = client.get(f"/guilds/{G1}/forms")
    link = html(page).css_first(".empty a")
    assert link is not None
    assert link.attributes["href"] == f"/guilds/{G1}/messages"
    assert client.get(str(link.attributes["href"])).status_code == 200
