"""The editor's JSON panel in a real browser: the Outline | JSON switch followed with the keyboard (the address
keeps `?view=json`, the preview stays beside), an error typed and shown at its line and column, fixed and applied
with the preview and counters following and focus kept, back to the outline; the same without JavaScript; and
no serious accessibility violation."""

from __future__ import annotations

import json
import re

import httpx2
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ARTIFACTS, Live, axe_violations, open_page
from tests.e2e.test_builder import create_support_panel, export, settled
from tests.e2e.test_json_view import our_errors, replace_text
from tests.e2e.test_sign_in import sign_in_as

SYNTAX_ERROR = '{\n  "flags": 32768,\n  "components": [,]\n}'
TYPED = "Typed beside the outline"


def editor_page(page: Page, live: Live) -> str:
    """A new support panel's editor; its URL."""
    sign_in_as(page, live, "ada")
    create_support_panel(page, live)
    return page.url.split("?")[0]


def with_text(payload: dict[str, object]) -> dict[str, object]:
    components = payload["components"]
    assert isinstance(components, list)
    return {**payload, "components": [*components, {"type": 10, "content": TYPED}]}


def test_the_json_panel_beside_the_outline(browser: Browser, live: Live, emulator_control: httpx2.Client) -> None:
    page = open_page(browser)
    errors = our_errors(page)
    editor = editor_page(page, live)
    before = export(page, editor)
    page.evaluate("() => { window.loadedOnce = true }")  # gone if a switch loaded a page instead
    page.get_by_role("link", name="Outline").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the switch's JSON link
    box = page.locator("#tree #json")
    expect(box).to_be_visible()
    page.wait_for_url(f"{editor}?view=json")
    expect(page.locator("#tree li.comp")).to_have_count(0)
    json_link = page.get_by_role("link", name="JSON", exact=True)
    expect(json_link).to_have_attribute("aria-current", "page")
    expect(json_link).to_be_focused()
    tree, preview = page.locator("#tree").bounding_box(), page.locator("#preview-panel").bounding_box()
    assert tree and preview and preview["x"] >= tree["x"] + tree["width"]  # still beside it

    box.evaluate("node => { node.dataset.mark = 'the same element' }")
    replace_text(page, SYNTAX_ERROR)
    expect(page.locator("#json-error")).to_contain_text("line 3, column 18")
    expect(box).to_have_attribute("aria-invalid", "true")
    assert export(page, editor) == before

    changed = with_text(before)
    replace_text(page, json.dumps(changed, indent=2))
    apply = page.get_by_role("button", name="Apply to the draft")
    apply.click()
    expect(page.locator("#json-status")).to_contain_text("Applied to the draft")
    expect(page.locator("#preview")).to_contain_text(TYPED)
    expect(page.locator("#announce")).to_contain_text("Applied to the draft")
    expect(box).not_to_have_attribute("aria-invalid", "true")
    settled(page)
    assert export(page, editor) == changed
    expect(apply).to_be_focused()
    assert box.evaluate("node => node.dataset.mark") == "the same element"  # never swapped
    assert json.loads(box.input_value()) == changed
    page.locator("#preview [data-path='components[1]']").click()  # the caret goes to where it starts in the text
    assert box.evaluate("node => [document.activeElement === node, node.value[node.selectionStart]]") == [True, "{"]

    assert page.evaluate("() => window.loadedOnce === true")
    page.reload()
    expect(page.locator("#tree #json")).to_be_visible()  # the address kept the panel
    page.evaluate("() => { window.loadedOnce = true }")
    page.get_by_role("link", name="Outline").click()
    expect(page.locator("#tree li.comp").first).to_be_visible()
    expect(page.locator("#json")).to_have_count(0)
    page.wait_for_url(editor)
    expect(page.get_by_role("link", name="Outline")).to_have_attribute("aria-current", "page")
    assert page.evaluate("() => window.loadedOnce === true")
    assert errors == []
    page.context.close()


def test_the_json_panel_without_javascript(browser: Browser, live: Live, emulator_control: httpx2.Client) -> None:
    page = open_page(browser, javascript=False)
    editor = editor_page(page, live)
    page.get_by_role("link", name="JSON", exact=True).click()
    page.wait_for_url(f"{editor}?view=json")
    box = page.locator("#tree #json")
    box.fill('{"flags": 32768, "components": [')
    page.get_by_role("button", name="Apply to the draft").click()
    expect(page.locator("#error-summary")).to_contain_text("not valid JSON")
    expect(page.locator("#json-error")).to_contain_text("line 1, column")
    expect(box).to_have_attribute("aria-invalid", "true")
    assert box.input_value() == '{"flags": 32768, "components": ['  # kept as typed
    payload = {"flags": 32768, "components": [{"type": 10, "content": TYPED}]}
    box.fill(json.dumps(payload))
    page.get_by_role("button", name="Apply to the draft").click()
    page.wait_for_url(re.compile(r".*\?view=json&done=applied$"))
    expect(page.locator("#preview")).to_contain_text(TYPED)
    assert export(page, editor) == payload
    page.get_by_role("link", name="Outline").click()
    page.wait_for_url(editor)
    expect(page.locator("#tree li.comp")).to_have_count(1)
    page.context.close()


def test_the_json_panel_has_no_serious_violations(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    page = open_page(browser, bypass_csp=True)
    editor = editor_page(page, live)
    page.goto(f"{editor}?view=json")
    assert axe_violations(page) == []
    replace_text(page, SYNTAX_ERROR)
    expect(page.locator("#json-error")).to_be_visible()
    assert axe_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "editor-json-panel.png"), full_page=True)
    page.context.close()
