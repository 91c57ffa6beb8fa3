"""Load: 100 managers at once for a minute, each signing in, opening an editor, editing a field again and again.

No answer may be a 5xx, and every edit a manager was told was saved must be in the final drafts. The managers are
the emulator's crowd (administrators of Analytical Engines); the app runs on a real port, one process, as served.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode, urlsplit

import httpx2
import pytest
from selectolax.lexbor import LexborHTMLParser

from app.core import db
from app.settings import Settings
from app.web import create_app
from emulator.fixtures import CROWD
from emulator.server import serve_in_thread
from tests.web.test_builder_helpers import form_fields

pytestmark = pytest.mark.slow

MANAGERS = 100
SECONDS = float(os.environ.get("GUILDHALL_LOAD_SECONDS", "60"))
GUILD = "200000000000000001"
FIELD = "f:components[0].content"


@dataclass
class Manager:
    user_id: str
    editor: str = ""
    item_id: int = 0
    saved: str = ""
    statuses: Counter[int] = field(default_factory=Counter)


async def sign_in(http: httpx2.AsyncClient, manager: Manager) -> None:
    """Discord sign-in as a browser makes it; the emulator redirects to the registered test host, rewritten here."""
    start = await http.get("/auth/discord/login")
    authorize = f"{start.headers['location']}&{urlencode({'login_as': manager.user_id, 'consent': 'approve'})}"
    async with httpx2.AsyncClient(timeout=60) as discord:
        consent = await discord.get(authorize)
    back = urlsplit(consent.headers["location"])
    done = await http.get(f"{back.path}?{back.query}")
    manager.statuses[done.status_code] += 1
    assert done.status_code == 303, done.text[:300]


async def open_editor(http: httpx2.AsyncClient, manager: Manager, number: int) -> list[tuple[str, str]]:
    library = f"/guilds/{GUILD}/messages"
    token = LexborHTMLParser((await http.get(library)).text).css_first("input[name=csrf_token]")
    assert token is not None
    created = await http.post(
        library, data={"csrf_token": token.attributes["value"], "starter": "blank", "name": f"Load {number}"}
    )
    assert created.status_code == 303, created.text[:300]
    manager.editor = created.headers["location"].split("?")[0]
    manager.item_id = int(manager.editor.rsplit("/", 1)[1])
    return form_fields(LexborHTMLParser((await http.get(manager.editor)).text))


async def edit_until(
    http: httpx2.AsyncClient, manager: Manager, fields: list[tuple[str, str]], deadline: float
) -> None:
    headers = {"HX-Request": "true", "HX-Trigger-Name": FIELD, "content-type": "application/x-www-form-urlencoded"}
    number = 0
    while time.monotonic() < deadline:
        value = f"{manager.user_id} edit {number}"
        sent = [(name, value if name == FIELD else old) for name, old in fields]
        answer = await http.post(f"{manager.editor}/edit", content=urlencode(sent), headers=headers)
        manager.statuses[answer.status_code] += 1
        revision = LexborHTMLParser(answer.text).css_first("#revision")
        if answer.status_code == 200 and revision is not None:
            manager.saved = value
            fields = [(n, str(revision.attributes["value"]) if n == "revision" else v) for n, v in fields]
        number += 1


async def manage(url: str, manager: Manager, number: int, deadline: float) -> None:
    limits = httpx2.Limits(max_connections=2)
    async with httpx2.AsyncClient(base_url=url, follow_redirects=False, timeout=120, limits=limits) as http:
        try:
            await sign_in(http, manager)
            fields = await open_editor(http, manager, number)
            await edit_until(http, manager, fields, deadline)
        except httpx2.HTTPError as exc:
            manager.statuses[599] += 1
            raise AssertionError(f"{manager.user_id}: {exc!r}") from exc


def test_a_hundred_managers_editing_for_a_minute(settings: Settings) -> None:
    managers = [Manager(user_id) for user_id in list(CROWD)[:MANAGERS]]
    # The emulator shares this process with the hundred clients and slows with them; Discord itself would not.
    app = create_app(replace(settings, upstream_timeout=60))
    with serve_in_thread(app) as url:

        async def everyone() -> list[BaseException | None]:
            deadline = time.monotonic() + SECONDS
            runs = (manage(url, m, n, deadline) for n, m in enumerate(managers))
            return list(await asyncio.gather(*runs, return_exceptions=True))

        failures = [failure for failure in asyncio.run(everyone()) if failure is not None]
    assert not failures, failures[:5]
    drafts = asyncio.run(_drafts(settings.database_url, [m.item_id for m in managers]))
    statuses = sum((m.statuses for m in managers), Counter())
    assert not [status for status in statuses if status >= 500], statuses
    saving = [m for m in managers if m.saved]
    assert len(saving) >= MANAGERS // 2, f"only {len(saving)} managers got an edit saved: {statuses}"
    for manager in saving:
        assert drafts[manager.item_id]["components"][0]["content"] == manager.saved


async def _drafts(database_url: str, item_ids: list[int]) -> dict[int, dict[str, list[dict[str, str]]]]:
    database = db.create(database_url)
    await database.connect()
    try:
        rows = await database.fetch_all("SELECT id, payload FROM builder_items")
    finally:
        await database.disconnect()
    return {int(r["id"]): json.loads(r["payload"]) for r in rows if int(r["id"]) in item_ids}
