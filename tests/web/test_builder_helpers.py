"""Helpers for the builder's web tests: create entries, read the editor form as a browser would, submit it."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from selectolax.lexbor import LexborHTMLParser
from starlette.testclient import TestClient

from tests.web.support import csrf, html
from tests.web.test_auth_login import run

G1, G2, G3 = (f"20000000000000000{n}" for n in range(1, 4))
SUPPORT, GENERAL, WELCOME = (f"30000000000000000{n}" for n in range(1, 4))


def base(guild_id: str = G1) -> str:
    return f"/guilds/{guild_id}/messages"


def create(client: TestClient, starter: str = "blank", name: str = "", guild_id: str = G1) -> int:
    token = csrf(client, base(guild_id))
    response = client.post(base(guild_id), data={"csrf_token": token, "starter": starter, "name": name})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].split("/")[-1].split("?")[0])


def item_row(client: TestClient, item_id: int) -> dict[str, Any]:
    (found,) = run(client, "SELECT * FROM builder_items WHERE id = :i", {"i": item_id})
    return {**found, "payload": json.loads(found["payload"])}


def draft(client: TestClient, item_id: int) -> Any:
    return item_row(client, item_id)["payload"]


def set_draft(client: TestClient, item_id: int, payload: Any) -> None:
    run(
        client,
        "UPDATE builder_items SET payload = :p, revision = revision + 1 WHERE id = :i",
        {"p": json.dumps(payload), "i": item_id},
    )


def form_fields(page: LexborHTMLParser, form_id: str = "draft-form") -> list[tuple[str, str]]:
    """What a browser would submit from the form: every named input, select and textarea, in order
    (a checkbox only when checked), without any submit button; those that name the form from outside it last."""
    form = page.css_first(f"#{form_id}")
    assert form is not None, f"#{form_id} not found"
    pairs: list[tuple[str, str]] = []
    inside = [node for node in form.css("input, select, textarea") if "form" not in node.attributes]
    named = f'input[form="{form_id}"], select[form="{form_id}"], textarea[form="{form_id}"]'
    for node in [*inside, *page.css(named)]:
        name = node.attributes.get("name")
        if not name:
            continue
        if node.tag == "select":
            chosen = node.css_first("option[selected]") or node.css_first("option")
            pairs.append((name, str(chosen.attributes.get("value", chosen.text())) if chosen else ""))
        elif node.tag == "textarea":
            pairs.append((name, node.text()))
        elif node.attributes.get("type") in ("checkbox", "radio"):
            if "checked" in node.attributes:
                pairs.append((name, str(node.attributes.get("value") or "on")))
        elif node.attributes.get("type") not in ("submit", "button", "file"):
            pairs.append((name, str(node.attributes.get("value") or "")))
    return pairs


def submit(
    client: TestClient,
    page_response: Any,
    *,
    changes: dict[str, str] | None = None,
    button: tuple[str, str] | None = None,
    action: str = "",
    headers: dict[str, str] | None = None,
    form_id: str = "draft-form",
) -> Any:
    """Submit the page's form as a browser would: its fields with `changes` applied, plus the pressed button."""
    page = html(page_response)
    pairs = form_fields(page, form_id)
    changes = dict(changes or {})
    pairs = [(name, changes.pop(name, value)) for name, value in pairs] + list(changes.items())
    if button:
        pairs.append(button)
    form = page.css_first(f"#{form_id}")
    assert form is not None
    target = action or str(form.attributes["action"])
    return post_pairs(client, target, pairs, headers)


def post_pairs(
    client: TestClient, url: str, pairs: list[tuple[str, str]], headers: dict[str, str] | None = None
) -> Any:
    """A urlencoded POST that keeps the order and repeats of `pairs`, as a browser sends a form."""
    sent = {"content-type": "application/x-www-form-urlencoded", **(headers or {})}
    return client.post(url, content=urlencode(pairs), headers=sent)


def field_name(path: str) -> str:
    return f"f:{path}"


def field_id(path: str) -> str:
    return "f-" + slug(path)


def slug(path: str) -> str:
    return path.replace("[", "-").replace("]", "").replace(".", "-")
