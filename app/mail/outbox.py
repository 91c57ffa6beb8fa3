"""/dev/outbox: in development mode mail is kept here instead of being sent (only routed in development mode)."""

from __future__ import annotations

import re

from databases import Database
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.core import db
from app.core.registry import need
from app.core.templating import render

LINK = re.compile(r"https?://\S+")


async def outbox(request: Request) -> Response:
    found = db.rows(
        await need(request, Database).fetch_all(
            "SELECT id, at, recipient, subject, body FROM outbox ORDER BY id DESC LIMIT 50"
        )
    )
    mails = [{**mail, "links": LINK.findall(mail["body"])} for mail in found]
    return render(request, "dev/outbox.html", {"mails": mails}, headers={"Referrer-Policy": "no-referrer"})


routes = [Route("/dev/outbox", outbox, name="outbox")]
