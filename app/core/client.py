"""Who is asking: the client's address, as the proxy headers middleware left it (see TRUSTED_PROXIES)."""

from __future__ import annotations

from starlette.requests import HTTPConnection


def client_ip(connection: HTTPConnection) -> str:
    return connection.client.host if connection.client else ""
