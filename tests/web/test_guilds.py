"""The guild list, the guild guard for every guild route and persona, caching and Discord's bad minutes."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import httpx2
import pytest
from databases import Database
from starlette.routing import BaseRoute
from starlette.testclient import TestClient

from app.core import db
from app.discord.client import Discord
from app.guilds.bot import BotView
from app.linking.repositories import RepositoryLinks
from app.settings import Settings
from app.web import create_app
from emulator.server import serve_in_thread
from tests.unit.test_recent import Clock
from tests.web.support import ADA, GRACE, LINUS, MARGARET, calls, csrf, html, sign_in, text_of, walk_routes
from tests.web.test_auth_login import run

G1, G2, G3, G4 = (f"20000000000000000{n}" for n in range(1, 5))
BOT = "bot-absent"
# What each fixture persona may do in each fixture guild (see the emulator's fixture world).
EXPECTED: dict[str, dict[str, int | str]] = {
    ADA: {G1: 200, G2: 200, G3: 403, G4: 404},
    GRACE: {G1: 200, G2: 404, G3: 404, G4: BOT},
    LINUS: {G1: 403, G2: 403, G3: 404, G4: 404},
    MARGARET: {G1: 404, G2: 403, G3: 404, G4: 404},
}


def guild_routes(routes: list[BaseRoute]) -> Iterator[tuple[str, set[str]]]:
    """Every (path, methods) under /guilds/{guild_id}, read from the application's route table."""
    return ((path, methods) for path, methods in walk_routes(routes) if path.startswith("/guilds/{guild_id}"))


def concrete(path: str, guild_id: str, ids: dict[str, int] | None = None) -> str:
    """The path for `guild_id`, other parameters naming that guild's own resources (or 1 when it has none)."""
    found = ids or {}
    return re.sub(
        r"\{(\w+)(:\w+)?\}", lambda m: guild_id if m.group(1) == "guild_id" else str(found.get(m.group(1), 1)), path
    )


def seed(client: TestClient, guild_id: str) -> dict[str, int]:
    """A message, a form, a version and a response in the guild, so its routes find what they name."""

    def insert(sql: str, params: dict[str, object]) -> int:
        return int(run(client, sql + " RETURNING id", params)[0]["id"])

    item = (
        "INSERT INTO builder_items (guild_id, kind, name, payload, created_at, updated_at) "
        "VALUES (:g, :k, :n, :p, 0, 0)"
    )
    message = insert(item, {"g": guild_id, "k": "message", "n": "m", "p": '{"flags": 32768, "components": []}'})
    form = insert(
        item, {"g": guild_id, "k": "form", "n": "f", "p": '{"title": "t", "custom_id": "c", "components": []}'}
    )
    version = insert(
        "INSERT INTO builder_versions (item_id, name, reason, payload, created_at) VALUES (:i, 'v', 'saved', :p, 0)",
        {"i": message, "p": '{"flags": 32768, "components": []}'},
    )
    response = insert(
        "INSERT INTO form_responses (form_id, guild_id, discord_id, username, answers, submitted_at) "
        "VALUES (:f, :g, '1', 'someone', '{}', 0)",
        {"f": form, "g": guild_id},
    )
    ticket = insert(
        "INSERT INTO tickets (guild_id, number, source, opener_id, opener_name, created_at, updated_at) "
        "VALUES (:g, 1, 'form', '1', 'someone', 0, 0)",
        {"g": guild_id},
    )
    note = insert("INSERT INTO ticket_events (ticket_id, at, kind) VALUES (:t, 0, 'reply')", {"t": ticket})
    ids = {"message_id": message, "form_id": form, "version_id": version, "response_id": response}
    return {**ids, "number": 1, "event_id": note}


def on_a_clock(client: TestClient) -> Clock:
    """The app's bot view and repository links made anew on a clock the test moves: the rows they have just read
    are kept for a second of that clock, not of the process's."""
    clock, provided = Clock(), client.app.state.provided  # type: ignore[attr-defined]
    provided[BotView] = BotView(provided[Database], provided[Discord], clock)
    provided[RepositoryLinks] = RepositoryLinks(provided[Database], clock)
    return clock


def outcome(response: httpx2.Response) -> int | str:
    if response.status_code == 200 and html(response).css_first("#absent-title") is not None:
        return BOT
    return response.status_code


