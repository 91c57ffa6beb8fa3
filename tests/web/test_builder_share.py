"""Share links: made and revoked by a manager from the editor, opened by anyone without signing in, read-only,
and closed once expired, revoked or binned; the link names its row, signed, and nothing of the guild."""

from __future__ import annotations

import json
import random
from typing import Any

import httpx2
from starlette.testclient import TestClient

from emulator.fixtures import BOT_USER
from tests.conftest import TEST_BASE_URL
from tests.web.support import ADA, csrf, html, sign_in, text_of
from tests.web.test_auth_login import run
from tests.web.test_builder_helpers import G1, base, create, draft

HTMX = {"HX-Request": "true"}


def setup(client: TestClient) -> tuple[int, str, str]:
    sign_in(client, ADA)
    item_id = create(client, "support")
    url = f"{base()}/{item_id}"
    return item_id, url, csrf(client, f"{url}/shares")


def make_link(client: TestClient, url: str, token: str, days: str = "7") -> str:
    made = client.post(f"{url}/shares", data={"csrf_token": token, "days": days})
    assert made.status_code == 303 and made.headers["location"] == f"{url}/shares?done=shared"
    links = [node.attributes["value"] for node in html(client.get(f"{url}/shares")).css("input.share-link")]
    assert links and isinstance(links[0], str) and links[0].startswith(f"{TEST_BASE_URL}/shared/")  # on BASE_URL
    return links[0].removeprefix(TEST_BASE_URL)


def anonymous(client: TestClient, link: str) -> Any:
    """`link` opened by someone with no cookie at all."""
    kept = client.cookies
    client.cookies = httpx2.Cookies()
    try:
        return client.get(link)
    finally:
        client.cookies = kept


def test_a_link_opens_the_preview_and_json_for_anyone_read_only(client: TestClient) -> None:
    item_id, url, token = setup(client)
    link = make_link(client, url, token)
    assert link.startswith("/shared/") and G1 not in link and str(item_id) not in link.split(".")[-1]
    page = anonymous(client, link)
    assert page.status_code == 200
    shown = html(page)
    assert shown.css_first("#shared-preview .pv-message [data-path='components[0]']") is not None
    box = shown.css_first("#shared-json")
    assert box is not None and "readonly" in box.attributes
    assert json.loads(box.text()) == draft(client, item_id)
    assert shown.css("form[method=post]") == []  # nothing to change
    assert shown.css_first(".site-header a[href='/auth/login']") is not None  # seen signed out
    assert shown.css_first("#export-warning") is None  # a clean draft
    # The bot's own user, read through the bot token: its name and the default avatar its id picks.
    assert text_of(page, "#shared-preview .pv-author") == BOT_USER.global_name
    avatar = shown.css_first("#shared-preview img.pv-avatar")
    assert avatar is not None
    assert str(avatar.attributes["src"]).endswith(f"/embed/avatars/{(int(BOT_USER.id) >> 22) % 6}.png")
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-robots-tag"] == "noindex"
    (row,) = run(client, "SELECT item_id, guild_id, expires_at - created_at AS life FROM builder_shares")
    assert row == {"item_id": item_id, "guild_id": G1, "life": 7 * 86_400}


def test_a_forged_or_altered_link_does_not_open(client: TestClient) -> None:
    _, url, token = setup(client)
    link = make_link(client, url, token)
    body, _, signature = link.removeprefix("/shared/").partition(".")
    for bad in (f"/shared/{body}.{signature[:-2]}xx", "/shared/MQ.nope", "/shared/x", f"/shared/{'A' * 5000}"):
        answer = anonymous(client, bad)
        assert answer.status_code == 404, bad
        assert html(answer).css_first("#shared-preview") is None


def test_an_expired_link_does_not_open(client: TestClient) -> None:
    _, url, token = setup(client)
    link = make_link(client, url, token, days="1")
    assert anonymous(client, link).status_code == 200
    run(client, "UPDATE builder_shares SET expires_at = created_at - 1")
    assert anonymous(client, link).status_code == 404
    assert html(client.get(f"{url}/shares")).css_first("#no-share-links") is not None


