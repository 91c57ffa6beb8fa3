"""Mailed links: email verification on sign-up and on change, and password reset."""

from __future__ import annotations

import pyotp
from starlette.testclient import TestClient

from app.accounts import email_tokens, lockouts, signup_routes
from app.core import db
from app.core.crypto import digest
from tests.conftest import TEST_BASE_URL
from tests.web.accounts_helpers import (
    PASSWORD,
    enable_two_factor,
    execute,
    field_errors,
    land,
    link_in,
    mails,
    make_user,
    one,
    path_of,
    post,
    run,
    sign_in_password,
    signed_in_as,
)
from tests.web.support import csrf, html, text_of

NEW_PASSWORD = "a brand new passphrase"


def signup(client: TestClient, username: str = "hedy", email: str = "hedy@example.org") -> None:
    data = {"username": username, "email": email, "password": PASSWORD}
    assert post(client, "/auth/signup", data, page="/auth/signup").status_code == 303


def token_of(link: str) -> str:
    return link.rsplit("/", 1)[1]


def test_signup_mails_a_verification_link_built_from_the_base_url(client: TestClient) -> None:
    signup(client)
    [mail] = mails(client, "hedy@example.org")
    link = link_in(mail)
    assert link.startswith(f"{TEST_BASE_URL}/auth/verify/")
    token = token_of(link)
    assert len(token) >= 43  # 256 bits, base64url
    row = run(client, "SELECT token_hash, purpose, email, expires_at FROM email_tokens")[0]
    assert row["token_hash"] == digest(token) and row["purpose"] == "verify" and row["email"] == "hedy@example.org"
    assert email_tokens.LIFETIME - 5 <= int(row["expires_at"]) - db.now() <= email_tokens.LIFETIME
    assert token not in str(run(client, "SELECT * FROM users"))


def test_opening_the_link_asks_to_confirm_and_confirming_verifies_once(client: TestClient) -> None:
    signup(client)
    link = link_in(mails(client, "hedy@example.org")[0])
    landing = client.get(path_of(link))
    assert landing.status_code == 303 and landing.headers["referrer-policy"] == "no-referrer"
    path = landing.headers["location"]
    assert path == "/auth/verify" and token_of(link) not in path, "the token leaves the address bar"
    cookie = next(v for v in landing.headers.get_list("set-cookie") if v.startswith("gh_verify_token="))
    assert "HttpOnly" in cookie and "Max-Age=1800" in cookie
    page = client.get(path)
    assert page.status_code == 200
    assert run(client, "SELECT email FROM users") == [{"email": None}], "a GET (a mail scanner) changes nothing"
    form = html(page).css_first("main form")
    assert form is not None and form.attributes["method"] == "post"
    done = post(client, path, page=path)
    assert done.status_code == 303 and done.headers["location"] == "/auth/verify/done"
    assert run(client, "SELECT email, email_verified FROM users") == [
        {"email": "hedy@example.org", "email_verified": True}
    ]
    again = post(client, path)
    assert again.status_code == 400 and text_of(again, "h1") == "This link has expired"


def test_an_expired_verification_link_is_refused(client: TestClient) -> None:
    signup(client)
    path = land(client, link_in(mails(client, "hedy@example.org")[0]))
    execute(client, "UPDATE email_tokens SET expires_at = :t", {"t": db.now() - 1})
    assert client.get(path).status_code == 400
    assert post(client, path).status_code == 400
    assert one(client, "SELECT email_verified FROM users") in (0, False)


def test_a_forged_token_gets_a_page_not_a_500(client: TestClient) -> None:
    for token in ("x", "a" * 43, "%00" * 30, "a" * 5000):
        for kind in ("verify", "reset"):
            landing = client.get(f"/auth/{kind}/{token}")
            assert landing.status_code == 303
            assert client.get(landing.headers["location"]).status_code == 400
            assert post(client, landing.headers["location"], {"new_password": NEW_PASSWORD}).status_code == 400


def test_an_address_that_already_has_an_account_gets_a_note_not_a_link(client: TestClient) -> None:
    make_user(client, "owner", email="taken@example.org")
    signup(client, email="taken@example.org")
    [mail] = mails(client, "taken@example.org")
    assert mail["subject"] == "Your Guildhall account" and "/auth/verify/" not in mail["body"]


