"""What every benchmark needs: Guildhall and the emulator in processes of their own, signed-in users, a load loop.

Users sign in through the emulator over HTTP; the load is then driven by wrk when it is installed (a C load
generator, so the figures measure the server, not the client), else by an asyncio httpx2 client. The dashboard and
the emulator each run in their own process. Every figure is read against a baseline measured the same way in the
same run: `/_bare`, a bare Starlette endpoint served by the same server process.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx2
from cryptography.fernet import Fernet

from app.settings import Settings
from emulator.fixtures import CROWD
from emulator.server import free_port

CROWD_IDS = tuple(CROWD)
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Stack:
    url: str
    emulator_url: str
    settings: Settings
    server: subprocess.Popen[bytes]

    def discord_calls(self, route: str) -> int:
        counts: dict[str, dict[str, int]] = httpx2.get(f"{self.emulator_url}/_emulator/control/state").json()["counts"]
        return sum(counts.get(route, {}).values())

    def peak_memory_mb(self) -> float:
        """The server process's peak resident memory (VmHWM), in MB."""
        for line in Path(f"/proc/{self.server.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0


def _start(arguments: list[str], ready_url: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([sys.executable, "-m", "bench.serve", *arguments], cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx2.get(ready_url, timeout=1)
            return process
        except httpx2.TransportError:
            if process.poll() is not None:
                raise RuntimeError(f"{arguments[0]} exited with {process.returncode}") from None
            time.sleep(0.1)
    process.kill()
    raise TimeoutError(f"{arguments[0]} did not start")


@contextmanager
def _running(arguments: list[str], ready_url: str) -> Iterator[subprocess.Popen[bytes]]:
    process = _start(arguments, ready_url)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def stack(database_url: str = "") -> Iterator[Stack]:
    port, emulator_port = free_port(), free_port()
    base_url, emulator_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{emulator_port}"
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            base_url=base_url,
            port=port,
            secret_key="benchmark-secret-key-0123456789abcdef0123",
            encryption_keys=(Fernet.generate_key().decode(),),
            database_url=database_url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}",
            # Served as in production (templates read once, no development banner or outbox), Discord played by
            # the emulator.
            development=False,
        ).with_emulator(emulator_url)
        emulator_args = ["emulator", str(emulator_port), base_url]
        with (
            _running(emulator_args, f"{emulator_url}/_emulator/control/state"),
            _running(["app", json.dumps(asdict(settings))], f"{base_url}/_bare") as server,
        ):
            yield Stack(base_url, emulator_url, settings, server)


def sign_in(stack: Stack, discord_id: str) -> str:
    """The whole Discord sign-in over HTTP; returns the Cookie header a browser would send from then on."""
    with httpx2.Client(base_url=stack.url, follow_redirects=False, timeout=30) as browser:
        authorize = browser.get("/auth/discord/login").headers["location"]
        consent = {"login_as": discord_id, "consent": "approve"}
        callback = httpx2.get(f"{authorize}&{urlencode(consent)}", follow_redirects=False).headers["location"]
        parts = urlsplit(callback)
        browser.get(f"{parts.path}?{parts.query}")
        return "; ".join(f"{name}={value}" for name, value in browser.cookies.items())


@dataclass(frozen=True)
class Call:
    """One request of a benchmark's mix."""

    path: str
    method: str = "GET"
    headers: tuple[tuple[str, str], ...] = ()
    body: str = ""


@dataclass(frozen=True)
class Stats:
    requests: int
    seconds: float
    p50: float  # milliseconds
    p99: float
    failures: int  # 5xx answers and transport errors
    generator: str

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def settled(base_url: str, quiet_ms: float = 20.0, limit: float = 60.0) -> None:
    """Wait for the work still owed from the load before: when wrk stops, the server goes on with the requests it
    holds (50 editor pages are seconds of work). Settled: a bare request answered within `quiet_ms`, twice running."""
    quiet = 0
    deadline = time.monotonic() + limit
    with httpx2.Client(base_url=base_url, timeout=limit) as client:
        while quiet < 2 and time.monotonic() < deadline:
            started = time.perf_counter()
            client.get("/_bare")
            quiet = quiet + 1 if (time.perf_counter() - started) * 1000 < quiet_ms else 0
            time.sleep(0.05)


def load(base_url: str, calls: list[Call], *, seconds: float = 5.0, concurrency: int = 50) -> Stats:
    """Send the mix of `calls` in turn from `concurrency` connections for `seconds`: with wrk when installed."""
    if shutil.which("wrk"):
        return _wrk(base_url, calls, seconds, concurrency)
    return asyncio.run(_python(base_url, calls, seconds, concurrency))


_WRK_SCRIPT = """
local calls = {calls}
local counter = 0
local failures = 0
request = function()
  counter = counter + 1
  local call = calls[(counter % #calls) + 1]
  return wrk.format(call.method, call.path, call.headers, call.body ~= "" and call.body or nil)
end
response = function(status, headers, body)
  if status >= 500 then failures = failures + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format('{{"requests": %d, "micros": %d, "p50": %d, "p99": %d, "errors": %d}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def _lua(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{json.dumps(k)}] = {_lua(v)}" for k, v in value.items()) + "}"
    return "{" + ", ".join(_lua(v) for v in value) + "}"


def _wrk(base_url: str, calls: list[Call], seconds: float, concurrency: int) -> Stats:
    table = _lua([{"method": c.method, "path": c.path, "headers": dict(c.headers), "body": c.body} for c in calls])
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(_WRK_SCRIPT.format(calls=table))
        script.flush()
        command = [
            "wrk",
            "-t2",
            f"-c{concurrency}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "30s",
            "-s",
            script.name,
            base_url,
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = json.loads(output.strip().splitlines()[-1])
    return Stats(
        found["requests"],
        found["micros"] / 1e6,
        found["p50"] / 1000,
        found["p99"] / 1000,
        found["errors"] + _non_2xx(output),
        "wrk",
    )


def _non_2xx(output: str) -> int:
    """wrk counts 4xx with 5xx; the mixes here expect only 2xx/3xx, so any is a failure worth showing."""
    for line in output.splitlines():
        if "Non-2xx or 3xx responses" in line:
            return int(line.split(":")[1])
    return 0


async def _python(base_url: str, calls: list[Call], seconds: float, concurrency: int) -> Stats:
    latencies: list[float] = []
    failures = 0
    limits = httpx2.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    deadline = time.perf_counter() + seconds
    async with httpx2.AsyncClient(base_url=base_url, timeout=60, limits=limits) as client:

        async def worker(offset: int) -> None:
            nonlocal failures
            number = offset
            while time.perf_counter() < deadline:
                call = calls[number % len(calls)]
                started = time.perf_counter()
                answer = await client.request(call.method, call.path, headers=dict(call.headers), content=call.body)
                latencies.append(time.perf_counter() - started)
                failures += answer.status_code >= 500
                number += concurrency

        began = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(concurrency)))
        elapsed = time.perf_counter() - began
    ordered = sorted(latencies) or [0.0]
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return Stats(len(latencies), elapsed, statistics.median(ordered) * 1000, p99 * 1000, failures, "httpx2")


def row(name: str, stats: Stats, baseline: Stats | None = None) -> str:
    ratio = f"{stats.rps / baseline.rps:6.1%}" if baseline else "   -  "
    return f"{name:<34} {stats.rps:9.0f} {stats.p50:8.1f} {stats.p99:8.1f} {ratio:>8} {stats.failures:5d}"


HEADER = f"{'endpoint':<34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs bare':>8} {'fail':>5}"
