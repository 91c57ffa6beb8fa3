"""Development mode is asked for, never inferred, and stays on this machine: its outbox shows each account its own
mail, so a password reset mailed for someone else's account cannot be read to take the account over."""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx2
import pytest
from starlette.testclient import TestClient

from app.settings import Settings, SettingsError, load
from app.web import create_app
from emulator.server import free_port
from tests.conftest import TEST_BASE_URL
from tests.web.accounts_helpers import make_user, post, sign_in_password
from tests.web.support import html
from tests.web.test_auth_login import run

THIS_MACHINE = ("127.0.0.1", 50000)
ROOT_EMAIL = "root@example.org"


def browser(settings: Settings, peer: tuple[str, int] = THIS_MACHINE) -> TestClient:
    return TestClient(create_app(settings), base_url=TEST_BASE_URL, follow_redirects=False, client=peer)


@pytest.fixture
def here(settings: Settings) -> Iterator[TestClient]:
    """A browser on the machine that runs Guildhall."""
    with browser(settings) as client:
        yield client


def recipients(client: TestClient) -> list[str]:
    return [node.text() for node in html(client.get("/dev/outbox")).css("article.mail .mail-to")]


def ask_for_a_reset(client: TestClient, email: str) -> None:
    assert post(client, "/auth/reset", {"email": email}, page="/auth/reset").status_code == 303


def test_the_outbox_answers_only_to_a_loopback_peer(settings: Settings, here: TestClient) -> None:
    assert here.get("/dev/outbox").status_code == 200
    with browser(settings, ("203.0.113.9", 50000)) as remote:
        assert remote.get("/dev/outbox").status_code == 403