def test_a_revoked_link_does_not_open_and_revoking_twice_is_harmless(client: TestClient) -> None:
    _, url, token = setup(client)
    link = make_link(client, url, token)
    (row,) = run(client, "SELECT id FROM builder_shares")
    for _ in range(2):
        revoked = client.post(f"{url}/shares/revoke", data={"csrf_token": token, "share": str(row["id"])})
        assert revoked.status_code == 303 and revoked.headers["location"] == f"{url}/shares?done=revoked"
    assert anonymous(client, link).status_code == 404
    assert run(client, "SELECT COUNT(*) AS n FROM builder_shares WHERE revoked_at IS NOT NULL") == [{"n": 1}]
    logged = run(client, "SELECT action FROM activity WHERE action LIKE 'builder.share%' ORDER BY id")
    assert [row["action"] for row in logged] == ["builder.shared", "builder.share_revoked"]


def test_a_binned_entry_closes_its_links(client: TestClient) -> None:
    item_id, url, token = setup(client)
    link = make_link(client, url, token)
    run(client, "UPDATE builder_items SET deleted_at = 1 WHERE id = :i", {"i": item_id})
    assert anonymous(client, link).status_code == 404


def test_the_editor_offers_the_panel_and_htmx_answers_with_it(client: TestClient) -> None:
    _, url, token = setup(client)
    loader = html(client.get(url)).css_first("#share-panel[hx-get]")
    assert loader is not None and loader.attributes["hx-get"] == f"{url}/shares"
    assert html(client.get(url)).css_first(f"#share-panel a[href='{url}/shares']") is not None  # without JavaScript
    made = client.post(f"{url}/shares", data={"csrf_token": token, "days": "30"}, headers=HTMX)
    assert made.status_code == 200
    panel = html(made)
    assert panel.css_first("header.site-header") is None and len(panel.css("#share-panel input.share-link")) == 1
    assert "Link made" in text_of(made, "#share-panel .notice")
    share = panel.css_first("#share-panel button[name=share]")
    assert share is not None
    revoked = client.post(
        f"{url}/shares/revoke", data={"csrf_token": token, "share": share.attributes["value"]}, headers=HTMX
    )
    assert html(revoked).css_first("#no-share-links") is not None


def test_share_forms_never_fail_on_junk(client: TestClient) -> None:
    _, url, token = setup(client)
    rng = random.Random(12)
    values = ["", "0", "-1", "7", "30", "x", "1" * 40, "\x00", "é" * 500, "9" * 18]
    for _ in range(50):
        data = {"csrf_token": token, "days": rng.choice(values), "share": rng.choice(values)}
        for path in ("shares", "shares/revoke"):
            for headers in (None, HTMX):
                assert client.post(f"{url}/{path}", data=data, headers=headers).status_code < 500
    assert anonymous(client, "/shared/" + "%00" * 30).status_code == 404
    lives = {row["life"] for row in run(client, "SELECT expires_at - created_at AS life FROM builder_shares")}
    assert lives <= {86_400, 7 * 86_400, 30 * 86_400}
    assert run(client, "SELECT COUNT(*) AS n FROM builder_shares WHERE revoked_at IS NULL")[0]["n"] <= 20


def test_a_draft_discord_would_refuse_is_shared_with_the_warning(client: TestClient) -> None:
    item_id, url, token = setup(client)
    link = make_link(client, url, token)
    broken = {"flags": 32768, "components": [{"type": 1, "components": [{"type": 2, "style": 1, "label": "B" * 90}]}]}
    run(client, "UPDATE builder_items SET payload = :p WHERE id = :i", {"p": json.dumps(broken), "i": item_id})
    page = anonymous(client, link)
    assert "Discord would refuse" in text_of(page, "#export-warning")
    assert any("components[0].components[0]" in li.text() for li in html(page).css("#problems li"))


def test_links_are_made_on_base_url_whatever_host_the_request_named(client: TestClient) -> None:
    _, url, token = setup(client)
    client.post(f"{url}/shares", data={"csrf_token": token, "days": "1"})
    listed = html(client.get(f"{url}/shares", headers={"Host": "attacker.example"})).css_first("input.share-link")
    assert listed is not None and str(listed.attributes["value"]).startswith(f"{TEST_BASE_URL}/shared/")
