"""Guild page views under load: Discord calls per 1000 views and the page's latency.

20 users sign in through the emulator, then the guild overview is viewed for a few seconds at 50-way concurrency
(several thousand views), spread over the users. Target: at most one `/users/@me/guilds` call per user per cache
TTL.

    .venv/bin/python -m bench.guild_bench [--seconds 5] [--users 20] [--concurrency 50]
"""

from __future__ import annotations

import argparse
import os
import sys

from bench.harness import CROWD_IDS, HEADER, Call, load, row, sign_in, stack

GUILD = "200000000000000001"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args(argv)
    with stack(os.environ.get("BENCH_DATABASE_URL", "")) as running:
        cookies = [sign_in(running, user) for user in CROWD_IDS[: args.users]]
        before = running.discord_calls("GET /users/@me/guilds")

        views = [Call(f"/guilds/{GUILD}", headers=(("Cookie", cookie),)) for cookie in cookies]
        baseline = load(running.url, [Call("/_bare")], seconds=args.seconds, concurrency=args.concurrency)
        pages = load(running.url, views, seconds=args.seconds, concurrency=args.concurrency)
        calls = running.discord_calls("GET /users/@me/guilds") - before
    print(HEADER)
    print(row("bare Starlette endpoint (baseline)", baseline))
    print(row("guild overview", pages, baseline))
    per_thousand = calls * 1000 / max(pages.requests, 1)
    ttl = running.settings.guild_cache_seconds
    print(
        f"\nload generator: {pages.generator}; /users/@me/guilds calls: {calls} for {pages.requests} views by "
        f"{args.users} users ({per_thousand:.2f} per 1000 views; target: at most one per user per {ttl} s TTL)"
    )
    return 0 if calls <= args.users and not pages.failures else 1


if __name__ == "__main__":
    sys.exit(main())
