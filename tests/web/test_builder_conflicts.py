"""Two managers on one draft: a form made on an older revision is never applied silently; the person chooses to
reload, overwrite or save a copy. And rights taken away in Discord stop the next save at once."""

from __future__ import annotations

import json

import httpx2
from starlette.testclient import TestClient

from tests.web.support import ADA, GRACE, html, sign_in, text_of
from tests.web.test_auth_login import run
from tests.web.test_builder_helpers import G2, base, create, draft, field_id, field_name, item_row, submit

CONTENT = "components[0].content"
HX = {"HX-Request": "true"}


def two_managers(client: TestClient) -> tuple[int, str, object, httpx2.Cookies]:
    """Ada opens a draft; Grace (signed in on the same client afterwards) saves a change to it."""
    sign_in(client, ADA)
    item_id = create(client, "blank")
    url = f"{base()}/{item_id}"
    adas_page = client.get(url)
    adas_cookies = httpx2.Cookies(client.cookies)
    client.cookies.clear()
    sign_in(client, GRACE)
    submit(client, client.get(url), changes={field_name(CONTENT): "Grace's words"}, button=("do", "save"))
    client.cookies = adas_cookies
    return item_id, url, adas_page, adas_cookies


def test_a_stale_save_shows_the_conflict_notice_and_changes_nothing(client: TestClient) -> None:
    item_id, url, adas_page, _ = two_managers(client)
    revision = item_row(client, item_id)["revision"]
    response = submit(client, adas_page, changes={field_name(CONTENT): "Ada's words"}, button=("do", "save"))
    assert response.status_code == 409
    page = html(response)
    notice = page.css_first("section.conflict[role=alert]")
    assert notice is not None and "Grace Hopper" in notice.text()
    assert draft(client, item_id)["components"][0]["content"] == "Grace's words"
    assert item_row(client, item_id)["revision"] == revision
    shown = page.css_first(f"#{field_id(CONTENT)}")
    assert shown is not None and shown.text().strip() == "Grace's words"
    mine = json.loads(str(page.css_first("section.conflict input[name=mine]").attributes["value"]))  # type: ignore[union-attr]
    assert mine["components"][0]["content"] == "Ada's words"
    added = [row.text() for row in page.css("section.conflict .diff-add code")]
    assert any("Ada's words" in line for line in added)
    reload = page.css_first(f"section.conflict a[href='{url}']")
    assert reload is not None and "Reload" in reload.text()


def test_overwrite_after_a_conflict_keeps_the_persons_version(client: TestClient) -> None:
    item_id, url, adas_page, _ = two_managers(client)
    conflict = submit(client, adas_page, changes={field_name(CONTENT): "Ada's words"}, button=("do", "save"))
    overwrite = submit(client, conflict, form_id="resolve-form", button=("choice", "overwrite"))
    assert overwrite.status_code == 303 and overwrite.headers["location"] == f"{url}?done=overwritten"
    assert draft(client, item_id)["components"][0]["content"] == "Ada's words"
    assert run(client, "SELECT action FROM activity WHERE action = 'builder.conflict_overwritten'") != []
    undone = submit(client, client.get(url), button=("do", "undo"))
    assert undone.status_code == 303
    assert draft(client, item_id)["components"][0]["content"] == "Grace's words"


def test_save_as_a_copy_after_a_conflict_leaves_the_other_change_alone(client: TestClient) -> None:
    item_id, _, adas_page, _ = two_managers(client)
    conflict = submit(client, adas_page, changes={field_name(CONTENT): "Ada's words"}, button=("do", "save"))
    copied = submit(client, conflict, form_id="resolve-form", button=("choice", "copy"))
    assert copied.status_code == 303
    copy_id = int(copied.headers["location"].split("/")[-1].split("?")[0])
    assert draft(client, copy_id)["components"][0]["content"] == "Ada's words"
    assert item_row(client, copy_id)["name"] == "Copy of Blank message"
    assert draft(client, item_id)["components"][0]["content"] == "Grace's words"


