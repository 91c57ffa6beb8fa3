"""Checking one field: finding it by its form name anywhere in a draft, and judging the typed value in place."""

from __future__ import annotations

import copy

from app.builder.editor.field_check import check, find_field
from app.builder.editor.forms import field_refs
from app.components.starters import STARTERS

MESSAGE = STARTERS["support"].payload
FORM = STARTERS["feedback"].payload


def test_every_field_of_the_editor_is_found_by_its_name() -> None:
    for payload in (MESSAGE, FORM):
        for ref in field_refs(payload):
            found = find_field(payload, "f:" + ref.path)
            assert (found is None) == (ref.spec.kind == "form"), ref.path
            assert found is None or (found.path, found.spec) == (ref.path, ref.spec)


def test_names_that_are_no_field_are_not_found() -> None:
    for name in ("components[0].components[0].content", "f:components[7].content", "f:", "f:title", "meta:name"):
        assert find_field(MESSAGE, name) is None, name


def test_the_typed_value_is_judged_with_the_rest_of_the_draft() -> None:
    draft = copy.deepcopy(MESSAGE)
    ref = find_field(draft, "f:components[0].components[2].components[0].options[1].label")
    assert ref is not None
    checked = check(draft, ref, "B" * 101, {})
    assert checked.length == (101, 100)
    assert [p.path for p in checked.problems] == [ref.path]
    assert "101 characters" in checked.problems[0].message


def test_a_modal_title_is_found_and_judged() -> None:
    draft = copy.deepcopy(FORM)
    ref = find_field(draft, "f:title")
    assert ref is not None
    checked = check(draft, ref, "", {})
    assert checked.invalid
