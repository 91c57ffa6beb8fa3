"""JSON: export to copy or download; import by paste or file, refusing what is not a JSON object (the draft
untouched) and importing an invalid object as an undoable draft with its problems listed by path."""

from __future__ import annotations

import json
import random
from typing import Any

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


# The JSON view: typed into, validated and applied as you type (htmx) or by Apply (no JavaScript).

HTMX = {"HX-Request": "true"}


def apply(client: TestClient, url: str, token: str, revision: int, text: str, *, typing: bool = False) -> Any:
    data = {"csrf_token": token, "revision": str(revision), "json": text}
    return client.post(f"{url}/json", data=data, headers=HTMX if typing else None)


def spots(response: Any, selector: str) -> list[tuple[int, int]]:
    return [
        (int(a.attributes["data-line"] or 0), int(a.attributes["data-column"] or 0))
        for a in html(response).css(selector)
    ]


def test_the_json_view_holds_the_draft_and_posts_to_itself(client: TestClient) -> None:
    item_id, url, _ = setup(client)
    page = html(client.get(f"{url}/json"))
    box = page.css_first("form#json-form textarea#json")
    assert box is not None and json.loads(box.text()) == draft(client, item_id)
    assert page.css_first("form#json-form").attributes["action"] == f"{url}/json"  # type: ignore[union-attr]
    assert page.css_first("#json-revision").attributes["value"] == str(item_row(client, item_id)["revision"])  # type: ignore[union-attr]
    assert "No problems" in text_of(client.get(f"{url}/json"), "#json-status")
    avatar = page.css_first("#json-preview .pv-message > img.pv-avatar")  # the bot's own user, as in the editor
    assert avatar is not None and "/embed/avatars/" in str(avatar.attributes["src"])
    assert page.css_first("#json-preview .pv-message-header time.pv-timestamp") is not None


def test_typing_a_syntax_error_answers_its_line_and_column_and_saves_nothing(client: TestClient) -> None:
    item_id, url, token = setup(client)
    before = item_row(client, item_id)
    typed = '{\n  "flags": 32768,\n  "components": [,]\n}'
    answer = apply(client, url, token, before["revision"], typed, typing=True)
    assert answer.status_code == 200  # half-typed JSON is the normal state of typing, not a failed request
    assert html(answer).css_first("#json") is None  # the box being typed in is never sent back
    assert spots(answer, "#json-error a.json-spot") == [(3, 18)]
    assert html(answer).css_first("#json-status").attributes["data-invalid"] == "true"  # type: ignore[union-attr]
    assert item_row(client, item_id) == before


def test_typing_a_payload_applies_it_and_places_each_problem_at_its_line(client: TestClient) -> None:
    item_id, url, token = setup(client)
    typed = json.dumps(BROKEN, indent=2)
    answer = apply(client, url, token, item_row(client, item_id)["revision"], typed, typing=True)
    assert answer.status_code == 200
    assert draft(client, item_id) == BROKEN
    lines = typed.splitlines()
    line = next(n for n, text in enumerate(lines, 1) if '"label"' in text)
    assert spots(answer, "#json-problems a.json-spot") == [(line, lines[line - 1].index('"BBB') + 1)]  # the value
    fragment = html(answer)
    assert fragment.css_first("#json") is None
    revision = fragment.css_first("#json-revision[hx-swap-oob]")
    assert revision is not None and revision.attributes["value"] == str(item_row(client, item_id)["revision"])
    assert fragment.css_first("#json-preview-panel[hx-swap-oob] [data-path='components[0].components[0]']") is not None
    assert fragment.css_first("#json-export[hx-swap-oob] #export-warning") is not None


def test_a_run_of_typing_is_one_undo_step_and_unchanged_text_saves_nothing(client: TestClient) -> None:
    item_id, url, token = setup(client, "blank")
    for content in ("a", "ab", "abc"):
        payload = {"flags": 32768, "components": [{"type": 10, "content": content}]}
        apply(client, url, token, item_row(client, item_id)["revision"], json.dumps(payload), typing=True)
    revision = item_row(client, item_id)["revision"]
    again = apply(client, url, token, revision, json.dumps(draft(client, item_id), indent=4), typing=True)
    assert again.status_code == 200 and item_row(client, item_id)["revision"] == revision
    assert run(client, "SELECT COUNT(*) AS n FROM builder_undo WHERE item_id = :i", {"i": item_id}) == [{"n": 1}]


