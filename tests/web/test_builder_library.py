"""The library: create from starters, search (htmx and plain GET), rename, duplicate, the bin and its way back."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from app.builder.request_context import MISSING
from tests.web.support import ADA, GRACE, csrf, html, sign_in, text_of
from tests.web.test_auth_login import run
from tests.web.test_builder_helpers import G1, G2, base, create, item_row, set_draft


def assert_missing(response: Any) -> None:
    """An entry that is not in this guild's library: a 404 page that says where it may be."""
    assert response.status_code == 404
    assert text_of(response, "[role=alert] h1 + p") == MISSING


def names(response: object) -> list[str]:
    return [node.text().strip() for node in html(response).css("#results tbody th a")]


def test_overview_links_to_the_library(client: TestClient) -> None:
    sign_in(client, ADA)
    page = html(client.get(f"/guilds/{G1}"))
    assert page.css_first(f"a[href='/guilds/{G1}/messages']") is not None


def test_create_from_each_starter_opens_the_editor(client: TestClient) -> None:
    sign_in(client, ADA)
    for starter in ("blank", "support", "rules", "faq", "blank_form", "feedback"):
        item_id = create(client, starter)
        row = item_row(client, item_id)
        assert row["guild_id"] == G1
        assert row["kind"] == ("form" if "form" in starter or starter == "feedback" else "message")
    support = item_row(client, 2)
    assert support["name"] == "Support panel"
    assert support["payload"]["flags"] == 32768
    form = item_row(client, 5)
    assert form["payload"]["custom_id"] == "gh:form:5"
    actions = run(client, "SELECT action, guild_id FROM activity WHERE action = 'builder.created'")
    assert len(actions) == 6 and actions[0]["guild_id"] == G1


def test_create_refuses_an_unknown_starter_and_a_long_name_keeping_input(client: TestClient) -> None:
    sign_in(client, ADA)
    token = csrf(client, base())
    response = client.post(base(), data={"csrf_token": token, "starter": "nope", "name": "x" * 150})
    assert response.status_code == 422
    page = html(response)
    name = page.css_first("input#name")
    assert name is not None and name.attributes["value"] == "x" * 150
    assert name.attributes["aria-invalid"] == "true"
    assert name.attributes["aria-describedby"] == "name-error name-hint"
    assert page.css_first("#starter[aria-describedby='starter-error']") is not None
    assert page.css_first("#error-summary a[href='#name']") is not None
    assert run(client, "SELECT COUNT(*) AS n FROM builder_items") == [{"n": 0}]


def test_missing_fields_and_garbage_never_fail(client: TestClient) -> None:
    sign_in(client, ADA)
    token = csrf(client, base())
    assert client.post(base(), data={"csrf_token": token}).status_code == 303
    assert client.post(base(), data={"csrf_token": token, "starter": ["a", "b"]}).status_code == 422
    assert client.post(base(), content=b"\xff\xfe", headers={"x-csrf-token": token}).status_code in (303, 422)
    for path in ("/99999999999999999999999", "/abc", "/-1", "/0"):
        assert client.get(base() + path).status_code == 404
        assert client.post(base() + path + "/rename", data={"csrf_token": token}).status_code == 404


def test_search_works_as_plain_get_and_as_htmx_fragment(client: TestClient) -> None:
    sign_in(client, ADA)
    create(client, "support", "Help desk")
    create(client, "rules", "House rules")
    create(client, "feedback", "Survey 100%")
    page = client.get(base(), params={"q": "rules"})
    assert names(page) == ["House rules"]
    assert html(page).css_first("header.site-header") is not None
    fragment = client.get(base(), params={"q": "help"}, headers={"HX-Request": "true"})
    assert html(fragment).css_first("header.site-header") is None
    assert [n.text() for n in html(fragment).css("tbody th a")] == ["Help desk"]
    assert fragment.headers["vary"] == "HX-Request"
    assert names(client.get(base(), params={"q": "ticket"})) == ["Help desk"]  # the draft's text matches too
    assert names(client.get(base(), params={"q": "%"})) == ["Survey 100%"]
    assert names(client.get(base(), params={"q": "hand?"})) == ["Help desk"]
    item_id = create(client, "blank", "Accents")
    set_draft(client, item_id, {"flags": 32768, "components": [{"type": 10, "content": 'Café "au lait"'}]})
    assert names(client.get(base(), params={"q": "café"})) == ["Accents"]
    assert names(client.get(base(), params={"q": '"au lait"'})) == ["Accents"]
    assert names(client.get(base(), params={"kind": "form"})) == ["Survey 100%"]
    assert "Nothing matches" in text_of(client.get(base(), params={"q": "zzz"}), "#results")


def test_rename_duplicate_delete_and_restore(client: TestClient) -> None:
    sign_in(client, ADA)
    item_id = create(client, "faq", "Questions")
    token = csrf(client, base())
    url = f"{base()}/{item_id}"
    assert client.post(f"{url}/rename", data={"csrf_token": token, f"rename-{item_id}": "FAQ v2"}).status_code == 303
    assert item_row(client, item_id)["name"] == "FAQ v2"
    refused = client.post(f"{url}/rename", data={"csrf_token": token, f"rename-{item_id}": " "})
    assert refused.status_code == 422
    assert html(refused).css_first(f"#rename-{item_id}[aria-invalid=true]") is not None
    copied = client.post(f"{url}/duplicate", data={"csrf_token": token})
    copy_id = int(copied.headers["location"].split("/")[-1].split("?")[0])
    assert item_row(client, copy_id)["name"] == "Copy of FAQ v2"
    assert item_row(client, copy_id)["payload"] == item_row(client, item_id)["payload"]
    deleted = client.post(f"{url}/delete", data={"csrf_token": token})
    assert deleted.headers["location"] == f"{base()}?done=binned&item={item_id}"
    listing = client.get(deleted.headers["location"])
    assert names(listing) == ["Copy of FAQ v2"]
    undo = html(listing).css_first(f"form[action='{url}/restore'] button")
    assert undo is not None and "restore" in undo.text()
    assert [n.text() for n in html(client.get(f"{base()}/bin")).css("tbody th")] == ["FAQ v2"]
    assert_missing(client.get(url))
    assert client.post(f"{url}/restore", data={"csrf_token": token}).status_code == 303
    assert sorted(names(client.get(base()))) == ["Copy of FAQ v2", "FAQ v2"]


def test_the_bin_forgets_after_thirty_days(client: TestClient) -> None:
    sign_in(client, ADA)
    item_id = create(client)
    client.post(f"{base()}/{item_id}/delete", data={"csrf_token": csrf(client, base())})
    run(client, "UPDATE builder_items SET deleted_at = deleted_at - 31 * 86400")
    assert html(client.get(f"{base()}/bin")).css("tbody tr") == []
    assert run(client, "SELECT COUNT(*) AS n FROM builder_items") == [{"n": 0}]


def test_library_is_per_guild_and_shared_by_its_managers(client: TestClient) -> None:
    sign_in(client, ADA)
    item_id = create(client, "rules", "Ada's rules")
    assert names(client.get(base(G2))) == []
    assert_missing(client.get(f"{base(G2)}/{item_id}"))
    token = csrf(client, base(G2))
    client.post(f"{base(G2)}/{item_id}/delete", data={"csrf_token": token})
    assert item_row(client, item_id)["deleted_at"] is None
    client.cookies.clear()
    sign_in(client, GRACE)
    assert names(client.get(base(G1))) == ["Ada's rules"]
