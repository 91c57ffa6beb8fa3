"""Discord interactions as plain data: who acted, and the responses Guildhall sends (each a valid Components V2
message). Shared by the interactions endpoint and the features whose buttons and forms it hands on (tickets)."""

from __future__ import annotations

from typing import Any

PONG = 1
CHANNEL_MESSAGE = 4
UPDATE_MESSAGE = 7
MODAL = 9
EPHEMERAL = 1 << 6
COMPONENTS_V2 = 1 << 15


def panel(text: str, buttons: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """A Container with a Text Display and, when given, a row of buttons."""
    children: list[dict[str, Any]] = [{"type": 10, "content": text}]
    if buttons:
        children.append({"type": 1, "components": buttons})
    return [{"type": 17, "components": children}]


def ephemeral(text: str, buttons: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"type": CHANNEL_MESSAGE, "data": {"flags": EPHEMERAL | COMPONENTS_V2, "components": panel(text, buttons)}}


def update(text: str) -> dict[str, Any]:
    """Replace the message a button sat on (its flags cannot change, so none are sent)."""
    return {"type": UPDATE_MESSAGE, "data": {"components": panel(text)}}


def link_button(label: str, url: str) -> dict[str, Any]:
    return {"type": 2, "style": 5, "label": label, "url": url}


def action_button(label: str, custom_id: str, style: int = 4) -> dict[str, Any]:
    return {"type": 2, "style": style, "label": label, "custom_id": custom_id}


def modal(form: dict[str, Any]) -> dict[str, Any]:
    return {"type": MODAL, "data": form}


def discord_user(interaction: dict[str, Any]) -> dict[str, Any]:
    """The person who acted: `member.user` in a guild, `user` in a direct message."""
    member = interaction.get("member")
    user = member.get("user") if isinstance(member, dict) else interaction.get("user")
    return user if isinstance(user, dict) and "id" in user else {}
