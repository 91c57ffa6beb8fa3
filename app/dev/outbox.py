"""/dev/outbox: in development mode mail is kept here instead of being sent.

A mail holds a one-time link that can take its account over, so the page is for this machine only (see
app/security/loopback.py) and, there, shows the mails of the account one is signed in as; an administrator
(`admin.users`) reads every mail, a visitor who is not signed in only a hint to sign in.
"""

from __future__ import annotations

import re
from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.auth.chain import Identity
from app.auth.permissions import permissions_of
from app.core import db
from app.core.registry import need
from app.core.templating import render

LINK = re.compile(r"https?://\S+")
READS_EVERY_MAIL = "admin.users"
_NEWEST = "SELECT id, at, recipient, subject, body FROM outbox {mine} ORDER BY id DESC LIMIT 50"


async def outbox(request: Request) -> Response:
    user = request.scope.get("user")
    context: dict[str, Any] = {"mails": None, "every_mail": False}
    if isinstance(user, Identity):
        database = need(request, Database)
        every_mail = READS_EVERY_MAIL in await permissions_of(database, user.user_id)
        context = {"mails": await _newest(database, None if every_mail else user.user_id), "every_mail": every_mail}
    headers = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
    return render(request, "dev/outbox.html", context, headers=headers)


async def _newest(database: Database, user_id: int | None) -> list[dict[str, Any]]:
    """The newest mails: `user_id`'s, or every account's when None."""
    sql = _NEWEST.format(mine="" if user_id is None else "WHERE user_id = :u")
    found = db.rows(await database.fetch_all(sql, {} if user_id is None else {"u": user_id}))
    return [{**mail, "links": LINK.findall(mail["body"])} for mail in found]


routes = [Route("/dev/outbox", outbox, name="outbox")]
