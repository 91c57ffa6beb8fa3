"""Load: 100 managers at once for a minute, each signing in, opening an editor, editing a field again and again.

No answer may be a 5xx, and every edit a manager was told was saved must be in the final drafts. The managers are
the emulator's crowd (administrators of Analytical Engines); the app runs on a real port, one process, as served.
Then the same load on PostgreSQL while the server drops every connection of the app, twice: the connections are
made again, no request is answered 500, a 503 (with Retry-After) is retried as a person would, after reloading the
editor, and nothing committed is lost. Each run prints its figures, which the README quotes.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode, urlsplit

import asyncpg
import httpx2
import pytest
from selectolax.lexbor import LexborHTMLParser

from app.core import db
from app.settings import Settings
from app.web import create_app
from emulator.fixtures import CROWD
from emulator.server import serve_in_thread
from tests.conftest import empty_postgres, make_settings
from tests.web.test_builder_helpers import form_fields

pytestmark = pytest.mark.slow

MANAGERS = 100
SECONDS = float(os.environ.get("GUILDHALL_LOAD_SECONDS", "60"))
DROP_SECONDS = float(os.environ.get("GUILDHALL_DROP_SECONDS", "30"))
GUILD = "200000000000000001"
FIELD = "f:components[0].content"
EDIT_HEADERS = {"HX-Request": "true", "HX-Trigger-Name": FIELD, "content-type": "application/x-www-form-urlencoded"}


@dataclass
class Manager:
    user_id: str
    editor: str = ""
    item_id: int = 0
    saved: str = ""
    saved_at: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)
    unretried: int = 0  # 5xx answers without a Retry-After: the client cannot know it may try again

    async def ask(self, sending: Awaitable[httpx2.Response]) -> httpx2.Response:
        started = time.monotonic()
        answer = await sending
        self.seconds.append(time.monotonic() - started)
        self.statuses[answer.status_code] += 1
        if answer.status_code >= 500 and "retry-after" not in answer.headers:
            self.unretried += 1
        return answer


async def patiently(manager: Manager, send: Callable[[], Awaitable[httpx2.Response]]) -> httpx2.Response:
    """Send, and send again after the pause a 503 asks for, as a person pressing the button again would."""
    while True:
        answer = await manager.ask(send())
        if answer.status_code != 503 or "retry-after" not in answer.headers:
            return answer
        await asyncio.sleep(min(float(answer.headers["retry-after"]), 1.0))


def said(answer: httpx2.Response) -> str:
    """What a page told the person: its main text, not its head."""
    main = LexborHTMLParser(answer.text).css_first("main")
    return " ".join((main.text() if main is not None else answer.text).split())[:300]


async def sign_in(http: httpx2.AsyncClient, manager: Manager) -> None:
    """Discord sign-in as a browser makes it; the emulator redirects to the registered test host, rewritten here."""
    start = await patiently(manager, lambda: http.get("/auth/discord/login"))
    authorize = f"{start.headers['location']}&{urlencode({'login_as': manager.user_id, 'consent': 'approve'})}"
    async with httpx2.AsyncClient(timeout=60) as discord:
        consent = await discord.get(authorize)
    back = urlsplit(consent.headers["location"])
    done = await manager.ask(http.get(f"{back.path}?{back.query}"))
    assert done.status_code == 303, said(done)


async def open_editor(http: httpx2.AsyncClient, manager: Manager, number: int) -> list[tuple[str, str]]:
    library = f"/guilds/{GUILD}/messages"
    token = LexborHTMLParser((await patiently(manager, lambda: http.get(library))).text).css_first(
        "input[name=csrf_token]"
    )
    assert token is not None
    form = {"csrf_token": token.attributes["value"], "starter": "blank", "name": f"Load {number}"}
    created = await patiently(manager, lambda: http.post(library, data=form))
    assert created.status_code == 303, said(created)
    manager.editor = created.headers["location"].split("?")[0]
    manager.item_id = int(manager.editor.rsplit("/", 1)[1])
    return await reload(http, manager)


async def reload(http: httpx2.AsyncClient, manager: Manager) -> list[tuple[str, str]]:
    """The editor as it now is: its revision, and the field as saved (a lost answer may have hidden a save)."""
    fields = form_fields(LexborHTMLParser((await patiently(manager, lambda: http.get(manager.editor))).text))
    manager.saved = dict(fields)[FIELD]
    return fields


async def edit_until(
    http: httpx2.AsyncClient, manager: Manager, fields: list[tuple[str, str]], deadline: float
) -> None:
    number = 0
    while time.monotonic() < deadline:
        value = f"{manager.user_id} edit {number}"
        sent = urlencode([(name, value if name == FIELD else old) for name, old in fields])
        answer = await manager.ask(http.post(f"{manager.editor}/edit", content=sent, headers=EDIT_HEADERS))
        revision = LexborHTMLParser(answer.text).css_first("#revision")
        if answer.status_code == 200 and revision is not None:
            manager.saved, manager.saved_at = value, time.monotonic()
            fields = [(n, str(revision.attributes["value"]) if n == "revision" else v) for n, v in fields]
        elif answer.status_code == 503:
            await asyncio.sleep(min(float(answer.headers.get("retry-after", "1")), 1.0))
            fields = await reload(http, manager)
        number += 1


@dataclass
class Crowd:
    """Everyone edits for the same `seconds`, from the moment the last manager has the editor open."""

    size: int
    seconds: float
    arrived: int = 0
    deadline: float = 0.0
    editing: asyncio.Event = field(default_factory=asyncio.Event)

    def arrive(self) -> None:
        self.arrived += 1
        if self.arrived == self.size:
            self.deadline = time.monotonic() + self.seconds
            self.editing.set()

    async def ready(self) -> float:
        self.arrive()
        await self.editing.wait()
        return self.deadline


async def manage(url: str, manager: Manager, number: int, crowd: Crowd) -> None:
    limits = httpx2.Limits(max_connections=2)
    async with httpx2.AsyncClient(base_url=url, follow_redirects=False, timeout=120, limits=limits) as http:
        try:
            await sign_in(http, manager)
            fields = await open_editor(http, manager, number)
        except Exception:
            crowd.arrive()  # counted, whatever went wrong, so that the others do not wait for it
            raise
        try:
            await edit_until(http, manager, fields, await crowd.ready())
        except httpx2.HTTPError as exc:
            manager.statuses[599] += 1
            raise AssertionError(f"{manager.user_id}: {exc!r}") from exc


@dataclass(frozen=True)
class Figures:
    requests: int
    server_errors: int
    retried: int
    lost_edits: int
    p99_ms: float

    def __str__(self) -> str:
        return (
            f"{self.requests} requests, {self.server_errors} 5xx ({self.retried} of them 503 retried), "
            f"{self.lost_edits} lost edits, p99 {self.p99_ms:.0f} ms"
        )


def run_load(settings: Settings, seconds: float, during: Callable[[Crowd], Awaitable[Any]] | None = None) -> Figures:
    """MANAGERS managers for `seconds` against the app on a real port; `during(crowd)` runs beside them."""
    managers = [Manager(user_id) for user_id in list(CROWD)[:MANAGERS]]
    # The emulator shares this process with the hundred clients and slows with them; Discord itself would not.
    app = create_app(replace(settings, upstream_timeout=60))
    with serve_in_thread(app) as url:

        async def everyone() -> list[BaseException | None]:
            crowd = Crowd(len(managers), seconds)
            runs = [manage(url, m, n, crowd) for n, m in enumerate(managers)]
            beside = [during(crowd)] if during else []
            return list(await asyncio.gather(*runs, *beside, return_exceptions=True))

        failures = [failure for failure in asyncio.run(everyone()) if isinstance(failure, BaseException)]
    assert not failures, failures[:5]
    return judged(settings.database_url, managers)


def judged(database_url: str, managers: list[Manager]) -> Figures:
    drafts = asyncio.run(_drafts(database_url, [m.item_id for m in managers]))
    statuses = sum((m.statuses for m in managers), Counter())
    assert sum(m.unretried for m in managers) == 0, statuses
    saving = [m for m in managers if m.saved]
    assert len(saving) >= MANAGERS // 2, f"only {len(saving)} managers got an edit saved: {statuses}"
    seconds = sorted(s for m in managers for s in m.seconds)
    return Figures(
        requests=sum(statuses.values()),
        server_errors=sum(n for status, n in statuses.items() if status >= 500),
        retried=statuses[503],
        lost_edits=sum(drafts[m.item_id]["components"][0]["content"] != m.saved for m in saving),
        p99_ms=seconds[int(len(seconds) * 0.99)] * 1000,
    )


def test_a_hundred_managers_editing_for_a_minute(
    settings: Settings, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = run_load(settings, SECONDS)
    report(capsys, f"load on {urlsplit(database_url).scheme.split('+')[0]}: {figures}")
    assert (figures.server_errors, figures.lost_edits) == (0, 0), figures


@pytest.fixture
def on_postgres(postgres_database: str, emulator: httpx2.Client, emulator_url: str) -> Iterator[Settings]:
    yield make_settings(postgres_database, emulator_url)
    empty_postgres(postgres_database)


@pytest.mark.postgres
def test_postgresql_drops_every_connection_in_the_middle_of_the_load(
    on_postgres: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    dropped: list[int] = []
    url = on_postgres.database_url

    async def drop_twice(crowd: Crowd) -> None:
        """Once everyone is editing (a sign-in's one-time state cannot be sent twice), at a third and two thirds."""
        await crowd.editing.wait()
        for _ in range(2):
            await asyncio.sleep(DROP_SECONDS / 3)
            dropped.append(await drop_connections(url))

    figures = run_load(on_postgres, DROP_SECONDS, drop_twice)
    report(capsys, f"load on postgresql, every connection dropped twice ({dropped} dropped): {figures}")
    assert len(dropped) == 2 and min(dropped) >= 1, "the server dropped none of the app's connections"
    assert figures.server_errors == figures.retried, "a 5xx other than a retried 503"
    assert figures.lost_edits == 0, figures


def report(capsys: pytest.CaptureFixture[str], figures: str) -> None:
    """Straight to the terminal, captured or not: CI's log keeps the figures the README quotes."""
    with capsys.disabled():
        print(f"\n{figures}")


async def drop_connections(database_url: str) -> int:
    """What a server restart does to the app: every connection to its database ends, server-side."""
    parts = urlsplit(database_url)
    admin = await asyncpg.connect(parts._replace(path="/postgres").geturl())
    try:
        count: int = await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = $1 AND pid <> pg_backend_pid()",
            parts.path.lstrip("/"),
        )
        return count
    finally:
        await admin.close()


async def _drafts(database_url: str, item_ids: list[int]) -> dict[int, dict[str, list[dict[str, str]]]]:
    database = db.create(database_url)
    await database.connect()
    try:
        rows = await database.fetch_all("SELECT id, payload FROM builder_items")
    finally:
        await database.disconnect()
    return {int(r["id"]): json.loads(r["payload"]) for r in rows if int(r["id"]) in item_ids}
