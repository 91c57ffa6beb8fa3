"""An administrator makes a role, grants it a permission and gives it to a user, who can then open the page
that permission guards."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx2
from playwright.sync_api import Browser, Page, expect

from app.admin.create_admin import NewAdmin, run
from tests.e2e.conftest import Live, axe_violations, open_page
from tests.e2e.test_accounts_flow import PASSWORD, sign_in, sign_up


def make_admin(live: Live) -> str:
    username = f"root{uuid.uuid4().hex[:8]}"
    wanted = NewAdmin(username, f"{username}@example.org", PASSWORD)
    # Playwright's sync API keeps an event loop on this thread: the command's work runs on another.
    with ThreadPoolExecutor(1) as worker:
        worker.submit(asyncio.run, run(live.settings.database_url, wanted)).result()
    return username


def test_a_role_with_a_permission_opens_the_page_it_guards(page: Page, browser: Browser, live: Live) -> None:
    reader_name = f"reader{uuid.uuid4().hex[:8]}"
    role_name = f"Log readers {uuid.uuid4().hex[:6]}"
    reader = open_page(browser)
    sign_up(reader, live, reader_name, f"{reader_name}@example.org")
    sign_in(reader, live, reader_name)
    reader.wait_for_url(f"{live.url}/")
    assert reader.goto(f"{live.url}/admin/activity").status == 403  # type: ignore[union-attr]

    sign_in(page, live, make_admin(live))
    page.wait_for_url(f"{live.url}/")
    page.goto(f"{live.url}/admin/roles")
    page.get_by_label("Name").fill(role_name)
    page.get_by_role("button", name="Create the role").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Role: {role_name}")
    page.get_by_label("Grant a permission").select_option(label="admin.logs")
    page.get_by_role("button", name="Grant", exact=True).click()
    expect(page.locator("#role-permissions code")).to_have_text(["admin.logs"])

    page.goto(f"{live.url}/admin/users?q={reader_name}")
    page.get_by_role("link", name=reader_name).click()
    page.get_by_label("Give a role").select_option(label=role_name)
    page.get_by_role("button", name="Give the role").click()
    expect(page.locator("#user-roles")).to_contain_text(role_name)

    response = reader.goto(f"{live.url}/admin/activity")
    assert response is not None and response.status == 200
    expect(reader.get_by_role("heading", level=1)).to_have_text("Activity log")
    expect(reader.locator("#results tbody tr").first).to_be_visible()
    assert reader.goto(f"{live.url}/admin/users").status == 403  # type: ignore[union-attr]
    reader.context.close()


def test_admin_pages_have_no_serious_accessibility_violations(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    page = open_page(browser, bypass_csp=True)
    sign_in(page, live, make_admin(live))
    page.wait_for_url(f"{live.url}/")
    for path in ("/admin", "/admin/roles", "/admin/permissions", "/admin/users", "/admin/activity", "/admin/roles/1"):
        page.goto(f"{live.url}{path}")
        assert axe_violations(page) == [], path
    page.context.close()


def test_an_administrator_lifts_a_lockout(page: Page, browser: Browser, live: Live) -> None:
    name = f"locked{uuid.uuid4().hex[:8]}"
    sign_up(page, live, name, f"{name}@example.org")
    page.goto(f"{live.url}/auth/login")
    for _ in range(5):
        page.get_by_label("Username or email").fill(name)
        page.get_by_label("Password", exact=True).fill("not the password")
        # Each wrong try is answered before the next: the error text of the one before would pass the check at once.
        with page.expect_response(lambda r: r.url.endswith("/auth/login") and r.request.method == "POST"):
            page.get_by_role("button", name="Sign in", exact=True).click()
        expect(page.locator("#login-error")).to_have_text("The username or email and password do not match an account.")
    sign_in(page, live, name)
    expect(page.locator("#login-error")).to_contain_text("Too many failed sign-ins.")

    admin = open_page(browser)
    sign_in(admin, live, make_admin(live))
    admin.wait_for_url(f"{live.url}/")
    admin.goto(f"{live.url}/admin/users?q={name}")
    admin.get_by_role("link", name=name).click()
    expect(admin.locator("#lockouts li")).to_have_count(1)
    admin.get_by_role("button", name="Lift the lockouts").click()
    expect(admin.locator("#lockouts-none")).to_be_visible()
    admin.context.close()

    sign_in(page, live, name)
    page.wait_for_url(f"{live.url}/")
