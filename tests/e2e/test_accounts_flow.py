"""A person signs up, confirms the address from the outbox, turns on 2FA, signs out and signs in with a code."""

from __future__ import annotations

import time
import uuid

import httpx2
import pyotp
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Live, axe_violations, open_page

PASSWORD = "correct horse battery staple"


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def sign_up(page: Page, live: Live, username: str, email: str) -> None:
    page.goto(f"{live.url}/auth/signup")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create the account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")


def sign_in(page: Page, live: Live, login: str) -> None:
    page.goto(f"{live.url}/auth/login")
    page.get_by_label("Username or email").fill(login)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def signed_in_as(page: Page, live: Live) -> str | None:
    status = page.request.get(f"{live.url}/auth/status").json()
    return str(status["user"]["username"]) if status["authenticated"] else None


def open_mail_link(page: Page, live: Live, email: str) -> None:
    """The newest mail to `email` in the outbox; the mail is sent right after the response, so look again."""
    mail = page.locator("article.mail", has=page.locator(".mail-to", has_text=email)).first
    for _ in range(20):
        page.goto(f"{live.url}/dev/outbox")
        if mail.count():
            break
        time.sleep(0.1)
    mail.locator(".mail-links a").first.click()


def test_sign_up_verify_enable_2fa_sign_out_and_sign_in_with_a_code(page: Page, live: Live) -> None:
    username = unique("hedy")
    email = f"{username}@example.org"
    sign_up(page, live, username, email)
    sign_in(page, live, username)
    page.wait_for_url(f"{live.url}/")
    assert signed_in_as(page, live) == username

    open_mail_link(page, live, email)
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Email address confirmed")

    page.goto(f"{live.url}/account/2fa")
    secret = page.locator("#totp-secret").inner_text().strip()
    expect(page.locator("img.qr")).to_be_visible()
    page.get_by_label("Code from the app").fill(pyotp.TOTP(secret).now())
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator("#recovery-codes li")).to_have_count(10)

    page.goto(f"{live.url}/auth/logout")
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("You have been signed out.")
    assert signed_in_as(page, live) is None

    sign_in(page, live, email)  # the confirmed address signs in too
    page.wait_for_url(f"{live.url}/auth/login/code")
    assert signed_in_as(page, live) is None
    # The current step's code was spent on enrolment; the next step's is within the accepted drift.
    page.get_by_label("Code", exact=True).fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live.url}/")
    assert signed_in_as(page, live) == username


def test_a_wrong_password_is_marked_on_the_field(page: Page, live: Live) -> None:
    page.goto(f"{live.url}/auth/login")
    page.get_by_label("Username or email").fill(unique("nobody"))
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    field = page.get_by_label("Password", exact=True)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".error-summary")).to_be_visible()


def test_account_pages_have_no_serious_accessibility_violations(
    browser: Browser, live: Live, emulator_control: httpx2.Client
) -> None:
    page = open_page(browser, bypass_csp=True)
    for path in ("/auth/signup", "/auth/login", "/auth/reset"):
        page.goto(f"{live.url}{path}")
        assert axe_violations(page) == [], path
    username = unique("axe")
    sign_up(page, live, username, f"{username}@example.org")
    sign_in(page, live, username)
    page.wait_for_url(f"{live.url}/")
    for path in ("/account", "/account/2fa"):
        page.goto(f"{live.url}{path}")
        assert axe_violations(page) == [], path
    page.context.close()