def test_route_table_has_guild_routes(client: TestClient) -> None:
    paths = {path for path, _ in guild_routes(list(client.app.routes))}  # type: ignore[attr-defined]
    assert "/guilds/{guild_id}" in paths


def test_anonymous_gets_the_sign_in_page_on_every_guild_route(client: TestClient) -> None:
    for path, methods in guild_routes(list(client.app.routes)):  # type: ignore[attr-defined]
        for guild_id in (G1, G4, "not-a-guild"):
            response = client.request(sorted(methods)[0], concrete(path, guild_id))
            assert response.status_code in (303, 403), (path, response.status_code)
            if response.status_code == 303:
                assert response.headers["location"].startswith("/auth/login")


@pytest.mark.parametrize("persona", [ADA, GRACE, LINUS, MARGARET])
def test_guard_matrix_for_every_guild_route(client: TestClient, persona: str) -> None:
    sign_in(client, persona)
    token = csrf(client, "/guilds")
    ids = {guild_id: seed(client, guild_id) for guild_id in EXPECTED[persona]}
    for path, methods in guild_routes(list(client.app.routes)):  # type: ignore[attr-defined]
        for guild_id, expected in EXPECTED[persona].items():
            for method in methods - {"HEAD"}:
                data = {"csrf_token": token} if method != "GET" else None
                response = client.request(method, concrete(path, guild_id, ids[guild_id]), data=data)
                got = outcome(response)
                if expected == 200:
                    assert got not in (403, 404, BOT), (persona, method, path, guild_id, got)
                else:
                    assert got == expected, (persona, method, path, guild_id, got)


def test_not_a_snowflake_is_404(client: TestClient) -> None:
    sign_in(client, ADA)
    for bad in ("abc", "0", "1" * 25, "-200000000000000001"):
        assert client.get(f"/guilds/{bad}").status_code == 404


def test_refusals_explain_themselves_as_pages_and_fragments(client: TestClient) -> None:
    sign_in(client, LINUS)
    page = client.get(f"/guilds/{G1}")
    assert page.status_code == 403
    assert "Manage Server" in text_of(page, "[role=alert]")
    assert html(page).css_first("header.site-header") is not None
    fragment = client.get(f"/guilds/{G1}", headers={"HX-Request": "true"})
    assert fragment.status_code == 403
    assert fragment.headers["hx-retarget"] == "#alerts"
    assert html(fragment).css_first("header.site-header") is None


def test_guild_list_offers_only_managed_guilds_with_bot_status(client: TestClient) -> None:
    sign_in(client, GRACE)
    page = html(client.get("/guilds"))
    names = [node.text() for node in page.css(".guild-name")]
    assert names == ["Analytical Engines", "Babbage Hall"]
    invite = page.css_first("a[aria-label='Add the bot to Babbage Hall']")
    assert invite is not None
    href = str(invite.attributes["href"])
    assert f"guild_id={G4}" in href
    assert "scope=bot+applications.commands" in href
    assert "permissions=" in href
    assert page.css_first(f"a[href='/guilds/{G1}']") is not None


def test_bot_absent_guild_offers_the_invite(client: TestClient) -> None:
    sign_in(client, GRACE)
    page = html(client.get(f"/guilds/{G4}"))
    assert page.css_first("#absent-title") is not None
    link = page.css_first("a.button-discord")
    assert link is not None
    assert f"guild_id={G4}" in str(link.attributes["href"])


def test_overview_shows_the_guild_and_a_switcher(client: TestClient) -> None:
    sign_in(client, ADA)
    page = client.get(f"/guilds/{G1}")
    assert page.status_code == 200
    assert text_of(page, "#guild-title") == "Analytical Engines"
    options = [o.text() for o in html(page).css("#guild-switch option")]
    assert options == ["Analytical Engines", "Difference Club"]
    switched = client.get("/guilds/switch", params={"guild_id": G2})
    assert switched.headers["location"] == f"/guilds/{G2}"
    assert client.get("/guilds/switch", params={"guild_id": "../admin"}).headers["location"] == "/guilds"


