"""Development pages answer only to this machine.

The peer of the connection itself must be a loopback address, and the request must not have come through a proxy
(a proxy on this machine is a loopback peer that speaks for anyone). This runs before anything that believes a
forwarded header: behind TRUSTED_PROXIES the proxy headers middleware replaces the client's address.
"""

from __future__ import annotations

import ipaddress

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.errors import error_response

FORWARDING_HEADERS = (b"forwarded", b"x-forwarded-for", b"x-real-ip")


def from_this_machine(scope: Scope) -> bool:
    peer = scope.get("client")
    if not peer or any(name in FORWARDING_HEADERS for name, _ in scope["headers"]):
        return False
    try:
        return ipaddress.ip_address(peer[0]).is_loopback
    except ValueError:
        return False


class LoopbackOnly:
    def __init__(self, app: ASGIApp, paths: tuple[str, ...]) -> None:
        self.app = app
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.paths) or from_this_machine(scope):
            await self.app(scope, receive, send)
            return
        message = "This development page answers only on the machine that runs Guildhall."
        await error_response(Request(scope), 403, message)(scope, receive, send)
