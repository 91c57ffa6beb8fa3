"""The whole path of a ticket, through the emulator over HTTP: a signed modal submit opens it, a manager claims
it and replies (a DM the emulator records), closes it, the user rates it and writes back, which reopens it."""

from __future__ import annotations

import httpx2
from databases import Database
from starlette.testclient import TestClient

from app.tickets.measures import WeeklyRatings
from emulator.fixtures import sign_interaction  # noqa: F401  (the interactions are signed in `interact`)
from tests.unit.test_recent import Clock
from tests.web.support import ADA, LINUS, csrf, html, sign_in, text_of
from tests.web.test_auth_login import run
from tests.web.test_builder_helpers import G1
from tests.web.test_interactions import interact
from tests.web.tickets_helpers import BOARD, cards, event_kinds, open_by_button, open_by_form, post, ticket_row


def dms(emulator: httpx2.Client) -> dict[str, object]:
    found: dict[str, object] = emulator.get("/_emulator/control/dms").json()
    return found


def dm_messages(emulator: httpx2.Client, user_id: str) -> list[dict[str, object]]:
    state = dms(emulator)
    channels = state["channels"]
    assert isinstance(channels, dict)
    channel = next((c for c, u in channels.items() if u == user_id), None)
    messages = state["messages"]
    assert isinstance(messages, dict)
    return list(messages.get(channel, [])) if channel else []


def rate(client: TestClient, custom_id: str, user_id: str = LINUS) -> dict[str, object]:
    payload = {
        "type": 3,
        "user": {"id": user_id, "username": "linus", "global_name": None, "avatar": None},
        "data": {"custom_id": custom_id, "component_type": 2},
        "message": {"id": "1"},
    }
    answer: dict[str, object] = interact(client, payload).json()
    return answer


def test_modal_submit_to_reopening_by_the_users_message(client: TestClient, emulator: httpx2.Client) -> None:
    sign_in(client, ADA)
    number = open_by_form(client)
    ticket = ticket_row(client, number)
    assert (number, ticket["status"], ticket["title"], ticket["opener_id"]) == (1, "open", "Printer on fire", LINUS)
    assert number in cards(client)["open"]
    assert ticket["opener_name"] == "linus"
    assert text_of(client.get(f"{BOARD}/{number}"), "#ticket-channel") == "#support"

    assert post(client, number, "claim", action="claim").status_code == 303
    assert ticket_row(client, number)["assignee_id"] is not None

    answer = post(client, number, "replies", reply="Have you tried water?", wait="1")
    assert answer.status_code == 303
    sent = dm_messages(emulator, LINUS)
    assert [m["content"] for m in sent] == ["**Analytical Engines**, ticket #1:\nHave you tried water?"]
    ticket = ticket_row(client, number)
    assert (ticket["status"], ticket["last_word"]) == ("waiting", "team")
    assert ticket["first_response_at"] is not None

    assert post(client, number, "close", reason="Fire is out").status_code == 303
    ticket = ticket_row(client, number)
    assert (ticket["status"], ticket["close_reason"]) == ("closed", "Fire is out")
    question = dm_messages(emulator, LINUS)[-1]
    buttons = question["components"][0]["components"][1]["components"]  # type: ignore[index]
    assert [b["custom_id"] for b in buttons] == [f"gh:rate:{ticket['id']}:{n}" for n in range(1, 6)]

    thanks = rate(client, f"gh:rate:{ticket['id']}:4")
    assert thanks["type"] == 7
    assert ticket_row(client, number)["rating"] == 4

    emulator.post("/_emulator/control/dms", json={"user_id": LINUS, "content": "It is burning again!"})
    page = client.get(f"{BOARD}/{number}")
    assert page.status_code == 200
    assert text_of(page, "#ticket-status") == "Open"
    assert ticket_row(client, number)["last_word"] == "user"
    kinds = event_kinds(client, number)
    assert kinds[-3:] == ["user_message", "status", "reopened"]
    bodies = [node.text() for node in html(page).css(".ev-user_message .ev-body")]
    assert bodies == ["It is burning again!"]


def test_a_rating_from_someone_else_is_refused(client: TestClient, emulator: httpx2.Client) -> None:
    sign_in(client, ADA)
    number = open_by_form(client)
    post(client, number, "close", reason="done")
    ticket = ticket_row(client, number)
    answer = rate(client, f"gh:rate:{ticket['id']}:5", user_id="100000000000000004")
    assert answer["type"] == 7
    assert ticket_row(client, number)["rating"] is None


