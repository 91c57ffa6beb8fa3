"""Tickets as plain data: titles, labels, ages, measures, the board's filters, what each action changes."""

from __future__ import annotations

from app.tickets import changes
from app.tickets.model import Filters, age, filters_from, overdue, parse_labels, title_of


def test_title_is_the_first_short_answer() -> None:
    assert title_of({"long": "x" * 101, "empty": "  ", "subject": " Printer\n on  fire "}) == "Printer on fire"
    assert title_of({}) == ""


def test_labels_are_sorted_lower_case_and_checked() -> None:
    assert parse_labels("Urgent, billing  urgent") == (["billing", "urgent"], "")
    assert parse_labels("ok, not/ok")[1].startswith("“not/ok”")
    assert parse_labels(",".join(f"l{n}" for n in range(11)))[1] == "A ticket may have at most 10 labels."


def test_ages_read_like_a_board() -> None:
    assert [age(s) for s in (5, 60, 7200, 3 * 86400)] == ["now", "1 min", "2 h", "3 d"]


def test_overdue_only_without_a_first_response_past_the_target() -> None:
    ticket = {"created_at": 0, "first_response_at": None, "status": "open"}
    assert overdue(ticket, 5, 301) and not overdue(ticket, 5, 300) and not overdue(ticket, 0, 10**6)
    assert not overdue({**ticket, "first_response_at": 10}, 5, 10**6)
    assert not overdue({**ticket, "status": "closed"}, 5, 10**6)


def test_filters_fall_back_to_everything_on_nonsense() -> None:
    assert filters_from({"assignee": "boss", "label": "No Such!", "page": "-2", "q": " a  b "}) == Filters(text="a b")
    assert filters_from({"assignee": "me", "label": "Bug", "page": "00"}) == Filters("me", "bug", "", 1)
    assert Filters("me", page=2).query(page=3) == {"assignee": "me", "page": "3"}


def test_moves_close_and_reopen() -> None:
    closing = changes.move({"status": "waiting"}, "closed", 50, "done")
    assert closing.columns == {"status": "closed", "waiting_since": None, "closed_at": 50, "close_reason": "done"}
    assert [e.kind for e in closing.events] == ["status", "closed"]
    reopening = changes.move({"status": "closed"}, "open", 60)
    assert (reopening.columns["closed_at"], reopening.action) == (None, "tickets.reopened")
    assert changes.move({"status": "open"}, "waiting", 70).columns["waiting_since"] == 70
