"""`make bench`: Guildhall under load, every figure against a baseline measured in the same run.

Starts the emulator and the dashboard (SQLite by default, PostgreSQL with BENCH_DATABASE_URL), each in a process of
its own, signs fixture users in, and measures: a bare Starlette endpoint served by the same process (the baseline),
the guild overview, the builder editor of a 40-component message, the field-validation round trip (the check htmx
sends as a person types), the live edit (saved, with the preview), a publish through the emulator, and the
ticket board of a guild with 2,000 tickets (`bench/tickets_bench.py`); then the server's peak memory. The mixes wrk
drives take turns with their baseline, three rounds each, so that a drift in a shared machine's speed touches them
alike. Prints a table; writes bench/results/latest.json.

    .venv/bin/python -m bench.run [--seconds 5] [--users 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx2
from selectolax.lexbor import LexborHTMLParser

from bench import tickets_bench
from bench.editor_bench import FIELD, form_fields, forty_components, live_edit_form
from bench.harness import CROWD_IDS, HEADER, Call, Stack, Stats, load, row, settled, sign_in, stack

GUILD = "200000000000000001"
SUPPORT = "300000000000000001"
RESULTS = Path(__file__).resolve().parent / "results"
ROUNDS = 3
EDITOR_ROW = "editor, 40 components"
EDITOR_RENDERED_ROW = "editor, rendered every time"
# Each figure is read against the bare endpoint driven the same way: same generator, same concurrency.
BASELINE_OF = {
    "guild overview": "bare",
    EDITOR_ROW: "bare",
    EDITOR_RENDERED_ROW: "bare",
    "field check (10 clients)": "bare (wrk, 10 connections)",
    "field round trip (10 clients)": "bare (10 stateful clients)",
    "publish (paced, 10 clients)": "bare (10 stateful clients)",
    tickets_bench.BOARD_ROW: "bare",
    tickets_bench.RENDERED_ROW: "bare",
}


@dataclass
class Editor:
    cookie: str
    url: str
    fields: list[tuple[str, str]]
    csrf: str


async def _editor(base: str, cookie: str) -> Editor:
    """A library entry of this user's own holding the 40-component message, and its editor form."""
    headers = {"Cookie": cookie}
    async with httpx2.AsyncClient(base_url=base, headers=headers, timeout=60) as http:
        library = f"/guilds/{GUILD}/messages"
        token = LexborHTMLParser((await http.get(library)).text).css_first("input[name=csrf_token]")
        assert token is not None
        csrf = str(token.attributes["value"])
        created = await http.post(library, data={"csrf_token": csrf, "starter": "blank"})
        url = created.headers["location"].split("?")[0]
        imported = await http.post(
            f"{url}/import", data={"csrf_token": csrf, "revision": "1", "json": json.dumps(forty_components())}
        )
        assert imported.status_code == 303, imported.text[:300]
        return Editor(cookie, url, form_fields((await http.get(url)).text), csrf)


Step = Callable[[httpx2.AsyncClient, Editor, int], Awaitable[httpx2.Response]]


async def _edit(http: httpx2.AsyncClient, editor: Editor, number: int) -> httpx2.Response:
    """One live edit as htmx sends it; the answer carries the new revision the next edit must name."""
    sent = live_edit_form(editor.fields, f"Edited text {number}")
    headers = {"HX-Request": "true", "HX-Trigger-Name": FIELD, "Content-Type": "application/x-www-form-urlencoded"}
    answer = await http.post(f"{editor.url}/edit", content=urlencode(sent), headers=headers)
    revision = LexborHTMLParser(answer.text).css_first("#revision")
    if revision is not None:
        editor.fields = [(n, str(revision.attributes["value"]) if n == "revision" else v) for n, v in editor.fields]
    return answer


async def _publish(http: httpx2.AsyncClient, editor: Editor, number: int) -> httpx2.Response:
    """A publish through the emulator (publishing is paced at two per five seconds per user: see PAUSES)."""
    pairs = [*editor.fields, ("channel_id", SUPPORT), ("mode", "new")]
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    answer = await http.post(f"{editor.url}/publish", content=urlencode(pairs), headers=headers)
    page = await http.get(editor.url)
    editor.fields = form_fields(page.text)
    return answer


async def _bare(http: httpx2.AsyncClient, editor: Editor, number: int) -> httpx2.Response:
    return await http.get("/_bare")


