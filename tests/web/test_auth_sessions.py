"""Sessions: the auth chain, token refresh, logout, CSRF and browser hardening."""

from __future__ import annotations

import asyncio

import httpx2
from itsdangerous import Signer
from starlette.testclient import TestClient

from app.core import db
from app.core.crypto import Box, digest
from app.settings import EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, Settings
from app.web import create_app
from emulator.server import serve_in_thread
from tests.conftest import TEST_BASE_URL
from tests.web.accounts_helpers import provided
from tests.web.support import ADA, calls, csrf, html, sign_in
from tests.web.test_auth_login import run


def session_id(client: TestClient, settings: Settings) -> str:
    signed = client.cookies["gh_session"]
    return Signer(settings.secret_key, salt="guildhall.cookie.session").unsign(signed).decode()


def test_session_id_is_random_and_only_its_hash_is_stored(client: TestClient, settings: Settings) -> None:
    sign_in(client, ADA)
    raw = session_id(client, settings)
    assert len(raw) >= 43  # 256 bits, base64url
    stored = run(client, "SELECT id_hash FROM sessions")
    assert stored == [{"id_hash": digest(raw)}]


def test_session_cookie_flags(client: TestClient) -> None:
    response = sign_in(client, ADA)
    cookie = next(v for v in response.headers.get_list("set-cookie") if v.startswith("gh_session="))
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/" in cookie


def test_https_cookies_are_secure_and_host_prefixed(settings: Settings) -> None:
    from dataclasses import replace

    from starlette.responses import Response

    from app.auth.cookies import CookieJar

    jar = CookieJar(replace(settings, base_url="https://guildhall.example"))
    response = Response()
    jar.write(response, "session", "x")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("__Host-gh_session=")
    assert "Secure" in cookie
    assert "Path=/" in cookie


def test_new_session_id_at_every_login_and_old_row_deleted(client: TestClient, settings: Settings) -> None:
    sign_in(client, ADA)
    first = digest(session_id(client, settings))
    sign_in(client, ADA)
    rows = run(client, "SELECT id_hash FROM sessions")
    assert len(rows) == 1
    assert rows[0]["id_hash"] != first


def test_session_lifetime_follows_the_access_token(client: TestClient) -> None:
    sign_in(client, ADA)
    session = run(client, "SELECT expires_at FROM sessions")[0]
    token = run(client, "SELECT expires_at FROM discord_accounts")[0]
    assert session["expires_at"] == token["expires_at"]
    assert 604000 < int(session["expires_at"]) - db.now() <= 604800


def test_expired_session_signs_out_with_a_message(client: TestClient) -> None:
    sign_in(client, ADA)
    run(client, "UPDATE sessions SET expires_at = :t", {"t": db.now() - 1})
    response = client.get("/guilds")
    assert response.status_code == 303
    assert response.headers["location"] == "/auth/login?next=%2Fguilds&reason=expired"
    assert run(client, "SELECT COUNT(*) AS n FROM sessions") == [{"n": 0}]
    page = client.get(response.headers["location"])
    assert "Your session expired" in html(page).css_first("[role=status]").text()  # type: ignore[union-attr]


def test_idle_session_times_out(client: TestClient, settings: Settings) -> None:
    sign_in(client, ADA)
    run(client, "UPDATE sessions SET last_seen_at = :t", {"t": db.now() - settings.session_idle_seconds - 1})
    response = client.get("/")
    assert response.headers["location"].endswith("reason=idle")


def test_anonymous_page_request_goes_to_sign_in_and_htmx_gets_hx_redirect(client: TestClient) -> None:
    page = client.get("/guilds/200000000000000001?tab=x")
    assert page.status_code == 303
    assert page.headers["location"] == "/auth/login?next=%2Fguilds%2F200000000000000001%3Ftab%3Dx"
    fragment = client.get("/guilds", headers={"HX-Request": "true"})
    assert fragment.status_code == 204
    assert fragment.headers["hx-redirect"].startswith("/auth/login?next=")


