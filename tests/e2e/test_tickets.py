"""The ticket board in Chromium: moving a card by form with JavaScript off, by dragging with it on, and two
managers in two browsers seeing each other's moves within two seconds."""

from __future__ import annotations

import json
import re
import time

import httpx2
from playwright.sync_api import Browser, expect

from emulator.fixtures import sign_interaction
from tests.e2e.conftest import Live, axe_violations, open_page
from tests.e2e.test_sign_in import sign_in_as

G1 = "200000000000000001"
LINUS = {"id": "100000000000000003", "username": "linus", "global_name": None, "avatar": None}


def open_ticket(live: Live) -> int:
    """Linus clicks a panel's "open a ticket" button in Discord; returns the new ticket's number."""
    payload = {
        "type": 3,
        "guild_id": G1,
        "channel_id": "300000000000000001",
        "member": {"user": LINUS},
        "data": {"custom_id": "gh:ticket", "component_type": 2},
    }
    body = json.dumps(payload).encode()
    headers = {**sign_interaction(body, str(int(time.time()))), "Content-Type": "application/json"}
    answer = httpx2.post(f"{live.url}/interactions", content=body, headers=headers).json()
    text = answer["data"]["components"][0]["components"][0]["content"]
    found = re.search(r"#(\d+)", text)
    assert found is not None, text
    return int(found.group(1))


def test_move_a_card_by_form_without_javascript(browser: Browser, live: Live, emulator_control: httpx2.Client) -> None:
    page = open_page(browser, javascript=False)
    sign_in_as(page, live, "ada")
    number = open_ticket(live)
    page.goto(f"{live.url}/guilds/{G1}/tickets")
    card = page.locator(f"#t{number}")
    card.get_by_label(f"Move ticket #{number} to").select_option(label="In progress")
    card.get_by_role("button", name="Move").click()
    expect(page.locator(f".ticket-column[data-status=in_progress] #t{number}")).to_be_visible()
    page.context.close()


def test_drag_a_card_and_hear_it_announced(browser: Browser, live: Live, emulator_control: httpx2.Client) -> None:
    page = open_page(browser)
    sign_in_as(page, live, "ada")
    number = open_ticket(live)
    page.goto(f"{live.url}/guilds/{G1}/tickets")
    page.drag_and_drop(f"#t{number}", ".ticket-column[data-status=waiting]")
    expect(page.locator(f".ticket-column[data-status=waiting] #t{number}")).to_be_visible()
    expect(page.locator("#board-announce")).to_have_text(f"Ticket #{number} moved to Waiting on user.")
    page.context.close()


def test_two_managers_see_each_others_moves(browser: Browser, live: Live, emulator_control: httpx2.Client) -> None:
    ada, grace = open_page(browser), open_page(browser)
    sign_in_as(ada, live, "ada")
    sign_in_as(grace, live, "grace")
    number = open_ticket(live)
    for page in (ada, grace):
        page.goto(f"{live.url}/guilds/{G1}/tickets")
    card = ada.locator(f"#t{number}")
    card.get_by_label(f"Move ticket #{number} to").select_option(label="In progress")
    card.get_by_role("button", name="Move").click()
    expect(ada.locator(f".ticket-column[data-status=in_progress] #t{number}")).to_be_visible()
    expect(ada.locator(f"#t{number} .tc-title")).to_be_focused()  # focus follows the moved card
    grace.locator(f"#t{number} .tc-title").focus()  # a card's link keeps focus through the board's refresh
    expect(grace.locator(f".ticket-column[data-status=in_progress] #t{number}")).to_be_visible(timeout=3000)
    expect(grace.locator(f"#t{number} .tc-title")).to_be_focused()
    ada.context.close()
    grace.context.close()


def test_board_and_ticket_page_have_no_serious_accessibility_violations(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    page = open_page(browser, bypass_csp=True)
    sign_in_as(page, live, "ada")
    number = open_ticket(live)
    page.goto(f"{live.url}/guilds/{G1}/tickets")
    assert axe_violations(page) == []
    page.goto(f"{live.url}/guilds/{G1}/tickets/{number}")
    assert axe_violations(page) == []
    page.context.close()
