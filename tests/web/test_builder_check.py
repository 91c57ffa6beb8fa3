"""The check as a person types: one field judged against the whole draft, answered with its count and problems,
nothing saved; wired on every text field of the editor."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from starlette.testclient import TestClient

from app.builder.request_context import MISSING
from app.settings import Settings
from app.web import create_app
from tests.conftest import TEST_BASE_URL
from tests.web.support import ADA, calls, csrf, html, sign_in, text_of
from tests.web.test_builder_helpers import base, create, field_id, field_name, item_row

HX = {"HX-Request": "true"}
TEXT = "components[0].components[0].content"
BUTTON = "components[0].components[1].accessory"
SELECT = "components[0].components[2].components[0]"


def open_editor(client: TestClient) -> tuple[int, str, str]:
    sign_in(client, ADA)
    item_id = create(client, "support")
    url = f"{base()}/{item_id}"
    return item_id, url, csrf(client, url)


def check(client: TestClient, url: str, token: str, path: str, value: str, **headers: str) -> Any:
    """What htmx sends after a pause in typing: the one field, the CSRF token in its header."""
    sent = {**HX, "X-CSRF-Token": token, **headers}
    return client.post(f"{url}/check", data={field_name(path): value}, headers=sent)


def test_an_over_long_label_is_counted_and_refused_without_saving(client: TestClient) -> None:
    item_id, url, token = open_editor(client)
    before = item_row(client, item_id)
    answer = check(client, url, token, f"{BUTTON}.label", "L" * 93)
    assert answer.status_code == 200
    fragment = html(answer)
    count = fragment.css_first(f"#{field_id(BUTTON + '.label')}-count")
    assert count is not None and count.text() == "93 of 80 characters, over the limit"
    error = fragment.css_first(f"#{field_id(BUTTON + '.label')}-error .problem-error")
    assert error is not None and "93 characters" in error.text() and "at most 80" in error.text()
    assert fragment.css_first("header.site-header") is None
    assert item_row(client, item_id) == before


def test_a_clean_value_answers_with_its_count_and_no_problem(client: TestClient) -> None:
    _, url, token = open_editor(client)
    fragment = html(check(client, url, token, TEXT, "Hello there"))
    count = fragment.css_first(f"#{field_id(TEXT)}-count")
    assert count is not None and count.text() == "11 of 4000 characters"
    assert fragment.css_first(".problem") is None


def test_the_field_is_judged_against_the_whole_draft(client: TestClient) -> None:
    """A custom_id the draft already uses before this field is a duplicate, though the field alone is fine."""
    item_id, url, token = open_editor(client)
    taken = item_row(client, item_id)["payload"]["components"][0]["components"][1]["accessory"]["custom_id"]
    fragment = html(check(client, url, token, f"{SELECT}.custom_id", taken))
    error = fragment.css_first(f"#{field_id(SELECT + '.custom_id')}-error")
    assert error is not None and "already used" in error.text()
    assert html(check(client, url, token, f"{SELECT}.custom_id", "fresh_id")).css_first(".problem") is None


def test_a_number_field_keeps_what_was_typed_and_says_what_is_wrong(client: TestClient) -> None:
    _, url, token = open_editor(client)
    fragment = html(check(client, url, token, f"{SELECT}.max_values", "lots"))
    error = fragment.css_first(f"#{field_id(SELECT + '.max_values')}-error")
    assert error is not None and error.css_first(".problem-error") is not None


def test_a_field_the_draft_no_longer_has_is_answered_with_nothing(client: TestClient) -> None:
    _, url, token = open_editor(client)
    assert check(client, url, token, "components[9].content", "x").status_code == 204
    assert client.post(f"{url}/check", data={"other": "x"}, headers={**HX, "X-CSRF-Token": token}).status_code == 204


def test_without_htmx_the_check_leads_back_to_the_editor(client: TestClient) -> None:
    _, url, token = open_editor(client)
    answer = client.post(f"{url}/check", data={"csrf_token": token, field_name(TEXT): "x"})
    assert answer.status_code == 303 and answer.headers["location"] == url


def test_a_missing_entry_is_said_in_the_alerts(client: TestClient) -> None:
    _, _, token = open_editor(client)
    answer = check(client, f"{base()}/999999", token, TEXT, "x")
    assert answer.status_code == 404 and answer.headers["HX-Retarget"] == "#alerts"
    assert text_of(answer, "[role=alert] h1 + p") == MISSING


def test_every_text_field_of_the_editor_asks_for_its_check(client: TestClient) -> None:
    _, url, _ = open_editor(client)
    page = html(client.get(f"{url}?open=all"))
    statuses = page.css("#draft-form .field-status[hx-post]")
    assert statuses, "no field is wired for a check"
    for status in statuses:
        field = page.css_first(f"#{status.attributes['data-field']}")
        assert field is not None
        assert status.attributes["hx-post"] == f"{url}/check"
        assert status.attributes["hx-params"] == field.attributes["name"]
        assert status.attributes["hx-trigger"] == f"input changed delay:150ms from:#{field.attributes['id']}"
    wired = {status.attributes["data-field"] for status in statuses}
    typed = page.css("#draft-form .comp-fields :is(input[type=text], textarea)[name^='f:']")
    assert wired == {node.attributes["id"] for node in typed}
    assert field_id(TEXT) in wired and field_id(BUTTON + ".label") in wired


def test_a_check_trusts_the_cached_guild_list_where_an_edit_asks_discord_again(
    settings: Settings, emulator: Any
) -> None:
    """A check saves nothing, so it is a read for the guild guard: no fresh look at the person's rights."""
    strict = replace(settings, guild_recheck_seconds=0)
    with TestClient(create_app(strict), base_url=TEST_BASE_URL, follow_redirects=False) as client:
        _, url, token = open_editor(client)
        before = calls(emulator, "GET /users/@me/guilds")
        for n in range(3):
            assert check(client, url, token, TEXT, f"typed {n}").status_code == 200
        assert calls(emulator, "GET /users/@me/guilds") == before
        client.post(f"{url}/edit", data={field_name(TEXT): "saved"}, headers={**HX, "X-CSRF-Token": token})
        assert calls(emulator, "GET /users/@me/guilds") == before + 1
