"""A panel's button set to open a ticket in the builder: its custom_id becomes `gh:ticket`, and back."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.web.support import ADA, html, sign_in
from tests.web.test_builder_helpers import base, create, draft, field_id, field_name, submit

BUTTON = "components[0].components[1].accessory"


def accessory(client: TestClient, message_id: int) -> dict[str, object]:
    found: dict[str, object] = draft(client, message_id)["components"][0]["components"][1]["accessory"]
    return found


def test_a_button_set_to_open_a_ticket_and_back(client: TestClient) -> None:
    sign_in(client, ADA)
    message_id = create(client, "support")
    url = f"{base()}/{message_id}"
    submit(client, client.get(url), changes={field_name(BUTTON + ".form"): "ticket"}, button=("do", "save"))
    assert accessory(client, message_id)["custom_id"] == "gh:ticket"
    chosen = html(client.get(f"{url}?open=all")).css_first(f"#{field_id(BUTTON + '.form')} option[selected]")
    assert chosen is not None and chosen.attributes["value"] == "ticket"
    submit(client, client.get(url), changes={field_name(BUTTON + ".form"): ""}, button=("do", "save"))
    assert accessory(client, message_id)["custom_id"] == "button_1"