def test_overview_links_lead_to_the_guilds_own_pages(client: TestClient) -> None:
    sign_in(client, ADA)
    links = [str(a.attributes["href"]) for a in html(client.get(f"/guilds/{G1}")).css(".link-list a")]
    pages = ("github", "messages", "forms", "tickets")
    assert links == [f"/guilds/{G1}/{page}" for page in pages]
    assert [client.get(link).status_code for link in links] == [200] * len(pages)


def test_guild_list_is_cached_and_refresh_is_throttled(client: TestClient, emulator: httpx2.Client) -> None:
    sign_in(client, ADA)
    for _ in range(5):
        assert client.get("/guilds").status_code == 200
    assert calls(emulator, "GET /users/@me/guilds") == 1
    token = csrf(client, "/guilds")
    too_soon = client.post("/guilds/refresh", data={"csrf_token": token})
    assert too_soon.status_code == 429
    assert "refresh it again in" in text_of(too_soon, "#guild-list [role=alert]")
    run(client, "UPDATE guild_lists SET fetched_at = fetched_at - 11")
    again = client.post("/guilds/refresh", data={"csrf_token": token})
    assert again.status_code == 303
    assert again.headers["location"] == "/guilds"
    assert calls(emulator, "GET /users/@me/guilds") == 2


def test_a_refresh_from_htmx_answers_with_the_list_just_fetched(client: TestClient, emulator: httpx2.Client) -> None:
    """The list read with the session is the one from before the refresh: the answer must not be that one."""
    sign_in(client, ADA)
    token = csrf(client, "/guilds")
    run(client, "UPDATE guild_lists SET guilds = '[]', fetched_at = fetched_at - 11")
    refreshed = client.post("/guilds/refresh", data={"csrf_token": token}, headers={"HX-Request": "true"})
    assert refreshed.status_code == 200
    assert G1 in refreshed.text
    assert calls(emulator, "GET /users/@me/guilds") == 2


def test_recheck_asks_discord_again_once_the_list_is_older_than_the_recheck_age(
    client: TestClient, emulator: httpx2.Client
) -> None:
    """A read trusts the list for its TTL; `?recheck=1` holds it to the short age a change is held to."""
    sign_in(client, ADA)
    assert client.get(f"/guilds/{G1}").status_code == 200
    run(client, "UPDATE guild_lists SET fetched_at = fetched_at - 20")
    assert client.get(f"/guilds/{G1}", params={"other": "recheck"}).status_code == 200
    assert calls(emulator, "GET /users/@me/guilds") == 1  # a query naming recheck, but not asking for it
    assert client.get(f"/guilds/{G1}", params={"recheck": "1"}).status_code == 200
    assert calls(emulator, "GET /users/@me/guilds") == 2


def test_429_serves_the_cached_list_with_a_notice_and_no_retry_storm(
    client: TestClient, emulator: httpx2.Client
) -> None:
    sign_in(client, ADA)
    client.get("/guilds")
    run(client, "UPDATE guild_lists SET fetched_at = :t", {"t": db.now() - 1000})
    emulator.post(
        "/_emulator/control/faults",
        json={"route": "GET /users/@me/guilds", "status": 429, "count": 100, "retry_after": 30},
    ).raise_for_status()
    for _ in range(10):
        page = client.get(f"/guilds/{G1}")
        assert page.status_code == 200
        assert "slow down" in text_of(page, "[role=status]")
    assert calls(emulator, "GET /users/@me/guilds", 429) == 1


def test_discord_down_without_a_cached_list_gets_a_clear_503(client: TestClient, emulator: httpx2.Client) -> None:
    sign_in(client, ADA)
    emulator.post(
        "/_emulator/control/faults", json={"route": "GET /users/@me/guilds", "status": 500, "count": 3}
    ).raise_for_status()
    page = client.get("/guilds")
    assert page.status_code == 503
    assert "try again" in text_of(page, "[role=alert]")
    assert int(page.headers["retry-after"]) > 0
    fragment = client.get(f"/guilds/{G1}", headers={"HX-Request": "true"})
    assert (fragment.status_code, fragment.headers["hx-retarget"]) == (503, "#alerts")
    assert "try again" in text_of(fragment, "[role=alert]")


def test_401_on_guild_list_refreshes_once_then_ends_the_session(client: TestClient, emulator: httpx2.Client) -> None:
    sign_in(client, ADA)
    emulator.post("/_emulator/control/revoke", json={"user_id": ADA}).raise_for_status()
    page = client.get("/guilds")
    assert page.status_code == 303
    assert page.headers["location"] == "/auth/login?reason=revoked"
    assert run(client, "SELECT COUNT(*) AS n FROM sessions") == [{"n": 0}]
    assert calls(emulator, "POST /oauth2/token") == 2  # the code exchange, then one refresh attempt


