"""The editor's JSON panel, beside the preview in place of the outline: `?view=json` drawn by the server, the
Outline | JSON switch answered with the tree section alone, and the panel's box applied with and without
JavaScript (taken, refused with the text kept, or a conflict with another manager)."""

from __future__ import annotations

import json
from typing import Any

from selectolax.lexbor import LexborHTMLParser
from starlette.testclient import TestClient

from tests.web.support import html, text_of
from tests.web.test_builder_helpers import draft, form_fields, item_row, post_pairs, submit
from tests.web.test_builder_json import BROKEN, setup

HTMX = {"HX-Request": "true"}
SWITCH = {**HTMX, "HX-Target": "tree"}
PRESSED = {**HTMX, "HX-Trigger": "json-form"}  # Apply pressed, rather than a pause in typing
SYNTAX_ERROR = '{\n  "flags": 32768,\n  "components": [,]\n}'
TEXT = {"flags": 32768, "components": [{"type": 10, "content": "Typed beside the outline"}]}


def panel_page(client: TestClient, url: str) -> Any:
    page = client.get(f"{url}?view=json")
    assert page.status_code == 200
    return page


def post_panel(client: TestClient, page: Any, text: str, headers: dict[str, str] | None = None) -> Any:
    """Apply `text` from the panel of `page` as a browser would post its JSON form."""
    return submit(client, page, changes={"json": text}, form_id="json-form", headers=headers)


def switch_links(page: LexborHTMLParser) -> dict[str, tuple[str, str | None]]:
    return {
        node.text(): (str(node.attributes["href"]), node.attributes.get("aria-current"))
        for node in page.css(".tree-switch a")
    }


def test_view_json_draws_the_panel_in_place_of_the_outline(client: TestClient) -> None:
    item_id, url, _ = setup(client)
    page = html(panel_page(client, url))
    assert page.css("#tree li.comp") == []
    box = page.css_first("#draft-form #tree textarea#json")
    assert box is not None and json.loads(box.text()) == draft(client, item_id)
    assert box.attributes["form"] == "json-form"  # forms do not nest: it belongs to the form after the editor's
    owner = page.css_first("#editor > form#json-form")
    assert owner is not None and owner.attributes["action"] == f"{url}/json"
    assert dict(form_fields(page, "json-form"))["view"] == "json"
    assert page.css_first("#json-revision").attributes["value"] == str(item_row(client, item_id)["revision"])  # type: ignore[union-attr]
    assert "No problems" in text_of(client.get(f"{url}?view=json"), "#json-status")
    assert len(page.css("#json-status")) == 1 and len(page.css("#json-form")) == 1  # fragments are drawn alone
    assert page.css_first("#preview [data-path='components[0]']") is not None  # the preview stays beside it
    assert switch_links(page) == {"Outline": (url, None), "JSON": (f"{url}?view=json", "page")}


def test_the_outline_is_still_the_default_with_the_switch_above_it(client: TestClient) -> None:
    _, url, _ = setup(client)
    page = html(client.get(url))
    assert page.css("#tree li.comp") != [] and page.css_first("#json") is None
    assert switch_links(page) == {"Outline": (url, "page"), "JSON": (f"{url}?view=json", None)}
    for link in page.css(".tree-switch a"):
        assert link.attributes["hx-get"] == link.attributes["href"] and link.attributes["hx-push-url"] == "true"
        assert link.attributes["hx-target"] == "#tree"


def test_the_switch_is_answered_with_the_tree_section_alone(client: TestClient) -> None:
    item_id, url, _ = setup(client)
    to_json = client.get(f"{url}?view=json", headers=SWITCH)
    fragment = html(to_json)
    assert to_json.status_code == 200 and "HX-Target" in to_json.headers["vary"]
    assert fragment.css_first("#draft-form") is None and fragment.css_first("#preview") is None
    assert json.loads(fragment.css_first("textarea#json").text()) == draft(client, item_id)  # type: ignore[union-attr]
    assert [node.text() for node in fragment.css("[data-autofocus]")] == ["JSON"]  # focus stays on the switch
    back = html(client.get(url, headers=SWITCH))
    assert back.css("li.comp") != [] and back.css_first("#json") is None
    assert [node.text() for node in back.css("[data-autofocus]")] == ["Outline"]
    region = html(client.get(f"{url}?view=json", headers=HTMX))  # any other htmx request: the editor region
    assert region.css_first("#editor #tree #json") is not None and region.css("[data-autofocus]") == []


