"""Reading what clients send: Authorization schemes, HTTP Basic, form fields, PKCE; comparing secrets."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from typing import Any

from starlette.requests import Request

PKCE_VERIFIER = re.compile(r"[A-Za-z0-9\-._~]{43,128}")
PKCE_CHALLENGE = re.compile(r"[A-Za-z0-9_-]{43}")


def scheme_token(request: Request, *schemes: str) -> str | None:
    """The credential after one of `schemes` (case-insensitive) in the Authorization header."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() in {s.lower() for s in schemes} and value.strip():
        return value.strip()
    return None


def basic_credentials(request: Request) -> tuple[str, str] | None:
    encoded = scheme_token(request, "Basic")
    if encoded is None:
        return None
    try:
        decoded = base64.b64decode(encoded, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, colon, password = decoded.partition(":")
    return (user, password) if colon else None


def same_secret(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


async def form_fields(request: Request) -> dict[str, str] | None:
    """The text fields of a form body, or None when the body is not a form (JSON, say)."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        return None
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


async def json_body(request: Request, empty: Any = None) -> Any:
    """The body as JSON (`empty` when there is none); ValueError when it is not JSON, or nested absurdly deep."""
    raw = await request.body()
    if not raw:
        return empty
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise ValueError("the body must be JSON") from None
