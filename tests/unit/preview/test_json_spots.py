"""Placing findings in JSON text as typed: every validator path found at the first character of its value, in any
layout, and a path the text does not hold placed at the nearest thing that holds it."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.components.payload_json import Spot, parse, placed, spots

KEYS = st.sampled_from(["type", "components", "label", "a,b", 'q"uote', "x:y", "{", "é"])
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=25,
)


def every_path(value: Any, path: str = "") -> dict[str, Any]:
    found = {path: value}
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, child in children:
        here = f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else key)
        found.update(every_path(child, here))
    return found


def offset_of(text: str, spot: Spot) -> int:
    return sum(len(line) + 1 for line in text.split("\n")[: spot.line - 1]) + spot.column - 1


@settings(max_examples=300, deadline=None)
@given(VALUES, st.sampled_from([None, 2, 0]), st.booleans())
def test_every_path_is_found_where_its_value_starts(value: Any, indent: int | None, ascii_only: bool) -> None:
    # Keys hold commas, colons, quotes and braces, never a dot or a bracket: the path form could not tell those apart.
    text = json.dumps({"root": value}, indent=indent, ensure_ascii=ascii_only)
    paths = every_path({"root": value})
    placed_at = spots(text, set(paths))
    decoder = json.JSONDecoder()
    for path, expected in paths.items():
        found, _ = decoder.raw_decode(text, offset_of(text, placed_at[path]))
        assert found == expected, path


def test_the_layout_of_a_payload_does_not_matter() -> None:
    compact = '{"components":[{"type":1,"components":[{"type":2,"label":"x"}]}]}'
    spread = json.dumps(json.loads(compact), indent=4)
    for text in (compact, spread, spread.replace("\n", "\r\n")):
        found = spots(text, {"components[0].components[0].label"})["components[0].components[0].label"]
        assert text.replace("\r", "").split("\n")[found.line - 1][found.column - 1] == '"'


def test_a_missing_field_is_placed_at_what_holds_it() -> None:
    text = '{\n  "components": [\n    {"type": 2}\n  ]\n}'
    assert spots(text, {"components[0].custom_id", "nowhere.at[3]"}) == {
        "components[0].custom_id": Spot(3, 5),
        "nowhere.at[3]": Spot(1, 1),
    }


def test_problems_of_an_unwrapped_interaction_response_are_placed_inside_its_data() -> None:
    text = json.dumps({"type": 9, "data": {"title": "T", "custom_id": "c", "components": [{"type": 99}]}}, indent=1)
    imported = parse(text, "form")
    assert imported.root == "data" and imported.problems
    data_line = next(n for n, line in enumerate(text.split("\n"), 1) if line.strip().startswith('"data"'))
    for problem, spot in placed(text, imported):
        assert problem.path.startswith("components[0]")
        assert spot.line > data_line  # inside the data, not at the wrapper


def test_a_syntax_error_keeps_its_line_and_column() -> None:
    assert parse('{\n  "a": [1,,2]\n}', "message").spot == Spot(2, 11)  # the second comma
    assert parse("[1, 2", "message").spot is not None
    assert parse("NaN", "message").spot is None  # refused, but not a syntax error at a place
