"""/dev/outbox: in development mode mail is kept here instead of being sent (only routed in development mode)."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app import db
from app.services import services
from app.templating import render

LINK = re.compile(r"https?://\S+")


async def outbox(request: Request) -> Response:
    found = db.rows(
        await services(request).database.fetch_all(
            "SELECT id, at, recipient, subject, body FROM outbox ORDER BY id DESC LIMIT 50"
        )
    )
    mails = [{**mail, "links": LINK.findall(mail["body"])} for mail in found]
    return render(request, "dev/outbox.html", {"mails": mails}, headers={"Referrer-Policy": "no-referrer"})


routes = [Route("/dev/outbox", outbox, name="outbox")]
