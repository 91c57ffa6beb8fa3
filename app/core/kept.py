"""Pages as this process last rendered them, by an ETag made of everything the page is drawn from.

A page whose every input is in its seed (the rows it shows, the reader, the query, whether htmx asked for a
fragment) renders the same body each time; the CSRF token is the one other thing in it. So a kept body is exactly
what rendering again would give, whichever process changed the data: a page many people keep open, or that one
reloads, is rendered once per change, and the rest is a copy (or a 304, for a browser that has it). Bounded, and
never holding anything but bodies already sent: a few megabytes
of them, those least recently asked for going first.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from app.core.htmx import htmx

KEPT_BYTES = 4 * 1024 * 1024  # a few hundred pages: the memory of a process is counted, and pages are many


class KeptPages:
    def __init__(self, size: int = KEPT_BYTES) -> None:
        self._size = size
        self._held = 0
        self._kept: OrderedDict[str, bytes] = OrderedDict()

    def get(self, key: str) -> bytes | None:
        body = self._kept.get(key)
        if body is not None:
            self._kept.move_to_end(key)
        return body

    def put(self, key: str, body: bytes) -> None:
        """Keep `body`, letting go of those least recently asked for beyond the size."""
        self._held += len(body) - len(self._kept.pop(key, b""))
        self._kept[key] = body
        while self._held > self._size and len(self._kept) > 1:
            self._held -= len(self._kept.popitem(last=False)[1])


def etag(request: Request, seed: str) -> str:
    """The page's validator: its seed, the query and the reader; the page and its fragments (`Vary: HX-Request,
    HX-Target`: a page may answer another fragment for each target) are told apart."""
    asked = f"{htmx(request).partial}|{request.headers.get('hx-target', '')}"
    whole = f"{seed}|{request.scope['user'].user_id}|{asked}|{request.url.query}"
    return 'W/"' + hashlib.blake2b(whole.encode(), digest_size=9).hexdigest() + '"'


async def kept_or_rendered(
    request: Request, kept: KeptPages, seed: str, render: Callable[[dict[str, str]], Awaitable[Response]]
) -> Response:
    """A 304 when the reader has the page already, else the kept body, else `render(headers)`, kept if it is a
    200 (an error page is drawn afresh each time)."""
    tag = etag(request, seed)
    headers = {"ETag": tag, "Vary": "HX-Request, HX-Target", "Cache-Control": "no-cache"}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    key = f"{tag}|{request.scope.get('csrf_token', '')}"
    body = kept.get(key)
    if body is not None:
        return HTMLResponse(body, headers=headers)
    response = await render(headers)
    if response.status_code == 200:
        kept.put(key, bytes(response.body))
    return response