def test_a_button_opens_a_ticket_numbered_after_the_last(client: TestClient) -> None:
    sign_in(client, ADA)
    first = open_by_form(client)
    answer = open_by_button(client)
    assert answer["data"]["flags"] & (1 << 6)
    second = ticket_row(client, first + 1)
    assert (second["source"], second["channel_id"], second["status"]) == ("button", "300000000000000001", "open")
    assert run(client, "SELECT COUNT(*) AS n FROM tickets")[0]["n"] == 2


def test_the_overview_shows_the_weeks_rating(client: TestClient) -> None:
    sign_in(client, ADA)
    for score in (3, 4):
        number = open_by_form(client)
        run(
            client,
            "UPDATE tickets SET rating = :r, rated_at = :t WHERE number = :n",
            {"r": score, "t": 10**10, "n": number},
        )
    assert text_of(client.get(f"/guilds/{G1}"), "#weekly-rating") == "rated 3.5 out of 5 this week (2 ratings)"


def test_the_weeks_rating_is_kept_a_second_and_changes_made_here_show_at_once(client: TestClient) -> None:
    sign_in(client, ADA)
    clock, provided = Clock(), client.app.state.provided  # type: ignore[attr-defined]
    provided[WeeklyRatings] = WeeklyRatings(provided[Database], clock)
    number = open_by_form(client)
    post(client, number, "close", reason="done")

    def shown() -> str:
        return text_of(client.get(f"/guilds/{G1}"), "#weekly-rating")

    assert shown() == "no ratings this week"
    rate(client, f"gh:rate:{ticket_row(client, number)['id']}:4")
    assert shown() == "rated 4.0 out of 5 this week (1 ratings)"
    # Another process's rating: this one shows what it read until its second is over.
    run(client, "UPDATE tickets SET rating = 2 WHERE number = :n", {"n": number})
    assert shown() == "rated 4.0 out of 5 this week (1 ratings)"
    clock.now += 1.0
    assert shown() == "rated 2.0 out of 5 this week (1 ratings)"
    # Binning and restoring a rated ticket here change the week's rating at once, too.
    assert post(client, number, "delete").status_code == 303
    assert shown() == "no ratings this week"
    assert client.post(f"{BOARD}/{number}/restore", data={"csrf_token": csrf(client, BOARD)}).status_code == 303
    assert shown() == "rated 2.0 out of 5 this week (1 ratings)"


def test_a_guild_that_chose_threads_talks_in_the_tickets_private_thread(
    client: TestClient, emulator: httpx2.Client
) -> None:
    sign_in(client, ADA)
    settings = {"csrf_token": csrf(client, BOARD), "reply_in": "thread", "ask_rating": "1"}
    assert client.post(f"{BOARD}/settings", data=settings).status_code == 303
    number = open_by_form(client)
    assert post(client, number, "replies", reply="Let us talk here").status_code == 303
    state = dms(emulator)
    threads = state["threads"]
    assert isinstance(threads, dict) and len(threads) == 1
    thread_id, thread = next(iter(threads.items()))
    assert (thread["parent_id"], thread["members"], thread["name"]) == ("300000000000000001", [LINUS], "Ticket #1")
    assert state["channels"] == {}  # no DM was opened
    assert ticket_row(client, number)["reply_channel_id"] == thread_id
    emulator.post("/_emulator/control/dms", json={"user_id": LINUS, "content": "Here I am", "channel_id": thread_id})
    page = client.get(f"{BOARD}/{number}")
    assert [n.text() for n in html(page).css(".ev-user_message .ev-body")] == ["Here I am"]


def test_the_boards_minute_sweep_reads_what_openers_wrote(client: TestClient, emulator: httpx2.Client) -> None:
    sign_in(client, ADA)
    number = open_by_form(client)
    post(client, number, "replies", reply="Anything else?")
    post(client, number, "close", reason="Answered")
    emulator.post("/_emulator/control/dms", json={"user_id": LINUS, "content": "Yes, one more thing"})
    run(client, "UPDATE ticket_guilds SET swept_at = 0")
    run(client, "UPDATE ticket_channels SET read_at = 0")
    assert client.get(BOARD).status_code == 200  # the board answers, then reads the conversations
    ticket = ticket_row(client, number)
    assert (ticket["status"], ticket["last_word"]) == ("open", "user")
    assert number in cards(client)["open"]
