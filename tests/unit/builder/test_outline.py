"""The outline's few words per component, and which components are open."""

from __future__ import annotations

from app.builder.editor import outline


def test_a_component_is_told_by_its_label_text_or_placeholder_without_markdown_marks() -> None:
    assert outline.summary({"type": 2, "label": "Open a ticket", "custom_id": "t"}) == "Open a ticket"
    assert outline.summary({"type": 10, "content": "## Need   a\nhand?"}) == "Need a hand?"
    assert outline.summary({"type": 3, "custom_id": "pick", "placeholder": "Choose"}) == "Choose"
    assert outline.summary({"type": 11, "media": {"url": "https://x/y.png"}}) == "https://x/y.png"


def test_a_long_text_is_cut_with_an_ellipsis() -> None:
    told = outline.summary({"type": 10, "content": "word " * 30})
    assert len(told) == outline.SUMMARY_MAX and told.endswith("…")


def test_a_holder_says_what_it_holds() -> None:
    section = {"type": 9, "components": [{"type": 10, "content": "Inside"}], "accessory": {"type": 2}}
    assert outline.summary(section) == "Inside"
    assert outline.summary({"type": 17, "components": [section, section]}) == "2 components"
    assert outline.summary({"type": 1, "components": [{"type": 2}]}) == "1 component"
    assert outline.summary({"type": 14}) == ""
    assert outline.summary("not a component") == ""


def test_open_is_the_chosen_paths_or_all() -> None:
    assert outline.is_open({"components[1]"}, "components[1]")
    assert not outline.is_open({"components[1]"}, "components[0]")
    assert outline.is_open({outline.ALL}, "components[0].accessory")
