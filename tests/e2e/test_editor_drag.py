"""Drag and drop in the editor's outline, in a real browser: a Text Display dragged from the top level into a
closed Container and back out, a Button from one Action Row to another; a line marks where it would land, a
place it cannot go shows none and takes no drop; each move is saved, opened, focused and announced."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx2
from playwright.sync_api import Browser, Locator, Page, Position, expect

from tests.e2e.conftest import Live
from tests.e2e.test_builder import create_support_panel, export, settled
from tests.e2e.test_sign_in import sign_in_as

DRAFT = {
    "flags": 32768,
    "components": [
        {"type": 10, "content": "Welcome aboard"},
        {"type": 17, "components": [{"type": 10, "content": "Inside the box"}]},
        {
            "type": 1,
            "components": [
                {"type": 2, "style": 1, "label": "Alpha", "custom_id": "alpha"},
                {"type": 2, "style": 2, "label": "Beta", "custom_id": "beta"},
            ],
        },
        {"type": 1, "components": [{"type": 2, "style": 1, "label": "Gamma", "custom_id": "gamma"}]},
    ],
}
CORNER: Position = {"x": 6, "y": 6}  # the component's own line, not a field or a list inside it


def tall_page(browser: Browser) -> Page:
    """Tall enough for the whole outline: a drag does not scroll the page under the pointer."""
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    context.set_default_timeout(10_000)
    return context.new_page()


def editor_with(page: Page, live: Live, payload: dict[str, Any]) -> str:
    """A new message whose draft is `payload` (through the JSON view); its editor, open. The editor's URL."""
    sign_in_as(page, live, "ada")
    create_support_panel(page, live)
    editor = page.url.split("?")[0]
    page.goto(f"{editor}/json")
    page.locator("#json").fill(json.dumps(payload))
    page.get_by_role("button", name="Apply to the draft").click()
    settled(page)
    assert export(page, editor) == payload
    page.goto(editor)
    return editor


def low(target: Locator) -> Position:
    """A point near the bottom edge of a component (below what it holds): a drop there lands after it."""
    found = target.bounding_box()
    assert found is not None
    return {"x": 6, "y": found["height"] - 3}


def glide_to(page: Page, target: Locator, position: Position) -> None:
    """Move the pointer (a button held down: a drag) to `position` of `target`, in steps as a hand would."""
    found = target.bounding_box()
    assert found is not None
    page.mouse.move(found["x"] + position["x"], found["y"] + position["y"], steps=5)


def labels(kids: list[dict[str, Any]]) -> list[str]:
    return [kid.get("label") or kid.get("content") or str(kid["type"]) for kid in kids]


def test_a_text_display_is_dragged_into_a_closed_container_and_out_again(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    page = tall_page(browser)
    editor = editor_with(page, live, DRAFT)
    expect(page.locator("#c-components-1")).not_to_have_class(re.compile(r"\bcomp-open\b"))
    inside = page.locator("#c-components-1-components-0")
    page.locator("#c-components-0").drag_to(inside, source_position=CORNER, target_position=low(inside))
    settled(page)
    expect(page.locator("#announce")).to_have_text("Text Display moved into Container 1, position 2.")
    payload = export(page, editor)
    assert labels(payload["components"]) == ["17", "1", "1"]
    assert labels(payload["components"][0]["components"]) == ["Inside the box", "Welcome aboard"]
    expect(page.locator("li.comp-open")).to_have_attribute("data-path", "components[0].components[1]")
    expect(page.locator("#c-components-0-components-1-h")).to_be_focused()

    last_row = page.locator("#c-components-2")
    page.locator("#c-components-0-components-0").drag_to(
        last_row, source_position=CORNER, target_position=low(last_row)
    )
    settled(page)
    expect(page.locator("#announce")).to_have_text("Text Display moved to the top level, position 4.")
    payload = export(page, editor)
    assert labels(payload["components"]) == ["17", "1", "1", "Inside the box"]
    assert labels(payload["components"][0]["components"]) == ["Welcome aboard"]
    expect(page.locator("#c-components-3-h")).to_be_focused()
    page.context.close()


def test_a_button_goes_from_one_row_to_another_and_never_to_the_top_level(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    page = tall_page(browser)
    editor = editor_with(page, live, DRAFT)
    beta, gamma = page.locator("#c-components-2-components-1"), page.locator("#c-components-3-components-0")
    # Over the top level a Button has no place: no line is drawn, and letting go there changes nothing.
    beta.hover(position=CORNER)
    page.mouse.down()
    glide_to(page, page.locator("#c-components-0"), CORNER)
    expect(page.locator(".drop-before, .drop-after, .drop-into")).to_have_count(0)
    # Over the other row's button it has one: a line before Gamma.
    glide_to(page, gamma, {"x": 12, "y": 4})
    expect(gamma).to_have_class("comp comp-t2 drop-before")
    glide_to(page, page.locator("#c-components-0"), CORNER)
    expect(page.locator(".drop-before, .drop-after, .drop-into")).to_have_count(0)
    page.mouse.up()
    settled(page)
    assert export(page, editor) == DRAFT

    beta.drag_to(gamma, source_position=CORNER, target_position=CORNER)
    settled(page)
    expect(page.locator("#announce")).to_have_text("Button moved into Action Row 2, position 1.")
    rows = export(page, editor)["components"][2:]
    assert [labels(row["components"]) for row in rows] == [["Alpha"], ["Beta", "Gamma"]]
    expect(page.locator("#c-components-3-components-0-h")).to_be_focused()
    page.context.close()
