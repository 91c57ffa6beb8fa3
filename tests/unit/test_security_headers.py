"""The hardening headers: added to every response, over https with HSTS, never over a page's own choice."""

from __future__ import annotations

from cryptography.fernet import Fernet
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from app.security.headers import SecurityHeaders
from app.settings import Settings


async def _own_policy(request: Request) -> Response:
    return PlainTextResponse("ok", headers={"Referrer-Policy": "no-referrer"})


def _client(base_url: str) -> TestClient:
    settings = Settings(
        base_url=base_url,
        secret_key="headers-test-secret-key-0123456789abcdef",
        encryption_keys=(Fernet.generate_key().decode(),),
        database_url="sqlite+aiosqlite:///:memory:",
    )
    app = Starlette(routes=[Route("/", _own_policy)], middleware=[Middleware(SecurityHeaders, settings=settings)])
    return TestClient(app)


def test_over_https_every_header_is_added_and_the_pages_own_is_kept_once() -> None:
    answer = _client("https://guildhall.example").get("/")
    assert answer.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    assert answer.headers.get_list("referrer-policy") == ["no-referrer"]
    assert answer.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


def test_over_http_there_is_no_hsts() -> None:
    answer = _client("http://127.0.0.1:8000").get("/")
    assert "strict-transport-security" not in answer.headers
    assert answer.headers["x-content-type-options"] == "nosniff"
