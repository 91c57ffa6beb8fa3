"""A ticket's timeline in words, and its transcript: the conversation only, never the team's notes."""

from __future__ import annotations

from typing import Any

from app.tickets.transcript import text
from app.tickets.view import entry

TICKET = {
    "number": 7,
    "opener_name": "linus",
    "opener_id": "100000000000000003",
    "created_at": 0,
    "status": "closed",
    "close_reason": "solved",
    "answers": {"subject": "Printer on fire"},
}


def event(kind: str, body: str = "", delivery: str = "", **detail: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "body": body,
        "delivery": delivery,
        "detail": detail,
        "at": 60,
        "user_id": 1,
        "username": "ada",
        "id": 1,
        "error": "",
    }


def test_timeline_entries_say_who_did_what() -> None:
    moved = entry(event("status", **{"from": "open", "to": "waiting"}), "linus")
    assert (moved["who"], moved["what"]) == ("ada", "moved it from Open to Waiting on user")
    assert entry(event("user_message", "hi"), "linus")["who"] == "linus"
    assert entry(event("auto_closed"), "linus")["who"] == "The bot"
    assert entry(event("labels", labels=["a", "b"]), "linus")["what"] == "set the labels to a, b"
    assert entry(event("rated", "4"), "linus")["what"] == "rated the support 4 out of 5"


def test_the_transcript_keeps_the_conversation_and_leaves_notes_out() -> None:
    timeline = [
        event("note", "internal thought"),
        event("reply", "Try this", "sent"),
        event("user_message", "It worked"),
        event("reply", "Great", "failed"),
    ]
    written = text("Analytical Engines", TICKET, timeline)
    assert written.splitlines()[:3] == [
        "Analytical Engines: ticket #7",
        "Opened by linus (100000000000000003) on 1970-01-01 00:00 UTC",
        "Status: Closed (solved)",
    ]
    assert "internal thought" not in written
    assert "[1970-01-01 00:01 UTC] ada:\nTry this" in written
    assert "[1970-01-01 00:01 UTC] linus:\nIt worked" in written
    assert "ada (not delivered):\nGreat" in written
