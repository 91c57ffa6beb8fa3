"""Lockouts that stop a guesser and keep the owner in: per account and address, per account for browsers without
the account's device cookie, a slowed (not blocked) address, the second-factor code's own limit, and an
administrator lifting an account's lockouts. Every lockout is in the activity log."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pyotp
from starlette.testclient import TestClient

from app.accounts import lockouts
from app.core import db
from app.settings import Settings
from app.web import create_app
from tests.conftest import TEST_BASE_URL
from tests.web.accounts_helpers import (
    PASSWORD,
    enable_two_factor,
    execute,
    field_errors,
    make_user,
    post,
    run,
    sign_in_password,
    signed_in_as,
)
from tests.web.support import csrf, html, text_of

WRONG = "not the password"


@contextmanager
def browser_at(settings: Settings, address: str) -> Iterator[TestClient]:
    """Another browser, on another address, on the same database."""
    app = create_app(settings)
    with TestClient(app, base_url=TEST_BASE_URL, follow_redirects=False, client=(address, 50000)) as browser:
        yield browser


def lockouts_logged(client: TestClient) -> list[tuple[int | None, str, str]]:
    rows = run(client, "SELECT user_id, ip, detail FROM activity WHERE action = 'auth.locked_out' ORDER BY id")
    return [(row["user_id"], row["ip"], json.loads(row["detail"])["scope"]) for row in rows]


def attack(settings: Settings, username: str, addresses: int) -> list[int]:
    """One wrong password from each of `addresses` addresses, through a proxy Guildhall trusts; the statuses."""
    with TestClient(
        create_app(replace(settings, trusted_proxies=("*",))), base_url=TEST_BASE_URL, follow_redirects=False
    ) as attacker:
        form = {"login": username, "password": WRONG, "csrf_token": csrf(attacker, "/auth/login")}
        return [
            attacker.post(
                "/auth/login", data=form, headers={"X-Forwarded-For": f"10.0.{n // 256}.{n % 256}"}
            ).status_code
            for n in range(addresses)
        ]


def sign_out(client: TestClient) -> None:
    assert post(client, "/auth/logout", page="/auth/logout").status_code == 303


def test_wrong_passwords_lock_the_account_for_that_address_only(client: TestClient, settings: Settings) -> None:
    user_id = make_user(client, "target")
    for _ in range(lockouts.LIMITS["address"]):
        assert sign_in_password(client, "target", WRONG).status_code == 422
    blocked = sign_in_password(client, "target")  # even the right password waits now, from here
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["retry-after"]) <= lockouts.WINDOW
    assert field_errors(blocked)["login"].startswith("Too many failed sign-ins.")
    assert signed_in_as(client) is None
    with browser_at(settings, "198.51.100.20") as elsewhere:
        assert sign_in_password(elsewhere, "target").status_code == 303
    assert lockouts_logged(client) == [(user_id, "testclient", "address")]


def test_unknown_names_are_locked_out_the_same_way(client: TestClient) -> None:
    for _ in range(lockouts.LIMITS["address"]):
        assert sign_in_password(client, "nobody", WRONG).status_code == 422
    assert sign_in_password(client, "nobody", WRONG).status_code == 429


def test_a_thousand_failures_from_elsewhere_do_not_stop_the_owners_browser(
    client: TestClient, settings: Settings
) -> None:
    user_id = make_user(client, "owner")
    assert sign_in_password(client, "owner").status_code == 303  # this browser now holds the device cookie
    sign_out(client)
    limit = lockouts.LIMITS["account"]
    assert attack(settings, "owner", 1000) == [422] * limit + [429] * (1000 - limit)
    with browser_at(settings, "203.0.113.9") as stranger:
        for _ in range(3):
            assert sign_in_password(stranger, "owner", WRONG).status_code == 429
        new_browser = sign_in_password(stranger, "owner")
        assert new_browser.status_code == 429, "without the device cookie even the password waits"
    assert sign_in_password(client, "owner").status_code == 303
    assert signed_in_as(client) == user_id
    # The 20th failure began the account's lockout, logged once; the stranger's tries began none.
    assert lockouts_logged(client) == [(user_id, "10.0.0.19", "account")]


def test_a_device_cookie_that_fails_too_often_is_trusted_no_more(client: TestClient, settings: Settings) -> None:
    user_id = make_user(client, "careless")
    assert sign_in_password(client, "careless").status_code == 303
    sign_out(client)
    attack(settings, "careless", lockouts.LIMITS["account"])
    for _ in range(lockouts.LIMITS["device"]):
        assert sign_in_password(client, "careless", WRONG).status_code == 422
    assert sign_in_password(client, "careless").status_code == 429
    assert (user_id, "testclient", "device") in lockouts_logged(client)


def test_an_address_past_its_limit_is_slowed_not_blocked(client: TestClient) -> None:
    make_user(client, "colleague")
    execute(
        client,
        "INSERT INTO throttles (key, window_start, hits) VALUES ('sign-in:ip:testclient', :t, :h)",
        {"t": db.now(), "h": lockouts.ADDRESS_LIMIT},
    )
    assert sign_in_password(client, "colleague").status_code == 303
    sign_out(client)
    paced = sign_in_password(client, "colleague")
    assert paced.status_code == 429
    assert 0 < int(paced.headers["retry-after"]) <= lockouts.ADDRESS_PACE
    execute(client, "UPDATE throttles SET window_start = :t WHERE key = 'sign-in:pace:testclient'", {"t": db.now() - 5})
    assert sign_in_password(client, "colleague").status_code == 303


def test_a_correct_password_forgives_this_address_only(client: TestClient) -> None:
    user_id = make_user(client, "forgetful")
    for _ in range(lockouts.LIMITS["address"] - 1):
        sign_in_password(client, "forgetful", WRONG)
    assert sign_in_password(client, "forgetful").status_code == 303
    left = run(client, "SELECT key, hits FROM throttles WHERE key LIKE 'sign-in:user-%' ORDER BY key")
    assert left == [{"key": f"sign-in:user-{user_id}:account", "hits": lockouts.LIMITS["address"] - 1}]


def test_second_factor_codes_are_limited_per_account_across_sign_ins(client: TestClient) -> None:
    user_id = make_user(client, "tess")
    assert sign_in_password(client, "tess").status_code == 303
    secret = enable_two_factor(client)
    client.cookies.clear()
    assert sign_in_password(client, "tess").status_code == 303
    for _ in range(lockouts.LIMITS["code"]):
        assert post(client, "/auth/login/code", {"code": "000000"}, page="/auth/login/code").status_code == 422
    assert sign_in_password(client, "tess").status_code == 303, "the password is right: on to the code step"
    right_code = post(client, "/auth/login/code", {"code": pyotp.TOTP(secret).now()}, page="/auth/login/code")
    assert right_code.status_code == 429, "a new step does not reset the count of wrong codes"
    assert text_of(right_code, "h1") == "Too many wrong codes"
    assert signed_in_as(client) is None
    assert (user_id, "testclient", "code") in lockouts_logged(client)


def admin_browser(settings: Settings, client: TestClient) -> Any:
    make_user(client, "root", roles=["Admin"])
    return browser_at(settings, "192.0.2.1")


def test_an_administrator_sees_and_lifts_the_lockouts(client: TestClient, settings: Settings) -> None:
    user_id = make_user(client, "locked")
    for _ in range(lockouts.LIMITS["address"]):
        sign_in_password(client, "locked", WRONG)
    with admin_browser(settings, client) as admin:
        assert sign_in_password(admin, "root").status_code == 303
        page = f"/admin/users/{user_id}"
        assert [node.attributes["data-scope"] for node in html(admin.get(page)).css("#lockouts li")] == ["address"]
        assert admin.post(f"{page}/lockouts/lift").status_code == 403, "the lift needs the CSRF token"
        lifted = post(admin, f"{page}/lockouts/lift", page=page)
        assert lifted.status_code == 303 and lifted.headers["location"] == page
        assert html(admin.get(page)).css_first("#lockouts-none") is not None
    assert sign_in_password(client, "locked").status_code == 303
    logged = run(client, "SELECT user_id, detail FROM activity WHERE action = 'admin.lockout_lifted'")
    assert len(logged) == 1 and json.loads(logged[0]["detail"]) == {
        "target": "locked",
        "target_id": user_id,
        "lifted": "address",
    }


def test_lifting_needs_the_users_permission(client: TestClient, settings: Settings) -> None:
    user_id = make_user(client, "locked")
    for _ in range(lockouts.LIMITS["address"]):
        sign_in_password(client, "locked", WRONG)
    make_user(client, "plain")
    with browser_at(settings, "192.0.2.2") as plain:
        assert sign_in_password(plain, "plain", PASSWORD).status_code == 303
        page = f"/admin/users/{user_id}/lockouts/lift"
        assert post(plain, page, page="/account").status_code == 403
    assert sign_in_password(client, "locked").status_code == 429
