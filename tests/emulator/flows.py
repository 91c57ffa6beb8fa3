"""Helpers that walk the OAuth flows over HTTP, as a dashboard and its user's browser would."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx2

from app.settings import (
    EMULATOR_BOT_TOKEN,
    EMULATOR_CLIENT_ID,
    EMULATOR_CLIENT_SECRET,
    EMULATOR_GITHUB_CLIENT_ID,
    EMULATOR_GITHUB_CLIENT_SECRET,
)

DISCORD_CALLBACK = "http://dashboard.test/auth/discord/callback"
GITHUB_CALLBACK = "http://dashboard.test/link/github/callback"
API = "/discord/api/v10"
ADA, GRACE, LINUS, MARGARET, ALAN = (f"10000000000000000{n}" for n in range(1, 6))
ENGINES, CLUB, LOOM, HALL = (f"20000000000000000{n}" for n in range(1, 5))
SUPPORT, GENERAL, WELCOME, LOOMS = (f"30000000000000000{n}" for n in range(1, 5))
CATEGORY, VOICE, HALL_CHANNEL = "300000000000000005", "300000000000000006", "300000000000000007"
BOT = {"Authorization": f"Bot {EMULATOR_BOT_TOKEN}"}
CLIENT_AUTH = (EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET)


@dataclass
class Pkce:
    verifier: str
    challenge: str

    @classmethod
    def make(cls) -> Pkce:
        verifier = secrets.token_urlsafe(48)
        digest = hashlib.sha256(verifier.encode()).digest()
        return cls(verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode())


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def discord_authorize(http: httpx2.Client, **params: str) -> httpx2.Response:
    defaults = {
        "response_type": "code",
        "client_id": EMULATOR_CLIENT_ID,
        "scope": "identify email guilds",
        "redirect_uri": DISCORD_CALLBACK,
        "state": "s-123",
    }
    return http.get("/discord/oauth2/authorize", params=defaults | params)


def discord_code(http: httpx2.Client, user_id: str = ADA, pkce: Pkce | None = None, **params: str) -> str:
    """Approve the consent as `user_id` and return the code from the redirect."""
    if pkce is not None:
        params |= {"code_challenge": pkce.challenge, "code_challenge_method": "S256"}
    answer = discord_authorize(http, login_as=user_id, consent="approve", **params)
    assert answer.status_code == 302, answer.text
    return query_of(answer.headers["location"])["code"]


def exchange(http: httpx2.Client, code: str, verifier: str | None = None, **fields: str) -> httpx2.Response:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": DISCORD_CALLBACK} | fields
    if verifier is not None:
        data["code_verifier"] = verifier
    return http.post(f"{API}/oauth2/token", data=data, auth=CLIENT_AUTH)


def discord_tokens(http: httpx2.Client, user_id: str = ADA, scope: str = "identify email guilds") -> dict[str, Any]:
    pkce = Pkce.make()
    answer = exchange(http, discord_code(http, user_id, pkce, scope=scope), pkce.verifier)
    assert answer.status_code == 200, answer.text
    tokens: dict[str, Any] = answer.json()
    return tokens


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def github_code(http: httpx2.Client, login_as: str = "5001", **params: str) -> str:
    query = {
        "client_id": EMULATOR_GITHUB_CLIENT_ID,
        "scope": "public_repo",
        "state": "g-1",
        "login_as": login_as,
        "consent": "approve",
    } | params
    answer = http.get("/github/login/oauth/authorize", params=query)
    assert answer.status_code == 302, answer.text
    return query_of(answer.headers["location"])["code"]


def github_exchange(http: httpx2.Client, code: str, json_answer: bool = True, **fields: str) -> httpx2.Response:
    data = {"client_id": EMULATOR_GITHUB_CLIENT_ID, "client_secret": EMULATOR_GITHUB_CLIENT_SECRET, "code": code}
    headers = {"Accept": "application/json"} if json_answer else {}
    return http.post("/github/login/oauth/access_token", data=data | fields, headers=headers)


def github_token(http: httpx2.Client, login_as: str = "5001") -> str:
    token: str = github_exchange(http, github_code(http, login_as)).json()["access_token"]
    return token


def state(http: httpx2.Client) -> dict[str, Any]:
    dump: dict[str, Any] = http.get("/_emulator/control/state").json()
    return dump