def test_an_overwrite_on_a_moved_draft_is_itself_a_conflict(client: TestClient) -> None:
    item_id, url, adas_page, adas = two_managers(client)
    conflict = submit(client, adas_page, changes={field_name(CONTENT): "Ada's words"}, button=("do", "save"))
    client.cookies.clear()
    sign_in(client, GRACE)
    submit(client, client.get(url), changes={field_name(CONTENT): "Grace again"}, button=("do", "save"))
    client.cookies = adas
    again = submit(client, conflict, form_id="resolve-form", button=("choice", "overwrite"))
    assert again.status_code == 409
    assert draft(client, item_id)["components"][0]["content"] == "Grace again"


def test_a_stale_live_edit_replaces_the_editor_with_the_notice(client: TestClient) -> None:
    item_id, _, adas_page, _ = two_managers(client)
    response = submit(
        client,
        adas_page,
        changes={field_name(CONTENT): "Ada typing"},
        headers={**HX, "HX-Trigger-Name": field_name(CONTENT)},
    )
    assert response.status_code == 409
    assert response.headers["hx-retarget"] == "#editor" and response.headers["hx-reswap"] == "outerHTML"
    assert html(response).css_first("#editor section.conflict") is not None
    assert draft(client, item_id)["components"][0]["content"] == "Grace's words"


def test_a_stale_structural_action_is_replayed_on_the_draft_it_was_made_on(client: TestClient) -> None:
    item_id, _, adas_page, _ = two_managers(client)
    response = submit(client, adas_page, button=("do", "add components"), changes={"t:components": "14"})
    assert response.status_code == 409
    mine = json.loads(str(html(response).css_first("input[name=mine]").attributes["value"]))  # type: ignore[union-attr]
    assert [c["type"] for c in mine["components"]] == [10, 14]
    assert mine["components"][0]["content"] == "Write your message here."  # Ada's view, not Grace's
    assert [c["type"] for c in draft(client, item_id)["components"]] == [10]


def test_removed_manage_server_refuses_the_next_save_before_the_cache_expires(
    client: TestClient, emulator: httpx2.Client
) -> None:
    sign_in(client, ADA)
    item_id = create(client, "blank", guild_id=G2)
    url = f"{base(G2)}/{item_id}"
    page = client.get(url)
    emulator.post(
        "/_emulator/control/members", json={"guild_id": G2, "user_id": ADA, "manager": False}
    ).raise_for_status()
    # Twenty seconds later: past the re-check window for changes, well within the guild list's cache time.
    run(client, "UPDATE guild_lists SET fetched_at = fetched_at - 20")
    assert client.get(url).status_code == 200
    refused = submit(client, page, changes={field_name(CONTENT): "Still here?"}, button=("do", "save"))
    assert refused.status_code == 403
    assert "Manage Server" in text_of(refused, "[role=alert]")
    assert draft(client, item_id)["components"][0]["content"] == "Write your message here."


def test_a_resolve_with_an_unreadable_version_changes_nothing(client: TestClient) -> None:
    sign_in(client, ADA)
    item_id = create(client, "blank")
    url = f"{base()}/{item_id}"
    token = html(client.get(url)).css_first("input[name=csrf_token]").attributes["value"]  # type: ignore[union-attr]
    before = item_row(client, item_id)
    for mine in ("{", "[1, 2]", '{"title": "a form"}', "[" * 50_000, '{"flags": NaN}', ""):
        for choice in ("overwrite", "copy"):
            data = {"csrf_token": str(token), "revision": str(before["revision"]), "mine": mine, "choice": choice}
            assert client.post(f"{url}/resolve", data=data).status_code == 422, (mine[:10], choice)
    assert item_row(client, item_id) == before
    assert run(client, "SELECT COUNT(*) AS n FROM builder_items") == [{"n": 1}]
