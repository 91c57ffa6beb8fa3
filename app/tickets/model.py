"""Tickets as plain data: statuses, labels, titles, ages, the board's filters. Pure: imports nothing of the app."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

STATUSES = {"open": "Open", "in_progress": "In progress", "waiting": "Waiting on user", "closed": "Closed"}
OPEN_STATUSES = ("open", "in_progress", "waiting")
ASSIGNEE_FILTERS = {"anyone": "Anyone", "me": "Me", "nobody": "Nobody"}
LABEL = re.compile(r"^[a-z0-9][a-z0-9-]{0,23}$")
MAX_LABELS = 10
TITLE_MAX = 100
TEXT_FILTER_MAX = 100
REASON_MAX = 500
MESSAGE_MAX = 2000


def title_of(answers: Mapping[str, str]) -> str:
    """A ticket's title: its first short answer (one line, at most TITLE_MAX characters)."""
    for value in answers.values():
        line = " ".join(str(value).split())
        if line and len(line) <= TITLE_MAX:
            return line
    return ""


def shown_title(ticket: Mapping[str, Any]) -> str:
    return str(ticket.get("title") or "") or "(no title)"


def labels_of(stored: str) -> list[str]:
    return [label for label in stored.split(",") if label]


def parse_labels(raw: str) -> tuple[list[str], str]:
    """Labels typed as words separated by commas or spaces; returns (labels, problem)."""
    words = sorted({word.strip().lower() for word in re.split(r"[,\s]+", raw) if word.strip()})
    bad = [word for word in words if not LABEL.match(word)]
    if bad:
        return words, f"“{bad[0][:30]}” is not a label: use up to 24 letters, digits and dashes."
    if len(words) > MAX_LABELS:
        return words, f"A ticket may have at most {MAX_LABELS} labels."
    return words, ""


def age(seconds: int) -> str:
    """How long ago, the way a board says it: "now", "5 min", "3 h", "2 d"."""
    if seconds < 60:
        return "now"
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} d"


def first_response_seconds(ticket: Mapping[str, Any], now: int) -> int:
    """Time to first response: until the team's first reply, or so far when there is none yet."""
    end = ticket["first_response_at"] if ticket["first_response_at"] is not None else now
    return max(0, int(end) - int(ticket["created_at"]))


def overdue(ticket: Mapping[str, Any], target_minutes: int, now: int) -> bool:
    """Still waiting for a first response past the guild's target (no target: never overdue)."""
    if target_minutes <= 0 or ticket["first_response_at"] is not None or ticket["status"] == "closed":
        return False
    return now - int(ticket["created_at"]) > target_minutes * 60


@dataclass(frozen=True)
class Filters:
    assignee: str = "anyone"
    label: str = ""
    text: str = ""
    page: int = 1

    def query(self, **changes: Any) -> dict[str, str]:
        """The filters as address parameters (defaults left out), with `changes` applied."""
        values = {"assignee": self.assignee, "label": self.label, "q": self.text, "page": str(self.page)}
        values.update({key: str(value) for key, value in changes.items()})
        defaults = {"assignee": "anyone", "label": "", "q": "", "page": "1"}
        return {key: value for key, value in values.items() if value != defaults[key]}


def filters_from(params: Mapping[str, str]) -> Filters:
    """The board's filters from the address; anything unknown falls back to showing everything."""
    assignee = params.get("assignee", "anyone")
    label = params.get("label", "").strip().lower()
    page = params.get("page", "1")
    return Filters(
        assignee=assignee if assignee in ASSIGNEE_FILTERS else "anyone",
        label=label if LABEL.match(label) else "",
        text=" ".join(params.get("q", "").split())[:TEXT_FILTER_MAX],
        page=max(1, min(int(page), 10_000)) if page.isascii() and page.isdigit() else 1,
    )
