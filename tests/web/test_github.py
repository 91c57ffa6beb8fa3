"""Linking a GitHub repository to a guild, through the emulated GitHub over HTTP."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

import httpx2
import pytest
from starlette.testclient import TestClient

from app.core.crypto import Box, digest
from tests.web.support import ADA, GRACE, callback_path, calls, csrf, emulator_state, html, sign_in, text_of
from tests.web.test_auth_login import run
from tests.web.test_guilds import on_a_clock

G1 = "200000000000000001"
ADA_GH, GRACE_GH = "5001", "5002"


def link_github(client: TestClient, github_user: str, guild: str = G1) -> Any:
    """Start linking, approve on GitHub as `github_user`, and follow the callback; returns the callback's answer."""
    start = client.post(f"/guilds/{guild}/github/start", data={"csrf_token": csrf(client, f"/guilds/{guild}/github")})
    assert start.status_code == 303, start.text
    authorize = str(start.headers["location"])
    with httpx2.Client(follow_redirects=False, timeout=10) as browser:
        answer = browser.get(f"{authorize}&{urlencode({'login_as': github_user, 'consent': 'approve'})}")
    assert answer.status_code in (302, 303), answer.text
    return client.get(callback_path(str(answer.headers["location"])))


def link_first_repository(client: TestClient) -> Any:
    """Approve GitHub as ada's account and choose the first repository offered; returns the choice's answer."""
    link_github(client, ADA_GH)
    first = html(client.get(f"/guilds/{G1}/github/choose")).css_first("input[name=repository_id]")
    assert first is not None
    choice = {"repository_id": first.attributes["value"], "csrf_token": csrf(client)}
    return client.post(f"/guilds/{G1}/github/choose", data=choice)


def test_all_250_repositories_are_offered_after_three_pages(client: TestClient, emulator: httpx2.Client) -> None:
    sign_in(client, ADA)
    callback = link_github(client, ADA_GH)
    assert callback.status_code == 303
    assert callback.headers["location"] == f"/guilds/{G1}/github/choose"
    page = html(client.get(callback.headers["location"]))
    assert len(page.css("input[name=repository_id]")) == 250
    assert calls(emulator, "GET /github/api/user/repos") == 3


def test_repository_list_is_kept_server_side_and_searchable(client: TestClient) -> None:
    sign_in(client, ADA)
    link_github(client, ADA_GH)
    stored = run(client, "SELECT repositories FROM github_choices")
    assert len(stored) == 1
    names = [node.text() for node in html(client.get(f"/guilds/{G1}/github/choose")).css(".repo-list strong")]
    wanted = names[7]
    fragment = client.get(f"/guilds/{G1}/github/choose", params={"q": wanted}, headers={"HX-Request": "true"})
    found = html(fragment)
    assert found.css_first("header.site-header") is None
    assert [node.text() for node in found.css(".repo-list strong")] == [wanted]
    nothing = client.get(f"/guilds/{G1}/github/choose", params={"q": "no-such-repository"})
    assert "No repository matches" in text_of(nothing, "#repo-list")
    assert all(len(value) < 4096 for value in client.cookies.values())


def test_choosing_saves_the_link_and_drops_the_temporary_list(client: TestClient) -> None:
    sign_in(client, ADA)
    link_github(client, ADA_GH)
    page = html(client.get(f"/guilds/{G1}/github/choose"))
    first = page.css_first("input[name=repository_id]")
    assert first is not None
    chosen = str(first.attributes["value"])
    saved = client.post(f"/guilds/{G1}/github/choose", data={"repository_id": chosen, "csrf_token": csrf(client, "/")})
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/guilds/{G1}/github"
    row = run(client, "SELECT repository_id, full_name, default_branch, linked_by FROM guild_repositories")[0]
    assert str(row["repository_id"]) == chosen
    assert row["default_branch"]
    assert run(client, "SELECT COUNT(*) AS n FROM github_choices") == [{"n": 0}]
    overview = client.get(f"/guilds/{G1}")
    assert row["full_name"] in text_of(overview, "main")


def test_the_overview_shows_this_process_s_link_and_unlink_at_once(client: TestClient) -> None:
    sign_in(client, ADA)
    assert "Repository:" not in text_of(client.get(f"/guilds/{G1}"), "main")  # read, and kept for a second
    link_first_repository(client)
    name = run(client, "SELECT full_name FROM guild_repositories")[0]["full_name"]
    assert f"Repository: {name}" in text_of(client.get(f"/guilds/{G1}"), "main")
    client.post(f"/guilds/{G1}/github/unlink", data={"csrf_token": csrf(client)})
    assert "Repository:" not in text_of(client.get(f"/guilds/{G1}"), "main")


