"""/admin/activity: the whole site's log, filtered by user, action, guild and dates, a page at a time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from databases import Database
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.accounts import forms
from app.admin import users as admin_users
from app.auth.permissions import requires
from app.core import activity
from app.core.registry import need
from app.core.templating import render

FILTERS = ("user", "action", "guild", "since", "until")


def day_start(text: str) -> int | None:
    """Epoch seconds of a YYYY-MM-DD day's start in UTC; None when the text is not such a date."""
    try:
        return int(datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC).timestamp())
    except ValueError:
        return None


def read_filters(params: QueryParams) -> tuple[dict[str, str], forms.Errors]:
    values = {name: params.get(name, "").strip()[:100] for name in FILTERS}
    errors = {}
    for name in ("since", "until"):
        if values[name] and (len(values[name]) != 10 or day_start(values[name]) is None):
            errors[name] = "Enter a date like 2026-11-22."
    if values["action"] and values["action"] not in activity.ACTIONS:
        errors["action"] = "Choose an action from the list."
    if values["guild"] and not (values["guild"].isascii() and values["guild"].isdigit()):
        errors["guild"] = "A guild id is a number."
    return values, errors


async def query(request: Request, values: dict[str, str]) -> dict[str, Any]:
    """The keyword arguments for activity.entries; an unknown username matches nothing."""
    user_id: int | None = None
    if values["user"]:
        user_id = await admin_users.id_of(need(request, Database), values["user"]) or -1
    until = day_start(values["until"]) if values["until"] else None
    return {
        "user_id": user_id,
        "action": values["action"] or None,
        "guild_id": values["guild"] or None,
        "since": day_start(values["since"]) if values["since"] else None,
        "until": None if until is None else until + int(timedelta(days=1).total_seconds()),
    }


def when(at: int) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


@requires("admin.logs")
async def activity_page(request: Request) -> Response:
    values, errors = read_filters(request.query_params)
    page = forms.ident(request.query_params.get("page", "1")) or 1
    found = None
    if not errors:
        found = await activity.entries(need(request, Database), **await query(request, values), page=page)
    context = {
        "form": values,
        "errors": errors,
        "found": found,
        "actions": activity.ACTIONS,
        "when": when,
        "filters": {name: value for name, value in values.items() if value},
    }
    return render(request, "admin/activity.html", context, status_code=422 if errors else 200, blocks=("results",))


routes = [Route("/admin/activity", activity_page, name="admin_activity", methods=["GET"])]
