"""Local accounts: sign-up, password rules, sign-in with username or email, same answers, throttling."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from starlette.testclient import TestClient

from app.accounts import password_sign_in, passwords
from tests.web.accounts_helpers import (
    PASSWORD,
    attribute,
    execute,
    field_errors,
    make_user,
    one,
    post,
    run,
    sign_in_password,
    signed_in_as,
    summary_links,
)
from tests.web.support import csrf, html, text_of

SIGNUP = {"username": "hedy", "email": "hedy@example.org", "password": PASSWORD, "first_name": "Hedy", "last_name": "L"}


def signup(client: TestClient, **changes: str) -> object:
    return post(client, "/auth/signup", {**SIGNUP, **changes}, page="/auth/signup")


def test_signup_stores_an_argon2id_hash_made_by_the_hasher_in_use(client: TestClient) -> None:
    response = signup(client)
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert response.headers["location"] == "/auth/signup/sent"  # type: ignore[attr-defined]
    stored = str(one(client, "SELECT password_hash FROM users WHERE username = 'hedy'"))
    # The tests hash with argon2id at its cheapest (tests/conftest.py); production's defaults are checked in
    # tests/unit/test_accounts_pure.py.
    assert stored.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert passwords.hasher().verify(stored, PASSWORD)
    assert PASSWORD not in stored
    row = run(client, "SELECT display_name, first_name, last_name, email, email_verified FROM users")[0]
    assert row == {
        "display_name": "Hedy L",
        "first_name": "Hedy",
        "last_name": "L",
        "email": None,  # an address becomes the account's only once verified
        "email_verified": False,
    }


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short7!", "Use at least 8 characters."),
        ("x" * 129, "Use at most 128 characters."),
        ("password123", "This password is one of the most common ones; choose another."),
        ("Qwertyuiop", "This password is one of the most common ones; choose another."),
        ("my-hedy-pass", "Your password must not contain your username."),
    ],
)
def test_password_rules(client: TestClient, password: str, message: str) -> None:
    response = signup(client, password=password)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert field_errors(response) == {"password": message}
    assert one(client, "SELECT COUNT(*) FROM users") == 0


@pytest.mark.parametrize("password", ["12345678" + "x", "y" * 128, "ünïcødé-pässwörd"])
def test_passwords_of_8_to_128_characters_are_accepted(client: TestClient, password: str) -> None:
    assert signup(client, password=password).status_code == 303  # type: ignore[attr-defined]


def test_signup_failure_keeps_the_input_and_marks_every_bad_field(client: TestClient) -> None:
    response = signup(client, username="x", email="not-an-email", first_name="Hedy", last_name="L" * 65)
    assert response.status_code == 422  # type: ignore[attr-defined]
    errors = field_errors(response)
    assert set(errors) == {"username", "email", "last_name"}
    assert all(errors.values()), "each bad field is described by its message"
    kept = {name: attribute(response, f"input[name={name}]", "value") for name in ("username", "email", "first_name")}
    assert kept == {"username": "x", "email": "not-an-email", "first_name": "Hedy"}
    assert attribute(response, "input[name=password]", "value") == ""
    assert summary_links(response) == ["#username", "#email", "#last_name"]


def test_signup_refuses_a_taken_username_whatever_its_case(client: TestClient) -> None:
    make_user(client, "Hedy")
    response = signup(client)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert field_errors(response) == {"username": "This username is taken; choose another."}


def test_junk_form_gets_422_not_500(client: TestClient) -> None:
    response = client.post(
        "/auth/signup",
        files={"username": ("a.txt", b"file", "text/plain")},
        data={"csrf_token": csrf(client, "/auth/signup")},
    )
    assert response.status_code == 422


def test_sign_in_with_username_or_verified_email(client: TestClient) -> None:
    user_id = make_user(client, "ada-local", email="ada.local@example.org")
    response = sign_in_password(client, "ADA-LOCAL", next_path="/account")
    assert response.status_code == 303 and response.headers["location"] == "/account"
    assert signed_in_as(client) == user_id
    assert run(client, "SELECT kind FROM sessions") == [{"kind": "password"}]
    client.cookies.clear()
    assert sign_in_password(client, "Ada.Local@example.org").status_code == 303
    assert signed_in_as(client) == user_id


def test_an_unverified_email_does_not_sign_in(client: TestClient) -> None:
    make_user(client, "grace-local", email="grace@example.org")
    execute(client, "UPDATE users SET email_verified = FALSE")
    assert sign_in_password(client, "grace@example.org").status_code == 422
    assert signed_in_as(client) is None


def _answer(response: object) -> tuple[int, str]:
    return response.status_code, text_of(response, "main")  # type: ignore[attr-defined]


def test_unknown_user_and_wrong_password_get_the_same_answer(client: TestClient) -> None:
    make_user(client, "known")
    wrong_password = sign_in_password(client, "known", "not the password")
    unknown_user = sign_in_password(client, "unknown", "not the password")
    no_password = make_user(client, "discord-only", password=None)
    without_password = sign_in_password(client, "discord-only", "not the password")
    assert _answer(wrong_password)[0] == 422
    # The form echoes the name typed; everything else is identical.
    same = _answer(unknown_user)[1].replace("unknown", "known")
    assert _answer(wrong_password) == (422, same)
    assert _answer(without_password)[1].replace("discord-only", "known") == same
    assert (
        field_errors(wrong_password)
        == field_errors(unknown_user)
        == {
            "login": password_sign_in.WRONG,
            "password": password_sign_in.WRONG,
        }
    )
    assert no_password and signed_in_as(client) is None


def test_sign_ins_are_recorded_in_the_activity_log(client: TestClient) -> None:
    user_id = make_user(client, "logged")
    sign_in_password(client, "logged", "wrong guess")
    sign_in_password(client, "logged")
    rows = run(client, "SELECT action, user_id, detail FROM activity ORDER BY id")
    assert [(r["action"], r["user_id"]) for r in rows] == [("auth.sign_in_failed", user_id), ("auth.sign_in", user_id)]
    assert PASSWORD not in str(rows) and "wrong guess" not in str(rows)


def test_a_disabled_account_cannot_sign_in(client: TestClient) -> None:
    make_user(client, "gone")
    execute(client, "UPDATE users SET disabled = TRUE")
    response = sign_in_password(client, "gone")
    assert response.status_code == 403
    assert text_of(response, "h1") == "This account is disabled"
    assert signed_in_as(client) is None


def test_the_sign_in_page_offers_both_ways(client: TestClient) -> None:
    page = html(client.get("/auth/login?next=/account"))
    form = page.css_first("form#password-login")
    assert form is not None and form.attributes["method"] == "post" and form.attributes["action"] == "/auth/login"
    assert form.css_first("input[name=next]").attributes["value"] == "/account"  # type: ignore[union-attr]
    assert page.css_first("a.button-discord") is not None


def test_status_for_scripts(client: TestClient) -> None:
    assert client.get("/auth/status").json() == {"authenticated": False, "user": None}
    user_id = make_user(client, "scripted", roles=["Admin"])
    sign_in_password(client, "scripted")
    status = client.get("/auth/status").json()
    assert status["authenticated"] is True
    assert status["user"]["id"] == user_id and status["user"]["username"] == "scripted"
    assert status["user"]["two_factor"] is False
    assert "admin.users" in status["user"]["permissions"]
    flat = str(status)
    assert "argon2" not in flat and "csrf" not in flat and "token" not in flat


def test_a_hash_made_with_other_parameters_still_signs_in_and_is_made_again(client: TestClient) -> None:
    """Hashes made before the parameters changed (argon2-cffi's defaults, then) keep working: the next sign-in
    stores a hash made with the parameters in use."""
    user_id = make_user(client, "ada_local")
    older = PasswordHasher(time_cost=1, memory_cost=16, parallelism=2).hash(PASSWORD)
    execute(client, "UPDATE users SET password_hash = :h WHERE id = :i", {"h": older, "i": user_id})
    assert sign_in_password(client, "ada_local").status_code == 303
    assert signed_in_as(client) == user_id
    stored = str(one(client, "SELECT password_hash FROM users WHERE id = :i", {"i": user_id}))
    assert stored != older and stored.startswith("$argon2id$v=19$m=8,t=1,p=1$")
