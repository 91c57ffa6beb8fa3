"""The Responses pages: a guild's forms with their answer counts, each form's answers, marking, CSV export."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from app.core import db, htmx
from app.core.errors import NotFound
from app.core.registry import need
from app.core.route_paths import path_for
from app.core.templating import render
from app.responses import store

NO_SUCH_FORM = "This form does not exist in this server."


async def _form(request: Request) -> dict[str, Any]:
    """The guild's form the path names; raises `NotFound` when there is none."""
    found = db.row(
        await need(request, Database).fetch_one(
            "SELECT id, name, payload FROM builder_items WHERE id = :i AND guild_id = :g AND kind = 'form' "
            "AND deleted_at IS NULL",
            {"i": request.path_params["form_id"], "g": request.scope["guild"].id},
        )
    )
    if found is None:
        raise NotFound(NO_SUCH_FORM)
    return found


async def forms(request: Request) -> Response:
    guild = request.scope["guild"]
    found = await need(request, Database).fetch_all(
        "SELECT i.id, i.name, COUNT(r.id) AS answers, SUM(CASE WHEN r.id IS NOT NULL AND r.handled_at IS NULL "
        "THEN 1 ELSE 0 END) AS open FROM builder_items i LEFT JOIN form_responses r ON r.form_id = i.id "
        "WHERE i.guild_id = :g AND i.kind = 'form' AND i.deleted_at IS NULL GROUP BY i.id, i.name ORDER BY i.name",
        {"g": guild.id},
    )
    return render(request, "responses/forms.html", {"guild": guild, "forms": db.rows(found)})


def _when(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M UTC")


async def _answers(request: Request) -> tuple[dict[str, Any], dict[str, str], list[dict[str, Any]]]:
    form = await _form(request)
    rows = await store.listing(need(request, Database), form["id"], request.scope["guild"].id)
    payload = json.loads(form["payload"])
    return form, store.questions(payload if isinstance(payload, dict) else {}), rows


async def listing(request: Request) -> Response:
    form, questions, rows = await _answers(request)
    context = {"guild": request.scope["guild"], "form": form, "questions": questions, "rows": rows, "when": _when}
    return render(request, "responses/listing.html", context)


async def handled(request: Request) -> Response:
    form = await _form(request)
    async with request.form() as submitted:
        done = submitted.get("handled") == "1"
    await store.mark_handled(
        need(request, Database),
        response_id=request.path_params["response_id"],
        form_id=form["id"],
        user_id=request.scope["user"].user_id,
        handled=done,
    )
    guild_id = request.scope["guild"].id
    return htmx.redirect(
        request, path_for(request, "guild_pages:form_responses", guild_id=guild_id, form_id=form["id"])
    )


def _cell(value: str) -> str:
    """Spreadsheets run cells that start with these as formulas; a leading quote keeps them text."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


async def export(request: Request) -> Response:
    form, questions, rows = await _answers(request)
    keys = list(questions) + sorted({key for row in rows for key in row["answers"]} - set(questions))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["submitted (UTC)", "discord user", "discord id", "handled", *[questions.get(k, k) for k in keys]])
    for row in rows:
        cells = [_when(row["submitted_at"]), row["username"], row["discord_id"], "yes" if row["handled_at"] else "no"]
        writer.writerow([_cell(str(c)) for c in [*cells, *[row["answers"].get(k, "") for k in keys]]])
    filename = f"responses-{form['id']}.csv"
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def guild_pages() -> list[BaseRoute]:
    return [
        Route("/forms", forms, methods=["GET"], name="forms"),
        Route("/forms/{form_id:id}/responses", listing, methods=["GET"], name="form_responses"),
        Route("/forms/{form_id:id}/responses.csv", export, methods=["GET"], name="form_responses_csv"),
        Route(
            "/forms/{form_id:id}/responses/{response_id:id}/handled",
            handled,
            methods=["POST"],
            name="form_response_handled",
        ),
    ]
