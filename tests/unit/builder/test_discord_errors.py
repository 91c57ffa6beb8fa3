"""Discord's 50035 error tree, mapped onto the validator's paths."""

from __future__ import annotations

from typing import Any

from app.components.discord_verdict import problems_from_discord

SPEC_EXAMPLE: dict[str, Any] = {
    "components": {
        "0": {
            "components": {
                "1": {
                    "label": {
                        "_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 80 or fewer in length."}]
                    }
                }
            }
        }
    }
}


def test_the_spec_example_lands_on_the_label() -> None:
    (problem,) = problems_from_discord(SPEC_EXAMPLE)
    assert problem.path == "components[0].components[1].label"
    assert problem.rule == "discord.base_type_max_length"
    assert (problem.severity, problem.tag) == ("error", "doc")
    assert "Must be 80 or fewer in length." in problem.message


def test_the_whole_body_is_accepted_too() -> None:
    body = {"code": 50035, "message": "Invalid Form Body", "errors": SPEC_EXAMPLE}
    assert problems_from_discord(body) == problems_from_discord(SPEC_EXAMPLE)


def test_every_leaf_in_document_order() -> None:
    tree = {
        "_errors": [{"code": "MESSAGE_EMPTY", "message": "Cannot send an empty message"}],
        "embeds": {"0": {"title": {"_errors": [{"code": "A", "message": "one"}, {"code": "B", "message": "two"}]}}},
        "components": {"2": {"accessory": {"media": {"url": {"_errors": [{"code": "C", "message": "three"}]}}}}},
    }
    found = [(p.path, p.rule) for p in problems_from_discord(tree)]
    assert found == [
        ("", "discord.message_empty"),
        ("embeds[0].title", "discord.a"),
        ("embeds[0].title", "discord.b"),
        ("components[2].accessory.media.url", "discord.c"),
    ]


def test_nothing_to_report() -> None:
    assert problems_from_discord({}) == []
    assert problems_from_discord(None) == []


def test_unreadable_trees_still_say_something() -> None:
    for tree in ("broken", {"components": 5}, [1, 2], {"flags": {"_errors": "bad"}}):
        problems = problems_from_discord(tree)
        assert len(problems) == 1
        assert problems[0].severity == "error"


def test_odd_entries_are_worded_safely() -> None:
    tree = {"title": {"_errors": [{"code": "<script>", "message": "x" * 1000}, "junk", {"message": " "}]}}
    problems = problems_from_discord(tree)
    assert [p.rule for p in problems] == ["discord.error"] * 3
    assert all(len(p.message) < 400 for p in problems)


def test_deep_trees_do_not_recurse() -> None:
    tree: dict[str, Any] = {"_errors": [{"code": "DEEP", "message": "bottom"}]}
    for _ in range(100_000):
        tree = {"components": {"0": tree}}
    assert [p.rule for p in problems_from_discord(tree)] == ["discord.invalid_form_body"]