def test_the_theme_and_the_panel_keep_each_other_in_their_links(client: TestClient) -> None:
    _, url, _ = setup(client)
    page = html(client.get(f"{url}?view=json&theme=light"))
    assert switch_links(page)["Outline"] == (f"{url}?theme=light", None)
    assert switch_links(page)["JSON"] == (f"{url}?view=json&theme=light", "page")
    themes = [str(node.attributes["href"]) for node in page.css(".theme-switch a")]
    assert themes == [f"{url}?theme=dark&view=json", f"{url}?theme=light&view=json"]
    assert dict(form_fields(page, "json-form"))["theme"] == "light"


def test_apply_with_javascript_updates_the_editor_out_of_band(client: TestClient) -> None:
    item_id, url, _ = setup(client)
    answer = post_panel(client, panel_page(client, url), json.dumps(BROKEN, indent=2), PRESSED)
    assert answer.status_code == 200 and draft(client, item_id) == BROKEN
    fragment = html(answer)
    assert fragment.css_first("#json") is None  # the box being typed in is never sent back
    assert "Applied to the draft" in text_of(answer, "#json-status")
    assert fragment.css("#json-problems a.json-spot") != []  # the label too long, at its line and column
    revision = str(item_row(client, item_id)["revision"])
    assert fragment.css_first("#revision[hx-swap-oob]").attributes["value"] == revision  # type: ignore[union-attr]
    own = fragment.css_first("#json-revision[hx-swap-oob]")
    assert own is not None and own.attributes["value"] == revision and own.attributes["form"] == "json-form"
    assert fragment.css_first("#preview[hx-swap-oob] [data-path='components[0].components[0]']") is not None
    assert "Components 2/40" in text_of(answer, "#counters[hx-swap-oob]")
    assert "1 problem" in text_of(answer, "#summary[hx-swap-oob]")
    assert fragment.css_first("#history-buttons[hx-swap-oob] button[value=undo]:not([disabled])") is not None
    assert "Applied" in text_of(answer, "#announce[hx-swap-oob=innerHTML]")


def test_a_pause_in_typing_applies_without_announcing(client: TestClient) -> None:
    item_id, url, _ = setup(client)
    answer = post_panel(client, panel_page(client, url), json.dumps(TEXT), {**HTMX, "HX-Trigger": "json"})
    assert answer.status_code == 200 and draft(client, item_id) == TEXT
    assert html(answer).css_first("#announce") is None and html(answer).css_first("#preview[hx-swap-oob]") is not None


def test_a_refused_apply_with_javascript_answers_only_the_status(client: TestClient) -> None:
    item_id, url, _ = setup(client)
    before = item_row(client, item_id)
    answer = post_panel(client, panel_page(client, url), SYNTAX_ERROR, PRESSED)
    assert answer.status_code == 200  # half-typed JSON is the normal state of typing, not a failed request
    fragment = html(answer)
    assert fragment.css_first("#json-status").attributes["data-invalid"] == "true"  # type: ignore[union-attr]
    spot = fragment.css_first("#json-error a.json-spot")
    assert spot is not None and (spot.attributes["data-line"], spot.attributes["data-column"]) == ("3", "18")
    assert fragment.css("[hx-swap-oob]") == [fragment.css_first("#announce")]  # nothing else changed
    assert "Nothing was applied" in text_of(answer, "#announce")
    assert item_row(client, item_id) == before


