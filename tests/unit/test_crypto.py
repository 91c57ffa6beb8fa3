"""Secrets at rest: what is sealed opens again, and only with a key that sealed it."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from app.core.crypto import Box, InvalidToken


def test_a_sealed_token_opens_every_time() -> None:
    box = Box((Fernet.generate_key().decode(),))
    sealed = box.seal("discord-access-token")
    assert [box.open(sealed) for _ in range(3)] == ["discord-access-token"] * 3


def test_a_token_that_cannot_be_opened_fails_every_time() -> None:
    """Opened tokens are kept for speed; a failure never is, so a bad token never opens on a later try."""
    box = Box((Fernet.generate_key().decode(),))
    tampered = box.seal("secret")[:-4] + "AAAA"
    for _ in range(2):
        with pytest.raises(InvalidToken):
            box.open(tampered)


def test_another_key_cannot_open_it() -> None:
    sealed = Box((Fernet.generate_key().decode(),)).seal("secret")
    with pytest.raises(InvalidToken):
        Box((Fernet.generate_key().decode(),)).open(sealed)
