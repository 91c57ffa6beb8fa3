"""Validation never raises, whatever JSON it is given, and always reports instead."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.components.counters import field_length, usage
from app.components.discord_verdict import problems_from_discord
from app.components.validate import Problem, validate_message, validate_modal, validate_payload

from .payloads import button, container, message, row, text
from .strategies import json_values, messages


def well_formed(problems: list[Problem]) -> bool:
    return all(
        isinstance(p.path, str)
        and p.rule
        and p.severity in ("error", "warning")
        and p.tag in ("doc", "rep", "inf", "warn")
        and p.message.endswith(".")
        and (p.severity == "warning") == (p.tag == "warn")
        for p in problems
    )


@pytest.mark.parametrize("payload", [None, [], "x", 3, 1.5, True, [message(text())]])
def test_non_objects_are_one_problem(payload: object) -> None:
    for validate in (validate_payload, validate_message, validate_modal):
        (problem,) = validate(payload)
        assert (problem.path, problem.rule) == ("", "payload.type")


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_is_reported_not_raised(payload: object) -> None:
    for validate in (validate_payload, validate_message, validate_modal, problems_from_discord):
        assert well_formed(validate(payload))
    usage(payload)


@settings(max_examples=150, deadline=None)
@given(messages(), st.data())
def test_any_json_grafted_into_a_valid_tree(payload: dict[str, Any], data: st.DataObject) -> None:
    """Replace one value anywhere in a valid message by arbitrary JSON."""
    mutant = copy.deepcopy(payload)
    holders: list[Any] = []

    def collect(value: Any) -> None:
        if isinstance(value, dict | list):
            holders.append(value)
            for child in value.values() if isinstance(value, dict) else value:
                collect(child)

    collect(mutant)
    holder = data.draw(st.sampled_from(holders))
    keys = list(holder) if isinstance(holder, dict) else list(range(len(holder)))
    if keys:
        holder[data.draw(st.sampled_from(keys))] = data.draw(json_values)
    assert well_formed(validate_payload(mutant))
    for path in ("components[0].content", "components[0].components[0].label", "content"):
        field_length(mutant, path)


def test_deep_nesting_is_reported_not_recursed() -> None:
    node: dict[str, Any] = text()
    for _ in range(50_000):
        node = container(node)
    problems = validate_message(message(node))
    assert any(p.rule == "component.depth" for p in problems)
    assert usage(message(node)).components < 50


def test_deep_values_outside_the_tree_are_not_walked() -> None:
    deep: Any = []
    for _ in range(50_000):
        deep = [deep]
    problems = validate_message(message(row(button(emoji={"name": deep}, label=deep)), poll=deep, nonce=deep))
    assert well_formed(problems)


def test_huge_values() -> None:
    huge = "x" * 5_000_000
    problems = validate_message(message(text(huge), {"type": 10**5000}, flags=(1 << 15) | (1 << 100_000)))
    assert {p.rule for p in problems} >= {
        "text_display.content.max_length",
        "component.type.unknown",
        "message.flags.not_allowed",
    }
    assert all(len(p.message) < 500 for p in problems)


def test_huge_lists_are_measured_not_walked() -> None:
    problems = validate_message(message(row(*(button() for _ in range(100_000)))))
    assert any(p.rule == "action_row.components.max_items" for p in problems)
    assert len(problems) < 1000


def test_many_problems_are_all_reported() -> None:
    broken = message(row(button(label=1), button(style="1"), {"type": 2}), text(""), {"type": 11})
    broken["components"].append(None)
    problems = validate_message(broken)
    assert len(problems) >= 7
    assert len({p.path for p in problems}) >= 6


def test_non_string_keys_from_python_callers() -> None:
    problems = validate_message({"components": [{"type": 10, "content": "x", 5: "five"}], "flags": 1 << 15})
    assert [p.path for p in problems] == ["components[0].5"]