def test_another_process_s_link_shows_on_the_overview_within_a_second(client: TestClient) -> None:
    sign_in(client, ADA)
    clock = on_a_clock(client)
    assert "Repository:" not in text_of(client.get(f"/guilds/{G1}"), "main")
    run(
        client,
        "INSERT INTO guild_repositories (guild_id, repository_id, full_name, url, default_branch, github_login, "
        "access_token, linked_by, linked_at) VALUES (:g, 1, 'ada/engine', 'https://github.com/ada/engine', 'main', "
        "'ada', 'sealed', NULL, 0)",
        {"g": G1},
    )
    clock.now += 0.999
    assert "Repository:" not in text_of(client.get(f"/guilds/{G1}"), "main")  # the row read just under a second ago
    clock.now += 0.001
    assert "Repository: ada/engine" in text_of(client.get(f"/guilds/{G1}"), "main")


def test_choosing_something_not_offered_is_refused_inline(client: TestClient) -> None:
    sign_in(client, ADA)
    link_github(client, ADA_GH)
    answer = client.post(f"/guilds/{G1}/github/choose", data={"repository_id": "999999", "csrf_token": csrf(client)})
    assert answer.status_code == 422
    assert text_of(answer, "#repo-list [role=alert]") == "Choose one of the repositories in the list."


def test_a_user_without_repositories_gets_a_helpful_empty_state(client: TestClient) -> None:
    sign_in(client, GRACE)
    link_github(client, GRACE_GH)
    page = client.get(f"/guilds/{G1}/github/choose")
    assert "has no repositories yet" in text_of(page, "#repo-list")


def test_unlink_revokes_the_grant_at_github(client: TestClient, emulator: httpx2.Client) -> None:
    sign_in(client, ADA)
    link_first_repository(client)
    gone = client.post(f"/guilds/{G1}/github/unlink", data={"csrf_token": csrf(client)})
    assert gone.status_code == 303
    assert gone.headers["location"] == f"/guilds/{G1}/github"
    assert run(client, "SELECT COUNT(*) AS n FROM guild_repositories") == [{"n": 0}]
    tokens = emulator_state(emulator)["github"]["tokens"]
    assert tokens
    assert all(token["revoked_at"] is not None for token in tokens)


def test_replayed_github_callback_is_refused(client: TestClient) -> None:
    sign_in(client, ADA)
    start = client.post(f"/guilds/{G1}/github/start", data={"csrf_token": csrf(client)})
    with httpx2.Client(follow_redirects=False) as browser:
        answer = browser.get(f"{start.headers['location']}&login_as={ADA_GH}&consent=approve")
    callback = callback_path(str(answer.headers["location"]))
    assert client.get(callback).status_code == 303
    replay = client.get(callback)
    assert replay.status_code == 400
    assert text_of(replay, "h1") == "This link has expired"
    assert html(replay).css_first("a.button[href='/guilds']") is not None


def test_github_linking_needs_manager_rights(client: TestClient) -> None:
    sign_in(client, ADA)
    refused = client.post("/guilds/200000000000000003/github/start", data={"csrf_token": csrf(client)})
    assert refused.status_code == 403


def test_no_github_token_in_any_page_cookie_or_log_line(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    sign_in(client, ADA)
    pages = [link_github(client, ADA_GH).text]
    choose = client.get(f"/guilds/{G1}/github/choose")
    pages.append(choose.text)
    first = html(choose).css_first("input[name=repository_id]")
    assert first is not None
    sealed = run(client, "SELECT access_token FROM github_choices")[0]["access_token"]
    token = client.app.state.provided[Box].open(sealed)  # type: ignore[attr-defined]
    answer = client.post(
        f"/guilds/{G1}/github/choose", data={"repository_id": first.attributes["value"], "csrf_token": csrf(client)}
    )
    pages += [answer.text, client.get(f"/guilds/{G1}/github").text, client.get(f"/guilds/{G1}").text]
    assert token not in sealed
    assert all(token not in page for page in pages)
    assert all(token not in value for value in client.cookies.values())
    assert token not in caplog.text
    assert digest(token) not in caplog.text