def test_an_email_change_is_verified_before_it_counts(client: TestClient) -> None:
    user_id = make_user(client, "mover", email="old@example.org")
    sign_in_password(client, "mover")
    response = post(client, "/account/email", {"email": "new@example.org"}, page="/account")
    assert response.status_code == 303
    assert run(client, "SELECT email FROM users") == [{"email": "old@example.org"}]
    pending = html(client.get("/account")).css_first("#email-title ~ [role=status]")
    assert pending is not None and "new@example.org" in pending.text()
    path = land(client, link_in(mails(client, "new@example.org")[0]))
    post(client, path, page=path)
    assert run(client, "SELECT email, email_verified FROM users WHERE id = :u", {"u": user_id}) == [
        {"email": "new@example.org", "email_verified": True}
    ]


def test_a_bad_new_email_gets_422_with_the_input_kept(client: TestClient) -> None:
    make_user(client, "mover")
    sign_in_password(client, "mover")
    response = post(client, "/account/email", {"email": "nope"}, page="/account")
    assert response.status_code == 422 and set(field_errors(response)) == {"email"}
    assert html(response).css_first("input[name=email]").attributes["value"] == "nope"  # type: ignore[union-attr]


def ask_reset(client: TestClient, email: str) -> object:
    return post(client, "/auth/reset", {"email": email}, page="/auth/reset")


def test_reset_answers_the_same_whether_or_not_the_email_exists(client: TestClient) -> None:
    make_user(client, "known", email="known@example.org")
    known, unknown = ask_reset(client, "known@example.org"), ask_reset(client, "unknown@example.org")
    assert known.status_code == unknown.status_code == 303  # type: ignore[attr-defined]
    assert known.headers["location"] == unknown.headers["location"] == "/auth/reset/sent"  # type: ignore[attr-defined]
    assert len(mails(client, "known@example.org")) == 1 and mails(client, "unknown@example.org") == []
    sent = client.get("/auth/reset/sent")
    assert sent.headers["referrer-policy"] == "no-referrer"


def test_reset_link_is_random_hashed_and_expires_in_30_minutes(client: TestClient) -> None:
    make_user(client, "known", email="known@example.org")
    ask_reset(client, "known@example.org")
    link = link_in(mails(client, "known@example.org")[0])
    assert link.startswith(f"{TEST_BASE_URL}/auth/reset/")
    token = token_of(link)
    assert len(token) >= 43
    row = run(client, "SELECT token_hash, purpose, expires_at FROM email_tokens")[0]
    assert row["token_hash"] == digest(token) and row["purpose"] == "reset"
    assert email_tokens.LIFETIME - 5 <= int(row["expires_at"]) - db.now() <= email_tokens.LIFETIME


def test_mailed_links_come_from_the_base_url_whatever_host_was_asked(client: TestClient) -> None:
    make_user(client, "known", email="known@example.org")
    form = {"email": "known@example.org", "csrf_token": csrf(client, "/auth/reset")}
    assert client.post("/auth/reset", data=form, headers={"Host": "attacker.example"}).status_code == 303
    assert link_in(mails(client, "known@example.org")[0]).startswith(f"{TEST_BASE_URL}/auth/reset/")


def reset_path(client: TestClient, email: str = "known@example.org") -> str:
    """Ask for a reset and open the mailed link; the path of the new-password form."""
    ask_reset(client, email)
    return land(client, link_in(mails(client, email)[-1]))


def test_reset_pages_send_no_referrer(client: TestClient) -> None:
    make_user(client, "known", email="known@example.org")
    ask_reset(client, "known@example.org")
    link = link_in(mails(client, "known@example.org")[-1])
    landing = client.get(path_of(link))
    assert landing.headers["referrer-policy"] == "no-referrer"
    path = landing.headers["location"]
    assert path == "/auth/reset/new" and token_of(link) not in path
    done = post(client, path, {"new_password": NEW_PASSWORD}, page=path)
    assert done.headers["referrer-policy"] == "no-referrer"
    for page in ("/auth/reset/sent", "/auth/reset/done", "/auth/reset/new"):
        assert client.get(page).headers["referrer-policy"] == "no-referrer", page


def test_reset_token_is_single_use(client: TestClient) -> None:
    user_id = make_user(client, "known", email="known@example.org")
    path = reset_path(client)
    assert post(client, path, {"new_password": NEW_PASSWORD}, page=path).status_code == 303
    again = post(client, path, {"new_password": "yet another passphrase"})
    assert again.status_code == 400 and text_of(again, "h1") == "This link has expired"
    assert sign_in_password(client, "known", NEW_PASSWORD).status_code == 303
    assert signed_in_as(client) == user_id


