"""The builder in a real browser: a support panel built with the keyboard alone (with JavaScript, through the
shortcuts; without it, through the plain buttons), an error seen inline, accessibility, and a screenshot."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx2
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from tests.e2e.conftest import ARTIFACTS, Live, axe_violations, open_page
from tests.e2e.test_sign_in import sign_in_as

G1 = "200000000000000001"
LIBRARY = f"/guilds/{G1}/messages"


def serious(message: ConsoleMessage) -> bool:
    """A console error of ours (a CSP violation, a script error); the browser's own favicon request is not."""
    return message.type == "error" and not str(message.location.get("url", "")).endswith("/favicon.ico")


def new_message(page: Page, live: Live, name: str) -> str:
    """Create a blank message from the library with the keyboard; the editor's URL."""
    page.goto(f"{live.url}{LIBRARY}")
    name_field = page.get_by_label("Name (optional)")
    name_field.focus()
    page.keyboard.type(name)
    page.keyboard.press("Enter")  # the form's only submit button: Create
    page.wait_for_url(re.compile(r".*/messages/\d+\?done=created"))
    return page.url.split("?")[0]


def create_support_panel(page: Page, live: Live) -> None:
    page.goto(f"{live.url}{LIBRARY}")
    page.get_by_role("radio", name="Support panel").check()
    page.get_by_role("button", name="Create", exact=True).click()
    page.wait_for_url(re.compile(r".*/messages/\d+\?done=created"))


def open_component(page: Page, title: str) -> None:
    """Press a component's title in the outline: its fields open."""
    page.get_by_role("button", name=title, exact=True).click()
    page.wait_for_selector(".comp-open .comp-fields")


def export(page: Page, editor_url: str) -> Any:
    return json.loads(page.request.get(f"{editor_url}/export.json").text())


BUSY = "() => document.querySelector('.htmx-request') !== null"


def settled(page: Page) -> None:
    """Wait until htmx has no request in flight (polled from here: the page's CSP forbids evaluating strings)."""
    page.wait_for_timeout(100)
    for _ in range(100):
        if not page.evaluate(BUSY):
            break
        page.wait_for_timeout(50)
    page.wait_for_timeout(150)


def focused_id(page: Page) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.id"))


def add_with_shortcut(page: Page, letter: str) -> None:
    """Alt+N: the add list of the current component (or of the message); pick by first letter; press Add."""
    page.keyboard.press("Alt+KeyN")
    settled(page)  # a closed component opens first
    page.keyboard.press(letter)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    settled(page)


def replace_text(page: Page, text: str) -> None:
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def check_support_panel(payload: Any) -> None:
    (container,) = payload["components"]
    assert container["type"] == 17
    text, section, row = container["components"]
    assert (text["type"], text["content"]) == (10, "Need a hand?")
    assert section["type"] == 9 and section["components"][0]["content"] == "Open a private ticket."
    assert section["accessory"]["type"] == 2 and section["accessory"]["label"] == "Open a ticket"
    assert row["type"] == 1 and [c["type"] for c in row["components"]] == [3]
    assert payload["flags"] == 32768


def test_build_a_support_panel_with_the_keyboard_and_shortcuts(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    page = open_page(browser)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if serious(message) else None)
    sign_in_as(page, live, "ada")
    url = new_message(page, live, "Keyboard panel")
    add_with_shortcut(page, "c")  # a Container (it comes with a Text Display)
    assert focused_id(page) == "f-components-1-accent_color"
    page.keyboard.press("Escape")  # back to the Container's title
    page.keyboard.press("ArrowUp")  # the blank message's own Text Display
    assert focused_id(page) == "c-components-0-h"
    page.keyboard.press("Alt+Delete")
    settled(page)
    assert focused_id(page) == "c-components-0-h"  # the Container took its place
    add_with_shortcut(page, "s")  # a Section in the Container
    assert focused_id(page) == "c-components-0-components-1-h"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert focused_id(page) == "c-components-0-h"
    add_with_shortcut(page, "a")  # an Action Row in the Container (it comes with a Button)
    page.keyboard.press("ArrowDown")  # the row's Button
    page.keyboard.press("Alt+Delete")
    settled(page)
    assert focused_id(page) == "c-components-0-components-2-h"
    add_with_shortcut(page, "s")  # a String Select in the row
    assert focused_id(page) == "f-components-0-components-2-components-0-custom_id"
    page.keyboard.press("Escape")
    for _ in range(5):
        page.keyboard.press("ArrowUp")  # row, Button, Section's text, Section, the Container's text
    assert focused_id(page) == "c-components-0-components-0-h"
    page.keyboard.press("Enter")  # opens the Text Display: its first field takes focus
    settled(page)
    replace_text(page, "Need a hand?")
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    settled(page)
    replace_text(page, "Open a private ticket.")
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowDown")  # the accessory Button
    page.keyboard.press("Enter")  # its style
    settled(page)
    page.keyboard.press("Tab")  # its label
    replace_text(page, "Open a ticket")
    settled(page)
    page.wait_for_timeout(600)
    settled(page)
    check_support_panel(export(page, url))
    expect(page.locator("#preview [data-path='components[0].components[1].accessory']")).to_contain_text(
        "Open a ticket"
    )
    expect(page.locator("#summary-title")).to_contain_text("No problems")
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_have_attribute("open", "")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "builder-editor.png"), full_page=True)
    assert problems == []
    page.context.close()


