"""How long validating a maximal message takes: 40 components, 4000 characters of Text Display, every
component type a message can hold.

Run: .venv/bin/python bench/validate_bench.py [--rounds N]
Prints the median microseconds per validation, the median of a baseline measured in the same run
(a JSON round trip of the same payload), and their ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.components.counters import component_count, text_length
from app.components.validate import validate_message

IMAGE = "https://cdn.discordapp.com/embed/avatars/0.png"


def text(size: int) -> dict[str, object]:
    return {"type": 10, "content": ("Lorem ipsum dolor sit amet. " * 200)[:size]}


def button(style: int, name: str) -> dict[str, object]:
    if style == 5:
        return {"type": 2, "style": 5, "label": f"Open {name}", "url": f"https://example.com/{name}"}
    return {"type": 2, "style": style, "label": f"Do {name}", "custom_id": f"button_{name}", "emoji": {"name": "✅"}}


def row(*children: dict[str, object]) -> dict[str, object]:
    return {"type": 1, "components": list(children)}


def select(type_id: int, name: str) -> dict[str, object]:
    node: dict[str, object] = {"type": type_id, "custom_id": f"select_{name}", "placeholder": "Pick", "max_values": 2}
    if type_id == 3:
        node["options"] = [{"label": f"Option {i}", "value": f"v{i}", "description": "An option"} for i in range(25)]
    if type_id == 8:
        node["channel_types"] = [0, 5]
    return node


def section(texts: list[dict[str, object]], accessory: dict[str, object]) -> dict[str, object]:
    return {"type": 9, "components": texts, "accessory": accessory}


def gallery(count: int) -> dict[str, object]:
    return {"type": 12, "items": [{"media": {"url": IMAGE}, "description": f"Image {i}"} for i in range(count)]}


def maximal_message() -> dict[str, object]:
    """Exactly 40 components and 4000 characters of text."""
    sizes = [364] * 10 + [360]
    texts = [text(size) for size in sizes]
    container = {
        "type": 17,
        "accent_color": 0x5865F2,
        "components": [
            texts[0],
            section(texts[1:4], {"type": 11, "media": {"url": IMAGE}, "description": "A thumbnail"}),
            section(texts[4:5], button(2, "more")),
            gallery(10),
            {"type": 13, "file": {"url": "attachment://rules.pdf"}},
            {"type": 14, "divider": True, "spacing": 2},
            row(*(button(style, f"b{style}") for style in (1, 2, 3, 4, 5))),
            row(select(3, "string")),
        ],
    }
    return {
        "flags": 1 << 15,
        "components": [
            container,
            *(row(select(type_id, f"auto{type_id}")) for type_id in (5, 6, 7, 8)),
            texts[5],
            section(texts[6:9], {"type": 2, "style": 6, "sku_id": "1180218955160375406"}),
            gallery(4),
            {"type": 13, "file": {"url": "attachment://notes.txt"}, "spoiler": True},
            {"type": 14},
            *texts[9:],
        ],
    }


def timings_us(jobs: list[Callable[[], object]], rounds: int, batch: int = 20) -> list[list[float]]:
    """Time per call of each job in every round, in microseconds. The jobs take turns batch by batch, so a
    busy machine slows all of them alike and their ratio stays meaningful."""
    samples: list[list[float]] = [[] for _ in jobs]
    for _ in range(rounds):
        for job, times in zip(jobs, samples, strict=True):
            start = time.perf_counter()
            for _ in range(batch):
                job()
            times.append((time.perf_counter() - start) / batch * 1e6)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    rounds = parser.parse_args().rounds
    payload = maximal_message()
    problems = validate_message(payload)
    if problems or (component_count(payload), text_length(payload)) != (40, 4000):
        raise SystemExit(f"the benchmark payload is not the maximal valid message: {problems}")
    jobs: list[Callable[[], object]] = [lambda: validate_message(payload), lambda: json.loads(json.dumps(payload))]
    timings_us(jobs, 10)  # warm-up
    validation, baseline = timings_us(jobs, rounds)
    median, base_median = statistics.median(validation), statistics.median(baseline)
    print(f"payload: 40 components, 4000 characters of text; {rounds} rounds of 20 calls each")
    print(f"validate_message: median {median:7.1f} µs, fastest round {min(validation):7.1f} µs")
    print(f"json round trip:  median {base_median:7.1f} µs, fastest round {min(baseline):7.1f} µs (baseline)")
    print(f"ratio of medians: {median / base_median:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
