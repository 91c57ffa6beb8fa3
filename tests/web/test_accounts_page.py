"""/account: profile, password, linked accounts (Discord link and unlink, GitHub status), sessions."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.web.accounts_helpers import (
    PASSWORD,
    field_errors,
    make_user,
    one,
    post,
    run,
    sign_in_password,
    signed_in_as,
)
from tests.web.support import ADA, authorize, callback_path, html, sign_in, text_of

NEW_PASSWORD = "a brand new passphrase"


def test_the_account_page_needs_sign_in(client: TestClient) -> None:
    response = client.get("/account")
    assert response.status_code == 303 and response.headers["location"] == "/auth/login?next=%2Faccount"


def test_the_account_page_shows_every_section(client: TestClient) -> None:
    make_user(client, "page")
    sign_in_password(client, "page")
    page = html(client.get("/account"))
    titles = [node.text() for node in page.css("main h2")]
    assert titles == [
        "Profile",
        "Email address",
        "Password",
        "Two-factor authentication",
        "Linked accounts",
        "Where you are signed in",
    ]
    assert text_of(client.get("/account"), "#linked-github td") == "Not linked"
    link = page.css_first("#linked-discord form")
    assert link is not None and link.attributes["action"] == "/auth/discord/link"
    assert link.attributes["method"] == "post" and link.css_first("input[name=csrf_token]") is not None
    everywhere = page.css_first("form[action='/auth/logout/everywhere']")
    assert everywhere is not None


def test_profile_names_are_saved_and_bad_ones_get_422(client: TestClient) -> None:
    user_id = make_user(client, "names")
    sign_in_password(client, "names")
    saved = post(client, "/account/profile", {"first_name": "Grace", "last_name": "Hopper"}, page="/account")
    assert saved.status_code == 303 and saved.headers["location"] == "/account"
    assert run(client, "SELECT first_name, last_name, display_name FROM users WHERE id = :u", {"u": user_id}) == [
        {"first_name": "Grace", "last_name": "Hopper", "display_name": "Grace Hopper"}
    ]
    refused = post(client, "/account/profile", {"first_name": "G" * 65, "last_name": "Hopper"}, page="/account")
    assert refused.status_code == 422 and set(field_errors(refused)) == {"first_name"}
    kept = html(refused).css_first("input[name=last_name]")
    assert kept is not None and kept.attributes["value"] == "Hopper"
    assert [a.attributes["href"] for a in html(refused).css(".error-summary a")] == ["#first_name"]
    post(client, "/account/profile", {"first_name": "", "last_name": ""}, page="/account")
    assert one(client, "SELECT display_name FROM users WHERE id = :u", {"u": user_id}) is None
    assert text_of(client.get("/"), "#welcome-title") == "Welcome, names", "the username stands in"


def test_htmx_gets_the_form_fragment_back(client: TestClient) -> None:
    make_user(client, "names")
    sign_in_password(client, "names")
    token = html(client.get("/account")).css_first("input[name=csrf_token]").attributes["value"]  # type: ignore[union-attr]
    response = client.post(
        "/account/profile",
        data={"first_name": "G" * 65, "last_name": ""},
        headers={"HX-Request": "true", "X-CSRF-Token": str(token)},
    )
    assert response.status_code == 422
    fragment = html(response)
    assert fragment.css_first("form#profile-form") is not None and fragment.css_first("h1") is None


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(client: TestClient) -> None:
    make_user(client, "changer")
    sign_in_password(client, "changer")
    other = client.cookies["gh_session"]
    client.cookies.clear()
    sign_in_password(client, "changer")
    before = client.cookies["gh_session"]
    wrong = post(
        client, "/account/password", {"current_password": "nope", "new_password": NEW_PASSWORD}, page="/account"
    )
    assert wrong.status_code == 422 and set(field_errors(wrong)) == {"current_password"}
    weak = post(client, "/account/password", {"current_password": PASSWORD, "new_password": "short"}, page="/account")
    assert weak.status_code == 422 and set(field_errors(weak)) == {"new_password"}
    done = post(
        client, "/account/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, page="/account"
    )
    assert done.status_code == 303
    assert client.cookies["gh_session"] not in (before, other)
    assert one(client, "SELECT COUNT(*) FROM sessions") == 1
    assert signed_in_as(client) is not None
    client.cookies.clear()
    client.cookies.set("gh_session", other)
    assert signed_in_as(client) is None
    assert sign_in_password(client, "changer", NEW_PASSWORD).status_code == 303


def test_a_discord_user_sets_a_password_and_then_signs_in_with_it(client: TestClient) -> None:
    sign_in(client, ADA)
    user_id = signed_in_as(client)
    form = html(client.get("/account")).css_first("#password-form")
    assert form is not None and form.css_first("input[name=current_password]") is None
    assert post(client, "/account/password", {"new_password": NEW_PASSWORD}, page="/account").status_code == 303
    client.cookies.clear()
    assert sign_in_password(client, "ada", NEW_PASSWORD).status_code == 303
    assert signed_in_as(client) == user_id
    assert one(client, "SELECT action FROM activity WHERE action LIKE :a", {"a": "account.password_%"}) == (
        "account.password_set"
    )


def test_unlinking_discord_is_refused_without_a_password(client: TestClient) -> None:
    sign_in(client, ADA)
    response = post(client, "/account/discord/unlink", page="/account")
    assert response.status_code == 409
    assert "Set a password first" in text_of(response, "[role=alert]")
    assert one(client, "SELECT COUNT(*) FROM discord_accounts") == 1


def link_discord(client: TestClient, discord_user: str) -> object:
    """Press "Link Discord" on the account page and approve on Discord."""
    start = post(client, "/auth/discord/link", page="/account")
    assert start.status_code == 303
    return client.get(callback_path(authorize(start.headers["location"], discord_user)))


def test_password_and_discord_sign_in_reach_the_same_user_once_linked(client: TestClient) -> None:
    user_id = make_user(client, "linker", email="linker@example.org")
    sign_in_password(client, "linker")
    linked = link_discord(client, ADA)
    assert linked.status_code == 303 and linked.headers["location"] == "/account"  # type: ignore[attr-defined]
    assert text_of(client.get("/account"), "#linked-discord td").startswith("Linked as")
    client.cookies.clear()
    sign_in(client, ADA)
    assert signed_in_as(client) == user_id
    assert one(client, "SELECT COUNT(*) FROM users") == 1


def test_unlinking_discord_with_a_password(client: TestClient) -> None:
    user_id = make_user(client, "linker")
    sign_in_password(client, "linker")
    link_discord(client, ADA)
    response = post(client, "/account/discord/unlink", page="/account")
    assert response.status_code == 303 and response.headers["location"] == "/account"
    assert one(client, "SELECT COUNT(*) FROM discord_accounts") == 0
    assert signed_in_as(client) == user_id, "a password session survives the unlink"
    assert one(client, "SELECT action FROM activity ORDER BY id DESC LIMIT 1") == "account.discord_unlinked"


def test_sessions_are_listed_with_device_and_can_be_ended(client: TestClient) -> None:
    make_user(client, "traveller")
    client.headers["user-agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
    sign_in_password(client, "traveller")
    laptop = client.cookies["gh_session"]
    client.cookies.clear()
    client.headers["user-agent"] = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Safari/604.1"
    sign_in_password(client, "traveller")
    page = html(client.get("/account"))
    markup = page.html or ""
    assert all(row["id_hash"] not in markup for row in run(client, "SELECT id_hash FROM sessions"))
    rows = page.css("#sessions tbody tr")
    devices = sorted(" ".join(row.css_first("th").text().split()) for row in rows)  # type: ignore[union-attr]
    assert devices == ["Firefox on Linux", "Safari on iOS this device"]
    assert all(row.css_first("td").text() == "testclient" for row in rows)  # type: ignore[union-attr]
    other = next(row for row in rows if "this device" not in row.text())
    action = str(other.css_first("form").attributes["action"])  # type: ignore[union-attr]
    assert post(client, action, page="/account").status_code == 303
    assert one(client, "SELECT COUNT(*) FROM sessions") == 1
    client.cookies.clear()
    client.cookies.set("gh_session", laptop)
    assert signed_in_as(client) is None


def test_ending_an_unknown_session_is_a_404_page(client: TestClient) -> None:
    make_user(client, "traveller")
    sign_in_password(client, "traveller")
    assert post(client, "/account/sessions/nothing/revoke", page="/account").status_code == 404
