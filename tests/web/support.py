"""Helpers for web tests: signing in through the emulator over HTTP, reading pages as parsed HTML."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx2
from selectolax.lexbor import LexborHTMLParser
from starlette.routing import BaseRoute, Mount, Route
from starlette.testclient import TestClient

ADA, GRACE, LINUS, MARGARET, ALAN = (f"10000000000000000{n}" for n in range(1, 6))


def html(response: Any) -> LexborHTMLParser:
    return LexborHTMLParser(response.text)


def text_of(response: Any, selector: str) -> str:
    node = html(response).css_first(selector)
    assert node is not None, f"{selector} not found in the page"
    return " ".join(node.text().split())


def csrf(client: TestClient, path: str = "/") -> str:
    """The CSRF token the page at `path` hands to its forms."""
    page = client.get(path)
    node = html(page).css_first("input[name=csrf_token]") or html(client.get("/auth/logout")).css_first(
        "input[name=csrf_token]"
    )
    assert node is not None, "no CSRF field found"
    return str(node.attributes["value"])


def start_login(client: TestClient, next_path: str = "/") -> str:
    """Ask Guildhall to start a Discord sign-in; return the authorize URL it redirects to."""
    response = client.get("/auth/discord/login", params={"next": next_path})
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def authorize(authorize_url: str, user_id: str, consent: str = "approve") -> str:
    """Answer Discord's consent page as `user_id`; return the callback URL Discord redirects back to."""
    with httpx2.Client(follow_redirects=False, timeout=10) as browser:
        answer = browser.get(f"{authorize_url}&{urlencode({'login_as': user_id, 'consent': consent})}")
    assert answer.status_code in (302, 303, 307), answer.text
    return str(answer.headers["location"])


def callback_path(callback_url: str) -> str:
    parts = urlsplit(callback_url)
    return f"{parts.path}?{parts.query}"


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def sign_in(client: TestClient, user_id: str, next_path: str = "/") -> Any:
    """The whole Discord sign-in, as a browser would make it; returns the callback's response."""
    callback = authorize(start_login(client, next_path), user_id)
    return client.get(callback_path(callback))


def emulator_state(emulator: httpx2.Client) -> dict[str, Any]:
    state: dict[str, Any] = emulator.get("/_emulator/control/state").json()
    return state


def calls(emulator: httpx2.Client, route: str, status: int | None = None) -> int:
    """How many requests the emulator answered on `route` ("GET /users/@me/guilds"), optionally by status."""
    counts: dict[str, int] = emulator_state(emulator)["counts"].get(route, {})
    if status is None:
        return sum(counts.values())
    return counts.get(str(status), 0)


def walk_routes(routes: list[BaseRoute], prefix: str = "") -> Iterator[tuple[str, set[str]]]:
    """Every (full path, methods) of an application's route table, mounts included."""
    for route in routes:
        if isinstance(route, Mount):
            yield from walk_routes(route.routes, prefix + route.path)
        elif isinstance(route, Route):
            yield prefix + route.path, set(route.methods or {"GET"}) - {"HEAD"}
