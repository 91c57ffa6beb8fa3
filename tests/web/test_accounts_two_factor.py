"""TOTP second factor: enrolment, the half-signed-in step, replay, recovery codes, and turning it off."""

from __future__ import annotations

import base64

import pyotp
from itsdangerous import Signer
from starlette.testclient import TestClient

from app.accounts import second_step
from app.core import db
from app.core.crypto import Box, digest
from app.settings import Settings
from tests.web.accounts_helpers import (
    PASSWORD,
    enable_two_factor,
    execute,
    field_errors,
    make_user,
    one,
    post,
    provided,
    run,
    sign_in_password,
    signed_in_as,
    totp_secret,
)
from tests.web.support import html, text_of


def signed_in_user(client: TestClient, username: str = "tess") -> int:
    user_id = make_user(client, username)
    assert sign_in_password(client, username).status_code == 303
    return user_id


def session_cookie(client: TestClient) -> str:
    return str(client.cookies["gh_session"])


def next_code(secret: str) -> str:
    """A valid code of the next time step: the current one was spent by the enrolment."""
    return pyotp.TOTP(secret).at(db.now() + 30)


def previous_code(secret: str) -> str:
    """A valid code of the previous time step (within the accepted drift)."""
    return pyotp.TOTP(secret).at(db.now() - 30)


def test_enrolment_shows_a_qr_code_as_an_image_and_the_secret_as_text(client: TestClient) -> None:
    user_id = signed_in_user(client)
    page = html(client.get("/account/2fa"))
    image = page.css_first("img.qr")
    assert image is not None
    source = str(image.attributes["src"])
    assert source.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(source.split(",", 1)[1]).decode()
    assert svg.startswith("<svg") and "<script" not in svg
    assert page.css("script:not([src])") == [], "no inline script on the page"
    secret = totp_secret(client)
    assert len(base64.b32decode(secret)) * 8 == 160
    assert totp_secret(client) == secret, "reloading keeps the same enrolment"
    stored = str(one(client, "SELECT secret FROM totp WHERE user_id = :u", {"u": user_id}))
    assert secret not in stored
    assert provided(client, Box).open(stored) == secret


def test_enrolment_finishes_only_with_a_valid_code_and_the_password(client: TestClient) -> None:
    user_id = signed_in_user(client)
    secret = totp_secret(client)
    wrong_code = post(client, "/account/2fa/enable", {"code": "000000", "password": PASSWORD}, page="/account")
    assert wrong_code.status_code == 422 and set(field_errors(wrong_code)) == {"code"}
    wrong_password = post(
        client, "/account/2fa/enable", {"code": pyotp.TOTP(secret).now(), "password": "nope"}, page="/account"
    )
    assert wrong_password.status_code == 422 and set(field_errors(wrong_password)) == {"password"}
    assert one(client, "SELECT enabled FROM totp WHERE user_id = :u", {"u": user_id}) in (0, False)
    enable_two_factor(client)
    assert one(client, "SELECT enabled FROM totp WHERE user_id = :u", {"u": user_id}) in (1, True)
    assert one(client, "SELECT action FROM activity ORDER BY id DESC LIMIT 1") == "account.2fa_enabled"


def test_enabling_gives_the_session_a_new_id(client: TestClient) -> None:
    signed_in_user(client)
    before = session_cookie(client)
    enable_two_factor(client)
    assert session_cookie(client) != before
    assert one(client, "SELECT COUNT(*) FROM sessions") == 1
    client.cookies.clear()
    client.cookies.set("gh_session", before)
    assert signed_in_as(client) is None, "the old session id no longer works"


def test_sign_in_asks_for_the_code_and_keeps_the_half_state_server_side(client: TestClient, settings: Settings) -> None:
    user_id = signed_in_user(client)
    secret = enable_two_factor(client)
    client.cookies.clear()
    response = sign_in_password(client, "tess", next_path="/account")
    assert response.status_code == 303 and response.headers["location"] == "/auth/login/code"
    assert signed_in_as(client) is None
    assert one(client, "SELECT COUNT(*) FROM sessions") == 1, "only the session of the enrolment, none new"
    step_id = (
        Signer(settings.secret_key, salt="guildhall.cookie.second_factor")
        .unsign(client.cookies["gh_second_factor"])
        .decode()
    )
    assert str(user_id) != step_id and len(step_id) >= 43, "the cookie holds only a random id"
    row = run(client, "SELECT id_hash, user_id, return_path FROM second_factor_steps")
    assert row == [{"id_hash": digest(step_id), "user_id": user_id, "return_path": "/account"}]
    page = client.get("/auth/login/code")
    assert page.status_code == 200 and html(page).css_first("input[name=code]") is not None
    done = post(client, "/auth/login/code", {"code": next_code(secret)}, page="/auth/login/code")
    assert done.status_code == 303 and done.headers["location"] == "/account"
    assert signed_in_as(client) == user_id
    assert run(client, "SELECT COUNT(*) AS n FROM second_factor_steps") == [{"n": 0}]


def test_a_code_is_accepted_only_once(client: TestClient) -> None:
    signed_in_user(client)
    secret = enable_two_factor(client)
    code = pyotp.TOTP(secret).now()  # the very code enrolment just used
    client.cookies.clear()
    sign_in_password(client, "tess")
    replay = post(client, "/auth/login/code", {"code": code}, page="/auth/login/code")
    assert replay.status_code == 422 and set(field_errors(replay)) == {"code"}
    assert signed_in_as(client) is None
    assert one(client, "SELECT action FROM activity ORDER BY id DESC LIMIT 1") == "auth.second_factor_failed"


