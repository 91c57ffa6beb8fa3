"""CSRF protection for every state-changing request.

The token is an HMAC of the session's own secret (or, before sign-in, of the browser nonce), so it is per session
and needs no storage. No-JS forms send it as the `csrf_token` field, htmx as the `X-CSRF-Token` header (set once
through `hx-headers` on <body>). On top, a request that says where it came from (`Origin`, `Sec-Fetch-Site`) must
come from this site. The interactions endpoint is exempt: Discord's Ed25519 signature authenticates it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.crypto import same

FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


@lru_cache(maxsize=4096)
def token_for(secret_key: str, binding: str) -> str:
    """Kept per binding: a session asks for its token on every request."""
    mac = hmac.new(secret_key.encode(), f"csrf|{binding}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _submitted_token(scope: Scope, body: bytes) -> str:
    headers = Headers(scope=scope)
    if HEADER in headers:
        return headers[HEADER]
    content_type = headers.get("content-type", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        values: list[str] = parse_qs(body.decode("utf-8", "replace")).get(FIELD, [""])
        return values[0]
    if content_type.startswith("multipart/form-data"):
        async with Request(scope, _replay(body)).form() as form:
            value = form.get(FIELD)
            return value if isinstance(value, str) else ""
    return ""


class CSRFProtection:
    def __init__(self, app: ASGIApp, secret_key: str, base_url: str, exempt: tuple[str, ...]) -> None:
        self.app = app
        self.secret_key = secret_key
        self.origin = origin_of(base_url)
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        binding = scope.get("csrf_binding", "")
        expected = token_for(self.secret_key, binding)
        scope["csrf_token"] = expected
        if scope["method"] in SAFE_METHODS or scope["path"].startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        problem = self._cross_site(scope) or await self._bad_token(scope, body, expected, binding)
        if problem:
            await self._refuse(scope, send, problem)
            return
        await self.app(scope, _replay(body), send)

    def _cross_site(self, scope: Scope) -> str:
        headers = Headers(scope=scope)
        origin, site = headers.get("origin", ""), headers.get("sec-fetch-site", "")
        if origin and origin != self.origin:
            return "This request came from another site, so Guildhall refused it."
        if site and site not in ("same-origin", "none"):
            return "This request came from another site, so Guildhall refused it."
        return ""

    async def _bad_token(self, scope: Scope, body: bytes, expected: str, binding: str) -> str:
        submitted = await _submitted_token(scope, body)
        if not binding or not submitted or not same(submitted, expected):
            return "This form has expired or was opened in another session. Reload the page and try again."
        return ""

    async def _refuse(self, scope: Scope, send: Send, message: str) -> None:
        from app.core.errors import error_response

        response = error_response(Request(scope), 403, message)
        await response(scope, _replay(b""), send)
