"""The walk's own machinery: the per-family field predicates against the slow reporter, and lazy paths."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.components.field_tables import BY_KEY, SHAPES
from app.components.payload_walk import FIELDS_OK, Walk, fields, report_fields
from app.components.problems import Path, spell
from app.components.validate import KINDS

# Lengths and numbers on both sides of every bound in the tables.
_EDGES = [0, 1, 2, 44, 45, 46, 79, 80, 81, 99, 100, 101, 149, 150, 151, 512, 513, 1024, 1025, 2048, 2049]
_LENGTHS = [*_EDGES, 4000, 4001]
_NUMBERS = [-1, 0, 1, 2, 3, 6, 7, 10, 11, 25, 26, 0xFFFFFF, 0x1000000, 2**31 - 1, 2**31, 2**64, -(2**70)]

values = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from(_NUMBERS),
    st.sampled_from(_LENGTHS).map(lambda size: "x" * size),
    st.floats(allow_nan=False),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def nodes(family: str) -> st.SearchStrategy[dict[str, Any]]:
    keys = st.sampled_from(sorted({*BY_KEY[family], "type", "id", "bogus"}))
    return st.dictionaries(keys, values, max_size=7)


@pytest.mark.parametrize("family", sorted(SHAPES))
@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_the_field_predicate_never_hides_a_finding(family: str, data: st.DataObject) -> None:
    """`fields` skips the reporter for nodes its predicate accepts; the reporter must have nothing to say
    about any of them."""
    node = data.draw(nodes(family))
    quick, slow = Walk("message", KINDS), Walk("message", KINDS)
    fields(quick, node, "x", family)
    report_fields(slow, node, "x", family)
    assert quick.problems == slow.problems


@pytest.mark.parametrize(
    ("family", "node"),
    [
        ("option", {"label": "A", "value": "a", "description": "", "default": True, "emoji": {"name": "x"}}),
        ("button", {"type": 2, "id": 7, "style": 1, "label": "Go", "custom_id": "go", "disabled": False}),
        ("text_display", {"type": 10, "content": "x" * 4000}),
        ("media", {"url": "https://example.com/a.png", "width": 3, "proxy_url": "p"}),
        ("container", {"type": 17, "components": [], "accent_color": 0xFFFFFF, "spoiler": True}),
    ],
)
def test_good_nodes_pass_the_predicate(family: str, node: dict[str, Any]) -> None:
    assert FIELDS_OK[family](node)


@pytest.mark.parametrize(
    ("family", "node"),
    [
        ("option", {"value": "a"}),
        ("option", {"label": "A", "value": "a", "colour": "red"}),
        ("option", {"label": 5, "value": "a"}),
        ("button", {"type": 2, "style": True}),
        ("text_display", {"type": 10, "content": ""}),
        ("container", {"type": 17, "accent_color": 0x1000000}),
    ],
)
def test_bad_nodes_fail_the_predicate(family: str, node: dict[str, Any]) -> None:
    assert not FIELDS_OK[family](node)


@pytest.mark.parametrize(
    ("path", "spelled"),
    [
        ("", ""),
        ("data.components", "data.components"),
        (("", "components"), "components"),
        (((("", "components"), 0), "components"), "components[0].components"),
        ((((("", "components"), 3), "items"), 1), "components[3].items[1]"),
        ((("data", "components"), 0), "data.components[0]"),
    ],
)
def test_paths_are_spelled_as_findings_show_them(path: Path, spelled: str) -> None:
    assert spell(path) == spelled
