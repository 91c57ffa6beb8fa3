"""POST /interactions: Discord's signed calls for slash commands, button clicks and form submissions.

Exempt from CSRF and from the session chain: the Ed25519 signature is what authenticates the caller.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.components.starters import FORM_PREFIX, TICKET_CUSTOM_ID
from app.core.registry import need
from app.discord import interactions as responses
from app.discord.interactions import discord_user
from app.interactions import forms, linking
from app.interactions.verify import signed_by_discord
from app.settings import Settings
from app.tickets import intake, ratings

PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, MODAL_SUBMIT = 1, 2, 3, 5

# A handler finds what it uses through the request (`need`) and answers with the interaction response's body.
Handler = Callable[[Request, dict[str, Any]], Awaitable[dict[str, Any]]]
COMMAND_HANDLERS: dict[str, Handler] = {"link": linking.link, "unlink": linking.unlink}
COMPONENT_HANDLERS: dict[str, Handler] = {
    linking.UNLINK_CONFIRM: linking.confirm_unlink,
    TICKET_CUSTOM_ID: intake.from_button,
}
# Handlers for families of custom_ids, by prefix.
PREFIX_HANDLERS: dict[int, dict[str, Handler]] = {
    MESSAGE_COMPONENT: {
        FORM_PREFIX: forms.open_form,
        ratings.RATE_PREFIX: ratings.rate,
    },
    MODAL_SUBMIT: {FORM_PREFIX: forms.submit_form},
}


def handler_for(interaction: dict[str, Any]) -> Handler | None:
    kind, data = interaction.get("type"), interaction.get("data")
    data = data if isinstance(data, dict) else {}
    if kind == APPLICATION_COMMAND:
        return COMMAND_HANDLERS.get(str(data.get("name")))
    key = str(data.get("custom_id", ""))
    if kind == MESSAGE_COMPONENT and key in COMPONENT_HANDLERS:
        return COMPONENT_HANDLERS[key]
    prefixes = PREFIX_HANDLERS.get(kind if isinstance(kind, int) else 0, {})
    return next((handler for prefix, handler in prefixes.items() if key.startswith(prefix)), None)


async def interactions(request: Request) -> Response:
    body = await request.body()
    headers = request.headers
    if not signed_by_discord(
        need(request, Settings).discord_public_key,
        headers.get("x-signature-ed25519", ""),
        headers.get("x-signature-timestamp", ""),
        body,
    ):
        return JSONResponse({"message": "invalid request signature"}, status_code=401)
    try:
        interaction = json.loads(body)
    except ValueError:
        return JSONResponse({"message": "the body is not JSON"}, status_code=400)
    if not isinstance(interaction, dict):
        return JSONResponse({"message": "the body is not an interaction"}, status_code=400)
    if interaction.get("type") == PING:
        return JSONResponse({"type": responses.PONG})
    return JSONResponse(await _answer(request, interaction))


async def _answer(request: Request, interaction: dict[str, Any]) -> dict[str, Any]:
    handler = handler_for(interaction)
    if handler is None or not discord_user(interaction):
        return responses.ephemeral("Guildhall does not know this command or button any more.")
    return await handler(request, interaction)


routes = [Route("/interactions", interactions, methods=["POST"], name="interactions")]
