"""The editor: the tree as labelled regions, live field edits with out-of-band updates, the no-JS Save (422 with
input kept), every structural action with and without htmx, and values kept exactly as typed."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from starlette.testclient import TestClient

from tests.web.support import ADA, GRACE, html, sign_in, text_of
from tests.web.test_auth_login import run
from tests.web.test_builder_helpers import (
    base,
    create,
    draft,
    field_id,
    field_name,
    form_fields,
    item_row,
    post_pairs,
    set_draft,
    submit,
)

HX = {"HX-Request": "true"}
LIVE_KEEP = ("csrf_token", "revision", "theme")
SECTION = "components[0].components[1]"
BUTTON = f"{SECTION}.accessory"
SELECT = "components[0].components[2].components[0]"


def open_editor(client: TestClient, starter: str = "support") -> tuple[int, str]:
    sign_in(client, ADA)
    item_id = create(client, starter)
    return item_id, f"{base()}/{item_id}"


def live_edit(client: TestClient, url: str, path: str, value: str) -> Any:
    """What the editor's script sends when text is typed into a field: that field alone, with the draft's revision
    (and the preview's theme), and the field's name in HX-Trigger-Name."""
    kept = [(name, value) for name, value in form_fields(html(client.get(url))) if name in LIVE_KEEP]
    headers = {**HX, "HX-Trigger-Name": field_name(path)}
    return post_pairs(client, f"{url}/edit", [*kept, (field_name(path), value)], headers)


def test_editor_page_shows_the_tree_as_an_outline_whose_titles_open_each_component(client: TestClient) -> None:
    _, url = open_editor(client)
    page = html(client.get(url))
    lines = page.css("#draft-form .tree li.comp")
    assert len(lines) == 7
    titles = [node.text() for node in page.css(".comp-title")]
    assert titles[:3] == ["Container 1", "Text Display 1", "Section 1"]
    summaries = [node.text() for node in page.css(".comp-summary")]
    assert summaries[:3] == [
        "3 components",
        "Need a hand? Our helpers answer in this channel…",
        "Open a private ticket with the team.",
    ]
    # A clean draft opens with its first component open, the others closed.
    assert [node.attributes["data-path"] for node in page.css("li.comp-open")] == ["components[0]"]
    assert len(page.css(".tree .comp-fields")) == 1
    for line in lines[1:]:  # each title is a button that posts the form (typing goes with it) and opens it
        title = line.css_first(".comp-title")
        assert title is not None and title.tag == "button" and title.attributes["aria-expanded"] == "false"
        assert title.attributes["value"] == f"open {line.attributes['data-path']}"
    response = submit(client, client.get(url), button=("do", f"open {SECTION}"))
    assert response.status_code == 303
    assert response.headers["location"] == f"{url}?{urlencode({'open': SECTION})}#c-{field_id(SECTION)[2:]}"
    opened = html(client.get(f"{url}?{urlencode({'open': SECTION})}"))
    assert [node.attributes["data-path"] for node in opened.css("li.comp-open")] == [SECTION]
    assert opened.css_first(f"#c-{field_id(SECTION)[2:]} .comp-tools button[value='remove {SECTION}']") is not None
    every = html(client.get(f"{url}?open=all"))
    assert len(every.css("li.comp-open")) == 7
    for control in every.css(
        "#draft-form .comp-fields input:not([type=hidden]), #draft-form textarea, #draft-form select"
    ):
        assert every.css_first(f"label[for='{control.attributes['id']}']") is not None, control.attributes
    assert page.css_first("#preview article.pv-message") is not None
    assert text_of(client.get(url), "#counters") == "Components 7/40 Characters 108/4000"
    assert page.css_first("script[src='/static/builder.js'][defer]") is not None
    assert page.css_first("#shortcuts summary") is not None


def test_only_types_allowed_at_a_place_are_offered(client: TestClient) -> None:
    _, url = open_editor(client)
    page = html(client.get(f"{url}?open=all"))

    def offered(select_id: str) -> list[str]:
        return [o.text() for o in page.css(f"#{select_id} option")]

    assert offered("t-components") == [
        "Action Row",
        "Section",
        "Text Display",
        "Media Gallery",
        "File",
        "Separator",
        "Container",
        "Select menu",
        "User select menu",
        "Role select menu",
        "Mentionable select menu",
        "Channel select menu",
    ]
    assert "Container" not in offered("t-components-0-components")  # no Container inside a Container
    assert offered("t-components-0-components-1-components") == ["Text Display"]
    assert page.css_first("#t-components-0-components-2-components") is None  # the row holds a select: full


def test_a_select_menu_is_added_directly_in_a_row_of_its_own(client: TestClient) -> None:
    item_id, url = open_editor(client, "blank")
    page = html(client.get(url))
    menu = page.css_first("#t-components option[value='1003']")
    assert menu is not None and menu.text() == "Select menu"
    added = html(
        submit(client, client.get(url), button=("do", "add components"), changes={"t:components": "1003"}, headers=HX)
    )
    (row,) = draft(client, item_id)["components"][1:]
    assert row["type"] == 1 and [(c["type"], c["custom_id"]) for c in row["components"]] == [(3, "string_select_1")]
    (first,) = added.css("[data-autofocus]")
    assert first.attributes["id"] == field_id("components[1].components[0].custom_id")
    assert [n.attributes["data-path"] for n in added.css("li.comp-open")] == ["components[1].components[0]"]


def test_every_component_opens_on_request_and_stays_open(client: TestClient) -> None:
    _, url = open_editor(client)
    plain = submit(client, client.get(url), button=("do", "open all"))
    assert plain.status_code == 303 and plain.headers["location"] == f"{url}?open=all#components-title"
    page = html(client.get(plain.headers["location"]))
    assert len(page.css("li.comp-open")) == 7 and page.css_first("button[value='open all']") is None
    answer = html(submit(client, client.get(url), button=("do", "open all"), headers=HX))
    assert len(answer.css("li.comp-open")) == 7
    assert [node.attributes["id"] for node in answer.css("[data-autofocus]")] == ["components-title"]
    assert answer.css_first("input[name=open]").attributes["value"] == "all"  # type: ignore[union-attr]


def test_a_drop_moves_a_component_to_its_place_and_is_announced(client: TestClient) -> None:
    item_id, url = open_editor(client)
    dragged = "components[0].components[2]"
    response = submit(
        client, client.get(url), button=("do", f"to {dragged}"), changes={f"i:{dragged}": "0"}, headers=HX
    )
    assert types_of(draft(client, item_id)["components"][0]["components"]) == [1, 10, 9]
    assert text_of(response, "#announce[role=status]") == "Moved."
    (opened,) = html(response).css("li.comp-open")
    assert opened.attributes["data-path"] == "components[0].components[0]"
    nowhere = submit(client, client.get(url), button=("do", f"to {dragged}"), changes={f"i:{dragged}": "9"}, headers=HX)
    assert nowhere.status_code == 409 and "no such place" in text_of(nowhere, "#editor [role=alert]")


def test_a_drop_in_another_list_moves_the_component_there_and_says_where(client: TestClient) -> None:
    item_id, url = open_editor(client)
    page = html(client.get(url))
    fits = {node.attributes["aria-label"]: node.attributes.get("data-fits") for node in page.css(".slot")}
    assert fits["Components"] == "1 9 10 12 13 14 17"
    assert fits["Contents of Section 1"] == "10"  # room for two more texts, closed or not
    assert fits["Contents of Action Row 1"] is None  # a row holding a select takes nothing more
    out = submit(client, client.get(url), button=("do", "move components[0].components[0] components[1]"), headers=HX)
    assert out.status_code == 200
    assert types_of(draft(client, item_id)["components"]) == [17, 10]
    assert text_of(out, "#announce[role=status]") == "Text Display moved to the top level, position 2."
    (opened,) = html(out).css("li.comp-open")
    assert opened.attributes["data-path"] == "components[1]"
    assert [node.attributes["id"] for node in html(out).css("[data-autofocus]")] == ["c-components-1-h"]
    back = submit(client, client.get(url), button=("do", "move components[1] components[0].components[1]"))
    assert back.status_code == 303
    assert back.headers["location"] == f"{url}?open=components%5B0%5D.components%5B1%5D#c-components-0-components-1"
    assert types_of(draft(client, item_id)["components"][0]["components"]) == [9, 10, 1]


@pytest.mark.parametrize("headers", [HX, {}], ids=["htmx", "plain"])
def test_a_drop_where_the_component_does_not_fit_is_refused_in_words(
    client: TestClient, headers: dict[str, str]
) -> None:
    item_id, url = open_editor(client)
    before = draft(client, item_id)
    for posted, said in [
        (f"{SELECT} components[0].components[0]", "A String Select cannot go inside a Container."),
        ("components[0] components[0].components[1].components[0]", "A Container cannot go inside itself."),
        (f"{SELECT} components[0].components[1].components[0]", "A String Select cannot go in a Section's"),
    ]:
        refused = submit(client, client.get(url), button=("do", f"move {posted}"), headers=headers)
        assert refused.status_code == 409
        assert said in text_of(refused, "#editor [role=alert]")
    assert draft(client, item_id) == before


def test_live_edit_answers_out_of_band_and_never_with_the_field(client: TestClient) -> None:
    item_id, url = open_editor(client)
    path = f"{BUTTON}.label"
    response = live_edit(client, url, path, "L" * 90)
    assert response.status_code == 200
    fragment = html(response)
    assert fragment.css_first("header.site-header") is None
    assert fragment.css_first(f"#{field_id(path)}") is None  # the field being typed in is left as it is
    status = fragment.css_first(f"#s-{field_id(path)}")
    assert status is not None and status.attributes["hx-swap-oob"] == "innerHTML"
    assert text_of(response, f"#{field_id(path)}-count") == "90 of 80 characters, over the limit"
    assert "at most 80" in text_of(response, f"#{field_id(path)}-error")
    fields_shown = html(client.get(url)).css(f"#cf-{field_id(BUTTON)[2:]} [id][name^='f:']")
    button_fields = {f"s-{node.attributes['id']}" for node in fields_shown}
    oob = {node.attributes["id"] for node in fragment.css("[hx-swap-oob]")}
    assert oob == {
        "summary",
        "counters",
        "preview",
        "revision",
        "history-buttons",
        f"cp-{field_id(BUTTON)[2:]}",
        *button_fields,
    }
    summary_link = fragment.css_first("#summary a")
    assert summary_link is not None and summary_link.attributes["href"] == f"#{field_id(path)}"
    assert fragment.css_first("#revision").attributes["value"] == "2"  # type: ignore[union-attr]
    preview_label = fragment.css_first(f"#preview [data-path='{BUTTON}']")
    assert preview_label is not None and "LLL" in preview_label.text()
    saved = item_row(client, item_id)
    assert saved["revision"] == 2
    assert saved["payload"]["components"][0]["components"][1]["accessory"]["label"] == "L" * 90


def test_a_live_edit_changes_only_its_field_of_the_stored_draft(client: TestClient) -> None:
    item_id, url = open_editor(client)
    before = draft(client, item_id)
    live_edit(client, url, f"{BUTTON}.label", "Ask us")
    live_edit(client, url, "components[0].components[0].content", "Hello")
    before["components"][0]["components"][1]["accessory"]["label"] = "Ask us"
    before["components"][0]["components"][0]["content"] = "Hello"
    assert draft(client, item_id) == before
    assert item_row(client, item_id)["revision"] == 3


def test_a_pick_answers_with_the_component_fields_it_may_change(client: TestClient) -> None:
    _, url = open_editor(client)
    style = f"{BUTTON}.style"
    response = submit(
        client, client.get(url), changes={field_name(style): "5"}, headers={**HX, "HX-Trigger-Name": field_name(style)}
    )
    block = html(response).css_first(f"#cf-{field_id(BUTTON)[2:]}")
    assert block is not None and block.css_first(f"#{field_id(BUTTON + '.url')}") is not None


def test_values_are_kept_as_typed_never_truncated(client: TestClient) -> None:
    item_id, url = open_editor(client)
    long_text = "é" * 4100 + "\n  trailing  "
    live_edit(client, url, "components[0].components[0].content", long_text)
    live_edit(client, url, f"{SELECT}.min_values", "three")
    live_edit(client, url, "components[0].accent_color", "#zzzzzz")
    container = draft(client, item_id)["components"][0]
    assert container["components"][0]["content"] == long_text
    assert container["components"][2]["components"][0]["min_values"] == "three"
    assert container["accent_color"] == "#zzzzzz"
    page = client.get(url)
    doc = html(page)
    assert doc.css_first(f"#{field_id(SELECT + '.min_values')}").attributes["value"] == "three"  # type: ignore[union-attr]
    assert doc.css_first(f"#{field_id(SELECT + '.min_values')}[aria-invalid=true]") is not None
    assert doc.css_first("#counters .count-over") is not None
    assert f"{len(long_text) + 36}/4000" in text_of(page, "#counters")  # with the Section's 36 characters
    live_edit(client, url, "components[0].accent_color", "#00ff00")
    assert draft(client, item_id)["components"][0]["accent_color"] == 0x00FF00


def test_unchanged_fields_leave_the_draft_as_it_was(client: TestClient) -> None:
    item_id, url = open_editor(client, "rules")
    before = item_row(client, item_id)
    assert submit(client, client.get(url), button=("do", "save")).status_code == 303
    after = item_row(client, item_id)
    assert after["payload"] == before["payload"] and after["revision"] == before["revision"]


def test_a_save_with_htmx_answers_in_place_with_focus_on_its_status(client: TestClient) -> None:
    _, url = open_editor(client)
    response = submit(client, client.get(url), button=("do", "save"), headers=HX)
    assert response.status_code == 200
    fragment = html(response)
    assert fragment.css_first("header.site-header") is None
    (focused,) = fragment.css("[data-autofocus]")
    assert focused.attributes["id"] == "notice" and focused.attributes["role"] == "status"
    assert focused.text() == "Saved."


def test_a_failed_save_without_javascript_redirects_to_the_problems_with_input_kept(client: TestClient) -> None:
    item_id, url = open_editor(client)
    label, custom = f"{BUTTON}.label", f"{BUTTON}.custom_id"
    response = submit(
        client, client.get(url), changes={field_name(label): "", field_name(custom): "x" * 120}, button=("do", "save")
    )
    assert response.status_code == 303 and response.headers["location"] == f"{url}?done=problems"  # no resubmit
    shown = client.get(response.headers["location"])
    page = html(shown)
    assert page.css_first("header.site-header") is not None
    summary = page.css_first("#summary[role=alert][autofocus]")
    assert summary is not None
    assert [node.attributes["id"] for node in page.css("[autofocus]")] == ["summary"]
    targets = {a.attributes["href"] for a in summary.css("a")}
    assert f"#{field_id(custom)}" in targets
    assert f"#{field_id(label)}" in targets  # a button needs a label or an emoji
    kept = page.css_first(f"#{field_id(custom)}")
    assert kept is not None and kept.attributes["value"] == "x" * 120
    assert kept.attributes["aria-invalid"] == "true"
    assert f"{field_id(custom)}-error" in str(kept.attributes["aria-describedby"])
    assert draft(client, item_id)["components"][0]["components"][1]["accessory"]["custom_id"] == "x" * 120
    fixed = submit(
        client, client.get(url), changes={field_name(label): "Open", field_name(custom): "t"}, button=("do", "save")
    )
    kept_open = urlencode({"open": BUTTON})  # the page had the button open: it still has
    assert fixed.status_code == 303 and fixed.headers["location"] == f"{url}?{kept_open}&done=saved"
    assert text_of(client.get(fixed.headers["location"]), "#editor [role=status]") == "Saved."


def types_of(nodes: list[dict[str, object]]) -> list[object]:
    return [node["type"] for node in nodes]


def test_structural_actions_without_javascript_redirect_to_the_component(client: TestClient) -> None:
    item_id, url = open_editor(client)

    def press(value: str, **selects: str) -> str:
        response = submit(client, client.get(url), button=("do", value), changes=selects)
        assert response.status_code == 303, response.text[:500]
        return str(response.headers["location"])

    assert press("add components", **{"t:components": "14"}) == f"{url}?open=components%5B1%5D#c-components-1"
    assert types_of(draft(client, item_id)["components"]) == [17, 14]
    assert press("before components[1]", **{"i:components[1]": "10"}) == f"{url}?open=components%5B1%5D#c-components-1"
    assert types_of(draft(client, item_id)["components"]) == [17, 10, 14]
    assert press("after components[0].components[0]", **{"i:components[0].components[0]": "14"}).endswith(
        "#c-components-0-components-1"
    )
    assert types_of(draft(client, item_id)["components"][0]["components"]) == [10, 14, 9, 1]
    assert press("up components[0].components[2]").endswith("#c-components-0-components-1")
    assert types_of(draft(client, item_id)["components"][0]["components"]) == [10, 9, 14, 1]
    assert press("down components[0].components[0]").endswith("#c-components-0-components-1")
    assert types_of(draft(client, item_id)["components"][0]["components"]) == [9, 10, 14, 1]
    assert press("out components[0].components[2]") == f"{url}?open=components%5B1%5D#c-components-1"
    assert types_of(draft(client, item_id)["components"]) == [17, 14, 10, 14]
    assert press("into components[1]") == f"{url}?open=components%5B0%5D.components%5B3%5D#c-components-0-components-3"
    assert types_of(draft(client, item_id)["components"]) == [17, 10, 14]
    assert press("duplicate components[0].components[0]").endswith("#c-components-0-components-1")
    section, twin = draft(client, item_id)["components"][0]["components"][:2]
    assert (
        section["accessory"]["custom_id"] == "support_ticket" and twin["accessory"]["custom_id"] == "support_ticket_2"
    )
    assert press("remove components[0].components[1]").endswith("#c-components-0-components-1")
    assert press(f"add_entry {SELECT}").endswith("#e-components-0-components-2-components-0-options-3")
    options = draft(client, item_id)["components"][0]["components"][2]["components"][0]["options"]
    assert options[-1] == {"label": "Option 4", "value": "option_4"}
    press(f"remove_entry {SELECT}.options[0]")
    assert [
        o["value"] for o in draft(client, item_id)["components"][0]["components"][2]["components"][0]["options"]
    ] == [
        "billing",
        "other",
        "option_4",
    ]
    assert run(client, "SELECT COUNT(*) AS n FROM builder_undo WHERE stack = 'undo'") == [{"n": 11}]  # one per action


def test_an_action_posts_the_fields_too_so_typing_is_not_lost(client: TestClient) -> None:
    item_id, url = open_editor(client)
    content = "components[0].components[0].content"
    submit(
        client,
        client.get(url),
        changes={field_name(content): "Typed, then moved"},
        button=("do", "down components[0].components[0]"),
    )
    moved = draft(client, item_id)["components"][0]["components"]
    assert moved[1]["content"] == "Typed, then moved"


def test_refused_actions_say_why_and_keep_the_draft(client: TestClient) -> None:
    item_id, url = open_editor(client)
    before = draft(client, item_id)
    tampered = submit(
        client,
        client.get(url),
        button=("do", "add components[0].components"),
        changes={"t:components[0].components": "17"},
    )
    assert tampered.status_code == 409
    assert "cannot go there" in text_of(tampered, "#editor [role=alert]")
    stale = submit(client, client.get(url), button=("do", "up components[9]"))
    assert stale.status_code == 409
    assert "out of date" in text_of(stale, "#editor [role=alert]")
    assert draft(client, item_id) == before


def test_htmx_actions_answer_with_the_editor_and_say_where_focus_goes(client: TestClient) -> None:
    _, url = open_editor(client)
    moved = submit(client, client.get(url), button=("do", "down components[0].components[0]"), headers=HX)
    assert moved.status_code == 200
    page = html(moved)
    assert page.css_first("header.site-header") is None
    assert page.css_first("#editor > #draft-form") is not None
    focused = page.css("[data-autofocus]")
    assert len(focused) == 1 and focused[0].attributes["value"] == "down components[0].components[1]"
    added = html(
        submit(client, client.get(url), button=("do", "add components"), changes={"t:components": "10"}, headers=HX)
    )
    (first_field,) = added.css("[data-autofocus]")
    assert first_field.attributes["id"] == field_id("components[1].content")
    removed = html(submit(client, client.get(url), button=("do", "remove components[1]"), headers=HX))
    (heading,) = removed.css("[data-autofocus]")
    assert heading.attributes["id"] == "c-components-0-h"


def test_undo_and_redo_survive_a_reload_and_keep_fifty_steps(client: TestClient) -> None:
    item_id, url = open_editor(client, "blank")
    path = "components[0].content"
    for text in ("one", "two", "three"):
        submit(client, client.get(url), changes={field_name(path): text}, button=("do", "save"))
    undone = submit(client, client.get(url), button=("do", "undo"))
    assert undone.status_code == 303 and undone.headers["location"] == f"{url}?done=undone"
    assert draft(client, item_id)["components"][0]["content"] == "two"
    submit(client, client.get(url), button=("do", "undo"))
    page = html(client.get(f"{url}?open=components[0]"))
    assert page.css_first(f"#{field_id(path)}").text().strip() == "one"  # type: ignore[union-attr]
    assert page.css_first("button[value=redo][disabled]") is None
    submit(client, client.get(url), button=("do", "redo"))
    assert draft(client, item_id)["components"][0]["content"] == "two"
    for number in range(60):
        submit(client, client.get(url), changes={field_name(path): f"edit {number}"}, button=("do", "save"))
    assert run(client, "SELECT COUNT(*) AS n FROM builder_undo WHERE stack = 'undo'") == [{"n": 50}]
    assert run(client, "SELECT COUNT(*) AS n FROM builder_undo WHERE stack = 'redo'") == [{"n": 0}]


def test_typing_in_one_field_is_one_undo_step(client: TestClient) -> None:
    item_id, url = open_editor(client, "blank")
    path = "components[0].content"
    for text in ("H", "He", "Hel", "Hello"):
        live_edit(client, url, path, text)
    assert run(client, "SELECT COUNT(*) AS n FROM builder_undo") == [{"n": 1}]
    submit(client, client.get(url), button=("do", "undo"), headers=HX)
    assert draft(client, item_id)["components"][0]["content"] == "Write your message here."


def test_nothing_to_undo_is_said_plainly(client: TestClient) -> None:
    _, url = open_editor(client, "blank")
    response = submit(client, client.get(url), button=("do", "undo"))
    assert response.status_code == 409
    assert "nothing to undo" in text_of(response, "#editor [role=alert]")


def test_theme_toggle_and_preview_use_the_guilds_names(client: TestClient) -> None:
    item_id, url = open_editor(client, "blank")
    set_draft(client, item_id, {"flags": 32768, "components": [{"type": 10, "content": "Go to <#300000000000000001>"}]})
    dark = html(client.get(url))
    assert dark.css_first("#preview .pv-theme-dark") is not None
    assert "#support" in dark.css_first("#preview").text()  # type: ignore[union-attr]
    light = client.get(url, params={"theme": "light"}, headers=HX)
    assert html(light).css_first("header.site-header") is None
    assert html(light).css_first("#preview .pv-theme-light") is not None
    assert html(light).css_first("input[name=theme]").attributes["value"] == "light"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "pairs",
    [
        [("do", "up")],
        [("do", "add components"), ("t:components", "999")],
        [("do", "add components"), ("t:components", "1" * 40)],
        [("do", "before " + "x" * 5000)],
        [("do", "remove components[0].components[0].components[0].components[0]")],
        [("do", "remove_entry components[0]")],
        [("do", "add_entry components[0]")],
        [("do", "into components[0]")],
        [("do", "out components[0]")],
        [("do", "move components[0] components[0].components[0]")],
        [("do", "move components[0].components[0] components[7].components[0]")],
        [("do", "move components[0].components[0] " + "components[0]." * 400)],
        [("do", "move " + "x" * 5000)],
        [("f:components[0].accent_color", "\x00" * 10)],
        [("f:components[99].content", "nowhere")],
        [("f:" + "a" * 3000, "z")],
        [("revision", "99999999999999999999999")],
        [("revision", "-1")],
        [("meta:name", "n" * 5000)],
    ],
)
def test_any_form_is_answered_without_a_server_error(client: TestClient, pairs: list[tuple[str, str]]) -> None:
    item_id, url = open_editor(client)
    token = html(client.get(url)).css_first("input[name=csrf_token]").attributes["value"]  # type: ignore[union-attr]
    revision = str(item_row(client, item_id)["revision"])
    sent = [("csrf_token", str(token)), ("revision", revision), *pairs]
    for headers in ({}, HX):
        response = post_pairs(client, f"{url}/edit", sent, headers)
        assert response.status_code in (200, 303, 409, 422), (pairs, response.status_code)


def test_emoji_field_takes_unicode_and_the_guilds_own(client: TestClient) -> None:
    item_id, url = open_editor(client)
    live_edit(client, url, f"{BUTTON}.emoji", "👋")
    assert draft(client, item_id)["components"][0]["components"][1]["accessory"]["emoji"] == {"name": "👋"}
    live_edit(client, url, f"{BUTTON}.emoji", "<a:party:123456789012345678>")
    emoji = draft(client, item_id)["components"][0]["components"][1]["accessory"]["emoji"]
    assert emoji == {"id": "123456789012345678", "name": "party", "animated": True}
    live_edit(client, url, f"{BUTTON}.emoji", "")
    assert "emoji" not in draft(client, item_id)["components"][0]["components"][1]["accessory"]


def test_a_draft_that_is_not_an_object_still_opens(client: TestClient) -> None:
    item_id, url = open_editor(client)
    for odd in ([1, 2], {"components": "nope"}, {"flags": 32768, "components": [None, {"type": 99}, {"type": 10}]}):
        set_draft(client, item_id, odd)
        page = client.get(url)
        assert page.status_code == 200
        assert html(page).css_first("#summary") is not None
    assert json.dumps(draft(client, item_id))


def test_the_editor_page_is_kept_until_anything_it_shows_changes(client: TestClient) -> None:
    """A reload is answered from the kept page (same body and ETag, or a 304 for the browser that has it); any
    change to the draft, the entry or the undo depth gives a new ETag and a page that shows it."""
    item_id, url = open_editor(client)
    first = client.get(url)
    tag = first.headers["etag"]
    assert client.get(url).text == first.text and client.get(url).headers["etag"] == tag
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 304
    assert client.get(f"{url}?theme=light").headers["etag"] != tag  # the query is part of the page
    answer = live_edit(client, url, "components[0].components[0].content", "Kept no more")
    assert answer.status_code == 200
    changed = client.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    assert "Kept no more" in changed.text
    run(client, "UPDATE builder_items SET name = 'Renamed behind its back' WHERE id = :i", {"i": item_id})
    assert "Renamed behind its back" in client.get(url).text


def test_another_reader_never_gets_a_page_kept_for_someone_else(client: TestClient) -> None:
    _, url = open_editor(client)
    mine = client.get(url)
    client.cookies.clear()
    sign_in(client, GRACE)
    theirs = client.get(url)
    assert theirs.headers["etag"] != mine.headers["etag"]
    assert form_fields(html(theirs))[0] != form_fields(html(mine))[0]  # each page carries its reader's CSRF token


def test_a_kept_page_is_never_given_for_another_fragment_of_the_same_address(client: TestClient) -> None:
    """The editor answers htmx with the editor region, or the tree section alone for the Outline | JSON switch
    (HX-Target: tree): each is kept apart."""
    _, url = open_editor(client)
    region = client.get(url, headers=HX)
    tree = client.get(url, headers={**HX, "HX-Target": "tree"})
    assert region.headers["etag"] != tree.headers["etag"]
    assert 'id="draft-form"' in region.text and 'id="draft-form"' not in tree.text
    assert client.get(url, headers=HX).text == region.text
    assert "HX-Target" in tree.headers["vary"]
