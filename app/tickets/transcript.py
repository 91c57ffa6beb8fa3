"""A ticket's transcript as plain text: its answers, then every reply and message of the conversation, in order.
The team's notes are internal and never part of it. Pure."""

from __future__ import annotations

from typing import Any

from app.tickets.events import TRANSCRIPT_KINDS
from app.tickets.model import STATUSES
from app.tickets.view import when


def text(guild_name: str, ticket: dict[str, Any], timeline: list[dict[str, Any]]) -> str:
    lines = [
        f"{guild_name}: ticket #{ticket['number']}",
        f"Opened by {ticket['opener_name']} ({ticket['opener_id']}) on {when(ticket['created_at'])}",
        f"Status: {STATUSES[ticket['status']]}" + (f" ({ticket['close_reason']})" if ticket["close_reason"] else ""),
        "",
    ]
    for question, answer in ticket["answers"].items():
        lines += [f"{question}:", f"  {answer}"]
    for event in timeline:
        if event["kind"] in TRANSCRIPT_KINDS:
            lines += ["", _heading(event, ticket["opener_name"]), event["body"]]
    return "\n".join(lines) + "\n"


def _heading(event: dict[str, Any], opener_name: str) -> str:
    if event["kind"] == "user_message":
        return f"[{when(event['at'])}] {opener_name}:"
    state = {"sent": "", "failed": " (not delivered)", "pending": " (being sent)"}.get(event["delivery"], "")
    return f"[{when(event['at'])}] {event['username'] or 'The team'}{state}:"
