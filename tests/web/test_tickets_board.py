"""The board: columns, filters kept in the address, moves by form, the 304 of an unchanged poll, conflicts between
two managers, rights (guild managers, holders of `tickets`), the bin, the settings and what they measure."""

from __future__ import annotations

import httpx2
from starlette.testclient import TestClient

from app.core import db
from tests.web.support import ADA, GRACE, LINUS, csrf, html, sign_in, text_of
from tests.web.test_auth_login import run
from tests.web.test_builder_helpers import G1
from tests.web.test_form_responses import LINUS as LINUS_USER
from tests.web.tickets_helpers import BOARD, cards, event_kinds, node, open_by_button, open_by_form, post, ticket_row


def test_move_by_form_without_javascript_keeps_the_filters(client: TestClient) -> None:
    sign_in(client, ADA)
    number = open_by_form(client)
    data = {"csrf_token": csrf(client, BOARD), "revision": 1, "status": "in_progress", "back": f"{BOARD}?q=printer"}
    answer = client.post(f"{BOARD}/{number}/move", data=data)
    assert (answer.status_code, answer.headers["location"]) == (303, f"{BOARD}?q=printer")
    assert cards(client, "?q=printer")["in_progress"] == [number]
    assert event_kinds(client, number) == ["opened", "status"]
    logged = run(client, "SELECT action FROM activity WHERE action LIKE 'tickets.%'")
    assert [row["action"] for row in logged] == ["tickets.moved"]


def test_two_managers_moving_one_ticket_the_second_gets_a_conflict(client: TestClient) -> None:
    sign_in(client, ADA)
    number = open_by_form(client)
    token = csrf(client, BOARD)
    first = client.post(f"{BOARD}/{number}/move", data={"csrf_token": token, "revision": 1, "status": "waiting"})
    assert first.status_code == 303
    second = client.post(
        f"{BOARD}/{number}/move", data={"csrf_token": token, "revision": 1, "status": "in_progress", "back": BOARD}
    )
    assert second.status_code == 409
    assert "Waiting on user" in text_of(second, "#board [role=alert]")
    assert ticket_row(client, number)["status"] == "waiting"
    claim = post(client, number, "claim", action="claim", revision=1)
    assert claim.status_code == 409
    assert html(claim).css_first("#ticket-message") is not None
    assert ticket_row(client, number)["assignee_id"] is None


