"""Boards as this process last rendered them, by their ETag and the reader's CSRF token.

The ETag holds everything a board's page depends on (the guild's board revision, read from the database on every
request, the filters, the reader and the minute) and the CSRF token is the one other thing in the page: a kept body
is exactly what rendering again would give, whichever process changed the tickets. So a board that many managers
keep open, or that one reloads, is rendered once per change and per minute, and the rest is a copy. Bounded, and
never holding anything but bodies already sent.
"""

from __future__ import annotations

from collections import OrderedDict

KEPT = 512


class RenderedBoards:
    def __init__(self, size: int = KEPT) -> None:
        self._size = size
        self._kept: OrderedDict[str, bytes] = OrderedDict()

    def get(self, key: str) -> bytes | None:
        body = self._kept.get(key)
        if body is not None:
            self._kept.move_to_end(key)
        return body

    def put(self, key: str, body: bytes) -> None:
        self._kept[key] = body
        self._kept.move_to_end(key)
        while len(self._kept) > self._size:
            self._kept.popitem(last=False)


boards = RenderedBoards()
