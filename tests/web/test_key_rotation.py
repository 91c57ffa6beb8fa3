"""Key rotation: after `rotate`, every sealed value opens with the new key alone."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from databases import Database
from starlette.testclient import TestClient

from app.core.crypto import Box, InvalidToken
from app.key_rotation import SEALED, rotate
from app.settings import Settings
from tests.web.support import ADA, sign_in
from tests.web.test_auth_login import run


def test_rotation_rewrites_every_sealed_column(client: TestClient) -> None:
    sign_in(client, ADA)
    provided = client.app.state.provided  # type: ignore[attr-defined]
    old_key = provided[Settings].encryption_keys[0]
    new_key = Fernet.generate_key().decode()
    before = provided[Box].open(run(client, "SELECT access_token FROM discord_accounts")[0]["access_token"])
    rewritten = client.portal.call(rotate, provided[Database], Box((new_key, old_key)))  # type: ignore[union-attr]
    assert rewritten == 2  # ada's access and refresh tokens
    sealed = run(client, "SELECT access_token FROM discord_accounts")[0]["access_token"]
    assert Box((new_key,)).open(sealed) == before
    with pytest.raises(InvalidToken):
        Box((old_key,)).open(sealed)
    assert {table for table, _, _ in SEALED} >= {"discord_accounts", "totp", "guild_repositories"}
