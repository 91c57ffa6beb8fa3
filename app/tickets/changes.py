"""What each action does to a ticket, as plain `Change`s: pure, given the ticket as it is and the time."""

from __future__ import annotations

from typing import Any

from app.tickets.actions import Change, Event
from app.tickets.model import STATUSES


def move(ticket: dict[str, Any], status: str, now: int, reason: str = "") -> Change:
    """To another column; into Closed with a reason, out of Closed as a reopening."""
    assert status in STATUSES
    columns: dict[str, Any] = {
        "status": status,
        "waiting_since": now if status == "waiting" else None,
        "closed_at": now if status == "closed" else None,
        "close_reason": reason if status == "closed" else "",
    }
    moved = Event("status", detail={"from": ticket["status"], "to": status})
    if status == "closed":
        return Change(columns, (moved, Event("closed", body=reason)), "tickets.closed")
    if ticket["status"] == "closed":
        return Change(columns, (moved, Event("reopened")), "tickets.reopened")
    return Change(columns, (moved,), "tickets.moved")


def claim(user_id: int, username: str) -> Change:
    return Change({"assignee_id": user_id}, (Event("claimed", detail={"to": username}),), "tickets.claimed")


def release() -> Change:
    return Change({"assignee_id": None}, (Event("released"),), "tickets.released")


def hand_over(user_id: int, username: str) -> Change:
    return Change({"assignee_id": user_id}, (Event("assigned", detail={"to": username}),), "tickets.assigned")


def set_labels(labels: list[str]) -> Change:
    return Change({"labels": ",".join(labels)}, (Event("labels", detail={"labels": labels}),), "tickets.labelled")


def auto_close(days: int, now: int) -> Change:
    reason = f"Closed on its own after {days} days waiting on the user."
    columns = {"status": "closed", "waiting_since": None, "closed_at": now, "close_reason": reason}
    return Change(columns, (Event("auto_closed", body=reason),), "tickets.auto_closed")
