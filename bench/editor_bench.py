"""The builder under load: the editor page of a 40-component message, and the live edit round trip (the one field
typed in, applied to the stored draft, validated, saved, answered out of band with its status and the preview),
each with 50 concurrent clients, against a baseline measured in the same run (/healthz of the same server).

    .venv/bin/python bench/editor_bench.py [--clients 50] [--requests 20] [--postgres postgresql://user@host/db]

The dashboard and the emulator are served by uvicorn in threads of this process (serve_in_thread), on a fresh
SQLite database; the clients run in a second process, so that they do not compete with the server for the
interpreter. Every client edits an entry of its own, as a manager editing their own draft would.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx2
from cryptography.fernet import Fernet
from selectolax.lexbor import LexborHTMLParser

from app.settings import Settings
from app.web import create_app
from emulator.app import EmulatorConfig, create_emulator
from emulator.server import free_port, serve_in_thread

ADA = "100000000000000001"
GUILD = "200000000000000001"
FIELD = "f:components[0].components[0].content"
LIVE = ("revision", "theme")  # what the editor's script sends with the one field that changed


def forty_components() -> dict[str, object]:
    """Four Containers of nine children each: 40 components, every kind of field to show."""

    def container(n: int) -> dict[str, object]:
        section = {
            "type": 9,
            "components": [{"type": 10, "content": f"Section text {n}"}],
            "accessory": {"type": 2, "style": 1, "label": f"Go {n}", "custom_id": f"go_{n}"},
        }
        select = {
            "type": 3,
            "custom_id": f"pick_{n}",
            "options": [{"label": f"Option {i}", "value": f"v{i}"} for i in range(5)],
        }
        texts = [{"type": 10, "content": f"Paragraph {n}.{i} with **markdown** and <#3000>."} for i in range(3)]
        row = {"type": 1, "components": [select]}
        children = [*texts, section, row, {"type": 14, "divider": True, "spacing": 1}]
        return {"type": 17, "accent_color": 0x5865F2, "components": children}

    return {"flags": 32768, "components": [container(n) for n in range(4)]}


@dataclass
class Client:
    http: httpx2.AsyncClient
    editor: str
    fields: list[tuple[str, str]]


def form_fields(html: str) -> list[tuple[str, str]]:
    """The editor form's fields, as a browser submits them (checkboxes only when checked, no buttons)."""
    form = LexborHTMLParser(html).css_first("#draft-form")
    assert form is not None, "no editor form in the page"
    pairs = []
    for node in form.css("input, select, textarea"):
        name, kind = node.attributes.get("name"), node.attributes.get("type")
        if not name or kind in ("submit", "button") or (kind == "checkbox" and "checked" not in node.attributes):
            continue
        if node.tag == "select":
            chosen = node.css_first("option[selected]") or node.css_first("option")
            pairs.append((name, str(chosen.attributes.get("value", "")) if chosen else ""))
        else:
            pairs.append((name, node.text() if node.tag == "textarea" else str(node.attributes.get("value") or "")))
    return pairs


def live_edit_form(fields: list[tuple[str, str]], value: str) -> list[tuple[str, str]]:
    """A live edit as the editor's script sends it: the one field typed in, with the revision and the theme."""
    return [(name, old) for name, old in fields if name in LIVE] + [(FIELD, value)]


async def sign_in(base: str) -> httpx2.Cookies:
    async with httpx2.AsyncClient(base_url=base, follow_redirects=False, timeout=30) as browser:
        start = await browser.get("/auth/discord/login", params={"next": "/"})
        consent = await browser.get(f"{start.headers['location']}&{urlencode({'login_as': ADA, 'consent': 'approve'})}")
        callback = httpx2.URL(consent.headers["location"])
        done = await browser.get(f"{callback.path}?{callback.query.decode()}")
        assert done.status_code in (302, 303), done.text[:200]
        return browser.cookies


async def prepare(base: str, cookies: httpx2.Cookies) -> Client:
    """An entry of this client's own holding the 40-component message, and its editor's form."""
    http = httpx2.AsyncClient(base_url=base, cookies=cookies, timeout=60, follow_redirects=False)
    library = f"/guilds/{GUILD}/messages"
    token = LexborHTMLParser((await http.get(library)).text).css_first("input[name=csrf_token]")
    assert token is not None
    csrf = str(token.attributes["value"])
    created = await http.post(library, data={"csrf_token": csrf, "starter": "blank"})
    editor = created.headers["location"].split("?")[0]
    payload = json.dumps(forty_components())
    imported = await http.post(f"{editor}/import", data={"csrf_token": csrf, "revision": "1", "json": payload})
    assert imported.status_code == 303, imported.text[:300]
    page = await http.get(editor)
    assert "Components 40/40" in page.text
    return Client(http, editor, form_fields(page.text))


