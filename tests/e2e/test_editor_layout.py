"""The editor's layout in a real browser: the preview beside the outline on a wide screen, never pushing Publish
and Versions off the page (even with an 80-character label); a Preview tab on a phone; a previewed component
opens in the editor when clicked. Screenshots of both widths land in the artifacts."""

from __future__ import annotations

import httpx2
from playwright.sync_api import Browser, FloatRect, Page, Position, expect

from tests.e2e.conftest import ARTIFACTS, Live
from tests.e2e.test_builder import create_support_panel, open_component, replace_text, settled
from tests.e2e.test_sign_in import sign_in_as

LONG_LABEL = "L" * 80  # the longest label Discord takes


def box(page: Page, selector: str) -> FloatRect:
    found = page.locator(selector).bounding_box()
    assert found is not None, selector
    return found


def support_panel(browser: Browser, live: Live, width: int) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in_as(page, live, "ada")
    create_support_panel(page, live)
    return page


def test_wide_the_preview_sits_beside_the_outline_and_a_long_label_pushes_nothing(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    page = support_panel(browser, live, 1440)
    open_component(page, "Button 1")
    page.locator(".tree").evaluate("tree => tree.scrollIntoView({block: 'start'})")  # the outline with the preview
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "editor-desktop.png"))
    page.locator("#f-components-0-components-1-accessory-label").focus()
    replace_text(page, LONG_LABEL)
    settled(page)
    page.wait_for_timeout(600)
    settled(page)
    tree, preview = box(page, ".tree"), box(page, "#preview-panel")
    assert preview["x"] >= tree["x"] + tree["width"]  # beside, not below
    assert preview["y"] < tree["y"] + tree["height"]
    for card in ("#preview-panel", "#publish", ".versions-panel"):
        edge = box(page, card)
        assert edge["x"] + edge["width"] <= 1440, card
    expect(page.locator(".preview-tab")).to_be_hidden()
    page.context.close()


def test_narrow_a_preview_tab_shows_the_preview_and_a_click_on_it_opens_the_component(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    page = support_panel(browser, live, 390)
    tab = page.locator(".preview-tab")
    expect(tab).to_be_visible()
    assert box(page, ".tree")["y"] < 900  # the outline starts on the first screen
    for line in page.locator("li.comp").all():
        edge = line.bounding_box()
        assert edge is not None and edge["x"] + edge["width"] <= 390  # one line each, cut rather than widened
    page.screenshot(path=str(ARTIFACTS / "editor-390.png"))
    tab.click()
    expect(page.locator(".tree")).to_be_hidden()
    expect(page.locator("#preview")).to_be_visible()
    page.locator("#preview [data-path='components[0].components[1].accessory']").first.click()
    settled(page)
    expect(page.locator(".tree")).to_be_visible()
    expect(page.locator("li.comp-open")).to_have_attribute("data-path", "components[0].components[1].accessory")
    expect(page.locator("#c-components-0-components-1-accessory-h")).to_be_focused()
    page.context.close()


def test_a_component_is_dragged_to_its_place_in_the_outline(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    page = support_panel(browser, live, 1440)
    editor = page.url.split("?")[0]
    corner: Position = {"x": 4, "y": 4}  # the row's own line, not the select it holds
    page.locator("#c-components-0-components-2").drag_to(
        page.locator("#c-components-0-components-0"), source_position=corner, target_position=corner
    )
    settled(page)
    expect(page.locator("#announce")).to_have_text("Action Row moved into Container 1, position 1.")
    kinds = [c["type"] for c in page.request.get(f"{editor}/export.json").json()["components"][0]["components"]]
    assert kinds == [1, 10, 9]
    page.context.close()
