"""How long the live preview takes to render a maximal message: 40 components, 4000 characters of Text
Display, every component type a message can hold.

Run: .venv/bin/python -m bench.preview_bench [--rounds N]
Prints the median microseconds per render of three payloads: the validator benchmark's maximal message
(plain text), the same message with dense markdown in every Text Display (a construct every ~10 characters:
emphasis, mentions, links, emoji, lists, quotes, code), and hostile markdown (4000 characters of unbalanced
delimiters). "cold" renders start with an empty markdown cache; "edit" is the live builder's case, where one
Text Display changed since the last render. The baseline, measured in the same run and on the same payload,
is `validate_message`, which the builder runs on every edit as well. "json view" is what the JSON view does
with the text at each pause in typing before it renders: read it, validate it and place each problem at its line
and column (here on the markdown message made invalid in three places, so there are problems to place).
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.components import payload_json
from app.components.counters import component_count, text_length
from app.components.validate import validate_message
from app.preview import GuildContext, md_cache, render_message
from bench.validate_bench import maximal_message, timings_us

RICH = (
    "# Patch notes\n**Bold** *italic* __underline__ ~~gone~~ ||secret|| `code` ***both*** for <@1> and <@&2> "
    "in <#3>, @here <:party:4> [docs](https://example.com/docs) https://example.com/a\n"
    "- one\n- two\n  - nested\n> quoted **line**\n-# small print\n```py\nprint('hi')\n```\n"
)
HOSTILE = "*_~|`[<@\\" * 500
CONTEXT = GuildContext(
    guild_id="10",
    cdn_base="https://cdn.discordapp.com",
    users={"1": "Ann"},
    roles={"2": ("Moderators", 0xE91E63)},
    channels={"3": "general"},
    emojis={"4": ("party", False)},
)


def with_text(payload: dict[str, Any], source: str) -> dict[str, Any]:
    """A copy of `payload` whose Text Displays hold `source`, repeated and cut to their current lengths. Each
    starts at another line of `source` and ends with its own number, so no two are alike and a cache cannot
    make one render pay for all."""
    copied = copy.deepcopy(payload)
    starts = [0, *(index + 1 for index, char in enumerate(source[:-1]) if char == "\n")]
    for index, node in enumerate(node for node in walk(copied) if node.get("type") == 10):
        size, start = len(node["content"]), starts[index % len(starts)]
        node["content"] = (source * (size // len(source) + 2))[start : start + size - 3] + f" {index:02d}"
    return copied


def walk(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found.extend(walk(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(walk(value))
    return found


def medians_us(jobs: list[Callable[[], object]], rounds: int, batch: int = 10) -> list[float]:
    """Median time per call of each job, in microseconds, timed as the validator benchmark times its jobs."""
    return [statistics.median(times) for times in timings_us(jobs, rounds, batch)]


def cold(payload: dict[str, Any]) -> Callable[[], object]:
    def job() -> object:
        md_cache.clear()
        return render_message(payload, CONTEXT)

    return job


def edit(payload: dict[str, Any]) -> Callable[[], object]:
    """Each call changes the first Text Display, as typing in the builder does."""
    first = next(node for node in walk(payload) if node.get("type") == 10)
    original, counter = first["content"], iter(range(10**9))

    def job() -> object:
        first["content"] = f"{original[:-8]}{next(counter):08d}"
        return render_message(payload, CONTEXT)

    return job


def json_view(payload: dict[str, Any]) -> Callable[[], object]:
    broken = copy.deepcopy(payload)
    for node in [node for node in walk(broken) if node.get("type") == 2][:3]:
        node["label"] = "L" * 90
    text = payload_json.export_text(broken)

    def job() -> object:
        return payload_json.placed(text, payload_json.parse(text, "message"))

    return job


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    rounds = parser.parse_args().rounds
    plain = maximal_message()
    assert component_count(plain) == 40
    assert text_length(plain) == 4000
    rich, hostile = with_text(plain, RICH), with_text(plain, HOSTILE)
    jobs: dict[str, Callable[[], object]] = {
        "validate_message (baseline)": lambda: validate_message(plain),
        "render_message, plain, cold": cold(plain),
        "render_message, markdown, cold": cold(rich),
        "render_message, hostile, cold": cold(hostile),
        "render_message, plain, edit": edit(copy.deepcopy(plain)),
        "render_message, markdown, edit": edit(copy.deepcopy(rich)),
        "json view: read, check, place": json_view(rich),
    }
    medians_us(list(jobs.values()), 5)  # warm-up
    baseline, *renders = medians_us(list(jobs.values()), rounds)
    print(f"payload: 40 components, 4000 characters of text; median of {rounds} batches")
    print(f"{'validate_message (baseline)':32} {baseline:8.1f} µs")
    for name, render in zip(list(jobs)[1:], renders, strict=True):
        print(f"{name:32} {render:8.1f} µs  ratio {render / baseline:5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