def test_an_unchanged_board_poll_is_a_304_and_a_change_is_seen(client: TestClient) -> None:
    sign_in(client, ADA)
    number = open_by_form(client)
    first = client.get(BOARD, headers={"HX-Request": "true"})
    tag = first.headers["etag"]
    assert html(first).css_first("header.site-header") is None  # the board fragment only
    again = client.get(BOARD, headers={"HX-Request": "true", "If-None-Match": tag})
    assert (again.status_code, again.content) == (304, b"")
    assert client.get(BOARD, headers={"If-None-Match": tag}).status_code == 200  # the whole page is another variant
    post(client, number, "move", status="in_progress")
    changed = client.get(BOARD, headers={"HX-Request": "true", "If-None-Match": tag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != tag


def test_filters_by_assignee_label_and_text(client: TestClient) -> None:
    sign_in(client, ADA)
    fire = open_by_form(client, {"subject": "Printer on fire"})
    login = open_by_form(client, {"subject": "Cannot log in"})
    post(client, fire, "claim", action="claim")
    assert post(client, login, "labels", labels="Billing, urgent").status_code == 303
    assert cards(client, "?assignee=me")["open"] == [fire]
    assert cards(client, "?assignee=nobody")["open"] == [login]
    assert cards(client, "?label=urgent")["open"] == [login]
    assert cards(client, "?q=PRINTER")["open"] == [fire]
    page = html(client.get(f"{BOARD}?q=log&assignee=nobody"))
    assert node(page, "#tf-q").attributes["value"] == "log"
    assert node(page, "#tf-assignee option[selected]").attributes["value"] == "nobody"


def test_bad_labels_come_back_422_with_the_input_marked(client: TestClient) -> None:
    sign_in(client, ADA)
    number = open_by_form(client)
    answer = post(client, number, "labels", labels="fine, not/ok")
    assert answer.status_code == 422
    field = node(html(answer), "#labels")
    assert field.attributes["value"] == "fine, not/ok"
    assert field.attributes["aria-invalid"] == "true"
    assert "labels-error" in str(field.attributes["aria-describedby"])
    assert ticket_row(client, number)["labels"] == ""


def test_closing_needs_a_reason(client: TestClient) -> None:
    sign_in(client, ADA)
    number = open_by_form(client)
    answer = post(client, number, "close", reason="   ")
    assert answer.status_code == 422
    assert node(html(answer), "#reason").attributes["aria-invalid"] == "true"
    assert ticket_row(client, number)["status"] == "open"


def test_a_dm_refused_is_kept_undelivered_and_can_be_retried(client: TestClient, emulator: httpx2.Client) -> None:
    sign_in(client, ADA)
    number = open_by_form(client)
    emulator.post("/_emulator/control/dms/closed", json={"user_id": LINUS, "closed": True})
    assert post(client, number, "replies", reply="Hello?").status_code == 303
    page = client.get(f"{BOARD}/{number}")
    assert html(page).css_first("#undelivered") is not None
    failed = node(html(page), ".ev-reply")
    assert "direct message" in node(failed, ".error").text()
    event_id = str(failed.attributes["id"]).removeprefix("event-")
    emulator.post("/_emulator/control/dms/closed", json={"user_id": LINUS, "closed": False})
    again = client.post(f"{BOARD}/{number}/replies/{event_id}/retry", data={"csrf_token": csrf(client, BOARD)})
    assert again.status_code == 303
    row = run(client, "SELECT delivery, error FROM ticket_events WHERE id = :i", {"i": int(event_id)})[0]
    assert row == {"delivery": "sent", "error": ""}
    logged = [r["action"] for r in run(client, "SELECT action FROM activity WHERE action LIKE 'tickets.%' ORDER BY id")]
    assert logged == ["tickets.replied", "tickets.reply_retried"]
    twice = client.post(f"{BOARD}/{number}/replies/{event_id}/retry", data={"csrf_token": csrf(client, BOARD)})
    assert twice.status_code == 409


def test_notes_stay_out_of_the_transcript(client: TestClient, emulator: httpx2.Client) -> None:
    sign_in(client, ADA)
    number = open_by_form(client)
    post(client, number, "notes", note="He sounds upset")
    post(client, number, "replies", reply="We are on it")
    emulator.post("/_emulator/control/dms", json={"user_id": LINUS, "content": "Thanks"})
    client.get(f"{BOARD}/{number}")
    post(client, number, "close", reason="solved")
    page = html(client.get(f"{BOARD}/{number}"))
    assert node(page, ".transcript li").text().endswith("We are on it")
    download = client.get(f"{BOARD}/{number}/transcript.txt")
    assert download.headers["content-disposition"] == 'attachment; filename="ticket-1.txt"'
    assert "We are on it" in download.text and "Thanks" in download.text and "He sounds upset" not in download.text


def test_the_bin_keeps_a_deleted_ticket_and_restores_it(client: TestClient) -> None:
    sign_in(client, ADA)
    number = open_by_form(client)
    token = csrf(client, BOARD)
    assert client.post(f"{BOARD}/{number}/delete", data={"csrf_token": token}).status_code == 303
    assert client.get(f"{BOARD}/{number}").status_code == 404
    assert number not in cards(client)["open"]
    assert len(html(client.get(f"{BOARD}/bin")).css(".binned li")) == 1
    assert client.post(f"{BOARD}/{number}/restore", data={"csrf_token": token}).status_code == 303
    assert number in cards(client)["open"]


def test_target_marks_late_cards_and_waiting_tickets_close_themselves(client: TestClient) -> None:
    sign_in(client, ADA)
    number = open_by_form(client)
    settings = {"csrf_token": csrf(client, BOARD), "first_response_minutes": "5", "auto_close_days": "2"}
    assert client.post(f"{BOARD}/settings", data=settings).status_code == 303
    run(client, "UPDATE tickets SET created_at = :t", {"t": db.now() - 600})
    assert html(client.get(BOARD)).css_first(f"#t{number}.tc-late") is not None
    post(client, number, "move", status="waiting")
    run(client, "UPDATE tickets SET waiting_since = :t", {"t": db.now() - 3 * 86400})
    run(client, "UPDATE ticket_guilds SET swept_at = 0")
    assert cards(client)["closed"] == [number]
    assert event_kinds(client, number)[-1] == "auto_closed"


def test_settings_refuse_nonsense_with_422(client: TestClient) -> None:
    sign_in(client, ADA)
    assert html(client.get(BOARD)).css_first(f"a[href='{BOARD}/settings']") is not None
    form = html(client.get(f"{BOARD}/settings"))
    assert node(form, "input[name=reply_in][checked]").attributes["value"] == "dm"
    answer = client.post(
        f"{BOARD}/settings",
        data={"csrf_token": csrf(client, BOARD), "first_response_minutes": "-3", "auto_close_days": "x"},
    )
    assert answer.status_code == 422
    assert node(html(answer), "#auto_close_days").attributes["aria-invalid"] == "true"


def test_a_member_holding_tickets_works_them_but_not_the_builder(client: TestClient) -> None:
    sign_in(client, ADA)
    open_by_button(client, LINUS_USER)
    client.cookies.clear()
    sign_in(client, LINUS)
    assert client.get(BOARD).status_code == 403
    user_id = run(client, "SELECT user_id FROM discord_accounts WHERE discord_id = :d", {"d": LINUS})[0]["user_id"]
    role = run(client, "INSERT INTO roles (name, created_at) VALUES ('Support', 0) RETURNING id")[0]["id"]
    run(
        client,
        "INSERT INTO role_permissions (role_id, permission_id) SELECT :r, id FROM permissions WHERE name = 'tickets'",
        {"r": role},
    )
    run(client, "INSERT INTO user_roles (user_id, role_id) VALUES (:u, :r)", {"u": user_id, "r": role})
    board = html(client.get(BOARD))
    assert board.css_first(f"a[href='{BOARD}/settings']") is None
    assert post(client, 1, "claim", action="claim").status_code == 303
    assert client.get(f"/guilds/{G1}/messages").status_code == 403
    assert client.get(f"{BOARD}/settings").status_code == 403  # settings are the managers'
    assert client.get("/guilds/200000000000000003/tickets").status_code == 404


def test_another_guilds_ticket_is_404(client: TestClient) -> None:
    sign_in(client, ADA)
    number = open_by_form(client)
    run(client, "UPDATE tickets SET guild_id = '200000000000000002'")
    assert client.get(f"{BOARD}/{number}").status_code == 404
    data = {"csrf_token": csrf(client, BOARD), "revision": 1, "status": "closed"}
    assert client.post(f"{BOARD}/{number}/move", data=data).status_code == 404
    assert ticket_row(client, number, "200000000000000002")["status"] == "open"


def test_the_boards_one_move_form_moves_the_pressed_cards_ticket(client: TestClient) -> None:
    sign_in(client, ADA)
    first, second = open_by_form(client), open_by_form(client)
    page = html(client.get(BOARD))
    form = node(page, "form#move")
    fields = {str(n.attributes["name"]): str(n.attributes["value"]) for n in form.css("input")}
    fields |= {f"rev-{first}": "1", f"to-{first}": "closed", f"rev-{second}": "1", f"to-{second}": "waiting"}
    answer = client.post(str(form.attributes["action"]), data={**fields, "ticket": str(second)})
    assert (answer.status_code, answer.headers["location"]) == (303, BOARD)
    assert cards(client)["waiting"] == [second]
    assert cards(client)["open"] == [first]
    assert len(page.css(f"[form=move][name=to-{first}]")) == 1


def test_a_thread_the_bot_may_not_open_is_said_plainly(client: TestClient, emulator: httpx2.Client) -> None:
    sign_in(client, ADA)
    settings = {"csrf_token": csrf(client, BOARD), "reply_in": "thread"}
    assert client.post(f"{BOARD}/settings", data=settings).status_code == 303
    number = open_by_form(client)
    refusal = {"route": "POST /channels/{channel_id}/threads", "status": 403, "count": 1}
    emulator.post("/_emulator/control/faults", json=refusal).raise_for_status()
    post(client, number, "replies", reply="Hello")
    failed = node(html(client.get(f"{BOARD}/{number}")), ".ev-reply .error")
    assert "Create Private Threads" in failed.text()
    assert ticket_row(client, number)["reply_channel_id"] is None


def test_a_500_from_discord_keeps_the_reply_as_not_delivered(client: TestClient, emulator: httpx2.Client) -> None:
    sign_in(client, ADA)
    number = open_by_form(client)
    fault = {"route": "POST /channels/{channel_id}/messages", "status": 500, "count": 1}
    emulator.post("/_emulator/control/faults", json=fault).raise_for_status()
    assert post(client, number, "replies", reply="Hello").status_code == 303
    failed = node(html(client.get(f"{BOARD}/{number}")), ".ev-reply .error")
    assert "nothing was sent" in failed.text()


def test_a_ticket_is_handed_to_another_manager_of_the_guild(client: TestClient) -> None:
    for someone in (GRACE, LINUS):  # each signs in and reads their servers once
        sign_in(client, someone)
        client.get("/guilds")
        client.cookies.clear()
    sign_in(client, ADA)
    number = open_by_form(client)
    page = html(client.get(f"{BOARD}/{number}"))
    offered = {o.text(): str(o.attributes["value"]) for o in page.css("#user_id option") if o.attributes["value"]}
    assert sorted(offered) == ["ada", "grace"]  # linus is only a member of the guild
    assert post(client, number, "hand-over", user_id=offered["grace"]).status_code == 303
    assert ticket_row(client, number)["assignee_id"] == int(offered["grace"])
    assert event_kinds(client, number)[-1] == "assigned"
    refused = post(client, number, "hand-over", user_id="99999")
    assert refused.status_code == 422
    assert node(html(refused), "#user_id").attributes["aria-invalid"] == "true"