def test_a_reset_ends_the_password_lockouts_but_not_the_codes(client: TestClient) -> None:
    user_id = make_user(client, "known", email="known@example.org")
    for _ in range(lockouts.LIMITS["address"]):
        sign_in_password(client, "known", "a wrong guess")
    execute(
        client,
        "INSERT INTO throttles (key, window_start, hits) VALUES (:k, :t, 5)",
        {"k": f"sign-in:user-{user_id}:code", "t": db.now()},
    )
    assert sign_in_password(client, "known", NEW_PASSWORD).status_code == 429
    path = reset_path(client)
    assert post(client, path, {"new_password": NEW_PASSWORD}, page=path).status_code == 303
    assert sign_in_password(client, "known", NEW_PASSWORD).status_code == 303
    assert run(client, "SELECT key FROM throttles WHERE key LIKE 'sign-in:user-%'") == [
        {"key": f"sign-in:user-{user_id}:code"}
    ]


def test_reset_token_expires(client: TestClient) -> None:
    make_user(client, "known", email="known@example.org")
    path = reset_path(client)
    execute(client, "UPDATE email_tokens SET expires_at = :t", {"t": db.now() - 1})
    assert client.get(path).status_code == 400
    assert post(client, path, {"new_password": NEW_PASSWORD}).status_code == 400
    assert sign_in_password(client, "known", NEW_PASSWORD).status_code == 422


def test_a_weak_new_password_keeps_the_link_usable(client: TestClient) -> None:
    make_user(client, "known", email="known@example.org")
    path = reset_path(client)
    weak = post(client, path, {"new_password": "short"}, page=path)
    assert weak.status_code == 422 and set(field_errors(weak)) == {"new_password"}
    assert post(client, path, {"new_password": NEW_PASSWORD}, page=path).status_code == 303


def test_a_reset_ends_every_other_session(settings: object, client: TestClient) -> None:
    make_user(client, "known", email="known@example.org")
    sign_in_password(client, "known")
    stolen = client.cookies["gh_session"]
    assert one(client, "SELECT COUNT(*) FROM sessions") == 1
    client.cookies.clear()
    path = reset_path(client)
    post(client, path, {"new_password": NEW_PASSWORD}, page=path)
    assert one(client, "SELECT COUNT(*) FROM sessions") == 0
    client.cookies.set("gh_session", stolen)
    assert signed_in_as(client) is None
    assert one(client, "SELECT action FROM activity ORDER BY id DESC LIMIT 1") == "account.password_reset"


def test_2fa_is_still_asked_at_the_next_sign_in_after_a_reset(client: TestClient) -> None:
    make_user(client, "known", email="known@example.org")
    sign_in_password(client, "known")
    secret = enable_two_factor(client)
    client.cookies.clear()
    path = reset_path(client)
    post(client, path, {"new_password": NEW_PASSWORD}, page=path)
    response = sign_in_password(client, "known", NEW_PASSWORD)
    assert response.headers["location"] == "/auth/login/code"
    assert signed_in_as(client) is None
    code = pyotp.TOTP(secret).at(db.now() + 30)
    assert post(client, "/auth/login/code", {"code": code}, page="/auth/login/code").status_code == 303


def test_an_unverified_address_gets_no_reset_link(client: TestClient) -> None:
    make_user(client, "known", email="known@example.org")
    execute(client, "UPDATE users SET email_verified = FALSE")
    assert ask_reset(client, "known@example.org").status_code == 303  # type: ignore[attr-defined]
    assert mails(client, "known@example.org") == []


def test_a_bad_reset_address_gets_422(client: TestClient) -> None:
    response = ask_reset(client, "not an address")
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert set(field_errors(response)) == {"email"}


def test_reset_mail_is_throttled_per_address_with_the_same_answer(client: TestClient) -> None:
    make_user(client, "known", email="known@example.org")
    execute(
        client,
        "INSERT INTO throttles (key, window_start, hits) VALUES ('mail:ip:testclient', :t, :h)",
        {"t": db.now(), "h": signup_routes.MAIL_LIMIT},
    )
    response = ask_reset(client, "known@example.org")
    assert response.status_code == 303 and response.headers["location"] == "/auth/reset/sent"  # type: ignore[attr-defined]
    assert mails(client, "known@example.org") == []