def test_revoked_grant_ends_the_session_and_the_token_is_not_used_again(
    client: TestClient, emulator: httpx2.Client
) -> None:
    sign_in(client, ADA)
    emulator.post("/_emulator/control/revoke", json={"user_id": ADA}).raise_for_status()
    run(client, "UPDATE discord_accounts SET profile_checked_at = 0")
    response = client.get("/")
    assert response.headers["location"] == "/auth/login?reason=revoked"
    assert run(client, "SELECT access_token, refresh_token FROM discord_accounts") == [
        {"access_token": None, "refresh_token": None}
    ]
    client.get("/")
    assert calls(emulator, "GET /users/@me", 401) == 1


def test_expired_access_token_is_refreshed_and_the_refresh_token_rotates(
    client: TestClient, emulator: httpx2.Client
) -> None:
    sign_in(client, ADA)
    box = provided(client, Box)
    before = box.open(run(client, "SELECT refresh_token FROM discord_accounts")[0]["refresh_token"])
    run(client, "UPDATE discord_accounts SET expires_at = :t", {"t": db.now() + 10})
    assert client.get("/").status_code == 200
    row = run(client, "SELECT refresh_token, expires_at FROM discord_accounts")[0]
    assert box.open(row["refresh_token"]) != before
    assert run(client, "SELECT expires_at FROM sessions")[0]["expires_at"] == row["expires_at"]
    reuse = emulator.post(
        "/discord/api/v10/oauth2/token",
        data={"grant_type": "refresh_token", "refresh_token": before},
        auth=(EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET),
    )
    assert reuse.status_code == 400
    assert reuse.json()["error"] == "invalid_grant"


def test_concurrent_requests_needing_a_refresh_make_one_refresh_call(
    client: TestClient, settings: Settings, emulator: httpx2.Client
) -> None:
    sign_in(client, ADA)
    cookie = client.cookies["gh_session"]
    run(client, "UPDATE discord_accounts SET expires_at = :t", {"t": db.now() + 10})
    token_calls = calls(emulator, "POST /oauth2/token")

    async def burst(base_url: str) -> list[int]:
        async with httpx2.AsyncClient(base_url=base_url, cookies={"gh_session": cookie}) as browser:
            answers = await asyncio.gather(*(browser.get("/") for _ in range(20)))
        return [answer.status_code for answer in answers]

    with serve_in_thread(create_app(settings)) as url:
        statuses = asyncio.run(burst(url))
    assert statuses == [200] * 20
    assert calls(emulator, "POST /oauth2/token") == token_calls + 1


def test_logout_needs_csrf(client: TestClient) -> None:
    sign_in(client, ADA)
    refused = client.post("/auth/logout")
    assert refused.status_code == 403
    assert run(client, "SELECT COUNT(*) AS n FROM sessions") == [{"n": 1}]


