"""The session rules of the security baseline, for sessions opened with a password."""

from __future__ import annotations

from itsdangerous import Signer
from starlette.testclient import TestClient

from app.accounts.signed_in import SESSION_LIFETIME
from app.auth.middleware import is_public
from app.core import db
from app.core.crypto import digest
from app.settings import Settings
from tests.web.accounts_helpers import (
    execute,
    make_user,
    one,
    post,
    run,
    sign_in_password,
    signed_in_as,
)
from tests.web.test_admin_routes import walk


def raw_session_id(client: TestClient, settings: Settings) -> str:
    signer = Signer(settings.secret_key, salt="guildhall.cookie.session")
    return signer.unsign(client.cookies["gh_session"]).decode()


def test_only_the_hash_of_a_random_id_is_stored(client: TestClient, settings: Settings) -> None:
    make_user(client, "walker")
    response = sign_in_password(client, "walker")
    session_id = raw_session_id(client, settings)
    assert len(session_id) >= 43
    assert run(client, "SELECT id_hash FROM sessions") == [{"id_hash": digest(session_id)}]
    cookie = next(v for v in response.headers.get_list("set-cookie") if v.startswith("gh_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_every_sign_in_gets_a_new_id_and_the_old_row_goes(client: TestClient, settings: Settings) -> None:
    make_user(client, "walker")
    sign_in_password(client, "walker")
    first = digest(raw_session_id(client, settings))
    sign_in_password(client, "walker")
    rows = run(client, "SELECT id_hash FROM sessions")
    assert len(rows) == 1 and rows[0]["id_hash"] != first


def test_a_password_session_has_an_absolute_lifetime_and_an_idle_timeout(client: TestClient) -> None:
    make_user(client, "walker")
    sign_in_password(client, "walker")
    expires = int(one(client, "SELECT expires_at FROM sessions"))
    assert SESSION_LIFETIME - 5 <= expires - db.now() <= SESSION_LIFETIME
    execute(client, "UPDATE sessions SET last_seen_at = :t", {"t": db.now() - 9 * 3600})
    response = client.get("/account")
    assert response.status_code == 303 and "reason=idle" in response.headers["location"]
    sign_in_password(client, "walker")
    execute(client, "UPDATE sessions SET expires_at = :t", {"t": db.now() - 1})
    assert "reason=expired" in client.get("/account").headers["location"]


def test_sign_out_everywhere_deletes_every_row(client: TestClient, settings: Settings) -> None:
    make_user(client, "walker")
    sign_in_password(client, "walker")
    phone = client.cookies["gh_session"]
    client.cookies.clear()
    sign_in_password(client, "walker")
    assert one(client, "SELECT COUNT(*) FROM sessions") == 2
    assert post(client, "/auth/logout/everywhere", page="/account").status_code == 303
    assert one(client, "SELECT COUNT(*) FROM sessions") == 0
    client.cookies.clear()
    client.cookies.set("gh_session", phone)
    assert signed_in_as(client) is None


def test_every_route_outside_the_public_ones_needs_sign_in(client: TestClient) -> None:
    """A new page cannot forget the sign-in wall: anonymous GETs of every such route go to the sign-in page."""
    checked = 0
    for path, route in walk(client.app.routes):  # type: ignore[attr-defined]
        methods = getattr(route, "methods", None) or set()
        if "GET" not in methods or is_public(path) or path.startswith("/static"):
            continue
        concrete = "/".join("1" if part.startswith("{") else part for part in path.split("/"))
        response = client.get(concrete)
        assert response.status_code == 303 and response.headers["location"].startswith("/auth/login"), path
        checked += 1
    assert checked >= 15
