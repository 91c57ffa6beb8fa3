"""A person signs in with Discord through the emulator's consent page, sees the home page, and signs out."""

from __future__ import annotations

import httpx2
from playwright.sync_api import Browser, Page, Route, expect

from tests.e2e.conftest import Live, axe_violations, open_page


def sign_in_as(page: Page, live: Live, username: str) -> None:
    page.goto(live.url)
    page.get_by_role("link", name="Sign in with Discord").first.click()
    page.get_by_role("button", name=f"Authorize as {username}").click()
    page.wait_for_url(f"{live.url}/")


def test_sign_in_see_home_and_sign_out(page: Page, live: Live) -> None:
    sign_in_as(page, live, "ada")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Ada Lovelace")
    expect(page.locator(".user-menu img.avatar")).to_be_visible()
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("You have been signed out.")
    page.goto(f"{live.url}/guilds")
    expect(page).to_have_url(f"{live.url}/auth/login?next=%2Fguilds")


def test_sign_in_pages_have_no_serious_accessibility_violations(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    page = open_page(browser, bypass_csp=True)
    page.goto(f"{live.url}/auth/login")
    assert axe_violations(page) == []
    sign_in_as(page, live, "grace")
    assert axe_violations(page) == []
    page.context.close()


def test_pages_load_without_csp_violations(browser: Browser, live: Live, emulator_control: httpx2.Client) -> None:
    page = open_page(browser)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    sign_in_as(page, live, "ada")
    page.goto(f"{live.url}/auth/logout")
    assert problems == []
    page.context.close()


def test_a_callback_opened_in_another_browser_leaves_the_sign_in_to_its_own(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    owner, stranger = open_page(browser), open_page(browser)
    callbacks: list[str] = []

    def hold_the_way_back(route: Route) -> None:
        """Discord's answer is kept from the owner's browser, as if its callback URL had gone to someone else."""
        answer = route.fetch(max_redirects=0)
        location = answer.headers.get("location", "")
        if "/auth/discord/callback" not in location:
            route.fulfill(response=answer)
            return
        callbacks.append(location)
        route.fulfill(status=200, content_type="text/html", body="<title>held</title><h1>held</h1>")

    owner.route("**/discord/oauth2/**", hold_the_way_back)
    owner.goto(live.url)
    owner.get_by_role("link", name="Sign in with Discord").first.click()
    owner.get_by_role("button", name="Authorize as ada").click()
    expect(owner.get_by_role("heading", level=1)).to_have_text("held")
    stranger.goto(callbacks[0])
    expect(stranger.get_by_role("heading", level=1)).to_have_text("This sign-in was started in another browser")
    owner.goto(callbacks[0])
    expect(owner.get_by_role("heading", level=1)).to_have_text("Welcome, Ada Lovelace")
    owner.context.close()
    stranger.context.close()
