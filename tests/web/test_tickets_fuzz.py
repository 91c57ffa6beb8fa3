"""Every ticket form, fed random values for its own fields: never a 5xx, and the ticket stays readable."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from tests.web.support import ADA, csrf, sign_in
from tests.web.tickets_helpers import BOARD, open_by_form

FIELDS = [
    "status",
    "revision",
    "reason",
    "reply",
    "note",
    "labels",
    "user_id",
    "action",
    "back",
    "wait",
    "first_response_minutes",
    "auto_close_days",
    "ask_rating",
    "q",
    "assignee",
    "label",
    "page",
    "ticket",
    "reply_in",
    "to-1",
    "rev-1",
]
ACTIONS = [
    "move",
    "claim",
    "hand-over",
    "labels",
    "close",
    "reopen",
    "notes",
    "replies",
    "replies/1/retry",
    "delete",
    "restore",
]
text = st.text(st.characters(codec="utf-8"), max_size=200)
values = st.one_of(
    text, st.integers().map(str), st.sampled_from(["", "0", "-1", "closed", "waiting", "//evil", "9" * 30])
)
forms = st.dictionaries(st.sampled_from(FIELDS), values, max_size=6)


@pytest.fixture
def ticket(client: TestClient) -> str:
    sign_in(client, ADA)
    open_by_form(client)
    return csrf(client, BOARD)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(action=st.sampled_from(ACTIONS), form=forms)
def test_ticket_forms_never_fail(client: TestClient, ticket: str, action: str, form: dict[str, str]) -> None:
    answer = client.post(f"{BOARD}/1/{action}", data={**form, "csrf_token": ticket})
    assert answer.status_code < 500, (action, form, answer.text[:300])
    if answer.status_code == 303:  # never anywhere but back to the guild's tickets
        assert answer.headers["location"].startswith(BOARD), answer.headers["location"]
    assert client.get(f"{BOARD}/1").status_code in (200, 404)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=forms)
def test_board_and_settings_never_fail(client: TestClient, ticket: str, form: dict[str, str]) -> None:
    assert client.get(BOARD, params=form).status_code == 200
    assert client.post(f"{BOARD}/move", data={**form, "csrf_token": ticket}).status_code in (303, 404, 409, 422)
    answer = client.post(f"{BOARD}/settings", data={**form, "csrf_token": ticket})
    assert answer.status_code in (303, 422)
