"""Every builder route, fed missing, huge, repeated and wrongly typed fields and odd query strings: an answer, never a
server error, and never a change to another guild's entry."""

from __future__ import annotations

import json

from starlette.testclient import TestClient

from tests.web.support import ADA, csrf, sign_in, walk_routes
from tests.web.test_builder_helpers import G1, G2, base, create, item_row

JUNK_FIELDS: list[dict[str, object]] = [
    {},
    {"revision": "1", "do": "x" * 10_000, "name": "n" * 50_000, "json": "{" * 1000},
    {"revision": ["1", "2"], "channel_id": ["a", "b"], "mode": "update", "choice": "copy", "mine": "null"},
    {"revision": "١٢", "version_name": "\x00\ud7ff", "meta:name": "", "f:": "", "f:components": "[]"},
    {"revision": "1", "do": "add components", "t:components": "-1", "i:components[0]": "0"},
]
QUERIES = [
    "?theme=<script>",
    "?q=" + "%" * 500,
    "?kind=form&q=_",
    "?a=1&b=2",
    "?a=draft&b=x",
    "?done=<b>",
    "?item=9" * 3,
]


def builder_routes(client: TestClient) -> list[tuple[str, set[str]]]:
    return [(p, m) for p, m in walk_routes(list(client.app.routes)) if "/messages" in p]  # type: ignore[attr-defined]


def test_no_junk_gets_a_server_error(client: TestClient) -> None:
    sign_in(client, ADA)
    item_id = create(client, "support")
    token = csrf(client, base())
    for path, methods in builder_routes(client):
        url = path.replace("{guild_id}", G1).replace("{message_id}", str(item_id)).replace("{version_id}", "1")
        for method in methods:
            if method == "GET":
                for query in QUERIES:
                    assert client.get(url + query).status_code < 500, (url, query)
                continue
            for fields in JUNK_FIELDS:
                response = client.post(url, data={"csrf_token": token, **fields})
                assert response.status_code < 500, (url, fields, response.status_code)
            files = {"file": ("x.json", b"\x00" * 2000, "application/json"), "name": ("n.txt", b"x", "text/plain")}
            upload = client.post(url, data={"csrf_token": token, "revision": "1"}, files=files)
            assert upload.status_code < 500, (url, "upload")


def test_another_guilds_entry_is_never_touched(client: TestClient) -> None:
    sign_in(client, ADA)
    item_id = create(client, "support", guild_id=G1)
    before = item_row(client, item_id)
    token = csrf(client, base(G2))
    revision = str(before["revision"])
    for path, methods in builder_routes(client):
        url = path.replace("{guild_id}", G2).replace("{message_id}", str(item_id)).replace("{version_id}", "1")
        if "POST" in methods:
            fields = {"csrf_token": token, "revision": revision, "do": "remove components[0]", "name": "taken"}
            fields |= {"json": json.dumps({"flags": 32768, "components": []}), "choice": "overwrite", "mine": "{}"}
            client.post(url, data=fields)
    after = item_row(client, item_id)
    assert after == before
