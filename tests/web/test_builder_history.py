"""Versions: saved by hand (with what was typed), listed with who and when, compared as a safe line diff,
restored as an undoable change."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.web.support import ADA, GRACE, csrf, html, sign_in, text_of
from tests.web.test_auth_login import run
from tests.web.test_builder_helpers import base, create, draft, field_name, item_row, submit

CONTENT = "components[0].content"


def save_version(client: TestClient, url: str, name: str, **changes: str) -> object:
    page = client.get(url)
    return submit(client, page, changes={"version_name": name, **changes}, action=f"{url}/versions")


def test_save_version_keeps_what_was_typed_and_logs_it(client: TestClient) -> None:
    sign_in(client, ADA)
    item_id = create(client, "blank")
    url = f"{base()}/{item_id}"
    response = save_version(client, url, "First cut", **{field_name(CONTENT): "Hello <b>world</b>"})
    assert response.status_code == 303 and response.headers["location"] == f"{url}?done=version"  # type: ignore[attr-defined]
    (version,) = run(client, "SELECT name, reason, payload, user_id FROM builder_versions")
    assert (version["name"], version["reason"]) == ("First cut", "saved")
    assert "Hello <b>world</b>" in version["payload"]
    assert draft(client, item_id)["components"][0]["content"] == "Hello <b>world</b>"
    (entry,) = run(client, "SELECT guild_id, detail FROM activity WHERE action = 'builder.version_saved'")
    assert "First cut" in entry["detail"]
    too_long = save_version(client, url, "v" * 101)
    assert too_long.status_code == 422  # type: ignore[attr-defined]
    field = html(too_long).css_first("#version_name")
    assert field is not None and field.attributes["value"] == "v" * 101 and field.attributes["aria-invalid"] == "true"


def test_history_lists_who_saved_what_and_shows_a_safe_diff(client: TestClient) -> None:
    sign_in(client, ADA)
    item_id = create(client, "blank")
    url = f"{base()}/{item_id}"
    save_version(client, url, "Plain", **{field_name(CONTENT): "Hello"})
    client.cookies.clear()
    sign_in(client, GRACE)
    save_version(client, url, "With markup", **{field_name(CONTENT): "<script>alert(1)</script>"})
    page = client.get(f"{url}/history")
    rows = html(page).css("table.versions tbody tr")
    assert [r.css_first("th").text() for r in rows] == ["With markup", "Plain"]  # type: ignore[union-attr]
    assert [r.css("td")[1].text() for r in rows] == ["Grace Hopper", "Ada Lovelace"]
    first, second = (r.attributes["id"].split("-")[1] for r in reversed(rows))  # type: ignore[union-attr]
    compared = client.get(f"{url}/history", params={"a": first, "b": second})
    doc = html(compared)
    assert doc.css_first("#comparison script") is None
    removed = [n.text() for n in doc.css("#comparison .diff-del code")]
    added = [n.text() for n in doc.css("#comparison .diff-add code")]
    assert any('"Hello"' in line for line in removed)
    assert any("<script>alert(1)</script>" in line for line in added)
    fragment = client.get(f"{url}/history", params={"a": first, "b": "draft"}, headers={"HX-Request": "true"})
    assert html(fragment).css_first("header.site-header") is None
    assert "They are the same" not in fragment.text
    same = client.get(f"{url}/history", params={"a": second, "b": "draft"})
    assert "They are the same." in text_of(same, "#comparison")


def test_restore_makes_a_version_the_draft_keeping_the_old_one(client: TestClient) -> None:
    sign_in(client, ADA)
    item_id = create(client, "blank")
    url = f"{base()}/{item_id}"
    save_version(client, url, "Keep me", **{field_name(CONTENT): "Version one"})
    submit(client, client.get(url), changes={field_name(CONTENT): "Later text"}, button=("do", "save"))
    (version,) = run(client, "SELECT id FROM builder_versions")
    history = client.get(f"{url}/history")
    restore = submit(client, history, form_id="restore-" + str(version["id"]))
    assert restore.status_code == 303 and restore.headers["location"] == f"{url}?done=version_restored"
    assert draft(client, item_id)["components"][0]["content"] == "Version one"
    reasons = [r["reason"] for r in run(client, "SELECT reason FROM builder_versions ORDER BY id")]
    assert reasons == ["saved", "restored"]
    assert run(client, "SELECT COUNT(*) AS n FROM activity WHERE action = 'builder.version_restored'") == [{"n": 1}]
    submit(client, client.get(url), button=("do", "undo"))
    assert draft(client, item_id)["components"][0]["content"] == "Later text"


def test_restore_from_a_stale_history_page_changes_nothing(client: TestClient) -> None:
    sign_in(client, ADA)
    item_id = create(client, "blank")
    url = f"{base()}/{item_id}"
    save_version(client, url, "Old")
    history = client.get(f"{url}/history")
    submit(client, client.get(url), changes={field_name(CONTENT): "Newer"}, button=("do", "save"))
    (version,) = run(client, "SELECT id FROM builder_versions")
    stale = submit(client, history, form_id="restore-" + str(version["id"]))
    assert stale.headers["location"] == f"{url}/history?done=stale"
    assert draft(client, item_id)["components"][0]["content"] == "Newer"
    token = csrf(client, url)
    missing = client.post(f"{url}/versions/999/restore", data={"csrf_token": token, "revision": "1"})
    assert missing.status_code == 404
    assert item_row(client, item_id)["revision"] == 2  # only the one edit
