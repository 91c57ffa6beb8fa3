"""Every example payload kept by the validator's tests renders, with one element per component."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .helpers import shown, shown_modal

DATA = Path(__file__).parent.parent / "builder" / "data"
EXAMPLES = sorted(path.name for path in DATA.glob("*.json"))


def paths(node: Any, path: str = "") -> list[str]:
    """The validator's path of every component in the payload."""
    found: list[str] = []
    for index, child in enumerate(node.get("components", []) if isinstance(node, dict) else []):
        here = f"{path}.components[{index}]" if path else f"components[{index}]"
        found += [here, *paths(child, here)]
        for key in ("accessory", "component"):
            if isinstance(child.get(key), dict):
                found += [f"{here}.{key}", *paths(child[key], f"{here}.{key}")]
    return found


def test_the_examples_are_there() -> None:
    assert len(EXAMPLES) >= 26


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_renders_every_component(name: str) -> None:
    payload = json.loads((DATA / name).read_text())
    tree = shown_modal(payload["data"]) if name.startswith("modal_") else shown(payload)
    expected = paths(payload["data"] if name.startswith("modal_") else payload)
    assert expected
    for path in expected:
        assert len(tree.css(f'[data-path="{path}"]')) == 1, path
    assert tree.css(".pv-unknown") == []
