"""GitHub's OAuth app flow and REST API as the emulator plays them."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import httpx2
import pytest

from app.settings import EMULATOR_GITHUB_CLIENT_ID, EMULATOR_GITHUB_CLIENT_SECRET
from tests.emulator.flows import GITHUB_CALLBACK, github_code, github_exchange, github_token, query_of, state

LINK = re.compile(r'<([^>]+)>; rel="(\w+)"')


def gh(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "User-Agent": "guildhall-tests"}


def authorize(http: httpx2.Client, **params: str) -> httpx2.Response:
    query = {"client_id": EMULATOR_GITHUB_CLIENT_ID, "scope": "public_repo", "state": "g-1"} | params
    return http.get("/github/login/oauth/authorize", params=query)


def test_authorize_page_lists_the_github_users(http: httpx2.Client) -> None:
    page = authorize(http).text
    assert "ada-gh" in page
    assert "grace-gh" in page


@pytest.mark.parametrize("redirect_uri", [GITHUB_CALLBACK, f"{GITHUB_CALLBACK}/deeper?x=1"])
def test_redirect_may_lie_below_the_callback(http: httpx2.Client, redirect_uri: str) -> None:
    answer = authorize(http, redirect_uri=redirect_uri, login_as="5001", consent="approve")
    assert answer.headers["location"].startswith(redirect_uri)
    assert "code" in query_of(answer.headers["location"])


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "http://dashboard.test/link/github/callbackx",
        "http://dashboard.test:8080/link/github/callback",
        "http://other.test/link/github/callback",
        "http://dashboard.test/link/other",
    ],
)
def test_a_foreign_redirect_is_reported_to_the_registered_callback(http: httpx2.Client, redirect_uri: str) -> None:
    answer = authorize(http, redirect_uri=redirect_uri, login_as="5001", consent="approve")
    location = answer.headers["location"]
    assert location.startswith(f"{GITHUB_CALLBACK}?")
    assert query_of(location)["error"] == "redirect_uri_mismatch"
    assert query_of(location)["state"] == "g-1"


def test_denial(http: httpx2.Client) -> None:
    answer = authorize(http, consent="deny")
    assert query_of(answer.headers["location"])["error"] == "access_denied"


def test_token_errors_come_with_status_200(http: httpx2.Client) -> None:
    bad_code = github_exchange(http, "not-a-code")
    bad_client = github_exchange(http, github_code(http), client_secret="wrong")
    assert (bad_code.status_code, bad_code.json()["error"]) == (200, "bad_verification_code")
    assert (bad_client.status_code, bad_client.json()["error"]) == (200, "incorrect_client_credentials")


def test_codes_are_single_use(http: httpx2.Client) -> None:
    code = github_code(http)
    assert "access_token" in github_exchange(http, code).json()
    assert github_exchange(http, code).json()["error"] == "bad_verification_code"


def test_answer_is_form_encoded_unless_json_is_accepted(http: httpx2.Client) -> None:
    form = github_exchange(http, github_code(http), json_answer=False)
    assert form.headers["content-type"].startswith("application/x-www-form-urlencoded")
    fields = parse_qs(form.text)
    assert fields["access_token"][0].startswith("gho_")
    assert (fields["token_type"], fields["scope"]) == (["bearer"], ["public_repo"])
    as_json = github_exchange(http, github_code(http, scope="repo read:user")).json()
    assert as_json["scope"] == "repo,read:user"
    assert set(as_json) == {"access_token", "token_type", "scope"}  # no expiry, no refresh token


def test_user_and_bad_credentials(http: httpx2.Client) -> None:
    me = http.get("/github/api/user", headers=gh(github_token(http, "5002")))
    assert (me.json()["login"], me.json()["id"], me.json()["public_repos"]) == ("grace-gh", 5002, 0)
    bad = http.get("/github/api/user", headers=gh("gho_wrong"))
    assert (bad.status_code, bad.json()["message"]) == (401, "Bad credentials")


def test_250_repositories_over_three_pages_of_link_headers(http: httpx2.Client) -> None:
    headers, names, pages = gh(github_token(http)), [], 0
    url: str | None = "/github/api/user/repos?per_page=100&sort=updated"
    while url is not None:
        answer = http.get(url, headers=headers)
        names += [r["name"] for r in answer.json()]
        pages += 1
        links = {rel: target for target, rel in LINK.findall(answer.headers.get("link", ""))}
        url = links.get("next")
        if url is not None:
            assert url.startswith(str(http.base_url).rstrip("/"))
            assert "sort=updated" in url
    assert (pages, len(names), len(set(names))) == (3, 250, 250)


def test_grant_revoke_kills_the_token(http: httpx2.Client) -> None:
    token = github_token(http)
    auth = (EMULATOR_GITHUB_CLIENT_ID, EMULATOR_GITHUB_CLIENT_SECRET)
    url = f"/github/api/applications/{EMULATOR_GITHUB_CLIENT_ID}/grant"
    wrong = http.request("DELETE", url, json={"access_token": token}, auth=(auth[0], "nope"))
    assert wrong.status_code == 401
    answer = http.request("DELETE", url, json={"access_token": token}, auth=auth)
    assert answer.status_code == 204
    assert http.get("/github/api/user", headers=gh(token)).status_code == 401


def test_at_most_ten_tokens_per_user_app_and_scope(http: httpx2.Client) -> None:
    tokens = [github_token(http) for _ in range(11)]
    assert http.get("/github/api/user", headers=gh(tokens[0])).status_code == 401
    assert http.get("/github/api/user", headers=gh(tokens[1])).status_code == 200
    revoked = [t for t in state(http)["github"]["tokens"] if t["revoked_at"]]
    assert len(revoked) == 1


def test_api_wants_a_user_agent(http: httpx2.Client) -> None:
    token = github_token(http)
    answer = http.get("/github/api/user", headers={"Authorization": f"token {token}", "User-Agent": ""})
    assert answer.status_code == 403