def test_build_a_support_panel_with_the_keyboard_and_no_javascript(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    page = open_page(browser, javascript=False)
    sign_in_as(page, live, "ada")
    url = new_message(page, live, "Plain panel")

    def press(name: str) -> None:
        page.get_by_role("button", name=name, exact=True).press("Enter")
        page.wait_for_load_state()

    def add(place: str, option: str) -> None:
        page.get_by_role("combobox", name=f"Add to {place}", exact=True).focus()
        page.keyboard.type(option[:1].lower())
        press(f"Add the chosen component to {place}")

    add("Components", "Container")
    assert page.url == f"{url}?open=components%5B1%5D#c-components-1"
    press("Text Display 1")  # each title opens its component: the form is posted, so typing goes with it
    press("Remove Text Display 1")
    add("Contents of Container 1", "Section")
    press("Container 1")
    add("Contents of Container 1", "Action Row")
    press("Button 2")
    press("Remove Button 2")
    add("Contents of Action Row 1", "String Select")
    for title, field, text in (
        ("Text Display 1", "#f-components-0-components-0-content", "Need a hand?"),
        ("Text Display 2", "#f-components-0-components-1-components-0-content", "Open a private ticket."),
        ("Button 1", "#f-components-0-components-1-accessory-label", "Open a ticket"),
    ):
        press(title)
        page.locator(field).focus()
        replace_text(page, text)
    press("Save")
    assert page.url.endswith("&done=saved")  # with the button still open
    check_support_panel(export(page, url))
    page.context.close()


def test_an_error_is_shown_inline_as_it_is_typed(browser: Browser, live: Live, emulator_control: httpx2.Client) -> None:
    page = open_page(browser)
    sign_in_as(page, live, "ada")
    create_support_panel(page, live)
    open_component(page, "Button 1")
    label = page.locator("#f-components-0-components-1-accessory-label")
    label.focus()
    page.keyboard.press("End")
    page.keyboard.type(" and much more text than any button label could ever hold on Discord, really")
    expect(page.locator("#f-components-0-components-1-accessory-label-error")).to_contain_text("at most 80")
    expect(label).to_have_attribute("aria-invalid", "true")
    expect(label).to_be_focused()
    expect(label).to_have_value(
        "Open a ticket and much more text than any button label could ever hold on Discord, really"
    )
    expect(page.locator("#summary a").first).to_have_attribute("href", "#f-components-0-components-1-accessory-label")
    expect(page.locator("#counters")).to_contain_text("Components 7/40")
    page.context.close()


def test_a_field_is_checked_as_it_is_typed_before_anything_is_saved(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    """With saving cut off, the check alone still counts, judges and marks the field, which keeps the typing."""
    page = open_page(browser)
    sign_in_as(page, live, "ada")
    create_support_panel(page, live)
    editor = page.url.split("?")[0]
    open_component(page, "Button 1")
    page.route(re.compile(r".*/edit$"), lambda route: route.abort())
    label = page.locator("#f-components-0-components-1-accessory-label")
    count = page.locator("#f-components-0-components-1-accessory-label-count")
    label.focus()
    page.keyboard.press("End")
    page.keyboard.type(" " + "x" * 80)
    expect(count).to_have_text("94 of 80 characters, over the limit")
    expect(page.locator("#f-components-0-components-1-accessory-label-error")).to_contain_text("at most 80")
    expect(label).to_have_attribute("aria-invalid", "true")
    expect(label).to_have_attribute("aria-describedby", re.compile(r"accessory-label-error"))
    expect(label).to_be_focused()
    replace_text(page, "Open")
    expect(count).to_have_text("4 of 80 characters")
    expect(label).not_to_have_attribute("aria-invalid", "true")
    expect(label).to_have_value("Open")
    assert export(page, editor)["components"][0]["components"][1]["accessory"]["label"] == "Open a ticket"
    page.context.close()


def test_an_error_is_shown_inline_without_javascript(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    page = open_page(browser, javascript=False)
    sign_in_as(page, live, "ada")
    create_support_panel(page, live)
    open_component(page, "Button 1")
    page.locator("#f-components-0-components-1-accessory-label").fill("L" * 81)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#summary[role=alert]")).to_contain_text("1 problem")
    label = page.locator("#f-components-0-components-1-accessory-label")
    expect(label).to_have_value("L" * 81)
    expect(label).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-components-0-components-1-accessory-label-error")).to_contain_text("at most 80")
    page.context.close()


def test_library_editor_and_history_have_no_serious_accessibility_violations(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    page = open_page(browser, bypass_csp=True)
    sign_in_as(page, live, "grace")
    create_support_panel(page, live)
    editor = page.url.split("?")[0]
    page.get_by_label("Version name (optional)").fill("First")
    page.get_by_role("button", name="Save version").click()
    page.wait_for_url(re.compile(r".*\?done=version"))
    for path in (
        LIBRARY,
        editor.removeprefix(live.url),
        f"{editor.removeprefix(live.url)}/history",
        f"{editor.removeprefix(live.url)}/json",
    ):
        page.goto(f"{live.url}{path}")
        assert axe_violations(page) == [], path
    page.goto(f"{editor}/history?a=1&b=draft")
    assert axe_violations(page) == []
    page.context.close()