async def _stateful(base: str, editors: list[Editor], step: Step, seconds: float, pause: float = 0.0) -> Stats:
    """Each editor's user makes `step` calls one after another (`pause` seconds apart, not timed) for `seconds`."""
    latencies: list[float] = []
    failures = 0
    deadline = time.perf_counter() + seconds

    async def user(editor: Editor) -> None:
        nonlocal failures
        async with httpx2.AsyncClient(base_url=base, headers={"Cookie": editor.cookie}, timeout=60) as http:
            number = 0
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                answer = await step(http, editor, number)
                latencies.append(time.perf_counter() - started)
                failures += answer.status_code >= 500 or answer.status_code in (409, 422, 429)
                number += 1
                await asyncio.sleep(pause)

    began = time.perf_counter()
    await asyncio.gather(*(user(editor) for editor in editors))
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies) or [0.0]
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000
    return Stats(len(latencies), elapsed, ordered[len(ordered) // 2] * 1000, p99, failures, "httpx2")


def steady(url: str, calls: list[Call], seconds: float, concurrency: int = 50) -> Stats:
    """The load once the server has finished the one before, and after a second of the same load, unmeasured
    (caches filled): no other scenario's work counts against this one."""
    settled(url)
    load(url, calls, seconds=1, concurrency=concurrency)
    return load(url, calls, seconds=seconds, concurrency=concurrency)


def interleaved(url: str, mixes: dict[str, list[Call]], seconds: float, concurrency: int = 50) -> dict[str, Stats]:
    """Each mix in turn, ROUNDS times over, its figures summed over its rounds: a shared machine's speed drifts
    from one second to the next, and so every mix, the baseline too, sees the same drift."""
    runs: dict[str, list[Stats]] = {name: [] for name in mixes}
    for _ in range(ROUNDS):
        for name, calls in mixes.items():
            runs[name].append(steady(url, calls, seconds, concurrency))
    return {name: summed(stats) for name, stats in runs.items()}


def summed(runs: list[Stats]) -> Stats:
    """Several runs of one mix as one: requests and time added up; p50 and p99 those of the median run."""
    return Stats(
        sum(s.requests for s in runs),
        sum(s.seconds for s in runs),
        statistics.median(s.p50 for s in runs),
        statistics.median(s.p99 for s in runs),
        sum(s.failures for s in runs),
        runs[0].generator,
    )


def measure(running: Stack, users: int, seconds: float) -> tuple[dict[str, Stats], float]:
    """Every figure of the table, and the size of the editor's first view in KB."""
    cookies = [sign_in(running, user) for user in CROWD_IDS[:users]]
    editors = asyncio.run(_gather(running.url, cookies))
    first_view_kb = _size_kb(running.url, editors[0])
    overview = [Call(f"/guilds/{GUILD}", headers=(("Cookie", c),)) for c in cookies]
    pages = [Call(e.url, headers=(("Cookie", e.cookie),)) for e in editors]
    # A parameter the editor ignores but its ETag holds: each call misses the kept pages (4 MB of them).
    fresh = [Call(f"{pages[n % len(pages)].path}?x={n}", headers=pages[n % len(pages)].headers) for n in range(5000)]
    mixes = {
        "bare": [Call("/_bare")],
        "guild overview": overview,
        EDITOR_ROW: pages,
        EDITOR_RENDERED_ROW: fresh,
    }
    results = interleaved(running.url, mixes, seconds)
    checks = {"bare (wrk, 10 connections)": [Call("/_bare")], "field check (10 clients)": _checks(editors[:10])}
    results.update(interleaved(running.url, checks, seconds, 10))
    ten = editors[:10]
    results["bare (10 stateful clients)"] = asyncio.run(_stateful(running.url, ten, _bare, seconds))
    results["field round trip (10 clients)"] = asyncio.run(_stateful(running.url, ten, _edit, seconds))
    paced = _stateful(running.url, ten, _publish, max(seconds, 6), pause=2.6)
    results["publish (paced, 10 clients)"] = asyncio.run(paced)
    results.update(tickets_bench.measure(running, cookies, seconds))
    return results, first_view_kb


def _size_kb(base: str, editor: Editor) -> float:
    """The editor's first view: the whole page a browser gets when it opens the 40-component message."""
    return len(httpx2.get(f"{base}{editor.url}", headers={"Cookie": editor.cookie}).content) / 1024


def _checks(editors: list[Editor]) -> list[Call]:
    """The check htmx sends after a pause in typing: one field of a 40-component draft, a clean value and one
    over its limit in turn. It saves nothing, so wrk can repeat it."""
    calls = []
    for editor in editors:
        headers = (
            ("Cookie", editor.cookie),
            ("HX-Request", "true"),
            ("X-CSRF-Token", editor.csrf),
            ("Content-Type", "application/x-www-form-urlencoded"),
        )
        for text in ("Typed so far", "x" * 4001):
            calls.append(Call(f"{editor.url}/check", "POST", headers, urlencode({FIELD: text})))
    return calls


async def _gather(base: str, cookies: list[str]) -> list[Editor]:
    return list(await asyncio.gather(*(_editor(base, cookie) for cookie in cookies)))


def report(results: dict[str, Stats], memory_mb: float, database: str) -> dict[str, Any]:
    print(HEADER)
    for name, stats in results.items():
        baseline = results.get(BASELINE_OF.get(name, ""))
        print(f"{row(name, stats, baseline)}  {stats.generator}")
    print(
        f"\nserver peak memory: {memory_mb:.0f} MB; database: {database}; machine: {os.cpu_count()} cores, "
        f"{platform.machine()}, Python {platform.python_version()}"
    )
    return {
        "database": database,
        "peak_memory_mb": round(memory_mb, 1),
        "results": {name: {**asdict(stats), "rps": round(stats.rps, 1)} for name, stats in results.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--users", type=int, default=20)
    args = parser.parse_args(argv)
    database = os.environ.get("BENCH_DATABASE_URL", "")
    with stack(database) as running:
        results, first_view_kb = measure(running, args.users, args.seconds)
        memory = running.peak_memory_mb()
    summary = report(results, memory, "PostgreSQL" if database else "SQLite")
    summary["editor_first_view_kb"] = round(first_view_kb, 1)
    print(f"editor first view (40 components): {first_view_kb:.1f} KB")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(summary, indent=2))
    print(f"written: {RESULTS / 'latest.json'}")
    return 0 if not any(stats.failures for stats in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
