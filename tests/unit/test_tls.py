"""Every outgoing client verifies with the process's one TLS context: a client that built its own would load the
CA bundle again (tens of milliseconds of CPU on the event loop, megabytes of memory) on each sign-in."""

from __future__ import annotations

import httpx2
from cryptography.fernet import Fernet

from app.core import tls
from app.discord.client import Discord
from app.settings import Settings


def context_of(client: httpx2.AsyncClient) -> object:
    return client._transport._pool._ssl_context  # type: ignore[attr-defined]


def test_the_oauth_clients_and_the_shared_client_verify_with_one_context() -> None:
    settings = Settings(
        base_url="http://testserver",
        secret_key="tls-test-secret-key-0123456789abcdef0123",
        encryption_keys=(Fernet.generate_key().decode(),),
        development=True,
    )
    shared = httpx2.AsyncClient(verify=tls.context())
    first, second = Discord(settings, shared)._oauth(), Discord(settings, shared)._oauth()
    assert context_of(first) is context_of(second) is context_of(shared) is tls.context()
