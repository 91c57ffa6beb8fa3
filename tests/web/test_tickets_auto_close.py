"""Waiting tickets close themselves in the background, with nobody reading the board."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from starlette.testclient import TestClient

from app.core import db
from app.settings import Settings
from app.web import create_app
from tests.conftest import TEST_BASE_URL
from tests.web.support import ADA, csrf, sign_in
from tests.web.test_auth_login import run
from tests.web.tickets_helpers import BOARD, event_kinds, open_by_form, post, ticket_row


@pytest.fixture
def sweeping(settings: Settings) -> Iterator[TestClient]:
    app = create_app(replace(settings, ticket_sweep_seconds=0.1))
    with TestClient(app, base_url=TEST_BASE_URL, follow_redirects=False) as client:
        yield client


def waiting_past_the_days(client: TestClient, days: str) -> int:
    sign_in(client, ADA)
    number = open_by_form(client)
    fields = {"csrf_token": csrf(client, BOARD), "first_response_minutes": "0", "auto_close_days": days}
    assert client.post(f"{BOARD}/settings", data=fields).status_code == 303
    post(client, number, "move", status="waiting")
    run(client, "UPDATE tickets SET waiting_since = :t", {"t": db.now() - 3 * 86400})
    return number


def status_after(client: TestClient, number: int, seconds: float) -> str:
    """The ticket's status once it is closed, or after `seconds`, read from the database (not the board, which
    would sweep on its own)."""
    deadline = time.monotonic() + seconds
    while (status := str(ticket_row(client, number)["status"])) != "closed" and time.monotonic() < deadline:
        time.sleep(0.05)
    return status


def test_a_ticket_waiting_past_the_guilds_days_closes_with_nobody_reading(sweeping: TestClient) -> None:
    number = waiting_past_the_days(sweeping, "2")
    assert status_after(sweeping, number, 10) == "closed"
    assert event_kinds(sweeping, number)[-1] == "auto_closed"
    assert event_kinds(sweeping, number).count("auto_closed") == 1


def test_a_guild_that_never_closes_keeps_its_waiting_tickets(sweeping: TestClient) -> None:
    number = waiting_past_the_days(sweeping, "0")
    assert status_after(sweeping, number, 1) == "waiting"
