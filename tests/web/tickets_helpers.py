"""Helpers for the ticket tests: tickets opened through the signed interactions endpoint, the board and a
ticket's page read as parsed HTML, forms posted with the revision the page showed."""

from __future__ import annotations

from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode
from starlette.testclient import TestClient

from app.components.validate import errors, validate_message
from tests.web.support import csrf, html
from tests.web.test_auth_login import run
from tests.web.test_builder_helpers import G1, create
from tests.web.test_form_responses import LINUS, submission
from tests.web.test_interactions import interact

BOARD = f"/guilds/{G1}/tickets"


def open_by_form(client: TestClient, values: dict[str, Any] | None = None, user: dict[str, Any] = LINUS) -> int:
    """A signed-in manager makes a form; `user` submits it in Discord; returns the new ticket's number."""
    form_id = create(client, "feedback", name="Feedback")
    payload = submission(f"gh:form:{form_id}", values or {"subject": "Printer on fire", "details": "Smoke."})
    payload["member"] = {"user": user}
    payload["channel_id"] = "300000000000000001"
    answer = interact(client, payload).json()
    assert errors(validate_message(answer["data"], interaction_response=True)) == []
    told = answer["data"]["components"][0]["components"][-1]["content"]
    assert told.startswith("-# Your ticket: #"), told
    return int(told.removeprefix("-# Your ticket: #"))


def open_by_button(client: TestClient, user: dict[str, Any] = LINUS) -> dict[str, Any]:
    payload = {
        "type": 3,
        "guild_id": G1,
        "channel_id": "300000000000000001",
        "member": {"user": user},
        "data": {"custom_id": "gh:ticket", "component_type": 2},
        "message": {"id": "1"},
    }
    answer: dict[str, Any] = interact(client, payload).json()
    return answer


def ticket_row(client: TestClient, number: int, guild_id: str = G1) -> dict[str, Any]:
    return run(client, "SELECT * FROM tickets WHERE guild_id = :g AND number = :n", {"g": guild_id, "n": number})[0]


def event_kinds(client: TestClient, number: int) -> list[str]:
    ticket = ticket_row(client, number)
    found = run(client, "SELECT kind FROM ticket_events WHERE ticket_id = :t ORDER BY id", {"t": ticket["id"]})
    return [row["kind"] for row in found]


def post(client: TestClient, number: int, path: str, **fields: Any) -> Any:
    """Post a ticket's form as its page would, with the ticket's current revision unless one is given."""
    data = {"csrf_token": csrf(client, BOARD), "revision": ticket_row(client, number)["revision"], **fields}
    return client.post(f"{BOARD}/{number}/{path}", data=data)


def cards(client: TestClient, query: str = "") -> dict[str, list[int]]:
    """The board's columns: status -> the numbers of its cards, in order."""
    page = html(client.get(f"{BOARD}{query}"))
    return {
        str(column.attributes["data-status"]): [int(str(card.attributes["id"])[1:]) for card in column.css(".tc")]
        for column in page.css(".ticket-column")
    }


def node(page: LexborHTMLParser | LexborNode, selector: str) -> LexborNode:
    found = page.css_first(selector)
    assert found is not None, f"{selector} not found"
    return found