def test_logout_deletes_session_and_tokens_and_revokes_the_grant(client: TestClient, emulator: httpx2.Client) -> None:
    sign_in(client, ADA)
    cookie = client.cookies["gh_session"]
    token = csrf(client, "/auth/logout")
    response = client.post("/auth/logout", data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["location"] == "/auth/login?reason=signed_out"
    assert run(client, "SELECT COUNT(*) AS n FROM sessions") == [{"n": 0}]
    assert run(client, "SELECT access_token FROM discord_accounts") == [{"access_token": None}]
    assert calls(emulator, "POST /oauth2/token/revoke", 200) == 1
    client.cookies.set("gh_session", cookie)
    reused = client.get("/guilds")
    assert reused.status_code == 303
    assert reused.headers["location"].startswith("/auth/login")


def test_logout_succeeds_when_discord_is_down(client: TestClient, emulator: httpx2.Client) -> None:
    sign_in(client, ADA)
    emulator.post("/_emulator/control/faults", json={"route": "POST /oauth2/token/revoke", "status": 500, "count": 5})
    response = client.post("/auth/logout", data={"csrf_token": csrf(client, "/auth/logout")})
    assert response.status_code == 303
    assert run(client, "SELECT COUNT(*) AS n FROM sessions") == [{"n": 0}]


def test_logout_page_works_without_javascript(client: TestClient) -> None:
    sign_in(client, ADA)
    page = html(client.get("/auth/logout"))
    form = page.css_first("form[action='/auth/logout'][method=post]")
    assert form is not None
    assert form.css_first("input[name=csrf_token]") is not None


def test_sign_out_everywhere_ends_every_session(settings: Settings) -> None:
    with (
        TestClient(create_app(settings), base_url=TEST_BASE_URL, follow_redirects=False) as laptop,
        TestClient(create_app(settings), base_url=TEST_BASE_URL, follow_redirects=False) as phone,
    ):
        sign_in(laptop, ADA)
        sign_in(phone, ADA)
        assert len(run(laptop, "SELECT id_hash FROM sessions")) == 2
        answer = laptop.post("/auth/logout/everywhere", data={"csrf_token": csrf(laptop, "/auth/logout")})
        assert answer.headers["location"] == "/auth/login?reason=signed_out_everywhere"
        assert run(laptop, "SELECT COUNT(*) AS n FROM sessions") == [{"n": 0}]
        assert phone.get("/guilds").headers["location"].startswith("/auth/login")


def test_csrf_token_from_header_and_origin_checks(client: TestClient) -> None:
    sign_in(client, ADA)
    token = csrf(client, "/auth/logout")
    cross = client.post("/auth/logout", data={"csrf_token": token}, headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403
    site = client.post("/auth/logout", data={"csrf_token": token}, headers={"Sec-Fetch-Site": "cross-site"})
    assert site.status_code == 403
    wrong = client.post("/auth/logout", headers={"X-CSRF-Token": "nope"})
    assert wrong.status_code == 403
    ok = client.post("/auth/logout", headers={"X-CSRF-Token": token, "HX-Request": "true", "Origin": TEST_BASE_URL})
    assert ok.status_code == 204
    assert ok.headers["hx-redirect"] == "/auth/login?reason=signed_out"


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/").headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


def test_oversized_body_gets_413(client: TestClient, settings: Settings) -> None:
    response = client.post("/auth/logout", content=b"x" * (settings.max_body_bytes + 1))
    assert response.status_code == 413


def test_a_chunked_body_is_counted_as_it_arrives(client: TestClient, settings: Settings) -> None:
    """A chunked body declares no length: it is refused once it grows past the limit, and passed on below it."""
    limit = settings.max_body_bytes
    past = client.post("/auth/logout", content=iter([b"x" * limit, b"x"]))
    assert past.status_code == 413
    assert "at most 1024 KiB" in past.text
    within = client.post("/auth/logout", content=iter([b"csrf_token=", b"nope"]))
    assert within.status_code == 403  # read whole and checked: the token is wrong


def test_a_malformed_content_length_gets_413(client: TestClient) -> None:
    assert client.post("/auth/logout", content=b"x", headers={"Content-Length": "1x"}).status_code == 413


def test_templates_escape_user_input(client: TestClient) -> None:
    page = client.get("/auth/login", params={"next": '/"><script>alert(1)</script>'})
    assert html(page).css_first("script:not([src])") is None


def test_development_mode_shows_the_emulator_banner(client: TestClient) -> None:
    banner = html(client.get("/auth/login")).css_first(".dev-banner")
    assert banner is not None
    assert "emulator" in banner.text()


def test_oversized_htmx_request_answers_in_the_alert_region(client: TestClient, settings: Settings) -> None:
    response = client.post("/auth/logout", content=b"x" * (settings.max_body_bytes + 1), headers={"HX-Request": "true"})
    assert response.status_code == 413
    assert response.headers["hx-retarget"] == "#alerts"
    assert "at most 1024 KiB" in html(response).css_first("[role=alert]").text()  # type: ignore[union-attr]
