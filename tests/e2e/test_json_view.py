"""The JSON view in a real browser: typed into, checked and applied as you type without ever replacing the box,
problems placed at their line and column, an 80-character label cut by the preview without widening the page,
a share link opened signed out, the no-JavaScript Apply, and no serious accessibility violation."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx2
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from app.components import payload_json
from tests.e2e.conftest import ARTIFACTS, Live, axe_violations, open_page
from tests.e2e.test_builder import create_support_panel, export, settled
from tests.e2e.test_sign_in import sign_in_as

LONG_LABEL = "An eighty character label that Discord cuts with an ellipsis and never wraps: ok"


def json_page(page: Page, live: Live) -> str:
    """A new support panel's JSON view; the editor's URL."""
    sign_in_as(page, live, "ada")
    create_support_panel(page, live)
    editor = page.url.split("?")[0]
    page.goto(f"{editor}/json")
    return editor


def our_errors(page: Page) -> list[str]:
    found: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if message.type == "error" and not str(message.location.get("url", "")).endswith("/favicon.ico"):
            found.append(message.text)

    page.on("console", keep)
    return found


def replace_text(page: Page, text: str) -> None:
    box = page.locator("#json")
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)


def with_long_label(payload: dict[str, Any]) -> dict[str, Any]:
    row = {"type": 1, "components": [{"type": 2, "style": 1, "label": LONG_LABEL, "custom_id": "long"}]}
    return {**payload, "components": [*payload["components"], row]}


def test_typing_checks_and_applies_without_replacing_the_box(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    page = open_page(browser)
    errors = our_errors(page)
    editor = json_page(page, live)
    before = export(page, editor)
    box = page.locator("#json")
    box.evaluate("node => { node.dataset.mark = 'the same element' }")
    replace_text(page, '{\n  "flags": 32768,\n  "components": [,]\n}')
    expect(page.locator("#json-error")).to_contain_text("line 3, column 18")
    expect(box).to_have_attribute("aria-invalid", "true")
    assert export(page, editor) == before
    page.locator("#json-error a.json-spot").click()
    assert box.evaluate("node => [document.activeElement === node, node.selectionStart]") == [True, 37]  # the comma
    changed = with_long_label(before)
    replace_text(page, json.dumps(changed, indent=2))
    page.keyboard.type(" ")  # typed after the text was pasted, while its answer may be on its way
    expect(page.locator("#json-status")).to_contain_text("Applied to the draft")
    settled(page)
    assert export(page, editor) == changed
    assert box.evaluate("node => node.dataset.mark") == "the same element"  # never swapped
    assert box.input_value() == json.dumps(changed, indent=2) + " "
    expect(box).not_to_have_attribute("aria-invalid", "true")
    drawn = page.locator("#json-preview [data-path='components[1].components[0]']")
    drawn.click()  # the component clicked in the preview: the caret goes to where it starts in the text
    text = box.input_value()
    spot = payload_json.spots(text, {"components[1].components[0]"})["components[1].components[0]"]
    offset = sum(len(line) + 1 for line in text.split("\n")[: spot.line - 1]) + spot.column - 1
    assert box.evaluate("node => [document.activeElement === node, node.selectionStart]") == [True, offset]
    assert text[offset] == "{"
    assert errors == []
    page.context.close()


def test_a_long_label_is_cut_with_an_ellipsis_and_never_widens_the_page(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    page = open_page(browser)
    editor = json_page(page, live)
    replace_text(page, json.dumps(with_long_label(export(page, editor))))
    page.get_by_role("button", name="Apply to the draft").click()
    expect(page.locator("#json-status")).to_contain_text("Applied to the draft")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for url in (f"{editor}/json", editor):
            page.goto(url)
            label = page.locator("[data-path$='.components[0]'] .pv-button-label", has_text="An eighty").first
            cut = label.evaluate("node => [node.scrollWidth > node.clientWidth, getComputedStyle(node).textOverflow]")
            assert cut == [True, "ellipsis"], (width, url)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (width, url)
            assert label.evaluate("node => node.getBoundingClientRect().height") < 20  # one line
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{editor}/json")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "json-view.png"), full_page=True)
    page.context.close()


def test_a_share_link_opens_signed_out_and_the_page_has_no_serious_violations(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    page = open_page(browser, bypass_csp=True)
    editor = json_page(page, live)
    assert axe_violations(page) == []
    page.goto(editor)
    page.get_by_role("button", name="Make a share link").click()
    link = page.locator("input.share-link").first
    expect(link).to_be_visible()
    address = link.input_value()
    assert address.startswith(f"{live.url}/shared/")
    stranger = open_page(browser, bypass_csp=True)
    stranger.goto(address)
    expect(stranger.locator("#shared-preview .pv-author")).to_have_text("Guildhall")
    expect(stranger.locator(".site-header").get_by_role("link", name="Sign in")).to_be_visible()
    assert json.loads(stranger.locator("#shared-json").input_value()) == export(page, editor)
    assert axe_violations(stranger) == []
    page.get_by_role("button", name=re.compile("^Revoke")).click()
    expect(page.locator("#no-share-links")).to_be_visible()
    assert stranger.goto(address).status == 404  # type: ignore[union-attr]
    stranger.context.close()
    page.context.close()


def test_apply_without_javascript(browser: Browser, live: Live, emulator_control: httpx2.Client) -> None:
    page = open_page(browser, javascript=False)
    editor = json_page(page, live)
    box = page.locator("#json")
    box.fill('{"flags": 32768, "components": [')
    page.get_by_role("button", name="Apply to the draft").click()
    expect(page.locator("#error-summary")).to_contain_text("not valid JSON")
    expect(box).to_have_attribute("aria-invalid", "true")
    payload = {"flags": 32768, "components": [{"type": 10, "content": "Typed without JavaScript"}]}
    box.fill(json.dumps(payload))
    page.get_by_role("button", name="Apply to the draft").click()
    page.wait_for_url(re.compile(r".*/json\?done=saved"))
    assert export(page, editor) == payload
    page.context.close()