def test_an_older_step_is_refused_after_a_newer_one_was_used(client: TestClient) -> None:
    user_id = signed_in_user(client)
    secret = enable_two_factor(client)
    execute(
        client,
        "UPDATE totp SET last_step = :s WHERE user_id = :u",
        {"s": pyotp.TOTP(secret).timecode(db.now() - 30), "u": user_id},
    )
    client.cookies.clear()
    sign_in_password(client, "tess")
    stale = post(client, "/auth/login/code", {"code": previous_code(secret)}, page="/auth/login/code")
    assert stale.status_code == 422


def test_the_code_step_needs_the_same_browser_and_expires(client: TestClient) -> None:
    signed_in_user(client)
    enable_two_factor(client)
    client.cookies.clear()
    sign_in_password(client, "tess")
    execute(client, "UPDATE second_factor_steps SET expires_at = :t", {"t": db.now() - 1})
    expired = client.get("/auth/login/code")
    assert expired.status_code == 400 and text_of(expired, "h1") == "Please sign in again"
    client.cookies.clear()
    assert client.get("/auth/login/code").status_code == 400


def test_wrong_codes_are_throttled_and_end_the_step(client: TestClient) -> None:
    signed_in_user(client)
    enable_two_factor(client)
    client.cookies.clear()
    sign_in_password(client, "tess")
    statuses = [
        post(client, "/auth/login/code", {"code": "123456"}, page="/auth/login/code").status_code for _ in range(6)
    ]
    assert statuses == [422] * 5 + [429]
    assert run(client, "SELECT COUNT(*) AS n FROM second_factor_steps") == [{"n": 0}]


def test_recovery_codes_are_shown_once_stored_hashed_and_work_once(client: TestClient) -> None:
    user_id = signed_in_user(client)
    enable_two_factor(client)
    first = client.get("/account/2fa/recovery-codes")
    codes = [node.text() for node in html(first).css("#recovery-codes code")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert html(client.get("/account/2fa/recovery-codes")).css("#recovery-codes code") == []
    stored = {row["code_hash"] for row in run(client, "SELECT code_hash FROM recovery_codes")}
    assert stored == {digest(code.replace("-", "")) for code in codes}
    assert all(code not in str(run(client, "SELECT * FROM totp")) for code in codes)
    client.cookies.clear()
    sign_in_password(client, "tess")
    used = post(client, "/auth/login/code", {"code": codes[0].upper()}, page="/auth/login/code")
    assert used.status_code == 303 and signed_in_as(client) == user_id
    client.cookies.clear()
    sign_in_password(client, "tess")
    again = post(client, "/auth/login/code", {"code": codes[0]}, page="/auth/login/code")
    assert again.status_code == 422


def test_turning_2fa_off_needs_the_password_and_renews_the_session(client: TestClient) -> None:
    user_id = signed_in_user(client)
    enable_two_factor(client)
    refused = post(client, "/account/2fa/disable", {"disable_password": "wrong"}, page="/account/2fa")
    assert refused.status_code == 422 and set(field_errors(refused)) == {"disable_password"}
    assert one(client, "SELECT COUNT(*) FROM totp") == 1
    before = session_cookie(client)
    done = post(client, "/account/2fa/disable", {"disable_password": PASSWORD}, page="/account/2fa")
    assert done.status_code == 303
    assert one(client, "SELECT COUNT(*) FROM totp") == 0 and one(client, "SELECT COUNT(*) FROM recovery_codes") == 0
    assert session_cookie(client) != before and signed_in_as(client) == user_id
    client.cookies.clear()
    assert sign_in_password(client, "tess").headers["location"] == "/"


def test_new_recovery_codes_need_the_password(client: TestClient) -> None:
    signed_in_user(client)
    enable_two_factor(client)
    client.get("/account/2fa/recovery-codes")
    old = {row["code_hash"] for row in run(client, "SELECT code_hash FROM recovery_codes")}
    refused = post(client, "/account/2fa/recovery-codes", {"recovery_password": "nope"}, page="/account/2fa")
    assert refused.status_code == 422
    done = post(client, "/account/2fa/recovery-codes", {"recovery_password": PASSWORD}, page="/account/2fa")
    assert done.status_code == 303 and done.headers["location"] == "/account/2fa/recovery-codes"
    new = {row["code_hash"] for row in run(client, "SELECT code_hash FROM recovery_codes")}
    assert new and new.isdisjoint(old)
    assert len(html(client.get("/account/2fa/recovery-codes")).css("#recovery-codes code")) == 10


def test_an_account_without_a_password_is_asked_to_set_one_first(client: TestClient) -> None:
    from tests.web.support import ADA, sign_in

    sign_in(client, ADA)
    page = html(client.get("/account/2fa"))
    assert page.css_first("img.qr") is None and page.css_first("a[href='/account']") is not None


def test_the_step_cookie_lifetime_matches_the_row(client: TestClient) -> None:
    signed_in_user(client)
    enable_two_factor(client)
    client.cookies.clear()
    response = sign_in_password(client, "tess")
    cookie = next(v for v in response.headers.get_list("set-cookie") if v.startswith("gh_second_factor="))
    assert f"Max-Age={second_step.LIFETIME}" in cookie and "HttpOnly" in cookie
