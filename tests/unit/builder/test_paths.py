"""Addressing nodes by the validator's path form."""

from __future__ import annotations

import pytest

from app.components.paths import PathError, format_path, get_at, insert_at, parse_path, remove_at, set_at

from .payloads import Json, button, container, message, row, text


def payload() -> Json:
    return message(container(text("a"), row(button(label="x"))))


@pytest.mark.parametrize(
    ("path", "parts"),
    [
        ("", []),
        ("components", ["components"]),
        ("components[0].components[12].label", ["components", 0, "components", 12, "label"]),
        ("items[3][4]", ["items", 3, 4]),
    ],
)
def test_parse_and_format_round_trip(path: str, parts: list[str | int]) -> None:
    assert parse_path(path) == parts
    assert format_path(parts) == path


@pytest.mark.parametrize("path", ["components[", "a..b", "[0]", "a[x]", "a.", ".a", "a b", "a[-1]"])
def test_malformed_paths_are_refused(path: str) -> None:
    with pytest.raises(PathError):
        parse_path(path)


def test_get() -> None:
    data = payload()
    assert get_at(data, "components[0].components[1].components[0].label") == "x"
    assert get_at(data, "") is data
    for missing in ("components[1]", "components[0].nope", "flags[0]", "components[0].components[0].content.x"):
        with pytest.raises(PathError):
            get_at(data, missing)


def test_set_replaces_a_field_or_an_item() -> None:
    data = payload()
    set_at(data, "components[0].components[0].content", "b")
    set_at(data, "components[0].accent_color", 5)
    set_at(data, "components[0].components[1]", text("c"))
    assert data["components"][0]["components"] == [text("b"), text("c")]
    assert data["components"][0]["accent_color"] == 5
    with pytest.raises(PathError):
        set_at(data, "components[3]", text())
    with pytest.raises(PathError):
        set_at(data, "", {})


def test_insert_before_an_index_or_at_the_end() -> None:
    data = payload()
    insert_at(data, "components[0].components[0]", text("first"))
    insert_at(data, "components[0].components[3]", text("last"))
    contents = [kid.get("content") for kid in data["components"][0]["components"]]
    assert contents == ["first", "a", None, "last"]
    for bad in ("components[0].components[9]", "components[0].accent_color", "flags"):
        with pytest.raises(PathError):
            insert_at(data, bad, text())


def test_remove_returns_the_node() -> None:
    data = payload()
    assert remove_at(data, "components[0].components[0]") == text("a")
    assert remove_at(data, "flags") == 1 << 15
    assert len(data["components"][0]["components"]) == 1
    for bad in ("components[0].components[5]", "flags", ""):
        with pytest.raises(PathError):
            remove_at(data, bad)