def test_a_revoked_grant_sends_htmx_to_sign_in_with_the_whole_page(client: TestClient, emulator: httpx2.Client) -> None:
    sign_in(client, ADA)
    run(client, "UPDATE guild_lists SET fetched_at = 0")
    emulator.post("/_emulator/control/revoke", json={"user_id": ADA}).raise_for_status()
    answer = client.get(f"/guilds/{G1}", headers={"HX-Request": "true"})
    assert (answer.status_code, answer.headers["hx-redirect"]) == (204, "/auth/login?reason=revoked")
    assert "gh_session" not in client.cookies
    assert run(client, "SELECT COUNT(*) AS n FROM sessions") == [{"n": 0}]


def test_fifty_concurrent_cold_page_loads_make_one_guild_call(
    client: TestClient, settings: Settings, emulator: httpx2.Client
) -> None:
    """One call for the person's guild list, and one for the guild as the bot sees it."""
    sign_in(client, ADA)
    cookie = client.cookies["gh_session"]

    async def burst(base_url: str) -> list[int]:
        async with httpx2.AsyncClient(base_url=base_url, cookies={"gh_session": cookie}, timeout=30) as browser:
            answers = await asyncio.gather(*(browser.get(f"/guilds/{G1}") for _ in range(50)))
        return [answer.status_code for answer in answers]

    with serve_in_thread(create_app(settings)) as url:
        statuses = asyncio.run(burst(url))
    assert statuses == [200] * 50
    assert calls(emulator, "GET /users/@me/guilds") == 1
    assert calls(emulator, "GET /guilds/{guild_id}") == 1


def test_manage_any_enters_every_guild_the_bot_is_in(client: TestClient) -> None:
    from tests.web.accounts_helpers import make_role, make_user, sign_in_password

    make_role(client, "Platform support", ["guilds.manage_any"])
    make_user(client, "support", roles=["Platform support"])
    sign_in_password(client, "support")
    page = client.get(f"/guilds/{G3}")
    assert page.status_code == 200
    assert text_of(page, "#guild-title") == "Jacquard Loom"
    assert client.get(f"/guilds/{G4}").status_code == 404  # the bot is not there


def test_manage_any_lifts_a_plain_member_to_manager(client: TestClient) -> None:
    from tests.web.accounts_helpers import make_role

    sign_in(client, LINUS)
    assert client.get(f"/guilds/{G1}").status_code == 403
    make_role(client, "Platform support", ["guilds.manage_any"])
    run(
        client,
        "INSERT INTO user_roles (user_id, role_id) SELECT u.id, r.id FROM users u, roles r "
        "WHERE u.username = 'linus' AND r.name = 'Platform support' RETURNING user_id",
    )
    assert client.get(f"/guilds/{G1}").status_code == 200


def test_inside_a_guild_a_wrong_method_is_405_and_an_unknown_path_404(client: TestClient) -> None:
    """The guard dispatches to the route it matched; what matches no route still gets the router's answers."""
    sign_in(client, ADA)
    assert client.get(f"/guilds/{G1}/messages/1/check").status_code == 405
    assert client.get(f"/guilds/{G1}/nothing-here").status_code == 404


def test_a_guild_page_reads_the_guild_list_with_the_session(client: TestClient) -> None:
    """The session's query brings the cached guild list along: a guild page reads no list of its own."""
    sign_in(client, ADA)
    assert client.get(f"/guilds/{G1}").status_code == 200  # the list is fetched and cached
    database = client.app.state.provided[Database]  # type: ignore[attr-defined]
    read: list[str] = []
    original = database.fetch_one

    async def recording(query: str, values: dict[str, object] | None = None) -> object:
        read.append(query)
        return await original(query, values)

    database.fetch_one = recording
    try:
        assert client.get(f"/guilds/{G1}").status_code == 200
    finally:
        del database.fetch_one
    assert [q for q in read if "guild_lists" in q] == [q for q in read if "FROM sessions" in q]
    assert len([q for q in read if "FROM sessions" in q]) == 1
