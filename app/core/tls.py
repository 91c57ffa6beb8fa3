"""The one TLS context every outgoing HTTP client of the process verifies servers with.

Each new client would otherwise build its own from the CA bundle: about 40 ms of CPU on the event loop and a few
megabytes, for every Discord sign-in, token refresh and GitHub link, which make a client each (see
`app/discord/client.py`).
"""

from __future__ import annotations

import functools
import ssl

import httpx2


@functools.cache
def context() -> ssl.SSLContext:
    return httpx2.create_ssl_context()
