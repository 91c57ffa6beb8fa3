"""What a page shows of a ticket: its card (title, opener with avatar, age, assignee, labels, measures) and its
timeline entries in words. Plain dicts in, plain dicts out."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from app.tickets.events import KINDS
from app.tickets.model import STATUSES, age, first_response_seconds, labels_of, overdue, shown_title, title_of

AvatarUrl = Callable[[str, str | None], str]


def when(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M UTC")


def card(ticket: dict[str, Any], now: int, target_minutes: int, avatar_url: AvatarUrl) -> dict[str, Any]:
    title = ticket["title"] or title_of(_answers(ticket["answers"]))
    waited = first_response_seconds(ticket, now)
    return {
        **ticket,
        "title": shown_title({"title": title}),
        "avatar": avatar_url(ticket["opener_id"], ticket["opener_avatar"]) if ticket["opener_id"].isdigit() else "",
        "age": age(now - int(ticket["created_at"])),
        "labels": labels_of(ticket["labels"]),
        "first_response": age(waited) if ticket["first_response_at"] is not None else "",
        "waiting_for_first": age(waited) if ticket["first_response_at"] is None else "",
        "overdue": overdue(ticket, target_minutes, now),
        "status_name": STATUSES[ticket["status"]],
    }


def _answers(stored: Any) -> dict[str, str]:
    if isinstance(stored, dict):
        return stored
    found = json.loads(stored)
    return found if isinstance(found, dict) else {}


def entry(event: dict[str, Any], opener_name: str) -> dict[str, Any]:
    """One timeline entry: who, what, when."""
    detail = event["detail"]
    what = KINDS.get(event["kind"], event["kind"])
    if event["kind"] == "status":
        what = f"moved it from {STATUSES.get(detail.get('from'), '?')} to {STATUSES.get(detail.get('to'), '?')}"
    elif event["kind"] in ("claimed", "assigned") and detail.get("to"):
        what = f"{what} to {detail['to']}" if event["kind"] == "assigned" else what
    elif event["kind"] == "labels":
        what = f"set the labels to {', '.join(detail.get('labels') or []) or 'none'}"
    elif event["kind"] == "rated":
        what = f"rated the support {event['body']} out of 5"
    return {**event, "who": _who(event, opener_name), "what": what, "when": when(event["at"])}


def _who(event: dict[str, Any], opener_name: str) -> str:
    if event["kind"] in ("opened", "user_message", "rated"):
        return opener_name
    if event["kind"] in ("auto_closed", "rating_asked"):
        return "The bot"
    if event["user_id"] is None and event["kind"] in ("status", "reopened"):
        return opener_name
    return str(event["username"] or "A former team member")