def test_apply_without_javascript_redirects_and_a_refusal_keeps_the_text(client: TestClient) -> None:
    item_id, url, token = setup(client)
    revision = item_row(client, item_id)["revision"]
    refused = apply(client, url, token, revision, '{"flags": 32768, "components": [}')
    assert refused.status_code == 422
    page = html(refused)
    assert page.css_first("#json[aria-invalid=true]").text().strip() == '{"flags": 32768, "components": [}'  # type: ignore[union-attr]
    assert page.css_first("#error-summary a[href='#json']") is not None
    done = apply(client, url, token, revision, json.dumps(BROKEN))
    assert done.status_code == 303 and done.headers["location"] == f"{url}/json?done=saved"
    assert draft(client, item_id) == BROKEN


def test_applying_on_a_stale_revision_is_a_conflict_with_the_text_kept(client: TestClient) -> None:
    item_id, url, token = setup(client)
    stale = item_row(client, item_id)["revision"]
    submit(client, client.get(url), button=("do", "add components"), changes={"t:components": "14"})
    moved = draft(client, item_id)
    page = apply(client, url, token, stale, json.dumps(BROKEN))
    assert page.status_code == 409
    assert json.loads(html(page).css_first("#json").text()) == BROKEN  # type: ignore[union-attr]
    typing = apply(client, url, token, stale, json.dumps(BROKEN), typing=True)
    assert typing.status_code == 409 and "changed since" in text_of(typing, "#json-error")
    assert draft(client, item_id) == moved
    # With JavaScript the answer brings the latest revision: the page can apply again over the latest draft.
    latest = html(typing).css_first("#json-revision[hx-swap-oob]")
    assert latest is not None and latest.attributes["value"] == str(item_row(client, item_id)["revision"])
    assert apply(client, url, token, int(str(latest.attributes["value"])), json.dumps(BROKEN)).status_code == 303
    assert draft(client, item_id) == BROKEN


def test_exports_of_a_payload_discord_would_refuse_warn_and_strict_refuses(client: TestClient) -> None:
    item_id, url, token = setup(client)
    assert client.get(f"{url}/export.json?strict=1").status_code == 200  # the support panel is clean
    assert html(client.get(f"{url}/json")).css_first("#export-warning") is None
    send(client, url, token, item_row(client, item_id)["revision"], json.dumps(BROKEN))
    page = client.get(f"{url}/json")
    assert "Discord would refuse" in text_of(page, "#export-warning")
    assert "Download anyway" in text_of(page, "#json-export a[download]")
    download = client.get(f"{url}/export.json")
    assert download.status_code == 200 and download.json() == BROKEN
    assert download.headers["x-payload-problems"] == "1"
    strict = client.get(f"{url}/export.json?strict=1")
    assert strict.status_code == 422
    assert [p["path"] for p in strict.json()["problems"]] == ["components[0].components[0].label"]
    strict_page = client.get(f"{url}/json?strict=1")
    assert strict_page.status_code == 422
    assert html(strict_page).css_first("#export") is None
    assert html(strict_page).css_first("#problems li") is not None


def test_an_entry_that_is_not_there_is_a_404(client: TestClient) -> None:
    _, _, token = setup(client)
    gone = f"{base()}/999999"
    assert client.get(f"{gone}/json").status_code == 404
    assert client.get(f"{gone}/export.json").status_code == 404
    assert client.post(f"{gone}/json", data={"csrf_token": token, "revision": "1", "json": "{}"}).status_code == 404
    assert client.get(f"{base()}/{'9' * 19}/json").status_code == 404  # not an id: no route


def test_the_json_forms_never_fail_on_junk(client: TestClient) -> None:
    item_id, url, token = setup(client)
    rng = random.Random(11)
    junk = ["", "{", "[]", "null", '{"title": 1}', "\x00", "{" * 5000, '{"components": ' * 50, "é" * 3000, "1e999"]
    for _ in range(60):
        data = {
            "csrf_token": token,
            "revision": rng.choice(["", "x", "-1", "1" * 30, str(rng.randint(0, 9))]),
            "json": rng.choice(junk) + rng.choice(junk),
        }
        for headers in (None, HTMX):
            answer = client.post(f"{url}/json", data=data, headers=headers)
            assert answer.status_code < 500, data
            answer = client.post(f"{url}/import", data=data, headers=headers)
            assert answer.status_code < 500, data
    for query in ("?strict=1", "?strict=x", "?theme=%00", "?strict=1&strict=0"):
        assert client.get(f"{url}/json{query}").status_code < 500
        assert client.get(f"{url}/export.json{query}").status_code < 500
    assert item_row(client, item_id)["payload"] is not None
