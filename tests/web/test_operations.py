"""Running behind a proxy, and the probes a process manager asks."""

from __future__ import annotations

from dataclasses import replace

import httpx2
from starlette.testclient import TestClient

from app.settings import Settings
from app.web import create_app
from tests.conftest import TEST_BASE_URL
from tests.web.support import ADA, sign_in
from tests.web.test_auth_login import run


def test_healthz_answers_without_a_session(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_never_runs_the_session_chain(client: TestClient) -> None:
    """A probe is answered without the session or the database, whatever cookie comes with it: an ended session
    does not turn the probe into a redirect to the sign-in page."""
    sign_in(client, ADA)
    run(client, "UPDATE users SET disabled = TRUE")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "set-cookie" not in response.headers


def test_readyz_checks_migrations(client: TestClient) -> None:
    assert client.get("/readyz").json() == {"status": "ready"}
    kept = run(client, "DELETE FROM schema_migrations WHERE version = '0001' RETURNING version, name, applied_at")
    response = client.get("/readyz")
    run(client, "INSERT INTO schema_migrations VALUES (:version, :name, :applied_at)", kept[0])
    assert response.status_code == 503
    assert response.json()["pending"] == ["0001_users_and_sessions"]


def test_forwarded_address_is_believed_only_from_a_trusted_proxy(settings: Settings, emulator: httpx2.Client) -> None:
    forwarded = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "http"}
    trusted = replace(settings, trusted_proxies=("testclient",))
    with TestClient(create_app(trusted), base_url=TEST_BASE_URL, follow_redirects=False) as client:
        client.headers.update(forwarded)
        sign_in(client, ADA)
        assert run(client, "SELECT ip FROM sessions") == [{"ip": "203.0.113.7"}]
    with TestClient(create_app(settings), base_url=TEST_BASE_URL, follow_redirects=False) as client:
        client.headers.update(forwarded)
        sign_in(client, ADA)
        ips = sorted(row["ip"] for row in run(client, "SELECT ip FROM sessions"))
        assert ips == ["203.0.113.7", "testclient"]


def test_home_links_onward_and_shows_administration_only_to_administrators(client: TestClient) -> None:
    from tests.web.support import html

    sign_in(client, ADA)
    links = [str(a.attributes["href"]) for a in html(client.get("/")).css(".link-list a")]
    assert links == ["/guilds", "/account"]
    run(
        client,
        "INSERT INTO user_roles (user_id, role_id) SELECT u.id, r.id FROM users u, roles r "
        "WHERE u.username = 'ada' AND r.name = 'Admin' RETURNING user_id",
    )
    links = [str(a.attributes["href"]) for a in html(client.get("/")).css(".link-list a")]
    assert links == ["/guilds", "/account", "/admin"]
