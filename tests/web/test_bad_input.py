"""Whatever arrives at any route of the application, the answer is never a 500, and a refusal says why.

The routes come from the application's route table, so a new route is covered the day it is added. Each gets
random fields of random types and sizes (up to near the body limit), in random encodings, from a signed-in manager
with a valid CSRF token (so the request reaches the route's own code, not only the guards). Every id in a path also
gets, every time, the values that are no id: zero, negative, past the database's 64-bit integers, not digits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from databases import Database
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from app.core import db
from app.settings import Settings
from tests.web.support import ADA, csrf, html, sign_in, walk_routes
from tests.web.test_auth_login import run

GUILD = "200000000000000001"
FIXTURE_PARAMS = {"guild_id": GUILD}
# Static files; the signature check (tested on its own); and the routes that end the session these requests use.
SKIPPED = ("/static", "/interactions", "/auth/logout")
EXAMPLES_PER_ROUTE = 6
# 2**63 - 1 is the largest 64-bit INTEGER, yet longer than any id handed out; 2**63 and 10**30 overflow it.
NOT_IDS = ["0", "-1", str(2**63 - 1), str(2**63), str(10**30), "abc", "1e3", "%00"]
PARAMETER = re.compile(r"\{(\w+)(?::(\w+))?\}")

text = st.text(st.characters(codec="utf-8"), max_size=300)
values = st.one_of(text, st.integers().map(str), st.sampled_from(["", "0", "-1", "1e309", "null", "[]", "{}"]))
# A field past every limit the app has, up to near the body limit (1 MiB): built in the test, not shown by Hypothesis.
large_sizes = st.sampled_from([0, 0, 0, 4_001, 65_536, 900_000])
fields = st.dictionaries(
    st.sampled_from(
        [
            "name",
            "title",
            "value",
            "path",
            "type",
            "q",
            "content",
            "label",
            "repository_id",
            "token",
            "payload",
            "channel_id",
            "revision",
            "x",
        ]
    )
    | text,
    values,
    max_size=8,
)


def concrete(path: str, filler: str) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: FIXTURE_PARAMS.get(m.group(1), filler), path)


def id_parameters(path: str) -> list[str]:
    """The parameters of `path` that name an id: `{x:id}` or `{x:int}`, and any `{..._id}` (a guild's snowflake)."""
    return [name for name, kind in PARAMETER.findall(path) if kind in ("id", "int") or name.endswith("_id")]


def with_id(path: str, name: str, value: str) -> str:
    """`path` with `value` for the parameter `name`, the fixture's guild and id 1 for the others."""
    return PARAMETER.sub(lambda m: value if m.group(1) == name else FIXTURE_PARAMS.get(m.group(1), "1"), path)


def targets(client: TestClient) -> list[tuple[str, str]]:
    routes = walk_routes(list(client.app.routes))  # type: ignore[attr-defined]
    return sorted((method, path) for path, methods in routes for method in methods if not path.startswith(SKIPPED))


def send(client: TestClient, method: str, path: str, body: dict[str, str], encoding: str, token: str) -> Any:
    headers = {"X-CSRF-Token": token}
    if method == "GET":
        return client.get(path, params=body)
    if encoding == "form":
        return client.request(method, path, data=body, headers=headers)
    if encoding == "multipart":
        return client.request(
            method, path, data=body, files={"file": ("x.json", b"\xff\x00{", "application/json")}, headers=headers
        )
    if encoding == "json":
        return client.request(
            method, path, content=json.dumps(body), headers={**headers, "Content-Type": "application/json"}
        )
    return client.request(
        method, path, content=b"\xff\xfe\x00garbage", headers={**headers, "Content-Type": "text/plain"}
    )


def said_why(answer: Any) -> bool:
    """A refusal is a page that says what went wrong: an alert, a field's error or a heading with text."""
    said = html(answer).css_first("[role=alert], .error, h1")
    return "text/html" in answer.headers.get("content-type", "") and said is not None and bool(said.text().strip())


def fuzz(client: TestClient, token: str, method: str, path: str) -> None:
    @settings(max_examples=EXAMPLES_PER_ROUTE, deadline=None, suppress_health_check=list(HealthCheck))
    @given(fields, st.sampled_from(["form", "multipart", "json", "bytes"]), text, large_sizes)
    def check(body: dict[str, str], encoding: str, filler: str, large: int) -> None:
        if large and method != "GET":  # an address that long is refused before it is sent
            body = {**body, "value": "\u00e9" * (large // 2)}  # two bytes each in UTF-8
        answer = send(client, method, concrete(path, quote(filler, safe="") or "1"), body, encoding, token)
        assert answer.status_code < 500, (method, path, encoding, answer.text[:500])
        if answer.status_code >= 400:
            assert said_why(answer), (method, path, answer.status_code, answer.text[:500])

    check()


@pytest.fixture
def administrator(client: TestClient) -> tuple[TestClient, str]:
    """ada, a guild manager who also holds the Admin role, so admin routes run their own code too."""
    sign_in(client, ADA)
    run(
        client,
        "INSERT INTO user_roles (user_id, role_id) SELECT u.id, r.id FROM users u, roles r "
        "WHERE u.username = 'ada' AND r.name = 'Admin' RETURNING user_id",
    )
    return client, csrf(client, "/guilds")


def test_no_route_answers_500_to_random_input(administrator: tuple[TestClient, str]) -> None:
    client, token = administrator
    routes = targets(client)
    assert len(routes) > 20
    for method, path in routes:
        fuzz(client, token, method, path)
    assert client.get("/auth/status").json()["authenticated"], "a route ended the session: later ones went untested"


def wrong_answers(client: TestClient, token: str, value: str) -> Iterator[tuple[str, str, str, int]]:
    """(method, path, parameter, status) of each request with `value` for an id that is not answered 404, or 405
    by a route without that method."""
    for path, methods in walk_routes(list(client.app.routes)):  # type: ignore[attr-defined]
        for name in id_parameters(path):
            for method in ("GET", "POST"):
                answer = client.request(method, with_id(path, name, value), headers={"X-CSRF-Token": token})
                if answer.status_code not in ({404} if method in methods else {404, 405}):
                    yield method, path, name, answer.status_code


@pytest.mark.parametrize("value", NOT_IDS)
def test_what_is_no_id_finds_nothing_in_every_route(administrator: tuple[TestClient, str], value: str) -> None:
    client, token = administrator
    tried = [path for path, _ in walk_routes(list(client.app.routes)) if id_parameters(path)]  # type: ignore[attr-defined]
    assert len(tried) > 20
    wrong = list(wrong_answers(client, token, value))
    assert not wrong, "\n".join(f"{method} {path} ({name}): {status}" for method, path, name, status in wrong)
    assert client.get("/auth/status").json()["authenticated"], "a route ended the session: later ones went untested"


def test_bodies_past_the_limit_get_413_on_every_route(administrator: tuple[TestClient, str]) -> None:
    client, token = administrator
    limit = client.app.state.provided[Settings].max_body_bytes  # type: ignore[attr-defined]
    for method, path in targets(client):
        if method == "GET":
            continue
        answer = client.request(method, concrete(path, "1"), data={"x": "y" * limit}, headers={"X-CSRF-Token": token})
        assert answer.status_code == 413, (method, path, answer.status_code)
        assert "at most" in answer.text


def test_a_nul_character_anywhere_is_looked_up_or_stored_without_a_500(administrator: tuple[TestClient, str]) -> None:
    """PostgreSQL's text holds no NUL; the same requests answer alike on both engines."""
    client, token = administrator
    for path, field in (("/admin/activity", "user"), ("/admin/users", "q"), (f"/guilds/{GUILD}/messages", "q")):
        assert client.get(path, params={field: "ada\x00"}).status_code == 200, path
    signed_in = client.post(
        "/auth/login", data={"login": "ada\x00", "password": "x\x00"}, headers={"X-CSRF-Token": token}
    )
    assert signed_in.status_code == 422
    made = client.post(f"/guilds/{GUILD}/messages", data={"name": "Rules\x00", "kind": "message", "csrf_token": token})
    assert made.status_code == 303
    name = run(client, "SELECT name FROM builder_items ORDER BY id DESC LIMIT 1")[0]["name"]
    database = client.app.state.provided[Database]  # type: ignore[attr-defined]
    # SQLite keeps the NUL as typed; PostgreSQL binds the replacement character in its place.
    assert name == ("Rules\ufffd" if db.is_postgres(database) else "Rules\x00")
