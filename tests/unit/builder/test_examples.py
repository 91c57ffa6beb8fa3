"""Every message and modal example of Discord's component reference is accepted as it stands."""

from __future__ import annotations

import pytest

from app.components.validate import validate_message, validate_modal

from .payloads import DATA, load

MESSAGES = sorted(path.name for path in DATA.glob("message_*.json"))
MODALS = sorted(path.name for path in DATA.glob("modal_*.json"))


def test_every_example_is_kept() -> None:
    assert len(MESSAGES) == 15
    assert len(MODALS) == 12


@pytest.mark.parametrize("name", MESSAGES)
def test_message_example_is_clean(name: str) -> None:
    assert validate_message(load(name)) == []


@pytest.mark.parametrize("name", MODALS)
def test_modal_example_is_clean(name: str) -> None:
    response = load(name)
    assert response["type"] == 9
    assert validate_modal(response["data"]) == []