def test_the_outbox_believes_the_peer_not_a_forwarded_header(settings: Settings, here: TestClient) -> None:
    """A proxy on this machine is a loopback peer speaking for anyone; a trusted proxy's header is not the peer."""
    assert here.get("/dev/outbox", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 403
    assert here.get("/dev/outbox", headers={"Forwarded": "for=127.0.0.1"}).status_code == 403
    proxied = replace(settings, trusted_proxies=("203.0.113.9",))
    with browser(proxied, ("203.0.113.9", 50000)) as remote:
        assert remote.get("/dev/outbox", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 403


def test_a_reset_for_the_administrators_address_is_not_readable_signed_out(here: TestClient) -> None:
    root = make_user(here, "root", email=ROOT_EMAIL, roles=["Admin"])
    ask_for_a_reset(here, ROOT_EMAIL)
    assert run(here, "SELECT recipient, user_id FROM outbox") == [{"recipient": ROOT_EMAIL, "user_id": root}]
    page = html(here.get("/dev/outbox"))
    assert page.css("article.mail") == []
    assert page.css("a[href*='/auth/reset/']") == []
    hint = page.css_first(".sign-in-hint a")
    assert hint is not None and hint.attributes["href"] == "/auth/login?next=/dev/outbox"


def test_a_signed_in_account_reads_only_its_own_mail(here: TestClient) -> None:
    make_user(here, "root", email=ROOT_EMAIL, roles=["Admin"])
    make_user(here, "hedy")
    ask_for_a_reset(here, ROOT_EMAIL)
    ask_for_a_reset(here, "hedy@example.org")
    assert sign_in_password(here, "hedy").status_code == 303
    assert recipients(here) == ["hedy@example.org"]


def test_an_administrator_reads_every_mail(here: TestClient) -> None:
    make_user(here, "root", email=ROOT_EMAIL, roles=["Admin"])
    make_user(here, "hedy")
    ask_for_a_reset(here, "hedy@example.org")
    assert sign_in_password(here, "root").status_code == 303
    assert recipients(here) == ["hedy@example.org"]


def test_a_verification_mail_belongs_to_the_account_that_asked(here: TestClient) -> None:
    form = {"username": "grace2", "email": "grace2@example.org", "password": "a long enough passphrase"}
    assert (
        post(here, "/auth/signup", {**form, "first_name": "", "last_name": ""}, page="/auth/signup").status_code == 303
    )
    assert run(here, "SELECT o.user_id = u.id AS mine FROM outbox o, users u WHERE u.username = 'grace2'") == [
        {"mine": True}
    ]
    assert sign_in_password(here, "grace2", "a long enough passphrase").status_code == 303
    assert recipients(here) == ["grace2@example.org"]


def test_the_banner_says_development_mode_stays_on_this_machine(here: TestClient) -> None:
    banner = html(here.get("/auth/login")).css_first(".dev-banner")
    assert banner is not None
    assert "for this machine only" in banner.text()
    outbox = banner.css_first("a")
    assert outbox is not None and outbox.attributes["href"] == "/dev/outbox"


def test_production_has_neither_banner_nor_outbox(settings: Settings) -> None:
    with browser(replace(settings, development=False)) as client:
        assert html(client.get("/auth/login")).css_first(".dev-banner") is None
        assert client.get("/dev/outbox").status_code == 404


def guildhall(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`guildhall ARGS` with only `env` for settings (none of the caller's Guildhall, Discord or GitHub ones)."""
    kept = {key: value for key, value in os.environ.items() if key not in SETTINGS_NAMES}
    command = [sys.executable, "-m", "app.cli", *args]
    return subprocess.run(command, env={**kept, **env}, capture_output=True, text=True, timeout=30, check=False)  # noqa: S603


SETTINGS_NAMES = {name.upper() for name in vars(Settings())} | {"GUILDHALL_ENV"}
PRODUCTION = {
    "DISCORD_CLIENT_ID": "123456789012345678",
    "DISCORD_CLIENT_SECRET": "client-secret",
    "DISCORD_BOT_TOKEN": "bot-token",
    "SECRET_KEY": "a-production-secret-key-of-enough-length",
    "ENCRYPTION_KEYS": "Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg=",
}


def test_serve_without_discord_settings_refuses_to_start_and_names_each_one() -> None:
    refused = guildhall("serve")
    assert refused.returncode != 0
    named = {line.split(":")[0].strip() for line in refused.stderr.splitlines() if line.startswith("  ")}
    assert named == set(PRODUCTION)
    assert "GUILDHALL_ENV=development" in refused.stderr


def test_one_missing_setting_is_named_alone() -> None:
    refused = guildhall("serve", **{**PRODUCTION, "DISCORD_BOT_TOKEN": ""})
    assert refused.returncode != 0
    assert [line.split(":")[0].strip() for line in refused.stderr.splitlines() if line.startswith("  ")] == [
        "DISCORD_BOT_TOKEN"
    ]


@pytest.mark.parametrize("asked", [("--dev",), ()])
def test_development_mode_refuses_to_listen_beyond_loopback(asked: tuple[str, ...]) -> None:
    env = {"HOST": "0.0.0.0"} | ({} if asked else {"GUILDHALL_ENV": "development"})  # noqa: S104
    refused = guildhall("serve", *asked, **env)
    assert refused.returncode != 0
    assert "HOST is '0.0.0.0'" in refused.stderr


def test_development_mode_is_what_was_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SETTINGS_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GUILDHALL_ENV", "development")
    asked = load(env_file=None)
    assert asked.development
    assert asked.discord_api_base.startswith("http://127.0.0.1:8001/")
    monkeypatch.setenv("GUILDHALL_ENV", "dev")
    with pytest.raises(SettingsError, match="GUILDHALL_ENV"):
        load(env_file=None)
    monkeypatch.setenv("GUILDHALL_ENV", "production")
    with pytest.raises(SettingsError, match="DISCORD_CLIENT_ID"):
        load(env_file=None)
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    assert not load(env_file=None).development


def test_serve_dev_starts_the_dashboard_and_the_emulator_on_loopback(tmp_path: Path) -> None:
    port, emulator_port = free_port(), free_port()
    env = {**os.environ, "PORT": str(port), "EMULATOR_PORT": str(emulator_port)}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path}/dev.db"
    command = [sys.executable, "-m", "app.cli", "serve", "--dev"]
    with subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as served:  # noqa: S603
        try:
            assert _answers(f"http://127.0.0.1:{port}/healthz")
            assert _answers(f"http://127.0.0.1:{emulator_port}/_emulator/control/state")
            assert listening_on(port) == listening_on(emulator_port) == {"127.0.0.1"}
        finally:
            served.terminate()


def _answers(url: str) -> bool:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            return httpx2.get(url, timeout=1).status_code == 200
        except httpx2.TransportError:
            time.sleep(0.1)
    return False


def listening_on(port: int) -> set[str]:
    """The IPv4 addresses a socket listens on at `port`, as the kernel lists them (/proc/net/tcp, state 0A)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            found.add(str(ipaddress.IPv4Address(bytes.fromhex(address)[::-1])))
    return found