def test_a_conflict_with_javascript_keeps_the_text_and_says_so(client: TestClient) -> None:
    item_id, url, _ = setup(client)
    page = panel_page(client, url)
    post_panel(client, panel_page(client, url), json.dumps(TEXT))  # another manager, from another page
    theirs = draft(client, item_id)
    answer = post_panel(client, page, json.dumps(BROKEN), PRESSED)
    assert answer.status_code == 409 and "changed since" in text_of(answer, "#json-error")
    assert draft(client, item_id) == theirs
    # The answer brings the latest draft's revision and preview: applying again replaces it, as the message says.
    latest = html(answer).css_first("#json-revision[hx-swap-oob]")
    assert latest is not None and latest.attributes["value"] == str(item_row(client, item_id)["revision"])
    assert "Typed beside the outline" in text_of(answer, "#preview")
    kept = [(n, v) for n, v in form_fields(html(page), "json-form") if n not in ("revision", "json")]
    sent = [*kept, ("revision", str(latest.attributes["value"])), ("json", json.dumps(BROKEN))]
    again = post_pairs(client, f"{url}/json", sent, PRESSED)
    assert again.status_code == 200 and draft(client, item_id) == BROKEN


def test_apply_without_javascript_redirects_back_to_the_panel(client: TestClient) -> None:
    item_id, url, _ = setup(client)
    done = post_panel(client, panel_page(client, url), json.dumps(TEXT))
    assert done.status_code == 303 and done.headers["location"] == f"{url}?view=json&done=applied"
    assert draft(client, item_id) == TEXT
    shown = client.get(done.headers["location"])
    assert "Applied to the draft" in text_of(shown, "#notice")
    assert json.loads(html(shown).css_first("#tree textarea#json").text()) == TEXT  # type: ignore[union-attr]
    assert "Typed beside the outline" in text_of(shown, "#preview")


def test_a_refused_apply_without_javascript_shows_the_editor_with_the_text_kept(client: TestClient) -> None:
    item_id, url, _ = setup(client)
    before = item_row(client, item_id)
    refused = post_panel(client, panel_page(client, url), SYNTAX_ERROR)
    assert refused.status_code == 422
    page = html(refused)
    assert page.css_first("#draft-form") is not None and page.css("#tree li.comp") == []
    box = page.css_first("#tree #json[aria-invalid=true]")
    assert box is not None and box.text().strip() == SYNTAX_ERROR
    assert page.css_first("#tree #error-summary a[href='#json']") is not None
    assert "line 3, column 18" in text_of(refused, "#json-error")
    assert item_row(client, item_id) == before


def test_a_conflict_without_javascript_keeps_the_text(client: TestClient) -> None:
    item_id, url, _ = setup(client)
    page = panel_page(client, url)
    post_panel(client, panel_page(client, url), json.dumps(TEXT))
    answer = post_panel(client, page, json.dumps(BROKEN))
    assert answer.status_code == 409
    assert json.loads(html(answer).css_first("#tree #json").text()) == BROKEN  # type: ignore[union-attr]
    assert "changed since" in text_of(answer, "#error-summary")
    assert draft(client, item_id) == TEXT


def test_the_editors_own_answers_keep_the_panel(client: TestClient) -> None:
    item_id, url, _ = setup(client)
    post_panel(client, panel_page(client, url), json.dumps(TEXT))
    shown = {**HTMX, "HX-Current-URL": f"http://testserver{url}?view=json"}  # the address the switch pushed
    undone = submit(client, panel_page(client, url), button=("do", "undo"), headers=shown)
    assert undone.status_code == 200 and draft(client, item_id) != TEXT
    box = html(undone).css_first("#editor #tree textarea#json")
    assert box is not None and json.loads(box.text()) == draft(client, item_id)
    saved = submit(client, panel_page(client, url), button=("do", "save"), headers=HTMX)  # its form says it too
    assert html(saved).css_first("#editor #tree textarea#json") is not None
    outline = submit(client, client.get(url), button=("do", "save"), headers=HTMX)
    assert html(outline).css_first("#json") is None and html(outline).css("#tree li.comp") != []


def test_the_panel_never_fails_on_junk(client: TestClient) -> None:
    _, url, token = setup(client)
    for query in ("?view=%00", "?view=json&theme=%00", "?view=" + "j" * 5000, "?view=json&view=outline"):
        for headers in (None, HTMX, SWITCH):
            assert client.get(f"{url}{query}", headers=headers).status_code < 500
    for revision in ("", "x", "1" * 30):
        pairs = [("csrf_token", token), ("view", "json"), ("revision", revision), ("json", "{"), ("theme", "\x00")]
        for headers in (None, HTMX, PRESSED):
            assert post_pairs(client, f"{url}/json", pairs, headers).status_code < 500
