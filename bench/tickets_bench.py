"""The ticket board of a guild with 2,000 tickets (the open columns and one page of closed ones) against the bare
endpoint of the same server, the page's size, and the poll of an unchanged board (a 304 answered after one query,
nothing rendered).

    .venv/bin/python -m bench.tickets_bench [--seconds 5] [--users 20]   (BENCH_DATABASE_URL for PostgreSQL)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time

import httpx2

from app.core import db
from bench.harness import CROWD_IDS, HEADER, Call, Stack, Stats, load, row, settled, sign_in, stack

GUILD = "200000000000000001"
TICKETS = 2000
OPEN_EACH = 60  # per open column: more than the 40 the board shows of each
STATUSES = ("open", "in_progress", "waiting")
BOARD_ROW = "ticket board, 2,000 tickets"
RENDERED_ROW = "ticket board, rendered every time"


async def seed(url: str) -> None:
    """2,000 tickets: 60 in each open column, the rest closed over the past weeks."""
    database = db.create(url)
    await database.connect()
    now = db.now()
    try:
        await database.execute(
            "INSERT INTO ticket_guilds (guild_id, next_number, revision) VALUES (:g, :n, 1)",
            {"g": GUILD, "n": TICKETS + 1},
        )
        async with database.transaction():
            for number in range(1, TICKETS + 1):
                status = STATUSES[number % 3] if number <= OPEN_EACH * 3 else "closed"
                await database.execute(
                    "INSERT INTO tickets (guild_id, number, status, title, source, opener_id, opener_name, answers, "
                    "labels, created_at, updated_at, closed_at) VALUES (:g, :n, :s, :t, 'form', '100000000000000003', "
                    "'linus', :a, :l, :c, :c, :closed)",
                    {
                        "g": GUILD,
                        "n": number,
                        "s": status,
                        "t": f"Request number {number} about the printer",
                        "a": '{"subject": "printer", "details": "It does not print."}',
                        "l": "billing" if number % 5 == 0 else "",
                        "c": now - number * 600,
                        "closed": None if status != "closed" else now - number * 300,
                    },
                )
    finally:
        await database.disconnect()


def poll(running: Stack, cookie: str, seconds: float) -> tuple[int, int, float]:
    """An unchanged board asked again and again with its ETag: (requests, 304s, mean ms)."""
    board = f"{running.url}/guilds/{GUILD}/tickets"
    headers = {"Cookie": cookie, "HX-Request": "true"}
    with httpx2.Client(timeout=10) as http:
        tag = http.get(board, headers=headers).headers["etag"]
        done = unchanged = 0
        started = time.perf_counter()
        while time.perf_counter() - started < seconds:
            answer = http.get(board, headers={**headers, "If-None-Match": tag})
            done, unchanged = done + 1, unchanged + (answer.status_code == 304)
            tag = answer.headers.get("etag", tag)
        return done, unchanged, (time.perf_counter() - started) * 1000 / max(done, 1)


def board_calls(cookies: list[str]) -> tuple[list[Call], list[Call]]:
    """The board as each user reads it; and the same with a parameter the board ignores but its ETag includes, so
    each call misses the kept boards (4 MB of them): the cost of reading and rendering it every time."""
    board = [Call(f"/guilds/{GUILD}/tickets", headers=(("Cookie", c),)) for c in cookies]
    fresh = [Call(f"{board[n % len(board)].path}?x={n}", headers=board[n % len(board)].headers) for n in range(5000)]
    return board, fresh


def measure(running: Stack, cookies: list[str], seconds: float) -> dict[str, Stats]:
    """Seed the guild's 2,000 tickets, then the board read as it is kept and as it is rendered (wrk when present)."""
    asyncio.run(seed(running.settings.database_url))
    board, fresh = board_calls(cookies)
    settled(running.url)
    shown = load(running.url, board, seconds=seconds)
    settled(running.url)
    return {BOARD_ROW: shown, RENDERED_ROW: load(running.url, fresh, seconds=seconds)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--users", type=int, default=20)
    args = parser.parse_args()
    with stack(os.environ.get("BENCH_DATABASE_URL", "")) as running:
        cookies = [sign_in(running, user) for user in CROWD_IDS[: args.users]]
        settled(running.url)
        bare = load(running.url, [Call("/_bare")], seconds=args.seconds)
        results = measure(running, cookies, args.seconds)
        page = httpx2.get(f"{running.url}/guilds/{GUILD}/tickets", headers={"Cookie": cookies[0]})
        polled = poll(running, cookies[0], args.seconds)
    print(HEADER)
    print(f"{row('bare Starlette endpoint', bare)}  {bare.generator}")
    for name, stats in results.items():
        print(f"{row(name, stats, bare)}  {stats.generator}")
    print(f"\nboard page: {len(page.content) / 1024:.1f} KB, status {page.status_code}")
    print(f"unchanged board poll, one client: {polled[0]} requests, {polled[1]} answered 304, {polled[2]:.2f} ms each")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
