"""JSON: export to copy or download; import by paste or file, refusing what is not a JSON object (the draft
untouched) and importing an invalid object as an undoable draft with its problems listed by path."""

from __future__ import annotations

import json

from starlette.testclient import TestClient

from tests.web.support import ADA, csrf, html, sign_in, text_of
from tests.web.test_auth_login import run
from tests.web.test_builder_helpers import base, create, draft, item_row, submit

BROKEN = {
    "flags": 32768,
    "components": [{"type": 1, "components": [{"type": 2, "style": 1, "label": "B" * 90, "custom_id": "b"}]}],
}


def setup(client: TestClient, starter: str = "support") -> tuple[int, str, str]:
    sign_in(client, ADA)
    item_id = create(client, starter)
    url = f"{base()}/{item_id}"
    return item_id, url, csrf(client, f"{url}/json")


def send(client: TestClient, url: str, token: str, revision: int, text: str = "", file: bytes | None = None) -> object:
    files = {"file": ("payload.json", file, "application/json")} if file is not None else None
    data = {"csrf_token": token, "revision": str(revision), "json": text}
    return client.post(f"{url}/import", data=data, files=files)


def test_export_shows_copies_and_downloads_the_api_payload(client: TestClient) -> None:
    item_id, url, _ = setup(client)
    page = client.get(f"{url}/json")
    shown = html(page).css_first("#export")
    assert shown is not None
    assert json.loads(shown.text()) == draft(client, item_id)
    assert json.loads(shown.text())["flags"] == 32768
    assert html(page).css_first("button[data-copy=export][hidden]") is not None  # shown by the script only
    download = client.get(f"{url}/export.json")
    assert download.json() == draft(client, item_id)
    assert download.headers["content-type"] == "application/json"
    assert "No problems" in text_of(page, "#problems-title")


def test_unparseable_or_non_object_json_is_refused_and_the_draft_kept(client: TestClient) -> None:
    item_id, url, token = setup(client)
    before = item_row(client, item_id)
    for text, words in (
        ("{not json", "not valid JSON"),
        ("[1, 2, 3]", "this is a list"),
        ('"just text"', "a single value"),
        ("", "Paste JSON"),
        ("[" * 100_000, "nested too deeply"),
        (json.dumps({"title": "A form", "custom_id": "x", "components": []}), "That is a form"),
        ('{"flags": NaN, "components": []}', "NaN is not a JSON number"),
        ('{"flags": 1e400}', "too large a number"),
        ('{"components": [{"type": 10, "content": "\\ud800"}]}', "lone surrogate"),
        ('{"flags": ' + "9" * 5000 + "}", "not valid JSON"),
    ):
        response = send(client, url, token, before["revision"], text)
        assert response.status_code == 422, text[:20]  # type: ignore[attr-defined]
        page = html(response)
        assert words in text_of(response, "#json-error"), text[:20]
        box = page.css_first("#json")
        assert box is not None and box.attributes["aria-invalid"] == "true"
        assert box.text().strip() == text.strip()[:200_000].strip() or len(text) > 1000
        assert page.css_first("#error-summary a[href='#json']") is not None
    assert item_row(client, item_id) == before


def test_a_file_that_is_not_utf8_is_refused(client: TestClient) -> None:
    item_id, url, token = setup(client)
    before = item_row(client, item_id)
    response = send(client, url, token, before["revision"], file=b"\xff\xfe\x00{")
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert item_row(client, item_id) == before


def test_a_broken_payload_is_imported_with_its_problems_by_path_and_can_be_undone(client: TestClient) -> None:
    item_id, url, token = setup(client)
    before = draft(client, item_id)
    response = send(client, url, token, item_row(client, item_id)["revision"], file=json.dumps(BROKEN).encode())
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert response.headers["location"] == f"{url}/json?done=imported"  # type: ignore[attr-defined]
    assert draft(client, item_id) == BROKEN
    page = client.get(f"{url}/json?done=imported")
    listed = [node.text() for node in html(page).css("#problems li")]
    assert any(line.startswith("components[0].components[0].label") and "at most 80" in line for line in listed)
    editor = html(client.get(url))
    assert editor.css_first("#f-components-0-components-0-label[aria-invalid=true]") is not None
    assert run(client, "SELECT COUNT(*) AS n FROM activity WHERE action = 'builder.imported'") == [{"n": 1}]
    submit(client, client.get(url), button=("do", "undo"))
    assert draft(client, item_id) == before


def test_pasted_interaction_response_is_unwrapped(client: TestClient) -> None:
    item_id, url, token = setup(client, "blank_form")
    modal = {"custom_id": "m", "title": "Pasted", "components": [{"type": 10, "content": "Hello"}]}
    response = send(client, url, token, item_row(client, item_id)["revision"], json.dumps({"type": 9, "data": modal}))
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert draft(client, item_id) == modal


def test_an_import_on_a_stale_page_is_refused_with_the_text_kept(client: TestClient) -> None:
    item_id, url, token = setup(client)
    stale = item_row(client, item_id)["revision"]
    submit(client, client.get(url), button=("do", "add components"), changes={"t:components": "14"})
    response = send(client, url, token, stale, json.dumps(BROKEN))
    assert response.status_code == 409  # type: ignore[attr-defined]
    assert json.loads(html(response).css_first("#json").text()) == BROKEN  # type: ignore[union-attr]
    assert draft(client, item_id) != BROKEN