async def edit(client: Client, number: int) -> None:
    """One live edit as the editor's script sends it; keep the new revision."""
    sent = live_edit_form(client.fields, f"Edited text {number}")
    headers = {"HX-Request": "true", "HX-Trigger-Name": FIELD, "content-type": "application/x-www-form-urlencoded"}
    answer = await client.http.post(f"{client.editor}/edit", content=urlencode(sent), headers=headers)
    assert answer.status_code == 200, answer.status_code
    revision = LexborHTMLParser(answer.text).css_first("#revision")
    assert revision is not None
    client.fields = [(n, str(revision.attributes["value"]) if n == "revision" else v) for n, v in client.fields]


async def measure(clients: list[Client], rounds: int, call: Callable[[Client, int], Awaitable[None]]) -> list[float]:
    """Every client makes `rounds` calls one after another, all clients at once; each call's time in ms."""
    timings: list[float] = []

    async def run(client: Client) -> None:
        for number in range(rounds):
            started = time.perf_counter()
            await call(client, number)
            timings.append((time.perf_counter() - started) * 1000)

    await asyncio.gather(*(run(client) for client in clients))
    return timings


async def healthz(client: Client, number: int) -> None:
    assert (await client.http.get("/healthz")).status_code == 200


async def editor_page(client: Client, number: int) -> None:
    assert (await client.http.get(client.editor)).status_code == 200


def row(name: str, timings: list[float], seconds: float) -> str:
    ordered = sorted(timings)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return f"| {name:<44} | {len(ordered):>8} | {p50:>8.1f} | {p99:>8.1f} | {len(ordered) / seconds:>8.0f} |"


Results = dict[str, tuple[list[float], float]]
SCENARIOS: tuple[tuple[str, Callable[[Client, int], Awaitable[None]]], ...] = (
    ("baseline: GET /healthz", healthz),
    ("editor page, 40 components", editor_page),
    ("field edit round trip (htmx)", edit),
)


async def bench(base: str, clients_count: int, rounds: int) -> Results:
    cookies = await sign_in(base)
    clients = [await prepare(base, cookies) for _ in range(clients_count)]
    results: Results = {}
    for name, call in SCENARIOS:
        # Alone first (the time one request takes), then with every client at once (the wait under load).
        for group in (clients[:1], clients):
            started = time.perf_counter()
            timings = await measure(group, rounds, call)
            results[f"{name}, {len(group)} client{'s' if len(group) > 1 else ''}"] = (
                timings,
                time.perf_counter() - started,
            )
    for client in clients:
        await client.http.aclose()
    return results


def load(base: str, clients_count: int, rounds: int) -> Results:
    """The load, run in a process of its own so that it does not compete with the server for the interpreter."""
    return asyncio.run(bench(base, clients_count, rounds))


def report(results: Results, clients_count: int, rounds: int) -> None:
    print(f"\n{clients_count} concurrent clients, {rounds} requests each, one 40-component message per client\n")
    print(f"| {'scenario':<44} | requests |  p50 ms  |  p99 ms  |  req/s   |")
    print(f"|{'-' * 46}|----------|----------|----------|----------|")
    for name, (timings, seconds) in results.items():
        print(row(name, timings, seconds))


@contextmanager
def database(postgres: str, folder: str) -> Iterator[str]:
    """A fresh database for the run: a SQLite file, or a new PostgreSQL database on `postgres`, dropped after."""
    if not postgres:
        yield f"sqlite+aiosqlite:///{folder}/bench.db"
        return
    name = f"guildhall_bench_{uuid.uuid4().hex[:10]}"
    admin = urlunsplit(urlsplit(postgres)._replace(path="/postgres"))
    asyncio.run(_postgres(admin, f'CREATE DATABASE "{name}"'))
    try:
        yield urlunsplit(urlsplit(postgres)._replace(path=f"/{name}"))
    finally:
        asyncio.run(_postgres(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _postgres(url: str, sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="requests per client and scenario")
    parser.add_argument("--postgres", default="", help="a PostgreSQL server URL to run on instead of SQLite")
    options = parser.parse_args()
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    emulator = create_emulator(
        EmulatorConfig(
            discord_redirect_uris=[f"{base_url}/auth/discord/callback"],
            github_callback_url=f"{base_url}/link/github/callback",
        )
    )
    with (
        tempfile.TemporaryDirectory() as folder,
        database(options.postgres, folder) as url,
        serve_in_thread(emulator) as emulator_url,
    ):
        settings = Settings(
            base_url=base_url,
            port=port,
            secret_key="editor-bench-secret-key-0123456789abcdef",
            encryption_keys=(Fernet.generate_key().decode(),),
            database_url=url,
        ).with_emulator(emulator_url)
        with (
            serve_in_thread(create_app(settings), port=port) as served,
            multiprocessing.get_context("spawn").Pool(1) as pool,
        ):
            results = pool.apply(load, (served, options.clients, options.requests))
    print(f"\ndatabase: {'PostgreSQL' if options.postgres else 'SQLite'}")
    report(results, options.clients, options.requests)


if __name__ == "__main__":
    main()
