"""Helpers for the local-account and admin web tests: users made straight in the database, form posts with the
page's CSRF token, sign-in with a password, and the development outbox."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypeVar

import pyotp
from databases import Database
from starlette.testclient import TestClient

from app.accounts import passwords
from app.core import db
from tests.web.support import csrf, html

PASSWORD = "correct horse battery staple"
T = TypeVar("T")


def provided(client: TestClient, kind: type[T]) -> T:
    """A long-lived object of the app under test, found the way its routes find it (app/core/registry.py)."""
    found = client.app.state.provided[kind]  # type: ignore[attr-defined]
    assert isinstance(found, kind)
    return found


def run(client: TestClient, sql: str, params: dict[str, object] | None = None) -> list[dict[str, Any]]:
    database = provided(client, Database)
    return db.rows(client.portal.call(database.fetch_all, sql, params))  # type: ignore[union-attr]


def execute(client: TestClient, sql: str, params: dict[str, object] | None = None) -> None:
    """A statement that returns no rows (UPDATE, DELETE without RETURNING)."""
    database = provided(client, Database)
    client.portal.call(database.execute, sql, params)  # type: ignore[union-attr]


def one(client: TestClient, sql: str, params: dict[str, object] | None = None) -> Any:
    """The first column of the first row."""
    found = run(client, sql, params)
    return next(iter(found[0].values())) if found else None


def make_user(
    client: TestClient,
    username: str,
    *,
    password: str | None = PASSWORD,
    email: str | None = None,
    roles: Iterable[str] = (),
) -> int:
    """A local account with a confirmed email (`{username}@example.org` unless given) and the named roles."""
    user_id = int(
        one(
            client,
            "INSERT INTO users (username, email, email_verified, password_hash, created_at) "
            "VALUES (:n, :e, TRUE, :p, 0) RETURNING id",
            {
                "n": username,
                "e": email or f"{username}@example.org",
                "p": passwords.hasher().hash(password) if password else None,
            },
        )
    )
    for role in roles:
        run(
            client,
            "INSERT INTO user_roles (user_id, role_id) SELECT :u, id FROM roles WHERE name = :r RETURNING role_id",
            {"u": user_id, "r": role},
        )
    return user_id


def make_role(client: TestClient, name: str, permissions: Iterable[str]) -> int:
    role_id = int(one(client, "INSERT INTO roles (name, created_at) VALUES (:n, 0) RETURNING id", {"n": name}))
    for permission in permissions:
        run(
            client,
            "INSERT INTO role_permissions (role_id, permission_id) SELECT :r, id FROM permissions WHERE name = :p "
            "RETURNING role_id",
            {"r": role_id, "p": permission},
        )
    return role_id


def post(client: TestClient, path: str, data: dict[str, str] | None = None, *, page: str = "/auth/login") -> Any:
    """POST a form the way a browser would, with the CSRF token the page at `page` hands out."""
    return client.post(path, data={**(data or {}), "csrf_token": csrf(client, page)})


def sign_in_password(client: TestClient, login: str, password: str = PASSWORD, next_path: str = "/") -> Any:
    return post(client, "/auth/login", {"login": login, "password": password, "next": next_path})


def signed_in_as(client: TestClient) -> int | None:
    """The user id `/auth/status` reports, or None."""
    status = client.get("/auth/status").json()
    return int(status["user"]["id"]) if status["authenticated"] else None


def mails(client: TestClient, to: str) -> list[dict[str, Any]]:
    return run(client, "SELECT recipient, subject, body FROM outbox WHERE recipient = :r ORDER BY id", {"r": to})


def link_in(mail: dict[str, Any]) -> str:
    found = re.search(r"https?://\S+", str(mail["body"]))
    assert found, "the mail has no link"
    return found.group(0)


def path_of(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def land(client: TestClient, link: str) -> str:
    """Open a mailed link: the token moves into a cookie and the browser goes on to the page that uses it."""
    response = client.get(path_of(link))
    assert response.status_code == 303 and response.headers["referrer-policy"] == "no-referrer"
    return str(response.headers["location"])


def totp_secret(client: TestClient) -> str:
    """The secret the enrolment page shows as text."""
    node = html(client.get("/account/2fa")).css_first("#totp-secret")
    assert node is not None
    return node.text().strip()


def enable_two_factor(client: TestClient, password: str = PASSWORD) -> str:
    """Enrol the signed-in user with a code computed from the shown secret; return the secret."""
    secret = totp_secret(client)
    response = post(
        client, "/account/2fa/enable", {"code": pyotp.TOTP(secret).now(), "password": password}, page="/account"
    )
    assert response.status_code == 303, response.text
    return secret


def field_errors(response: Any) -> dict[str, str]:
    """Each field marked invalid, with the text of the message its aria-describedby points to."""
    page = html(response)
    found = {}
    for node in page.css("[aria-invalid=true]"):
        described = str(node.attributes.get("aria-describedby") or "").split()
        messages = [page.css_first(f"#{ident}") for ident in described if ident.endswith("-error")]
        found[str(node.attributes["name"])] = " ".join(m.text().strip() for m in messages if m is not None)
    return found


def attribute(response: Any, selector: str, name: str) -> str:
    node = html(response).css_first(selector)
    assert node is not None, f"{selector} not found in the page"
    return str(node.attributes.get(name) or "")


def summary_links(response: Any) -> list[str]:
    return [str(a.attributes["href"]) for a in html(response).css(".error-summary a")]
